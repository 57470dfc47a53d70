package gitrepo_test

import (
	"bytes"
	"compress/zlib"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/geogen/geogen/runtime/gitrepo"
)

// TestCheckFindsDamagedFileContents: a repository whose history is whole
// but one of whose file objects no longer hashes to its name (flipped
// bytes inside the stored data) is reported corrupt; clones of it fail, so
// a walk of commits and trees alone is not enough.
func TestCheckFindsDamagedFileContents(t *testing.T) {
	work := t.TempDir()
	git(t, "", "", "init", "-q", "-b", "main", work)
	if err := os.WriteFile(filepath.Join(work, "data.txt"), []byte("the original contents\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	git(t, work, "", "add", "data.txt")
	git(t, work, "", "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "one")
	bare := filepath.Join(t.TempDir(), "repo.git")
	git(t, "", "", "clone", "-q", "--bare", "--no-local", work, bare)
	// The clone holds its objects in a pack; unpack them so one object's
	// stored bytes can be replaced.
	packs, _ := filepath.Glob(filepath.Join(bare, "objects", "pack", "*.pack"))
	for _, p := range packs {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range []string{p, strings.TrimSuffix(p, ".pack") + ".idx", strings.TrimSuffix(p, ".pack") + ".rev"} {
			os.Remove(f)
		}
		git(t, bare, string(data), "unpack-objects", "-q")
	}

	m := &gitrepo.Mirror{}
	if err := m.Check(ctx, bare); err != nil {
		t.Fatalf("Check of a whole repository: %v", err)
	}

	blob := strings.TrimSpace(git(t, bare, "", "rev-parse", "main:data.txt"))
	object := filepath.Join(bare, "objects", blob[:2], blob[2:])
	var damaged bytes.Buffer
	zw := zlib.NewWriter(&damaged)
	zw.Write([]byte("blob 22\x00the damaged contents!\n"))
	zw.Close()
	os.Chmod(object, 0o644)
	if err := os.WriteFile(object, damaged.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}

	err := m.Check(ctx, bare)
	if !errors.Is(err, gitrepo.ErrCorrupt) {
		t.Fatalf("Check of a repository whose file object is damaged: err = %v, want ErrCorrupt", err)
	}
}
