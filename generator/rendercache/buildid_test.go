package rendercache

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// The running test binary's build ID is the one the go command reports
// for it.
func TestExecutableBuildID(t *testing.T) {
	goBin := lookGo(t)
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	got, err := executableBuildID()
	if err != nil {
		t.Fatal(err)
	}
	if want := goBuildID(t, goBin, exe); got != want {
		t.Errorf("build ID %q, go tool buildid says %q", got, want)
	}
}

// Each executable format is read as `go tool buildid` reads it, and a
// binary without a usable build ID gets none.
func TestReadBuildIDAcrossFormats(t *testing.T) {
	if testing.Short() {
		t.Skip("cross-compiles small programs: skipped with -short")
	}
	goBin := lookGo(t)
	src := t.TempDir()
	for name, content := range map[string]string{
		"go.mod":  "module hello\n\ngo 1.26\n",
		"main.go": "package main\n\nfunc main() {}\n",
	} {
		if err := os.WriteFile(filepath.Join(src, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, tt := range []struct {
		name, goos, goarch, ldflags string
		ok                          bool
	}{
		{"elf", "linux", "amd64", "", true},
		{"elf stripped", "linux", "arm64", "-s -w", true},
		{"mach-o", "darwin", "arm64", "", true},
		{"pe", "windows", "amd64", "", true},
		{"no build id", "linux", "amd64", "-buildid=", false},
		{"placeholder build id", "linux", "amd64", "-buildid=redacted", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			bin := filepath.Join(t.TempDir(), "hello")
			cmd := exec.Command(goBin, "build", "-o", bin, "-ldflags="+tt.ldflags, ".")
			cmd.Dir = src
			cmd.Env = append(os.Environ(), "GOOS="+tt.goos, "GOARCH="+tt.goarch, "CGO_ENABLED=0", "GOFLAGS=", "GOWORK=off")
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("go build: %v\n%s", err, out)
			}
			f, err := os.Open(bin)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			got, err := readBuildID(f)
			if !tt.ok {
				if err == nil {
					t.Errorf("read build ID %q, want none", got)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if want := goBuildID(t, goBin, bin); got != want {
				t.Errorf("build ID %q, go tool buildid says %q", got, want)
			}
		})
	}
}

// What the identity must follow, the build ID does: a change to an
// embedded file (a template) or to a package the program imports (the
// runtime code the generator renders from) gives another build ID, and
// rebuilding unchanged sources gives the same one.
func TestBuildIDFollowsSources(t *testing.T) {
	if testing.Short() {
		t.Skip("builds small programs: skipped with -short")
	}
	goBin := lookGo(t)
	src := t.TempDir()
	write := func(name, content string) {
		t.Helper()
		p := filepath.Join(src, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("go.mod", "module hello\n\ngo 1.26\n")
	write("main.go", `package main

import (
	_ "embed"

	"hello/dep"
)

//go:embed template.tmpl
var template string

func main() { println(template, dep.SDL()) }
`)
	write("template.tmpl", "one")
	write("dep/dep.go", "package dep\n\nfunc SDL() string { return \"type A\" }\n")
	build := func() string {
		t.Helper()
		bin := filepath.Join(t.TempDir(), "hello")
		cmd := exec.Command(goBin, "build", "-o", bin, ".")
		cmd.Dir = src
		cmd.Env = append(os.Environ(), "GOFLAGS=", "GOWORK=off")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("go build: %v\n%s", err, out)
		}
		f, err := os.Open(bin)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		id, err := readBuildID(f)
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	first := build()
	if again := build(); again != first {
		t.Errorf("rebuilding unchanged sources changed the build ID: %s, then %s", first, again)
	}
	write("template.tmpl", "two")
	templated := build()
	if templated == first {
		t.Error("changing an embedded template left the build ID as it was")
	}
	write("dep/dep.go", "package dep\n\nfunc SDL() string { return \"type B\" }\n")
	if build() == templated {
		t.Error("changing an imported package left the build ID as it was")
	}
}

func TestPlausibleBuildID(t *testing.T) {
	for id, want := range map[string]bool{
		"pUm_BdXtAe2sh6ag0Ob3/HekBJmogk7sQe0YqbIXz/wnJg6yS1De-q7hwhwr_2/1-bwKolZa0K-kWTlMy-i": true,
		"pUm_BdXtAe2sh6ag0Ob3/HekBJmogk7sQe0YqbIXz":                                           true,
		"":                                     false,
		"redacted":                             false,
		"pUm_BdXtAe2sh6ag0Ob3":                 false, // one part
		"pUm_BdXtAe2sh6ag0Ob3/short":           false,
		"pUm_BdXtAe2sh6ag0Ob3/HekBJmogk7sQe0 ": false,
		"pUm_BdXtAe2sh6ag0Ob3//HekBJmogk7sQe0": false,
	} {
		if got := plausibleBuildID(id); got != want {
			t.Errorf("plausibleBuildID(%q) = %v, want %v", id, got, want)
		}
	}
}

func lookGo(t *testing.T) string {
	t.Helper()
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skipf("the go command is needed to read build IDs independently: %v", err)
	}
	return goBin
}

func goBuildID(t *testing.T, goBin, file string) string {
	t.Helper()
	out, err := exec.Command(goBin, "tool", "buildid", file).Output()
	if err != nil {
		t.Fatalf("go tool buildid %s: %v", file, err)
	}
	return strings.TrimSpace(string(out))
}
