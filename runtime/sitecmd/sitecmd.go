package sitecmd

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/spf13/cobra"

	"github.com/geogen/geogen/runtime/flags"
	"github.com/geogen/geogen/runtime/geographql"
	"github.com/geogen/geogen/runtime/replicable"
	"github.com/geogen/geogen/runtime/siteconfig"
	"github.com/geogen/geogen/runtime/sqldb"
)

// Project is what a generated project hands to the binary.
type Project struct {
	// Types are the project's replicable types (geo.Descriptors()).
	Types []*replicable.Descriptor
	// GraphQL returns the types' GraphQL bindings over a secondary's
	// databases (geo.GraphQL).
	GraphQL func(tracking, main *sqldb.DB, fl flags.Source) []geographql.TypeBinding
	// MainMigrations and TrackingMigrations are the project's migration
	// sets (migrations.Main, migrations.Tracking); the runtime's own
	// tables are applied with them.
	MainMigrations     fs.FS
	TrackingMigrations fs.FS
}

// Exit codes.
const (
	exitOK      = 0
	exitFailed  = 1
	exitUsage   = 2
	envConfig   = "GEO_CONFIG"
	defaultFile = "geo.yml"
)

// exitError carries an exit code with its message; an empty message
// prints nothing (the command already said why).
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string {
	if e.err == nil {
		return ""
	}
	return e.err.Error()
}

func (e *exitError) Unwrap() error { return e.err }

// failed is an exit code 1 with nothing more to print.
var errFailed = &exitError{code: exitFailed}

// Main runs the command line and returns the exit code.
func Main(p Project) int {
	return Run(context.Background(), p, os.Args[1:], os.Stdout, os.Stderr)
}

// Run runs one command line with the given output streams.
func Run(ctx context.Context, p Project, args []string, stdout, stderr io.Writer) int {
	root := New(p, stdout, stderr)
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return exitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.err != nil {
			fmt.Fprintln(stderr, "geo:", ee.err)
		}
		return ee.code
	}
	fmt.Fprintln(stderr, "geo:", err)
	if siteconfig.IsProblems(err) {
		return exitUsage
	}
	return exitFailed
}

// app is the state the commands share.
type app struct {
	project Project
	stdout  io.Writer
	stderr  io.Writer
	file    string
	sets    []string
}

// New returns the root command.
func New(p Project, stdout, stderr io.Writer) *cobra.Command {
	a := &app{project: p, stdout: stdout, stderr: stderr}
	root := &cobra.Command{
		Use:   "geo",
		Short: "Run this project's Geo sites and operate them",
		Long: `geo runs a primary or a secondary Geo site of this project, and gives operators
their commands. Configuration comes from a YAML file (--config, $` + envConfig + `, or ` + defaultFile + `),
then GEO_* environment variables, then --set key=value; geo config keys lists every key.`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.PersistentFlags().StringVarP(&a.file, "config", "c", "", "configuration `FILE` (default $"+envConfig+", else "+defaultFile+")")
	root.PersistentFlags().StringArrayVar(&a.sets, "set", nil, "override a configuration key: `key=value` (repeatable)")
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return &exitError{code: exitUsage, err: fmt.Errorf("%w (geo %s --help)", err, c.Name())}
	})
	root.AddCommand(
		a.runCommand(siteconfig.RolePrimary), a.runCommand(siteconfig.RoleSecondary),
		a.migrateCommand(), a.statusCommand(), a.checkReplicationCommand(), a.waitCommand(),
		a.jobCommand("resync"), a.jobCommand("reverify"), a.jobsCommand(), a.sitesCommand(),
		a.flagsCommand(), a.doctorCommand(), a.roleCommand(), a.configCommand(),
	)
	return root
}

// needs says what storage the project's types need.
func (a *app) needs() siteconfig.Needs {
	var n siteconfig.Needs
	for _, d := range a.project.Types {
		switch d.Strategy {
		case replicable.Blob:
			n.BlobTypes = append(n.BlobTypes, d.Name)
		case replicable.Repository:
			n.RepositoryTypes = append(n.RepositoryTypes, d.Name)
		}
	}
	return n
}

// config loads and checks the configuration.
func (a *app) config() (siteconfig.Config, error) {
	file := a.file
	if file == "" {
		file = os.Getenv(envConfig)
	}
	if file == "" {
		if _, err := os.Stat(defaultFile); err == nil {
			file = defaultFile
		}
	}
	cfg, err := siteconfig.Load(siteconfig.Sources{File: file, Sets: a.sets}, a.needs())
	if err != nil {
		if file == "" {
			err = fmt.Errorf("%w\n(no configuration file: pass --config FILE or set %s)", err, envConfig)
		}
		return cfg, &exitError{code: exitUsage, err: err}
	}
	return cfg, nil
}

func usage(format string, args ...any) error {
	return &exitError{code: exitUsage, err: fmt.Errorf(format, args...)}
}
