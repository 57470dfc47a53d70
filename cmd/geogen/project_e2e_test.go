package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/geogen/geogen/runtime/geotest"
)

// TestNewProjectBuildsAndPasses is the promise of `geogen new`: in an
// empty directory, init --tidy plus types of each strategy (added by
// parallel geogen new processes) gives a
// project whose go vet and go test pass at once, with no second go mod
// tidy (init's aggregate test already imports what every type needs),
// against this checkout's runtime, on SQLite and (when the variable is
// set) on PostgreSQL. Its types are the project_* entries of FuzzNames'
// corpus, names chosen to be hard, several difficulties to a name (SQL
// key words beside an override and as the foreign key, a mixed-case
// term, an initialism with a version, irregular plurals, the longest
// name the SQL identifiers allow), so those accepted names are held to
// a project whose tests pass, not only to migrations that apply, in the
// one project build this test makes anyway.
func TestNewProjectBuildsAndPasses(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and tests a generated project: skipped with -short")
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("the go command is needed to build the generated project: %v", err)
	}
	dir := t.TempDir()
	env := map[string]string{runtimeDirEnv: repoRoot(t), clockEnv: "2026-11-22T01:02:03Z"}
	geogen(t, dir, env, "init", "--module", "example.com/shop", "--tidy")
	// The types are added by concurrent geogen processes: the project
	// lock must serialise them into a project that builds and passes.
	geogenBin, err := exec.LookPath("geogen")
	if err != nil {
		t.Fatal(err)
	}
	names, flags := projectCorpus(t)
	concurrentNew(t, geogenBin, dir, names, flags)
	goCmd(t, goBin, dir, "build", "./...")
	goCmd(t, goBin, dir, "vet", "./...")
	out := goCmd(t, goBin, dir, "test", "-count=1", "-v", "./...")
	if os.Getenv(geotest.PostgresURLEnv) != "" && !strings.Contains(out, "/postgres") {
		t.Errorf("%s is set, but no test ran on PostgreSQL:\n%s", geotest.PostgresURLEnv, out)
	}
	if geogenExit(t, dir, env, "check") != exitOK {
		t.Error("geogen check is not clean right after new")
	}
}

func geogen(t *testing.T, dir string, env map[string]string, args ...string) {
	t.Helper()
	if code := geogenExit(t, dir, env, args...); code != exitOK {
		t.Fatalf("geogen %s: exit %d", strings.Join(args, " "), code)
	}
}

func geogenExit(t *testing.T, dir string, env map[string]string, args ...string) int {
	t.Helper()
	var stdout, stderr bytes.Buffer
	a := &app{
		stdout: &stdout, stderr: &stderr,
		getenv: func(k string) string { return env[k] },
		now:    func() time.Time { return time.Date(2026, 11, 22, 1, 2, 3, 0, time.UTC) },
	}
	code := a.run(append([]string{"-C", dir}, args...))
	if code != exitOK {
		t.Logf("geogen %s:\n%s%s", strings.Join(args, " "), stdout.String(), stderr.String())
	}
	return code
}

func goCmd(t *testing.T, goBin, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command(goBin, args...)
	cmd.Dir = dir
	// -mod=readonly: a module that init --tidy did not record fails the
	// build instead of being added quietly.
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=readonly", "GOWORK=off")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go %s in the generated project: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// repoRoot is this checkout: the module that holds the runtime.
func repoRoot(t *testing.T) string {
	t.Helper()
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		t.Fatal("cannot locate the test file")
	}
	return filepath.Clean(filepath.Join(filepath.Dir(file), "..", ".."))
}

// fuzzCorpus is FuzzNames' checked-in corpus.
const fuzzCorpus = "../../generator/artifacts/testdata/fuzz/FuzzNames"

// projectCorpus reads the project_* entries of FuzzNames' corpus: each a
// model name and its --plural, --table and --foreign-key (empty: not
// given).
func projectCorpus(t *testing.T) ([]string, map[string][]string) {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(fuzzCorpus, "project_*"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no project_* entries in %s: %v", fuzzCorpus, err)
	}
	var names []string
	flags := map[string][]string{}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimSpace(string(data)), "\n")
		if len(lines) != 5 || lines[0] != "go test fuzz v1" {
			t.Fatalf("%s: not a corpus entry of FuzzNames' four strings", p)
		}
		var values []string
		for _, l := range lines[1:] {
			v, err := strconv.Unquote(strings.TrimSuffix(strings.TrimPrefix(l, "string("), ")"))
			if err != nil {
				t.Fatalf("%s: %q: %v", p, l, err)
			}
			values = append(values, v)
		}
		names = append(names, values[0])
		for i, flag := range []string{"--plural", "--table", "--foreign-key"} {
			if values[i+1] != "" {
				flags[values[0]] = append(flags[values[0]], flag, values[i+1])
			}
		}
	}
	return names, flags
}
