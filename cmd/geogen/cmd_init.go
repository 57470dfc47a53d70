package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/geogen/geogen/generator"
	"github.com/geogen/geogen/generator/manifest"
)

func (a *app) initCommand() *cobra.Command {
	var module string
	var tidy bool
	cmd := &cobra.Command{
		Use:   "init",
		Short: "Make the current directory a geogen project",
		Long: `init writes geogen.yaml (with the default layout) and the aggregate files for a
project with no types yet, and a go.mod if there is none.

The module path is --module, else the one in an existing go.mod, else the
directory's name. A new go.mod requires the runtime module ` + runtimeModule + `;
when ` + runtimeDirEnv + ` is set it also replaces it with that local directory.
init does not run go mod tidy unless --tidy is given (tidy downloads the runtime's
dependencies, which needs the network or a module cache); run it before building.
After init --tidy, go.mod already lists every module that the types geogen new
adds will import.`,
		Args: exactArgs(0, "geogen init --module example.com/shop"),
		RunE: func(c *cobra.Command, _ []string) error {
			dir, err := a.workDir()
			if err != nil {
				return err
			}
			if dir, err = filepath.Abs(dir); err != nil {
				return err
			}
			return a.initProject(dir, module, tidy)
		},
	}
	cmd.Flags().StringVar(&module, "module", "", "Go module `PATH` of the project (default: go.mod's, else the directory name)")
	cmd.Flags().BoolVar(&tidy, "tidy", false, "run go mod tidy afterwards")
	return cmd
}

func (a *app) initProject(dir, module string, tidy bool) error {
	s, err := generator.Open(dir, generator.OpenOptions{Write: true, Wait: generator.DefaultLockWait, NoManifest: true})
	if err != nil {
		return err
	}
	defer s.Close()
	if _, err := os.Stat(filepath.Join(dir, manifest.FileName)); err == nil {
		return usageErr("this directory is already a geogen project: "+manifest.FileName+" exists",
			"edit it, or run geogen new or geogen generate")
	}
	existing, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	hasGoMod := err == nil
	switch mod := modulePath(existing); {
	case hasGoMod && mod == "":
		return usageErr("go.mod has no module line", "fix go.mod, or remove it and rerun geogen init --module PATH")
	case hasGoMod && module != "" && module != mod:
		return usageErr(fmt.Sprintf("--module %s disagrees with go.mod's module %s", module, mod), "drop --module, or change go.mod")
	case hasGoMod:
		module = mod
	case module == "":
		module = filepath.Base(dir)
	}
	m := manifest.New(module)
	if err := m.Validate(); err != nil {
		return usageErr(fmt.Sprintf("%q is not a usable module path", module), "pass --module, e.g. --module example.com/shop")
	}
	files, err := render(a.renderCache(), m)
	if err != nil {
		return err
	}
	plan, err := generator.NewPlan(dir, m, files, generator.Options{})
	if err != nil {
		return err
	}
	var note string
	if !hasGoMod {
		var content []byte
		if content, note, err = a.goMod(module); err != nil {
			return err
		}
		// go.mod joins the same transaction: init leaves either a whole
		// project or nothing.
		plan.Changes = append(plan.Changes, generator.Change{Path: "go.mod", Action: generator.Create, Want: content})
	}
	if err := a.uninterrupted(plan.Apply); err != nil {
		return fmt.Errorf("%w (nothing was changed)", err)
	}
	printChanges(a.stdout, a.stderr, plan, false)
	if note != "" {
		fmt.Fprintln(a.stderr, "note: "+note)
	}
	if tidy {
		tidyCmd := exec.Command("go", "mod", "tidy")
		tidyCmd.Dir, tidyCmd.Stdout, tidyCmd.Stderr = dir, a.stdout, a.stderr
		if err := tidyCmd.Run(); err != nil {
			return usageErr("go mod tidy failed: "+err.Error(), "the project was created; fix the problem above and run go mod tidy")
		}
	}
	fmt.Fprintf(a.stdout, "init: project %s ready; next: geogen new NAME --strategy blob|repository\n", module)
	return nil
}
