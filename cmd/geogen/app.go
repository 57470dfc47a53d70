package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/geogen/geogen/generator/rendercache"
)

// Exit codes. check keeps drift (1) apart from failure (2) so CI can tell
// "regenerate and commit" from "geogen could not run"; every other command
// exits 1 on any failure, as most command-line tools do.
const (
	exitOK      = 0
	exitDrift   = 1 // check: the project differs from the manifest
	exitError   = 2 // check: geogen could not decide
	exitFailure = 1 // any other command: it failed, or left work undone
)

// app is one run of geogen: its streams, environment and clock, so that
// tests can run it in-process with their own.
type app struct {
	stdout, stderr io.Writer
	getenv         func(string) string
	now            func() time.Time

	// userCacheDir is where the render cache lives by default
	// (os.UserCacheDir); nil, as in tests, leaves the cache off unless
	// GEOGEN_CACHE names a directory, so tests never touch the real one.
	userCacheDir func() (string, error)
	cache        *rendercache.Cache // see renderCache
	cacheOpened  bool

	dir string // -C: the directory to run in; "" is the working directory

	closers []func() error // run when the command ends: the project's lock
}

// run executes the command line and returns the exit code.
func (a *app) run(args []string) int {
	root := a.rootCommand()
	root.SetArgs(args)
	cmd, err := root.ExecuteC()
	for _, c := range a.closers {
		c()
	}
	a.closers = nil
	if err == nil {
		return exitOK
	}
	var drift *driftError
	if errors.As(err, &drift) {
		if drift.msg != "" {
			fmt.Fprintln(a.stderr, "geogen: "+drift.msg)
		}
		return exitDrift
	}
	for _, line := range strings.Split(err.Error(), "\n") {
		fmt.Fprintln(a.stderr, "geogen: "+line)
	}
	if cmd != nil && cmd.Name() == "check" {
		return exitError
	}
	return exitFailure
}

func (a *app) rootCommand() *cobra.Command {
	root := &cobra.Command{
		Use:   "geogen",
		Short: "Scaffold and maintain replicable types for Geo-style replication",
		Long: `geogen scaffolds replicable types (blob or git repository) for the Geo replication
runtime and keeps the generated files in step with geogen.yaml.

  geogen init                               start a project in this directory
  geogen new CoolWidget --strategy blob     add a type: migrations, Go code, flags, docs
  geogen generate                           rewrite what geogen owns (pre-commit hook)
  geogen check                              exit 1 with a diff if anything drifted (CI)

Exit codes: check exits 0 when clean, 1 on drift, 2 on error. Every other
command exits 0 on success and 1 on failure (for generate, also when it had to
leave a hand-edited file alone).`,
		Version:       strings.TrimPrefix(versionLine(), "geogen "),
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetVersionTemplate("geogen {{.Version}}\n")
	root.PersistentFlags().StringVarP(&a.dir, "dir", "C", "", "run as if geogen was started in `DIR`")
	root.SetOut(a.stdout)
	root.SetErr(a.stderr)
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return usageErr(err.Error(), "see "+c.CommandPath()+" --help")
	})
	root.AddCommand(
		a.initCommand(),
		a.newCommand(),
		a.generateCommand(),
		a.checkCommand(),
		a.removeCommand(),
		a.upgradeCommand(),
		a.releaseCommand(),
		a.listCommand(),
		a.versionCommand(),
	)
	return root
}

// workDir is the directory geogen runs in.
func (a *app) workDir() (string, error) {
	if a.dir != "" {
		info, err := os.Stat(a.dir)
		if err != nil || !info.IsDir() {
			return "", usageErr(fmt.Sprintf("-C %s is not a directory", a.dir), "give an existing directory")
		}
		return a.dir, nil
	}
	return os.Getwd()
}

// usageError is a problem the user can fix, with the fix.
type usageError struct{ problem, fix string }

func usageErr(problem, fix string) error { return &usageError{problem, fix} }

func (e *usageError) Error() string {
	if e.fix == "" {
		return e.problem
	}
	return e.problem + " (" + e.fix + ")"
}

// driftError ends a command with exit code 1: the command worked, but
// the project is not what the manifest says.
type driftError struct{ msg string }

func (e *driftError) Error() string { return e.msg }

// exactArgs is cobra.ExactArgs with a message that says what to type.
func exactArgs(n int, example string) cobra.PositionalArgs {
	return func(c *cobra.Command, args []string) error {
		if len(args) == n {
			return nil
		}
		if n == 0 {
			return usageErr(fmt.Sprintf("%s takes no arguments, got %q", c.CommandPath(), strings.Join(args, " ")), "e.g. "+example)
		}
		return usageErr(fmt.Sprintf("%s needs exactly %d argument(s), got %d", c.CommandPath(), n, len(args)), "e.g. "+example)
	}
}
