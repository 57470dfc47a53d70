package rendercache

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/geogen/geogen/generator"
	"github.com/geogen/geogen/generator/artifacts"
	"github.com/geogen/geogen/generator/manifest"
)

// testProject is a project with a type of each strategy.
func testProject(t testing.TB, edit ...func(m *manifest.Manifest)) *generator.Project {
	t.Helper()
	m := manifest.New("example.com/shop")
	m.Replicables = []manifest.Replicable{
		{Name: "CoolWidget", Strategy: manifest.Blob, MigrationVersion: 20261122010203},
		{Name: "Gizmo", Strategy: manifest.Repository, MigrationVersion: 20261122010205},
	}
	for _, e := range edit {
		e(m)
	}
	p, err := generator.NewProject(m)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// fresh renders p without any cache.
func fresh(t testing.TB, p *generator.Project) []generator.File {
	t.Helper()
	files, err := generator.GenerateProject(p, artifacts.All())
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// diffFiles is cmp.Diff for files, with contents compared as strings
// (byte by byte through reflection is slow) and nil told from empty.
func diffFiles(want, got []generator.File) string {
	type file struct {
		generator.File
		Content    string
		NilContent bool
	}
	view := func(fs []generator.File) []file {
		out := make([]file, len(fs))
		for i, f := range fs {
			out[i] = file{File: f, Content: string(f.Content), NilContent: f.Content == nil}
			out[i].File.Content = nil
		}
		return out
	}
	return cmp.Diff(view(want), view(got))
}

func testCache(t testing.TB) *Cache { return open(t.TempDir(), "test-identity") }

// entries lists the cache's entry files.
func entries(t testing.TB, c *Cache) []string {
	c.Wait() // the entry Generate stores in the background
	t.Helper()
	names, err := filepath.Glob(filepath.Join(c.dir, "*"+entrySuffix))
	if err != nil {
		t.Fatal(err)
	}
	return names
}

func TestHitIsWhatRenderingGives(t *testing.T) {
	c := testCache(t)
	p := testProject(t)
	want := fresh(t, p)
	for _, what := range []string{"miss", "hit"} {
		got, err := c.generateSync(p)
		if err != nil {
			t.Fatal(err)
		}
		if diff := diffFiles(want, got); diff != "" {
			t.Errorf("%s: files differ from a fresh render (-fresh +cache):\n%s", what, diff)
		}
		if n := len(entries(t, c)); n != 1 {
			t.Errorf("after the %s: %d entries, want 1", what, n)
		}
	}
	stored, ok := c.get(mustKey(t, c, p))
	if !ok {
		t.Fatal("the stored entry does not read back")
	}
	if diff := diffFiles(want, stored); diff != "" {
		t.Errorf("stored entry differs from a fresh render (-fresh +entry):\n%s", diff)
	}
}

// A hit is answered from the entry, not by rendering: an entry planted
// under the project's key is what Generate returns.
func TestGenerateAnswersFromTheEntry(t *testing.T) {
	c := testCache(t)
	p := testProject(t)
	planted := fresh(t, p)[:1]
	planted[0].Content = []byte("planted")
	c.put(mustKey(t, c, p), planted)
	got, err := c.generateSync(p)
	if err != nil {
		t.Fatal(err)
	}
	if diff := diffFiles(planted, got); diff != "" {
		t.Errorf("Generate did not answer from the entry (-planted +got):\n%s", diff)
	}
}

func mustKey(t testing.TB, c *Cache, p *generator.Project) [32]byte {
	t.Helper()
	k, err := key(c.identity, p, artifacts.All())
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// Whatever differs (the project, the program, the table), the key does,
// so a changed manifest or a rebuilt geogen misses.
func TestKeyCoversEveryInput(t *testing.T) {
	base := testProject(t)
	table := artifacts.All()
	baseKey, err := key("A", base, table)
	if err != nil {
		t.Fatal(err)
	}
	if again, _ := key("A", testProject(t), artifacts.All()); again != baseKey {
		t.Fatal("the same project and program give different keys")
	}
	edit := func(f func(m *manifest.Manifest)) *generator.Project { return testProject(t, f) }
	renamedRow := slices.Clone(table)
	renamedRow[0].Name += "-v2"
	rekinded := slices.Clone(table)
	rekinded[0].Kind = generator.ScaffoldOnce
	for _, tt := range []struct {
		name     string
		identity string
		p        *generator.Project
		table    []generator.Artifact
	}{
		{"another build of geogen", "B", base, table},
		{"module", "A", edit(func(m *manifest.Manifest) { m.Module = "example.com/other" }), table},
		{"layout", "A", edit(func(m *manifest.Manifest) { m.Layout.Docs = "documentation" }), table},
		{"a type added", "A", edit(func(m *manifest.Manifest) {
			m.Replicables = append(m.Replicables, manifest.Replicable{Name: "Sprocket", Strategy: manifest.Blob, MigrationVersion: 20261122010207})
		}), table},
		{"a type removed", "A", edit(func(m *manifest.Manifest) { m.Replicables = m.Replicables[:1] }), table},
		{"strategy", "A", edit(func(m *manifest.Manifest) { m.Replicables[0].Strategy = manifest.Repository }), table},
		{"migration version", "A", edit(func(m *manifest.Manifest) { m.Replicables[0].MigrationVersion += 2 }), table},
		{"a naming override", "A", edit(func(m *manifest.Manifest) { m.Replicables[1].Title = "Gadget" }), table},
		{"an initialism", "A", edit(func(m *manifest.Manifest) { m.Replicables[0].Initialisms = []string{"COOL"} }), table},
		{"a row renamed", "A", base, renamedRow},
		{"a row's kind", "A", base, rekinded},
		{"a row dropped", "A", base, table[1:]},
	} {
		k, err := key(tt.identity, tt.p, tt.table)
		if err != nil {
			t.Fatal(err)
		}
		if k == baseKey {
			t.Errorf("%s: same key", tt.name)
		}
	}
}

// Two caches with different identities, in one directory, never answer
// for each other.
func TestAnotherBuildMisses(t *testing.T) {
	dir := t.TempDir()
	p := testProject(t)
	a, b := open(dir, "A"), open(dir, "B")
	planted := []generator.File{{Path: "x.md", Kind: generator.Owned, Content: []byte("from A")}}
	a.put(mustKey(t, a, p), planted)
	got, err := b.generateSync(p)
	if err != nil {
		t.Fatal(err)
	}
	if diff := diffFiles(fresh(t, p), got); diff != "" {
		t.Errorf("B was answered from A's entry (-fresh +got):\n%s", diff)
	}
}

// Every way an entry can be damaged is a miss, which renders and
// replaces the entry.
func TestDamagedEntriesMiss(t *testing.T) {
	p := testProject(t)
	want := fresh(t, p)
	c := testCache(t)
	k := mustKey(t, c, p)
	good := encodeEntry(k, want)
	other := testProject(t, func(m *manifest.Manifest) { m.Module = "example.com/other" })
	flip := func(i int) []byte {
		b := slices.Clone(good)
		b[i] ^= 0x20
		return b
	}
	for _, tt := range []struct {
		name string
		data []byte
	}{
		{"empty", nil},
		{"magic only", []byte(magic)},
		{"truncated to a byte", good[:1]},
		{"truncated in the header", good[:len(magic)+10]},
		{"truncated in half", good[:len(good)/2]},
		{"last byte missing", good[:len(good)-1]},
		{"a byte appended", append(slices.Clone(good), 0)},
		{"a byte of content flipped", flip(len(good) / 2)},
		{"a byte of the checksum flipped", flip(len(good) - 1)},
		{"another format version", flip(len(magic))},
		{"stored under another key", encodeEntry(mustKey(t, c, other), fresh(t, other))},
		{"garbage", []byte(strings.Repeat("geogen ", 1000))},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if err := os.MkdirAll(c.dir, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(c.path(k, entrySuffix), tt.data, 0o644); err != nil {
				t.Fatal(err)
			}
			if _, ok := c.get(k); ok {
				t.Fatal("a damaged entry was read as a hit")
			}
			got, err := c.generateSync(p)
			if err != nil {
				t.Fatal(err)
			}
			if diff := diffFiles(want, got); diff != "" {
				t.Errorf("files differ from a fresh render (-fresh +got):\n%s", diff)
			}
			if _, ok := c.get(k); !ok {
				t.Error("the miss did not replace the damaged entry")
			}
		})
	}
	t.Run("a directory where the entry goes", func(t *testing.T) {
		c := testCache(t)
		if err := os.MkdirAll(c.path(k, entrySuffix), 0o755); err != nil {
			t.Fatal(err)
		}
		got, err := c.generateSync(p)
		if err != nil {
			t.Fatal(err)
		}
		if diff := diffFiles(want, got); diff != "" {
			t.Errorf("files differ from a fresh render (-fresh +got):\n%s", diff)
		}
	})
	t.Run("a file where the directory goes", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "cache")
		if err := os.WriteFile(dir, nil, 0o644); err != nil {
			t.Fatal(err)
		}
		got, err := open(dir, "A").generateSync(p)
		if err != nil {
			t.Fatal(err)
		}
		if diff := diffFiles(want, got); diff != "" {
			t.Errorf("files differ from a fresh render (-fresh +got):\n%s", diff)
		}
	})
}

