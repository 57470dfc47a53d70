package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/geogen/geogen/generator"
	"github.com/geogen/geogen/generator/manifest"
	"github.com/geogen/geogen/generator/txn"
)

func (a *app) initCommand() *cobra.Command {
	var module string
	var tidy, nested bool
	cmd := &cobra.Command{
		Use:   "init",
		Short: "Make the current directory a geogen project",
		Long: `init writes geogen.yaml (with the default layout) and the aggregate files for a
project with no types yet, and a go.mod if there is none.

The module path is --module, else the one in an existing go.mod, else the
directory's name. go.mod, new or existing, requires the runtime module
` + runtimeModule + `; when ` + runtimeDirEnv + ` is set it also replaces it with that
local directory. init says what it added to an existing go.mod.

init refuses a directory inside another geogen project, or inside a Go module
whose root is above it (a go.mod here would take the packages out of that
module); --nested makes a separate project and module there anyway.

init does not run go mod tidy unless --tidy is given (tidy downloads the runtime's
dependencies, which needs the network or a module cache); run it before building.
After init --tidy, go.mod already lists every module that the types geogen new
adds will import. When tidy fails, init undoes everything it wrote.`,
		Args: exactArgs(0, "geogen init --module example.com/shop"),
		RunE: func(c *cobra.Command, _ []string) error {
			dir, err := a.workDir()
			if err != nil {
				return err
			}
			if dir, err = filepath.Abs(dir); err != nil {
				return err
			}
			return a.initProject(dir, module, tidy, nested)
		},
	}
	cmd.Flags().StringVar(&module, "module", "", "Go module `PATH` of the project (default: go.mod's, else the directory name)")
	cmd.Flags().BoolVar(&tidy, "tidy", false, "run go mod tidy afterwards (and undo everything if it fails)")
	cmd.Flags().BoolVar(&nested, "nested", false, "start a separate project here even inside another geogen project or Go module")
	return cmd
}

func (a *app) initProject(dir, module string, tidy, nested bool) error {
	if !nested {
		if err := generator.CheckPlacement(dir); err != nil {
			return err
		}
	}
	hadTxDir := exists(filepath.Join(dir, txn.Dir))
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
	switch mod := generator.ModulePath(existing); {
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
	// go.mod joins the same transaction: init leaves either a whole
	// project or nothing.
	var note string
	var added []string
	if !hasGoMod {
		var content []byte
		if content, note, err = a.goMod(module); err != nil {
			return err
		}
		plan.Changes = append(plan.Changes, generator.Change{Path: "go.mod", Action: generator.Create, Want: content})
	} else {
		var content []byte
		if content, added, note, err = a.addRuntime(existing); err != nil {
			return err
		}
		if len(added) > 0 {
			plan.Changes = append(plan.Changes, generator.Change{Path: "go.mod", Action: generator.Update, Want: content, Have: existing})
		}
	}
	if err := a.uninterrupted(plan.Apply); err != nil {
		return fmt.Errorf("%w (nothing was changed)", err)
	}
	printChanges(a.stdout, a.stderr, plan, false)
	for _, line := range added {
		fmt.Fprintln(a.stdout, "go.mod: added "+line)
	}
	if note != "" {
		fmt.Fprintln(a.stderr, "note: "+note)
	}
	if tidy {
		sum := filepath.Join(dir, "go.sum")
		sumBefore, sumErr := os.ReadFile(sum)
		tidyCmd := exec.Command("go", "mod", "tidy")
		tidyCmd.Dir, tidyCmd.Stdout, tidyCmd.Stderr = dir, a.stdout, a.stderr
		if err := tidyCmd.Run(); err != nil {
			undo := undoPlan(dir, plan, sumBefore, sumErr == nil)
			if uerr := a.uninterrupted(undo.Apply); uerr != nil {
				return fmt.Errorf("go mod tidy failed (%v), and undoing init failed too: %w", err, uerr)
			}
			removeEmptyDirs(dir, plan)
			s.Close()
			if !hadTxDir {
				os.RemoveAll(filepath.Join(dir, txn.Dir))
			}
			return usageErr("go mod tidy failed: "+err.Error()+"; init undid everything it wrote",
				"fix the problem above (tidy needs the network or a module cache) and run geogen init --tidy again, or init without --tidy")
		}
	}
	fmt.Fprintf(a.stdout, "init: project %s ready; next: geogen new NAME --strategy blob|repository\n", module)
	return nil
}

// undoPlan is the plan that takes back what plan wrote, and restores
// go.sum as it was before go mod tidy.
func undoPlan(dir string, plan *generator.Plan, sumBefore []byte, hadSum bool) *generator.Plan {
	undo := &generator.Plan{Root: dir}
	for _, c := range plan.Changes {
		switch c.Action {
		case generator.Create:
			undo.Changes = append(undo.Changes, generator.Change{Path: c.Path, Action: generator.Delete})
		case generator.Update:
			undo.Changes = append(undo.Changes, generator.Change{Path: c.Path, Action: generator.Update, Want: c.Have})
		}
	}
	switch {
	case hadSum:
		undo.Changes = append(undo.Changes, generator.Change{Path: "go.sum", Action: generator.Update, Want: sumBefore})
	case exists(filepath.Join(dir, "go.sum")):
		undo.Changes = append(undo.Changes, generator.Change{Path: "go.sum", Action: generator.Delete})
	}
	return undo
}

// removeEmptyDirs removes the directories that held the files plan
// created, when nothing else is in them, up to dir.
func removeEmptyDirs(dir string, plan *generator.Plan) {
	for _, c := range plan.Changes {
		if c.Action != generator.Create {
			continue
		}
		for d := filepath.Dir(filepath.Join(dir, filepath.FromSlash(c.Path))); d != dir && strings.HasPrefix(d, dir); d = filepath.Dir(d) {
			if os.Remove(d) != nil {
				break // not empty, or already gone
			}
		}
	}
}

func exists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}
