package artifacts

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/geogen/geogen/generator"
	"github.com/geogen/geogen/generator/manifest"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// goldenDir holds one directory per case: its geogen.yaml, and under want/
// every file Generate produces from it with the production table.
const goldenDir = "../../testdata/golden"

func TestGolden(t *testing.T) {
	cases, err := filepath.Glob(filepath.Join(goldenDir, "*", manifest.FileName))
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) == 0 {
		t.Fatal("no golden cases found")
	}
	for _, mf := range cases {
		dir := filepath.Dir(mf)
		t.Run(filepath.Base(dir), func(t *testing.T) {
			m, err := manifest.Load(dir)
			if err != nil {
				t.Fatal(err)
			}
			files, err := generator.Generate(m, All())
			if err != nil {
				t.Fatal(err)
			}
			want := filepath.Join(dir, "want")
			if *update {
				writeTree(t, want, files)
				return
			}
			compareTree(t, want, files)
		})
	}
}

func writeTree(t *testing.T, dir string, files []generator.File) {
	t.Helper()
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		p := filepath.Join(dir, filepath.FromSlash(f.Path))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Content, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// compareTree fails on every file that differs, is missing or is extra,
// with a line diff.
func compareTree(t *testing.T, dir string, files []generator.File) {
	t.Helper()
	want := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		want[filepath.ToSlash(rel)] = string(b)
		return err
	})
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	for _, f := range files {
		w, ok := want[f.Path]
		delete(want, f.Path)
		if !ok {
			t.Errorf("%s: generated, but not in %s (go test ./generator/... -update)", f.Path, dir)
			continue
		}
		if diff := cmp.Diff(strings.SplitAfter(w, "\n"), strings.SplitAfter(string(f.Content), "\n")); diff != "" {
			t.Errorf("%s (-want +got):\n%s", f.Path, diff)
		}
	}
	for p := range want {
		t.Errorf("%s: in %s, but no longer generated (go test ./generator/... -update)", p, dir)
	}
}