func TestNilCacheRenders(t *testing.T) {
	p := testProject(t)
	var c *Cache
	got, err := c.generateSync(p)
	if err != nil {
		t.Fatal(err)
	}
	if diff := diffFiles(fresh(t, p), got); diff != "" {
		t.Errorf("files differ from a fresh render (-fresh +got):\n%s", diff)
	}
	if c.Dir() != "" {
		t.Errorf("Dir of an off cache = %q, want empty", c.Dir())
	}
}

// Errors are never stored: the same invalid project fails every time.
func TestErrorsAreNotCached(t *testing.T) {
	c := testCache(t)
	p := testProject(t)
	p.Layout.Docs = "../outside"
	for range 2 {
		if _, err := c.generateSync(p); err == nil {
			t.Fatal("Generate succeeded on a project writing outside itself")
		}
	}
	if n := len(entries(t, c)); n != 0 {
		t.Errorf("%d entries after failed renders, want 0", n)
	}
}

// Writers racing on one directory, some on the same key, leave only
// whole entries, and every reader gets what rendering gives.
func TestConcurrentWriters(t *testing.T) {
	dir := t.TempDir()
	projects := []*generator.Project{
		testProject(t),
		testProject(t, func(m *manifest.Manifest) { m.Module = "example.com/other" }),
		testProject(t, func(m *manifest.Manifest) { m.Replicables = m.Replicables[:1] }),
	}
	want := make([][]generator.File, len(projects))
	for i, p := range projects {
		want[i] = fresh(t, p)
	}
	const writers = 12
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	for w := range writers {
		wg.Go(func() {
			c := open(dir, "A") // one per writer, as one per process
			for round := range 3 {
				i := (w + round) % len(projects)
				got, err := c.generateSync(projects[i])
				if err != nil {
					errs <- err
					return
				}
				if diff := diffFiles(want[i], got); diff != "" {
					errs <- fmt.Errorf("writer %d, project %d: files differ from a fresh render:\n%s", w, i, diff)
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	c := open(dir, "A")
	if n := len(entries(t, c)); n != len(projects) {
		t.Errorf("%d entries, want %d", n, len(projects))
	}
	for i, p := range projects {
		got, ok := c.get(mustKey(t, c, p))
		if !ok {
			t.Errorf("project %d: entry does not read back", i)
			continue
		}
		if diff := diffFiles(want[i], got); diff != "" {
			t.Errorf("project %d: entry differs from a fresh render:\n%s", i, diff)
		}
	}
	temps, _ := filepath.Glob(filepath.Join(dir, tempPrefix+"*"))
	if len(temps) > 0 {
		t.Errorf("temporary files left behind: %v", temps)
	}
}

// Prune keeps the newest entries within the age limit, clears a crashed
// writer's old temporary files, and leaves files it did not name alone.
func TestPrune(t *testing.T) {
	c := testCache(t)
	c.maxEntries = 3
	c.maxAge = 48 * time.Hour
	now := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
	c.now = func() time.Time { return now }
	if err := os.MkdirAll(c.dir, 0o755); err != nil {
		t.Fatal(err)
	}
	write := func(name string, age time.Duration) {
		p := filepath.Join(c.dir, name)
		if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, now.Add(-age), now.Add(-age)); err != nil {
			t.Fatal(err)
		}
	}
	entry := func(i int) string { return fmt.Sprintf("%064x%s", i, entrySuffix) }
	for i, age := range []time.Duration{time.Minute, time.Hour, 2 * time.Hour, 3 * time.Hour, 5 * time.Hour} {
		write(entry(i), age)
	}
	write(entry(9), 72*time.Hour) // would be kept by count alone
	write(tempPrefix+"old", 2*time.Hour)
	write(tempPrefix+"new", time.Minute) // a writer at work
	write("notes.txt", 1000*time.Hour)
	write("0123.render", 1000*time.Hour) // not a key
	c.prune()
	var left []string
	des, err := os.ReadDir(c.dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range des {
		left = append(left, d.Name())
	}
	want := []string{tempPrefix + "new", entry(0), entry(1), entry(2), "0123.render", "notes.txt"}
	slices.Sort(want)
	if diff := cmp.Diff(want, left); diff != "" {
		t.Errorf("after prune (-want +got):\n%s", diff)
	}
}

// A hit refreshes an entry's time once it is stale, so that prune's
// newest-first order follows use, not creation.
func TestHitRefreshesStaleEntries(t *testing.T) {
	c := testCache(t)
	p := testProject(t)
	if _, err := c.generateSync(p); err != nil {
		t.Fatal(err)
	}
	path := c.path(mustKey(t, c, p), entrySuffix)
	old := time.Now().Add(-48 * time.Hour).Truncate(time.Second)
	if err := os.Chtimes(path, old, old); err != nil {
		t.Fatal(err)
	}
	if _, err := c.generateSync(p); err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if !info.ModTime().After(old) {
		t.Errorf("a hit on a two-day-old entry left its time at %v", info.ModTime())
	}
}

// Lookup answers from an entry and never renders: a miss stores nothing.
func TestLookupNeverRenders(t *testing.T) {
	c := testCache(t)
	p := testProject(t)
	if _, ok := c.Lookup(p); ok {
		t.Fatal("hit in an empty cache")
	}
	if got := entries(t, c); len(got) != 0 {
		t.Fatalf("a lookup stored %v", got)
	}
	if _, err := c.generateSync(p); err != nil {
		t.Fatal(err)
	}
	got, ok := c.Lookup(p)
	if !ok {
		t.Fatal("miss after Generate stored the project")
	}
	if d := diffFiles(fresh(t, p), got); d != "" {
		t.Errorf("lookup differs from a fresh render (-want +got):\n%s", d)
	}
	if _, ok := (*Cache)(nil).Lookup(p); ok {
		t.Error("a cache that is off answered")
	}
}

// A session with the cache on still refuses types that collide, though
// it skips the checks across types on a hit: no entry stands for a
// project that failed them.
func TestSessionRefusesCollisionsWithTheCacheOn(t *testing.T) {
	c := testCache(t)
	s, err := generator.Open(t.TempDir(), generator.OpenOptions{NoManifest: true, Render: c.Generate, Cached: c.Lookup})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	m := manifest.New("example.com/shop")
	m.Replicables = []manifest.Replicable{
		{Name: "CoolWidget", Strategy: manifest.Blob, MigrationVersion: 20261122010203},
		{Name: "Gizmo", Strategy: manifest.Repository, MigrationVersion: 20261122010205},
	}
	for range 2 { // a miss that stores, then a hit
		if _, err := s.Render(m); err != nil {
			t.Fatal(err)
		}
	}
	m.Replicables[1].Table = "cool_widgets" // CoolWidget's model table
	for range 2 {
		_, err := s.Render(m)
		var names *generator.NamesError
		if !errors.As(err, &names) {
			t.Fatalf("render of colliding tables: %v, want a *generator.NamesError", err)
		}
	}
	if got := entries(t, c); len(got) != 1 {
		t.Errorf("entries %v, want the valid project's alone", got)
	}
}

// generateSync is Generate, returning once the entry it stores is
// written, as a command's end waits for it.
func (c *Cache) generateSync(p *generator.Project) ([]generator.File, error) {
	files, err := c.Generate(p)
	c.Wait()
	return files, err
}
