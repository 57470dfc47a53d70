package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
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
			"exits":    cmdExits,
			"append":   cmdAppend,
			"unlist":   cmdUnlist,
			"setfield": cmdSetField,
			"truncate": cmdTruncate,
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
	ts.Check(editManifest(ts.MkAbs("."), func(m *manifest.Manifest) error { return unlistIn(m, args[0]) }))
}

func unlistIn(m *manifest.Manifest, name string) error {
	i := m.Find(name)
	if i < 0 {
		return fmt.Errorf("%s is not in %s", name, manifest.FileName)
	}
	m.Replicables = slices.Delete(m.Replicables, i, i+1)
	return nil
}

// cmdSetField edits one field of a replicable in geogen.yaml as a person
// would, keeping the lock: `setfield NAME KEY VALUE`, KEY as in the file
// (plural, table, migration_version, initialisms as a comma list, ...).
func cmdSetField(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 3 {
		ts.Fatalf("usage: setfield NAME KEY VALUE")
	}
	ts.Check(editManifest(ts.MkAbs("."), func(m *manifest.Manifest) error {
		i := m.Find(args[0])
		if i < 0 {
			return fmt.Errorf("%s is not in %s", args[0], manifest.FileName)
		}
		return setField(&m.Replicables[i], args[1], args[2])
	}))
}

// setField sets the field of r whose YAML key is key.
func setField(r *manifest.Replicable, key, value string) error {
	v := reflect.ValueOf(r).Elem()
	for j := 0; j < v.NumField(); j++ {
		if name, _, _ := strings.Cut(v.Type().Field(j).Tag.Get("yaml"), ","); name != key {
			continue
		}
		switch f := v.Field(j); f.Kind() {
		case reflect.String:
			f.SetString(value)
		case reflect.Int64:
			n, err := strconv.ParseInt(value, 10, 64)
			if err != nil {
				return err
			}
			f.SetInt(n)
		case reflect.Bool:
			b, err := strconv.ParseBool(value)
			if err != nil {
				return err
			}
			f.SetBool(b)
		case reflect.Slice:
			var list []string
			if value != "" {
				list = strings.Split(value, ",")
			}
			f.Set(reflect.ValueOf(list))
		}
		return nil
	}
	return fmt.Errorf("no field %q", key)
}

// editManifest loads dir's geogen.yaml, edits it and writes it back in
// its canonical form, lock included.
func editManifest(dir string, edit func(*manifest.Manifest) error) error {
	m, err := manifest.Load(dir)
	if err != nil {
		return err
	}
	if err := edit(m); err != nil {
		return err
	}
	data, err := m.Marshal()
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, manifest.FileName), data, 0o644)
}

// cmdTruncate cuts a file after the first line matching a regular
// expression, as a full disk or an interrupted copy would:
// `truncate FILE REGEXP`.
func cmdTruncate(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: truncate FILE REGEXP")
	}
	re, err := regexp.Compile(args[1])
	ts.Check(err)
	name := ts.MkAbs(args[0])
	data, err := os.ReadFile(name)
	ts.Check(err)
	var out []byte
	for line := range bytes.Lines(data) {
		out = append(out, line...)
		if re.Match(line) {
			ts.Check(os.WriteFile(name, out, 0o644))
			return
		}
	}
	ts.Fatalf("no line of %s matches %s", args[0], args[1])
}
