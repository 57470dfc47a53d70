package main

import (
	"errors"
	"fmt"

	"github.com/geogen/geogen/generator"
	"github.com/geogen/geogen/generator/manifest"
	"github.com/geogen/geogen/generator/rendercache"
)

// openProject finds geogen.yaml in the working directory or the nearest
// parent (so geogen works from anywhere in the tree, as git does), locks
// the project when write (until the command ends), recovers what an
// interrupted command left, and loads the manifest.
func (a *app) openProject(write bool) (*generator.Session, error) {
	return a.open(write, false)
}

// openToPlan is openProject for a command that plans generate as it is
// (check, and generate without options): when the render cache holds a
// record of a plan with nothing to do for this very geogen.yaml and the
// disk is still as recorded, the session comes back with Clean set and
// no manifest (see generator.CleanRecord); otherwise such a plan is
// recorded for the next run.
func (a *app) openToPlan(write bool) (*generator.Session, error) {
	return a.open(write, true)
}

func (a *app) open(write, memo bool) (*generator.Session, error) {
	dir, err := a.workDir()
	if err != nil {
		return nil, err
	}
	root, err := generator.FindRoot(dir)
	if errors.Is(err, generator.ErrNoProject) {
		return nil, usageErr(err.Error(), "run geogen init to start a project, or -C DIR to point at one")
	}
	if err != nil {
		return nil, err
	}
	var m generator.CleanMemo
	if c := a.renderCache(); memo && c != nil {
		m = c
	}
	var s *generator.Session
	err = a.uninterrupted(func() error {
		s, err = generator.Open(root, generator.OpenOptions{
			Memo:   m,
			Write:  write,
			Wait:   generator.DefaultLockWait,
			Render: a.renderCache().Generate,
			Cached: a.renderCache().Lookup,
			Waiting: func(holder string) {
				fmt.Fprintf(a.stderr, "geogen: waiting for another geogen command in this project (%s) to finish\n", holder)
			},
		})
		return err
	})
	if s != nil {
		a.closers = append(a.closers, s.Close)
	}
	if errors.Is(err, manifest.ErrNotFound) {
		return nil, usageErr("no "+manifest.FileName+" in "+root, "run geogen init to start a project")
	}
	if err != nil {
		return nil, err
	}
	if s.Recovered != "" {
		fmt.Fprintf(a.stderr, "geogen: an earlier geogen command here was interrupted; its changes were %s, and its staging files removed\n", s.Recovered)
	}
	return s, nil
}

// render generates every file for m, from the cache c when it can.
func render(c *rendercache.Cache, m *manifest.Manifest) ([]generator.File, error) {
	p, err := generator.NewProject(m)
	if err != nil {
		return nil, err
	}
	return c.Generate(p)
}
