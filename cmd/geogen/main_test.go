package main

import (
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/geogen/geogen/generator/manifest"
)

// TestMain makes the test binary double as the geogen command, so that
// scripts run the real program with `exec geogen`.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"geogen": func() {
			installFault(os.Getenv(faultEnv))
			os.Exit(osApp().run(os.Args[1:]))
		},
	})
}

// scriptNow is the clock of every script, so migration versions (and so
// file names and the lock) are the same on every run.
const scriptNow = "2026-11-22T01:02:03Z"

// TestScripts runs the command-line scenarios in testdata/script. They
// share one render cache, as a developer's projects do, so most renders
// after the first are answered from it: the scripts hold for warm runs
// as for cold ones (the end-to-end test and the golden files run cold).
func TestScripts(t *testing.T) {
	cache := t.TempDir()
	testscript.Run(t, testscript.Params{
		Dir: "testdata/script",
		Setup: func(env *testscript.Env) error {
			env.Setenv(clockEnv, scriptNow)
			env.Setenv(runtimeDirEnv, "") // init writes the same go.mod everywhere
			env.Setenv(cacheEnv, cache)
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"exits":  cmdExits,
			"append": cmdAppend,
			"unlist": cmdUnlist,
		},
	})
}

// cmdExits runs geogen in-process and checks its exact exit code, which
// `exec` cannot: `exits 2 check`.
func cmdExits(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 1 {
		ts.Fatalf("usage: exits CODE [geogen arguments]")
	}
	want, err := strconv.Atoi(args[0])
	ts.Check(err)
	now, err := time.Parse(time.RFC3339, scriptNow)
	ts.Check(err)
	a := &app{stdout: ts.Stdout(), stderr: ts.Stderr(), getenv: ts.Getenv, now: func() time.Time { return now }}
	if got := a.run(append([]string{"-C", ts.MkAbs(".")}, args[1:]...)); got != want {
		ts.Fatalf("geogen %s: exit code %d, want %d", strings.Join(args[1:], " "), got, want)
	}
}

// cmdAppend edits a file by hand: `append FILE TEXT`.
func cmdAppend(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: append FILE TEXT")
	}
	f, err := os.OpenFile(ts.MkAbs(args[0]), os.O_APPEND|os.O_WRONLY, 0)
	ts.Check(err)
	_, err = f.WriteString(args[1] + "\n")
	ts.Check(err)
	ts.Check(f.Close())
}

// cmdUnlist deletes a replicable from geogen.yaml as a person editing the
// file would: the entry goes, the lock stays. `unlist NAME`
func cmdUnlist(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: unlist NAME")
	}
	dir := ts.MkAbs(".")
	m, err := manifest.Load(dir)
	ts.Check(err)
	i := m.Find(args[0])
	if i < 0 {
		ts.Fatalf("%s is not in %s", args[0], manifest.FileName)
	}
	m.Replicables = slices.Delete(m.Replicables, i, i+1)
	data, err := m.Marshal()
	ts.Check(err)
	ts.Check(os.WriteFile(filepath.Join(dir, manifest.FileName), data, 0o644))
}
