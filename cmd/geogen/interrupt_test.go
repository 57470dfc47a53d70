package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/geogen/geogen/generator/manifest"
	"github.com/geogen/geogen/generator/txn"
	"github.com/geogen/geogen/generator/txn/txntest"
)

// faultEnv makes the test binary, run as geogen, signal itself when its
// transaction reaches a step: "KILL:place geogen.yaml" sends SIGKILL
// there, "TERM:journal" SIGTERM. Only the test binary reads it.
const faultEnv = "GEOGEN_TEST_SIGNAL_AT"

func installFault(spec string) {
	sig, at, ok := strings.Cut(spec, ":")
	if !ok {
		return
	}
	s := map[string]syscall.Signal{"KILL": syscall.SIGKILL, "TERM": syscall.SIGTERM, "INT": syscall.SIGINT}[sig]
	txn.FaultHook = func(step string) error {
		if step == at {
			syscall.Kill(os.Getpid(), s)
			if s == syscall.SIGKILL {
				select {} // never runs another step
			}
		}
		return nil
	}
}

// TestSIGKILLDuringApply kills a real geogen process (this test binary
// run as geogen) at the points of new, generate and remove that matter
// most: before its commit point, with geogen.yaml moved aside, and with
// everything in place but not yet made durable. The next command must
// find the project (even with geogen.yaml missing), recover it to
// exactly before or after, leave no staging file, and check clean.
func TestSIGKILLDuringApply(t *testing.T) {
	geogenBin, err := exec.LookPath("geogen")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name  string
		setup [][]string
		args  []string
	}{
		{"new", nil, []string{"new", "CoolWidget", "--strategy", "blob"}},
		{"generate", [][]string{{"new", "CoolWidget", "--strategy", "blob"}, {"unlist", "CoolWidget"}}, []string{"generate"}},
		{"remove", [][]string{{"new", "CoolWidget", "--strategy", "blob"}}, []string{"remove", "CoolWidget"}},
	} {
		for _, step := range []struct{ at, want string }{
			{"journal", "before"},
			{"aside " + manifest.FileName, "after"},
			{"place " + manifest.FileName, "after"},
			{"sync", "after"},
			{"commit", "after"},
		} {
			t.Run(tc.name+"/"+step.at, func(t *testing.T) {
				dir := t.TempDir()
				env := map[string]string{clockEnv: scriptNow, cacheEnv: "off"}
				geogen(t, dir, env, "init", "--module", "example.com/shop")
				for _, args := range tc.setup {
					if args[0] == "unlist" {
						if err := editManifest(dir, func(m *manifest.Manifest) error { return unlistIn(m, args[1]) }); err != nil {
							t.Fatal(err)
						}
						continue
					}
					geogen(t, dir, env, args...)
				}
				before := txntest.Tree(t, dir)
				beforeDir := t.TempDir()
				txntest.Copy(t, dir, beforeDir)
				checkBefore := geogenExit(t, beforeDir, env, "check")
				afterDir := t.TempDir()
				txntest.Copy(t, dir, afterDir)
				geogen(t, afterDir, env, tc.args...)
				after := txntest.Tree(t, afterDir)

				out, err := geogenProcess(geogenBin, dir, "KILL:"+step.at, tc.args...).CombinedOutput()
				var exit *exec.ExitError
				if !errors.As(err, &exit) || exit.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
					t.Fatalf("geogen %s was not killed at %q: %v\n%s", strings.Join(tc.args, " "), step.at, err, out)
				}
				if step.at == "place "+manifest.FileName {
					if _, err := os.Stat(filepath.Join(dir, manifest.FileName)); err == nil {
						t.Fatalf("the kill came too late to test a missing %s", manifest.FileName)
					}
				}

				// The next command, from a subdirectory as a user might.
				var stdout, stderr bytes.Buffer
				a := &app{stdout: &stdout, stderr: &stderr, getenv: func(k string) string { return env[k] }}
				wantCode := map[string]int{"before": checkBefore, "after": exitOK}[step.want]
				if code := a.run([]string{"-C", filepath.Join(dir, "docs"), "check", "--no-diff"}); code != wantCode {
					t.Fatalf("check after the kill: exit %d, want %d (as %s)\n%s%s", code, wantCode, step.want, stdout.String(), stderr.String())
				}
				want := map[string]map[string]string{"before": before, "after": after}[step.want]
				if diff := cmp.Diff(want, txntest.Tree(t, dir)); diff != "" {
					t.Fatalf("the project is not as %s (-%s +now):\n%s", step.want, step.want, diff)
				}
				if pending, _ := txn.Pending(dir); len(pending) > 0 {
					t.Fatalf("staging left: %v", pending)
				}
				if step.want == "after" && !strings.Contains(stderr.String(), "interrupted; its changes were completed") {
					t.Errorf("check did not say what it recovered:\n%s", stderr.String())
				}
			})
		}
	}
}

