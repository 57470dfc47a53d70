package rendercache

import (
	"encoding/hex"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/geogen/geogen/generator"
	"github.com/geogen/geogen/generator/artifacts"
)

// Cache is a directory of rendered projects. A nil *Cache is a cache
// that is off: Generate renders every time.
type Cache struct {
	dir      string
	identity string // of the program rendering; see key

	// Bounds, kept by prune after every store.
	maxEntries int
	maxAge     time.Duration

	now func() time.Time

	// missed is the project Lookup last missed, and its key: Generate
	// renders that very project next, and need not key it again.
	missed struct {
		sync.Mutex
		p *generator.Project
		k [32]byte
	}
	// storing are the stores Generate started in the background, each
	// closed when done; Wait waits for them.
	storing struct {
		sync.Mutex
		done []chan struct{}
	}
}

// Default bounds, over render entries and clean records together. An
// entry of a 100-type project is about 3.7 MB and its record some
// 150 KB, and the two come in pairs, so the directory stays near 100 MB
// for projects that size, and entries a project no longer produces
// (every edit of geogen.yaml makes a new key) age out.
const (
	defaultMaxEntries = 48
	defaultMaxAge     = 30 * 24 * time.Hour
)

// touchAfter is how stale an entry's modification time may get before a
// hit refreshes it: often enough for prune's newest-first order to track
// use, rarely enough that a hit almost never writes.
const touchAfter = time.Hour

// entrySuffix names entry files: <key in hex>.render.
const entrySuffix = ".render"

// tempPrefix names entries being written; prune removes old ones a
// crashed writer left.
const tempPrefix = ".tmp-"

// Open returns the cache in dir (created on the first store) for the
// running program, or nil, a cache that is off, with the reason, when
// the program has no build ID to tell its renderings from another
// build's.
func Open(dir string) (*Cache, error) {
	id, err := executableBuildID()
	if err != nil {
		return nil, err
	}
	return open(dir, id), nil
}

func open(dir, identity string) *Cache {
	return &Cache{dir: dir, identity: identity, maxEntries: defaultMaxEntries, maxAge: defaultMaxAge, now: time.Now}
}

// Dir is the directory the cache lives in, "" when it is off.
func (c *Cache) Dir() string {
	if c == nil {
		return ""
	}
	return c.dir
}

// Generate is generator.GenerateProject with the production table,
// answered from the cache when this program rendered the same project
// before. p must come from generator.NewProject: a Session trusts an
// entry to stand for a project that passed its checks. Only successful renderings are stored; errors are recomputed
// every time, so they are always reported as they are now.
func (c *Cache) Generate(p *generator.Project) ([]generator.File, error) {
	table := artifacts.All()
	if c == nil {
		return generator.GenerateProject(p, table)
	}
	c.missed.Lock()
	k, missed := c.missed.k, c.missed.p == p
	if missed {
		c.missed.p = nil
	}
	c.missed.Unlock()
	if !missed {
		var err error
		if k, err = key(c.identity, p, table); err != nil {
			return generator.GenerateProject(p, table)
		}
		if files, ok := c.get(k); ok {
			return files, nil
		}
	}
	files, err := generator.GenerateProject(p, table)
	if err != nil {
		return nil, err
	}
	// Encoding and writing the entry (3.7 MB for 100 types) takes a
	// processor for tens of milliseconds, which the command's comparison
	// with the disk can use meanwhile. The files are only read from here.
	done := make(chan struct{})
	c.storing.Lock()
	c.storing.done = append(c.storing.done, done)
	c.storing.Unlock()
	go func() {
		defer close(done)
		c.put(k, files)
	}()
	return files, nil
}

// Wait returns once the entry Generate stores in the background is
// written (or given up). The command calls it before it exits, so that
// the next run finds the entry. It is safe on a cache that is off.
func (c *Cache) Wait() error {
	if c == nil {
		return nil
	}
	c.storing.Lock()
	done := c.storing.done
	c.storing.done = nil
	c.storing.Unlock()
	for _, d := range done {
		<-d
	}
	return nil
}

