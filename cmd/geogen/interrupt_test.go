package main

import (
	"bytes"
	"errors"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/geogen/geogen/generator/manifest"
	"github.com/geogen/geogen/generator/txn"
	"github.com/geogen/geogen/generator/txn/txntest"
)

// faultEnv makes the test binary, run as geogen, stop at a step of its
// transaction. "KILL:place geogen.yaml" sends itself SIGKILL there,
// "TERM:journal" SIGTERM; "PAUSE:N:FILE" writes the name of the Nth step
// to FILE and waits there forever, for the test to kill it;
// "LIST:FILE" writes the name of every step to FILE, one a line. Only
// the test binary reads it.
const faultEnv = "GEOGEN_TEST_SIGNAL_AT"

func installFault(spec string) {
	sig, at, ok := strings.Cut(spec, ":")
	if !ok {
		return
	}
	switch sig {
	case "LIST":
		txn.FaultHook = func(step string) error {
			f, err := os.OpenFile(at, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
			if err != nil {
				return err
			}
			_, err = fmt.Fprintln(f, step)
			return errors.Join(err, f.Close())
		}
		return
	case "PAUSE":
		nth, file, _ := strings.Cut(at, ":")
		n, err := strconv.Atoi(nth)
		if err != nil {
			return
		}
		seen := 0
		txn.FaultHook = func(step string) error {
			if seen++; seen == n {
				// Written whole, then renamed: the test never reads half a name.
				if os.WriteFile(file+".tmp", []byte(step), 0o644) == nil {
					os.Rename(file+".tmp", file)
				}
				select {} // until the test kills the process
			}
			return nil
		}
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
// run as geogen) at every step of the transaction of new, generate and
// remove: the child pauses before the step and this test sends it
// SIGKILL. The next command must find the project (even with geogen.yaml
// moved aside), recover it to exactly before the command (killed before
// the journal, its commit point, was written) or after it, leave no
// staging file, and check as the project before or after does.
func TestSIGKILLDuringApply(t *testing.T) {
	if testing.Short() {
		t.Skip("runs geogen once per step of three commands: skipped with -short")
	}
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
		env := map[string]string{clockEnv: scriptNow, cacheEnv: "off"}
		base := t.TempDir()
		geogen(t, base, env, "init", "--module", "example.com/shop")
		for _, args := range tc.setup {
			if args[0] == "unlist" {
				if err := editManifest(base, func(m *manifest.Manifest) error { return unlistIn(m, args[1]) }); err != nil {
					t.Fatal(err)
				}
				continue
			}
			geogen(t, base, env, args...)
		}
		before := txntest.Tree(t, base)
		beforeDir := t.TempDir()
		txntest.Copy(t, base, beforeDir)
		checkBefore := geogenExit(t, beforeDir, env, "check")
		afterDir := t.TempDir()
		txntest.Copy(t, base, afterDir)
		geogen(t, afterDir, env, tc.args...)
		after := txntest.Tree(t, afterDir)

		steps := applySteps(t, geogenBin, base, tc.args)
		commitPoint := slices.Index(steps, "journal")
		for _, want := range []string{"journal", "aside " + manifest.FileName, "place " + manifest.FileName, "sync", "commit", "clean"} {
			if !slices.Contains(steps, want) {
				t.Fatalf("geogen %s has no step %q among %q", strings.Join(tc.args, " "), want, steps)
			}
		}
		for i, step := range steps {
			t.Run(fmt.Sprintf("%s/%02d_%s", tc.name, i+1, step), func(t *testing.T) {
				dir := t.TempDir()
				txntest.Copy(t, base, dir)
				killAtStep(t, geogenBin, dir, i+1, step, tc.args)
				if step == "place "+manifest.FileName {
					if _, err := os.Stat(filepath.Join(dir, manifest.FileName)); err == nil {
						t.Fatalf("the kill came too late to test a missing %s", manifest.FileName)
					}
				}
				as, wantTree, wantCode := "after", after, exitOK
				if i <= commitPoint {
					as, wantTree, wantCode = "before", before, checkBefore
				}

				// The next command, from a subdirectory as a user might.
				var stdout, stderr bytes.Buffer
				a := &app{stdout: &stdout, stderr: &stderr, getenv: func(k string) string { return env[k] }}
				if code := a.run([]string{"-C", filepath.Join(dir, "docs"), "check", "--no-diff"}); code != wantCode {
					t.Fatalf("check after the kill: exit %d, want %d (as %s)\n%s%s", code, wantCode, as, stdout.String(), stderr.String())
				}
				if diff := cmp.Diff(wantTree, txntest.Tree(t, dir)); diff != "" {
					t.Fatalf("the project is not as %s (-%s +now):\n%s", as, as, diff)
				}
				if pending, _ := txn.Pending(dir); len(pending) > 0 {
					t.Fatalf("staging left: %v", pending)
				}
				if as == "after" && step != "clean" && !strings.Contains(stderr.String(), "interrupted; its changes were completed") {
					t.Errorf("check did not say what it recovered:\n%s", stderr.String())
				}
			})
		}
	}
}

// applySteps runs geogen args on a copy of dir and returns the steps of
// its transaction, in order.
func applySteps(t *testing.T, geogenBin, dir string, args []string) []string {
	t.Helper()
	copyDir := t.TempDir()
	txntest.Copy(t, dir, copyDir)
	list := filepath.Join(t.TempDir(), "steps")
	if out, err := geogenProcess(geogenBin, copyDir, "LIST:"+list, args...).CombinedOutput(); err != nil {
		t.Fatalf("geogen %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	data, err := os.ReadFile(list)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
}

// killAtStep starts geogen args in dir, waits until it pauses before its
// nth step, checks that the step is the one expected, and kills it with
// SIGKILL.
func killAtStep(t *testing.T, geogenBin, dir string, n int, step string, args []string) {
	t.Helper()
	marker := filepath.Join(t.TempDir(), "paused")
	cmd := geogenProcess(geogenBin, dir, fmt.Sprintf("PAUSE:%d:%s", n, marker), args...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	var at []byte
	for at == nil {
		select {
		case err := <-exited:
			t.Fatalf("geogen %s ended before step %d (%s): %v\n%s", strings.Join(args, " "), n, step, err, out.String())
		case <-time.After(5 * time.Millisecond):
			at, _ = os.ReadFile(marker)
		}
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	err := <-exited
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
		t.Fatalf("geogen %s was not killed: %v\n%s", strings.Join(args, " "), err, out.String())
	}
	if string(at) != step {
		t.Fatalf("geogen paused at %q as step %d, where a run without a pause had %q", at, n, step)
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
			if strings.Contains(string(out), "nothing was changed") {
				t.Errorf("output says nothing was changed, of a write that was finished:\n%s", out)
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

// TestInterruptedInitTidyUndoesEverything stops init --tidy with a
// signal while go mod tidy runs (a Ctrl-C, which reaches tidy too, or a
// signal to geogen alone) or while init writes: init undoes everything,
// as when tidy fails, stops tidy if it still runs, and says so; the
// directory is exactly as before, go.mod and go.sum included.
func TestInterruptedInitTidyUndoesEverything(t *testing.T) {
	geogenBin, err := exec.LookPath("geogen")
	if err != nil {
		t.Fatal(err)
	}
	// A go command whose tidy waits until it is killed.
	fakeBin := t.TempDir()
	script := "#!/bin/sh\necho $$ > \"$FAKE_GO_PID\"\nexec sleep 60\n"
	if err := os.WriteFile(filepath.Join(fakeBin, "go"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	const goMod = "module example.com/shop\n\ngo 1.22\n"
	for _, tc := range []struct {
		name   string
		fault  string // a signal at a step of init's write, else none
		signal syscall.Signal
		group  bool // to geogen's process group, as a terminal's Ctrl-C
		files  map[string]string
	}{
		{name: "Ctrl-C during tidy", signal: syscall.SIGINT, group: true, files: map[string]string{"notes.txt": "mine\n"}},
		{name: "SIGINT to geogen during tidy", signal: syscall.SIGINT, files: map[string]string{"notes.txt": "mine\n"}},
		{name: "SIGTERM to geogen during tidy", signal: syscall.SIGTERM, files: map[string]string{"notes.txt": "mine\n"}},
		{name: "SIGTERM during tidy in a module", signal: syscall.SIGTERM, files: map[string]string{"go.mod": goMod, "go.sum": "x v1 h1:y\n"}},
		{name: "SIGINT during the write", fault: "INT:place " + manifest.FileName, files: map[string]string{"notes.txt": "mine\n"}},
		{name: "SIGTERM during the write in a module", fault: "TERM:place " + manifest.FileName, files: map[string]string{"go.mod": goMod, "go.sum": "x v1 h1:y\n"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			for name, content := range tc.files {
				if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			pidFile := filepath.Join(t.TempDir(), "tidy.pid")
			cmd := geogenProcess(geogenBin, dir, tc.fault, "init", "--module", "example.com/shop", "--tidy")
			cmd.Env = append(cmd.Env, "PATH="+fakeBin+string(os.PathListSeparator)+os.Getenv("PATH"), "FAKE_GO_PID="+pidFile, runtimeDirEnv+"=")
			cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
			var out bytes.Buffer
			cmd.Stdout, cmd.Stderr = &out, &out
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			exited := make(chan error, 1)
			go func() { exited <- cmd.Wait() }()
			var tidyPID int
			if tc.fault == "" {
				for tidyPID == 0 {
					select {
					case err := <-exited:
						t.Fatalf("init ended before tidy ran: %v\n%s", err, out.String())
					case <-time.After(5 * time.Millisecond):
						data, _ := os.ReadFile(pidFile)
						tidyPID, _ = strconv.Atoi(strings.TrimSpace(string(data)))
					}
				}
				target := cmd.Process.Pid
				if tc.group {
					target = -target
				}
				if err := syscall.Kill(target, tc.signal); err != nil {
					t.Fatal(err)
				}
			}
			var exit *exec.ExitError
			if err := <-exited; !errors.As(err, &exit) || exit.ExitCode() != exitFailure {
				t.Fatalf("init --tidy: %v, want exit %d\n%s", err, exitFailure, out.String())
			}
			if !strings.Contains(out.String(), "init was interrupted") || !strings.Contains(out.String(), "it undid everything it wrote") {
				t.Errorf("init does not say it was interrupted and undid its write:\n%s", out.String())
			}
			if tc.fault != "" {
				if _, err := os.Stat(pidFile); err == nil {
					t.Errorf("go mod tidy ran after init was interrupted")
				}
			} else if syscall.Kill(tidyPID, 0) == nil {
				syscall.Kill(tidyPID, syscall.SIGKILL)
				t.Errorf("go mod tidy still runs after init ended")
			}
			entries, err := os.ReadDir(dir)
			if err != nil {
				t.Fatal(err)
			}
			var left []string
			for _, e := range entries {
				left = append(left, e.Name())
			}
			if want := slices.Sorted(maps.Keys(tc.files)); !slices.Equal(left, want) {
				t.Errorf("left in the directory: %v, want %v\n%s", left, want, out.String())
			}
			for name, content := range tc.files {
				if data, _ := os.ReadFile(filepath.Join(dir, name)); string(data) != content {
					t.Errorf("%s is %q, want %q as before", name, data, content)
				}
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
	concurrentNew(t, geogenBin, dir, names, nil)
	if geogenExit(t, dir, env, "check") != exitOK {
		t.Fatal("check is not clean after concurrent new")
	}
}

// concurrentNew runs geogen new for every name at once (with the flags
// given for it, if any), as separate processes, and checks that the manifest ends with every type, on
// migration versions no two types share.
func concurrentNew(t *testing.T, geogenBin, dir string, names []string, flags map[string][]string) {
	t.Helper()
	cmds := make([]*exec.Cmd, len(names))
	outs := make([]*bytes.Buffer, len(names))
	for i, name := range names {
		strategy := "blob"
		if i%2 == 1 {
			strategy = "repository"
		}
		cmds[i] = geogenProcess(geogenBin, dir, "", append([]string{"new", name, "--strategy", strategy}, flags[name]...)...)
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