// TestInitAfterAKillWithTheManifestAside: killed while geogen.yaml was
// moved aside, the project must not look new to init, which would write
// the shared lists with no types.
func TestInitAfterAKillWithTheManifestAside(t *testing.T) {
	geogenBin, err := exec.LookPath("geogen")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	env := map[string]string{clockEnv: scriptNow, cacheEnv: "off"}
	geogen(t, dir, env, "init", "--module", "example.com/shop")
	geogen(t, dir, env, "new", "CoolWidget", "--strategy", "blob")
	geogenProcess(geogenBin, dir, "KILL:place "+manifest.FileName, "new", "Gizmo", "--strategy", "repository").Run()
	if _, err := os.Stat(filepath.Join(dir, manifest.FileName)); err == nil {
		t.Fatalf("%s is in place: the kill came too late", manifest.FileName)
	}
	if code := geogenExit(t, dir, env, "init", "--module", "example.com/shop"); code != exitFailure {
		t.Fatalf("init after the kill: exit %d, want %d (the project exists)", code, exitFailure)
	}
	m, err := manifest.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if m.Find("CoolWidget") < 0 || m.Find("Gizmo") < 0 {
		t.Fatalf("types after recovery: %v", m.Replicables)
	}
	if geogenExit(t, dir, env, "check") != exitOK {
		t.Fatal("check is not clean")
	}
}

// TestSignalDuringApplyFinishesIt sends SIGINT and SIGTERM to geogen
// in the middle of its writes: it finishes them, then stops with an
// error that says so.
func TestSignalDuringApplyFinishesIt(t *testing.T) {
	geogenBin, err := exec.LookPath("geogen")
	if err != nil {
		t.Fatal(err)
	}
	for _, sig := range []string{"INT", "TERM"} {
		t.Run(sig, func(t *testing.T) {
			dir := t.TempDir()
			env := map[string]string{clockEnv: scriptNow, cacheEnv: "off"}
			geogen(t, dir, env, "init", "--module", "example.com/shop")
			out, err := geogenProcess(geogenBin, dir, sig+":place "+manifest.FileName, "new", "CoolWidget", "--strategy", "blob").CombinedOutput()
			var exit *exec.ExitError
			if !errors.As(err, &exit) || exit.ExitCode() != exitFailure {
				t.Fatalf("geogen new: %v, want exit %d\n%s", err, exitFailure, out)
			}
			if !strings.Contains(string(out), "interrupted") || !strings.Contains(string(out), "the write was finished first") {
				t.Errorf("output does not say the write was finished:\n%s", out)
			}
			if pending, _ := txn.Pending(dir); len(pending) > 0 {
				t.Fatalf("staging left: %v", pending)
			}
			if geogenExit(t, dir, env, "check") != exitOK {
				t.Fatal("check is not clean")
			}
			m, err := manifest.Load(dir)
			if err != nil || m.Find("CoolWidget") < 0 {
				t.Fatalf("CoolWidget is not in the manifest: %v", err)
			}
		})
	}
}

// TestConcurrentNew starts several geogen new processes at once in one
// project: each waits for the lock in turn, so every type is added, each
// with its own migration versions, and check is clean.
func TestConcurrentNew(t *testing.T) {
	geogenBin, err := exec.LookPath("geogen")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	env := map[string]string{clockEnv: scriptNow, cacheEnv: "off"}
	geogen(t, dir, env, "init", "--module", "example.com/shop")
	names := []string{"Anvil", "Bolt", "Cog", "Dynamo", "Engine", "Flange"}
	concurrentNew(t, geogenBin, dir, names)
	if geogenExit(t, dir, env, "check") != exitOK {
		t.Fatal("check is not clean after concurrent new")
	}
}

// concurrentNew runs geogen new for every name at once, as separate
// processes, and checks that the manifest ends with every type, on
// migration versions no two types share.
func concurrentNew(t *testing.T, geogenBin, dir string, names []string) {
	t.Helper()
	cmds := make([]*exec.Cmd, len(names))
	outs := make([]*bytes.Buffer, len(names))
	for i, name := range names {
		strategy := "blob"
		if i%2 == 1 {
			strategy = "repository"
		}
		cmds[i] = geogenProcess(geogenBin, dir, "", "new", name, "--strategy", strategy)
		outs[i] = new(bytes.Buffer)
		cmds[i].Stdout, cmds[i].Stderr = outs[i], outs[i]
		if err := cmds[i].Start(); err != nil {
			t.Fatal(err)
		}
	}
	for i, c := range cmds {
		if err := c.Wait(); err != nil {
			t.Errorf("geogen new %s: %v\n%s", names[i], err, outs[i])
		}
	}
	m, err := manifest.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	used := map[int64]string{}
	for _, name := range names {
		i := m.Find(name)
		if i < 0 {
			t.Errorf("%s is missing from %s", name, manifest.FileName)
			continue
		}
		r := m.Replicables[i]
		for k := range int64(manifest.VersionsPerType) {
			if other, dup := used[r.MigrationVersion+k]; dup {
				t.Errorf("%s and %s share migration version %d", other, name, r.MigrationVersion+k)
			}
			used[r.MigrationVersion+k] = name
		}
	}
	if len(m.Replicables) != len(names) {
		t.Errorf("%d types in %s, want %d", len(m.Replicables), manifest.FileName, len(names))
	}
}

// geogenProcess is geogen run as a process in dir with the scripts'
// clock, the render cache off, and fault (see faultEnv) unless empty.
func geogenProcess(geogenBin, dir, fault string, args ...string) *exec.Cmd {
	cmd := exec.Command(geogenBin, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), clockEnv+"="+scriptNow, cacheEnv+"=off")
	if fault != "" {
		cmd.Env = append(cmd.Env, faultEnv+"="+fault)
	}
	return cmd
}
