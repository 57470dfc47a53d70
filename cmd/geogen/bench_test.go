package main

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/geogen/geogen/generator/manifest"
)

// The budgets of the commands a developer and a pre-commit hook run: new
// ≤ 30 ms on an empty project, generate and check ≤ 100 ms on a project
// of 100 types. They are measured here, in-process with the command
// line parsed as usual, and never asserted on in tests.
//
// Each is measured twice. cold has the render cache off: every file is
// rendered, as in CI or on the first run after geogen or geogen.yaml
// changed. warm has a cache (a temporary directory, never the user's)
// that an earlier run of this binary filled for the same manifest: the
// pre-commit hook on a commit that leaves geogen.yaml alone.

func BenchmarkNew(b *testing.B) {
	template := b.TempDir()
	benchRun(b, template, cacheOff, "init", "--module", "example.com/shop")
	for _, c := range benchCaches(b) {
		b.Run(c.name, func(b *testing.B) {
			base := b.TempDir()
			if c.warm {
				benchRun(b, template, c.env, "new", "CoolWidget", "--strategy", "blob", "--dry-run")
			}
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				dir := filepath.Join(base, fmt.Sprint(i))
				copyTree(b, template, dir)
				b.StartTimer()
				benchRun(b, dir, c.env, "new", "CoolWidget", "--strategy", "blob")
			}
		})
	}
}

func BenchmarkGenerate100(b *testing.B) { benchProject100(b, "generate") }

func BenchmarkCheck100(b *testing.B) { benchProject100(b, "check") }

// benchProject100 runs a command that changes nothing on project100,
// cold and warm.
func benchProject100(b *testing.B, args ...string) {
	dir := project100(b)
	for _, c := range benchCaches(b) {
		b.Run(c.name, func(b *testing.B) {
			if c.warm {
				benchRun(b, dir, c.env, args...)
			}
			for b.Loop() {
				benchRun(b, dir, c.env, args...)
			}
		})
	}
}

// benchCache is a render cache setting to measure under.
type benchCache struct {
	name string
	env  map[string]string
	warm bool // fill the cache before measuring
}

var cacheOff = map[string]string{cacheEnv: "off"}

func benchCaches(b *testing.B) []benchCache {
	return []benchCache{
		{name: "cold", env: cacheOff},
		{name: "warm", env: map[string]string{cacheEnv: b.TempDir()}, warm: true},
	}
}

// project100 is a generated project with 100 types, half of each
// strategy, with every file on disk.
func project100(b *testing.B) string {
	dir := b.TempDir()
	benchRun(b, dir, cacheOff, "init", "--module", "example.com/shop")
	m, err := manifest.Load(dir)
	if err != nil {
		b.Fatal(err)
	}
	for i := range 100 {
		s := manifest.Blob
		if i%2 == 1 {
			s = manifest.Repository
		}
		m.Replicables = append(m.Replicables, manifest.Replicable{
			Name: fmt.Sprintf("Part%c%c", 'A'+i/26, 'a'+i%26), Strategy: s, // PartAa … PartDv
			MigrationVersion: 20261122010203 + int64(i)*manifest.VersionsPerType*100,
			SchemaRevision:   manifest.SchemaRevision, // a project made today
		})
	}
	data, err := m.Marshal()
	if err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, manifest.FileName), data, 0o644); err != nil {
		b.Fatal(err)
	}
	benchRun(b, dir, cacheOff, "generate")
	return dir
}

func benchRun(b *testing.B, dir string, env map[string]string, args ...string) {
	b.Helper()
	now := time.Date(2026, 11, 22, 1, 2, 3, 0, time.UTC)
	var stderr strings.Builder
	a := &app{stdout: io.Discard, stderr: &stderr, getenv: func(k string) string { return env[k] }, now: func() time.Time { return now }}
	if code := a.run(append([]string{"-C", dir}, args...)); code != exitOK {
		b.Fatalf("geogen %s: exit %d\n%s", strings.Join(args, " "), code, stderr.String())
	}
}

func copyTree(b *testing.B, from, to string) {
	b.Helper()
	err := filepath.WalkDir(from, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(from, p)
		if err != nil {
			return err
		}
		if e.IsDir() {
			return os.MkdirAll(filepath.Join(to, rel), 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(to, rel), data, 0o644)
	})
	if err != nil {
		b.Fatal(err)
	}
}
