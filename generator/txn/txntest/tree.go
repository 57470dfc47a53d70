// Package txntest reads and copies projects for the tests that interrupt
// geogen's writes and compare the project with its states before and
// after.
package txntest

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/geogen/geogen/generator/txn"
)

// Tree is the project as its user sees it: every file with its content
// and every directory (as "dir/"), leaving out geogen's own state
// directory (txn.Pending inspects that). A staging file of the kind
// older releases left next to their targets fails the test.
func Tree(t testing.TB, root string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		switch {
		case rel == txn.Dir:
			return filepath.SkipDir
		case d.IsDir():
			out[rel+"/"] = ""
			return nil
		case strings.HasPrefix(d.Name(), ".geogen-"):
			t.Errorf("staging file in the project: %s", rel)
		}
		b, err := os.ReadFile(p)
		out[rel] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// Copy copies the project at from, as Tree sees it, into to.
func Copy(t testing.TB, from, to string) {
	t.Helper()
	for rel, content := range Tree(t, from) {
		p := filepath.Join(to, filepath.FromSlash(rel))
		if strings.HasSuffix(rel, "/") {
			if err := os.MkdirAll(p, 0o755); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