// Lookup returns the files stored for p, and never renders: a miss is
// (nil, false), as is a cache that is off.
func (c *Cache) Lookup(p *generator.Project) ([]generator.File, bool) {
	if c == nil {
		return nil, false
	}
	k, err := key(c.identity, p, artifacts.All())
	if err != nil {
		return nil, false
	}
	files, ok := c.get(k)
	if !ok {
		c.missed.Lock()
		c.missed.p, c.missed.k = p, k
		c.missed.Unlock()
	}
	return files, ok
}

// path is where the file of key k with suffix (entrySuffix or
// cleanSuffix) lives.
func (c *Cache) path(k [32]byte, suffix string) string {
	return filepath.Join(c.dir, hex.EncodeToString(k[:])+suffix)
}

// get returns the files stored under k. Every failure is a miss.
func (c *Cache) get(k [32]byte) ([]generator.File, bool) {
	p := c.path(k, entrySuffix)
	data, err := os.ReadFile(p)
	if err != nil {
		return nil, false
	}
	files, err := decodeEntry(k, data)
	if err != nil {
		return nil, false
	}
	if info, err := os.Stat(p); err == nil && c.now().Sub(info.ModTime()) > touchAfter {
		now := c.now()
		_ = os.Chtimes(p, now, now) // best effort: a read-only cache still answers
	}
	return files, true
}

// put stores files under k (see write).
func (c *Cache) put(k [32]byte, files []generator.File) {
	c.write(c.path(k, entrySuffix), encodeEntry(k, files))
}

// write puts data at p, atomically: a reader sees the whole file or
// none, and concurrent writers of one key (who write the same bytes)
// each rename a complete file into place. Failures are ignored; the next
// run renders again.
func (c *Cache) write(p string, data []byte) {
	if err := os.MkdirAll(c.dir, 0o755); err != nil {
		return
	}
	tmp, err := os.CreateTemp(c.dir, tempPrefix+"*")
	if err != nil {
		return
	}
	_, err = tmp.Write(data)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), p)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return
	}
	c.tag()
	c.prune()
}

// prune keeps the newest maxEntries entries used within maxAge, and
// removes temporary files a crashed writer left over an hour ago. It
// skips anything it did not name, so a mistaken GEOGEN_CACHE pointing
// at a directory of other files loses none of them.
func (c *Cache) prune() {
	dirents, err := os.ReadDir(c.dir)
	if err != nil {
		return
	}
	type entry struct {
		path string
		mod  time.Time
	}
	var entries []entry
	now := c.now()
	for _, d := range dirents {
		name := d.Name()
		info, err := d.Info()
		if err != nil || !info.Mode().IsRegular() {
			continue
		}
		switch {
		case isEntryName(name):
			entries = append(entries, entry{filepath.Join(c.dir, name), info.ModTime()})
		case strings.HasPrefix(name, tempPrefix) && now.Sub(info.ModTime()) > time.Hour:
			os.Remove(filepath.Join(c.dir, name))
		}
	}
	slices.SortFunc(entries, func(a, b entry) int { return b.mod.Compare(a.mod) }) // newest first
	for i, e := range entries {
		if i >= c.maxEntries || now.Sub(e.mod) > c.maxAge {
			os.Remove(e.path)
		}
	}
}

// isEntryName reports whether name is a render entry's or a clean
// record's.
func isEntryName(name string) bool {
	h, ok := strings.CutSuffix(name, entrySuffix)
	if !ok {
		h, ok = strings.CutSuffix(name, cleanSuffix)
	}
	if !ok || len(h) != 64 {
		return false
	}
	_, err := hex.DecodeString(h)
	return err == nil
}

// tag marks the directory as a cache for backup tools
// (https://bford.info/cachedir/), once.
func (c *Cache) tag() {
	p := filepath.Join(c.dir, "CACHEDIR.TAG")
	if _, err := os.Stat(p); !errors.Is(err, fs.ErrNotExist) {
		return
	}
	_ = os.WriteFile(p, []byte("Signature: 8a477f597d28d172789f06886806bc55\n# This directory is geogen's render cache; delete it at any time.\n"), 0o644)
}
