package gitrepo_test

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/geogen/geogen/runtime/gitrepo"
)

func TestChecksumFormat(t *testing.T) {
	repo := filepath.Join(t.TempDir(), "a.git")
	initRepo(t, repo)
	if sum := checksum(t, repo); sum != nil {
		t.Fatalf("empty repository: checksum %x, want nil", sum)
	}
	main := commit(t, repo, "main", "one")
	setRef(t, repo, "refs/tags/v1", main)
	setRef(t, repo, "refs/keep-around/"+main, main)
	setRef(t, repo, "refs/merge-requests/1/head", main) // not checksummed
	setRef(t, repo, "refs/notes/commits", main)         // not checksummed

	// The documented byte format, sorted by refname.
	want := sha256.Sum256([]byte(
		"refs/heads/main " + main + "\n" +
			"refs/keep-around/" + main + " " + main + "\n" +
			"refs/tags/v1 " + main + "\n"))
	got := checksum(t, repo)
	if !bytes.Equal(got, want[:]) {
		t.Errorf("checksum %x, want %x (SHA-256 of the sorted ref lines)", got, want)
	}
	if again := checksum(t, repo); !bytes.Equal(got, again) {
		t.Errorf("checksum not stable: %x then %x", got, again)
	}
}

func TestChecksumEqualForEqualRefs(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.git"), filepath.Join(dir, "b.git")
	initRepo(t, a)
	initRepo(t, b)
	for _, repo := range []string{a, b} {
		id := commit(t, repo, "main", "one")
		commit(t, repo, "feature", "two")
		setRef(t, repo, "refs/tags/v1", id)
	}
	git(t, b, "", "pack-refs", "--all") // packing does not matter
	git(t, b, "", "repack", "-a", "-d", "-q")
	if sa, sb := checksum(t, a), checksum(t, b); !bytes.Equal(sa, sb) {
		t.Errorf("same refs, loose and packed: %x != %x", sa, sb)
	}
}

func TestChecksumChangesWithAnyRef(t *testing.T) {
	repo := filepath.Join(t.TempDir(), "a.git")
	initRepo(t, repo)
	first := commit(t, repo, "main", "one")
	setRef(t, repo, "refs/tags/gone", first)
	for _, tc := range []struct {
		name   string
		change func()
	}{
		{"new branch", func() { commit(t, repo, "feature", "two") }},
		{"new tag", func() { setRef(t, repo, "refs/tags/v1", first) }},
		{"new keep-around ref", func() { setRef(t, repo, "refs/keep-around/"+first, first) }},
		{"branch moved forward", func() { commit(t, repo, "main", "three") }},
		{"branch rewound", func() { setRef(t, repo, "refs/heads/main", first) }},
		{"tag moved", func() { setRef(t, repo, "refs/tags/v1", commit(t, repo, "other", "o")) }},
		{"branch deleted", func() {
			if err := gitrepo.DeleteRef(ctx, repo, "refs/heads/feature"); err != nil {
				t.Fatal(err)
			}
		}},
		{"tag deleted", func() {
			if err := gitrepo.DeleteRef(ctx, repo, "refs/tags/gone"); err != nil {
				t.Fatal(err)
			}
		}},
	} {
		before := checksum(t, repo)
		tc.change()
		if after := checksum(t, repo); bytes.Equal(before, after) {
			t.Errorf("%s: checksum unchanged (%x)", tc.name, after)
		}
	}
}

func TestChecksumManyRefs(t *testing.T) {
	repo := filepath.Join(t.TempDir(), "a.git")
	initRepo(t, repo)
	ids := []string{commit(t, repo, "main", "one"), commit(t, repo, "main", "two")}
	lines := []string{"refs/heads/main " + ids[1] + "\n"}
	var stdin strings.Builder
	for i := range 3000 {
		ref := fmt.Sprintf("refs/%s/r%d", []string{"heads", "tags", "keep-around"}[i%3], i)
		fmt.Fprintf(&stdin, "create %s %s\n", ref, ids[i%2])
		lines = append(lines, ref+" "+ids[i%2]+"\n")
	}
	git(t, repo, stdin.String(), "update-ref", "--stdin")
	slices.Sort(lines)
	want := sha256.Sum256([]byte(strings.Join(lines, "")))
	if got := checksum(t, repo); !bytes.Equal(got, want[:]) {
		t.Errorf("checksum of 3001 refs %x, want %x", got, want)
	}
}

func TestChecksumOfNotARepository(t *testing.T) {
	dir := t.TempDir()
	enclosing := filepath.Join(dir, "enclosing.git")
	initRepo(t, enclosing)
	commit(t, enclosing, "main", "one")
	inside := filepath.Join(enclosing, "plain-directory")
	if err := os.Mkdir(inside, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ name, path string }{
		{"missing", filepath.Join(dir, "nothing.git")},
		{"plain directory inside a repository", inside},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sum, err := gitrepo.Checksum(ctx, tc.path)
			if err == nil {
				t.Fatalf("checksum = %x, want an error", sum)
			}
			if !strings.Contains(err.Error(), tc.path) {
				t.Errorf("error %q does not name the path", err)
			}
		})
	}
}
