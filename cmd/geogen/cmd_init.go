package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"

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
adds will import. When tidy fails, or a Ctrl-C or SIGTERM stops init while it writes or
while tidy runs, init undoes everything it wrote.`,
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

func (a *app) initProject(dir, module string, tidy, nested bool) (err error) {
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
	if !hadTxDir {
		// A refused init leaves the directory as it found it, without
		// the state directory that taking the lock created.
		defer func() {
			if err != nil {
				txn.RemoveIdle(dir)
			}
		}()
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
	if err := plan.InitRefusal(); err != nil {
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
	sum := filepath.Join(dir, "go.sum")
	sumBefore, sumErr := os.ReadFile(sum)
	undo := func() error {
		if err := undoPlan(dir, plan, sumBefore, sumErr == nil).Apply(); err != nil {
			return err
		}
		removeEmptyDirs(dir, plan)
		s.Close()
		if !hadTxDir {
			os.RemoveAll(filepath.Join(dir, txn.Dir))
		}
		return nil
	}
	var signals <-chan os.Signal
	if tidy {
		// From the first write to the end of tidy a signal stops init as
		// a whole, which then undoes what it wrote, as when tidy fails:
		// a Ctrl-C must not leave a project without its go.sum.
		ch, stop := held()
		defer stop()
		signals = ch
	}
	if err := a.uninterrupted(plan.Apply); err != nil {
		switch {
		case tidy && wroteAll(err):
			return interruptedInit(err.(*interruptedError).sig, undo())
		case wroteAll(err):
			return err
		}
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
		sig, err := a.tidy(dir, signals)
		switch {
		case sig != nil:
			return interruptedInit(sig, undo())
		case err != nil:
			if uerr := undo(); uerr != nil {
				return fmt.Errorf("go mod tidy failed (%v), and undoing init failed too: %w", err, uerr)
			}
			return usageErr("go mod tidy failed: "+err.Error()+"; init undid everything it wrote",
				"fix the problem above (tidy needs the network or a module cache) and run geogen init --tidy again, or init without --tidy")
		}
	}
	fmt.Fprintf(a.stdout, "init: project %s ready; next: geogen new NAME --strategy blob|repository\n", module)
	return nil
}

// tidy runs go mod tidy in dir. A signal on signals ends it (a Ctrl-C
// reaches it anyway, from the terminal; a kill of geogen alone does not)
// and is returned.
func (a *app) tidy(dir string, signals <-chan os.Signal) (os.Signal, error) {
	cmd := exec.Command("go", "mod", "tidy")
	cmd.Dir, cmd.Stdout, cmd.Stderr = dir, a.stdout, a.stderr
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		select {
		case sig := <-signals: // the same Ctrl-C that ended tidy
			return sig, err
		default:
		}
		// The Ctrl-C that ended tidy may reach geogen a moment later.
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			if ws, ok := exit.Sys().(syscall.WaitStatus); ok && ws.Signaled() && (ws.Signal() == syscall.SIGINT || ws.Signal() == syscall.SIGTERM) {
				return ws.Signal(), err
			}
		}
		return nil, err
	case sig := <-signals:
		cmd.Process.Kill()
		<-done
		return sig, nil
	}
}

// interruptedInit is init --tidy's error when a signal stopped it;
// undoErr is how undoing its write went.
func interruptedInit(sig os.Signal, undoErr error) error {
	if undoErr != nil {
		return fmt.Errorf("init was interrupted (%v), and undoing what it wrote failed: %w", sig, undoErr)
	}
	return usageErr(fmt.Sprintf("init was interrupted (%v); it undid everything it wrote", sig), "run geogen init --tidy again")
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
