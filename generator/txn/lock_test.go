package txn

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestLockExcludesASecondHolder(t *testing.T) {
	root := t.TempDir()
	first, err := Acquire(root, 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	var told string
	_, err = Acquire(root, 50*time.Millisecond, func(holder string) { told = holder })
	if !errors.Is(err, ErrBusy) {
		t.Fatalf("second Acquire: %v, want ErrBusy", err)
	}
	if !strings.Contains(err.Error(), "wait for it to finish") || !strings.Contains(told, "process") {
		t.Errorf("the message does not say who holds it and what to do: %v (told %q)", err, told)
	}
	// A waiter gets the lock once the holder lets go.
	go func() {
		time.Sleep(50 * time.Millisecond)
		first.Release()
	}()
	second, err := Acquire(root, time.Minute, nil)
	if err != nil {
		t.Fatalf("Acquire after release: %v", err)
	}
	second.Release()
}

// A file where the state directory belongs is named, with what to do,
// rather than reported as a failure to open the lock inside it.
func TestStateDirTakenByAFile(t *testing.T) {
	root := t.TempDir()
	if err := os.WriteFile(filepath.Join(root, Dir), []byte("notes\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Acquire(root, 0, nil)
	if !errors.Is(err, ErrStateNotDir) || !strings.Contains(err.Error(), "move that file away") {
		t.Fatalf("Acquire: %v, want ErrStateNotDir with its fix", err)
	}
	if data, err := os.ReadFile(filepath.Join(root, Dir)); err != nil || string(data) != "notes\n" {
		t.Errorf("the file was changed: %q, %v", data, err)
	}
}

// TestStateDirIsIgnoredByGit: whatever a crash leaves in .geogen, git
// add -A does not pick it up.
func TestStateDirIsIgnoredByGit(t *testing.T) {
	git, err := exec.LookPath("git")
	if err != nil {
		t.Skip("git is not installed")
	}
	root := t.TempDir()
	run := func(args ...string) string {
		t.Helper()
		cmd := exec.Command(git, args...)
		cmd.Dir = root
		cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_SYSTEM=/dev/null")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	run("init", "-q")
	l, err := Acquire(root, 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Release()
	if err := os.MkdirAll(txDir(root), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"0.new", "1.old", journalName} {
		if err := os.WriteFile(filepath.Join(txDir(root), name), []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(root, "mine.go"), []byte("package mine\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	run("add", "-A")
	if staged := run("diff", "--cached", "--name-only"); strings.TrimSpace(staged) != "mine.go" {
		t.Errorf("git add -A staged:\n%s", staged)
	}
}
