package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/geogen/geogen/generator"
	"github.com/geogen/geogen/generator/manifest"
	"github.com/geogen/geogen/generator/rendercache"
)

// project is a loaded geogen project.
type project struct {
	root  string
	m     *manifest.Manifest
	cache *rendercache.Cache // nil: off
}

// openProject finds geogen.yaml in the working directory or the nearest
// parent (so geogen works from anywhere in the tree, as git does) and
// loads it.
func (a *app) openProject() (*project, error) {
	dir, err := a.workDir()
	if err != nil {
		return nil, err
	}
	dir, err = filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, manifest.FileName)); err == nil {
			m, err := manifest.Load(d)
			if err != nil {
				return nil, err
			}
			return &project{root: d, m: m, cache: a.renderCache()}, nil
		}
		if d == filepath.Dir(d) {
			break
		}
	}
	return nil, usageErr("no "+manifest.FileName+" here or in any parent directory", "run geogen init to start a project, or -C DIR to point at one")
}

// render generates every file for m, from the cache c when it can.
func render(c *rendercache.Cache, m *manifest.Manifest) ([]generator.File, error) {
	var files []generator.File
	p, err := generator.NewProject(m)
	if err == nil {
		files, err = c.Generate(p)
	}
	var nameErr *generator.NameError
	if errors.As(err, &nameErr) {
		return nil, usageErr(err.Error(), "fix the name or its overrides in "+manifest.FileName)
	}
	var collision *generator.CollisionError
	if errors.As(err, &collision) {
		return nil, fmt.Errorf("%s: %w", manifest.FileName, err)
	}
	return files, err
}

// render generates every file for m, a manifest of this project.
func (p *project) render(m *manifest.Manifest) ([]generator.File, error) { return render(p.cache, m) }

// plan renders m and plans writing it into the project.
func (p *project) plan(m *manifest.Manifest, opts generator.Options) (*generator.Plan, error) {
	files, err := p.render(m)
	if err != nil {
		return nil, err
	}
	return generator.NewPlan(p.root, m, files, opts)
}
