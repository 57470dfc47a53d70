package generator

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/geogen/geogen/generator/manifest"
)

// disk reads the project's files. A missing file reads as nil; any other
// failure (a directory where a file should be, a permission problem) is
// an error, found before anything is written.
type disk struct {
	root    string
	staging []string // staging files of interrupted runs, found by untrackedGenerated
}

func (d *disk) abs(p string) string { return filepath.Join(d.root, filepath.FromSlash(p)) }

func (d *disk) read(p string) ([]byte, error) { return d.readLike(p, nil) }

// readLike is read, returning like itself when the file holds exactly
// its bytes (see readFile).
func (d *disk) readLike(p string, like []byte) ([]byte, error) {
	b, err := readFile(d.abs(p), like)
	switch {
	case err == nil:
		if b == nil {
			b = []byte{} // present but empty is not missing
		}
		return b, nil
	case errors.Is(err, fs.ErrNotExist):
		return nil, nil
	}
	if info, serr := os.Stat(d.abs(p)); serr == nil && info.IsDir() {
		return nil, fmt.Errorf("%s is a directory, where geogen wants a file (move it away)", p)
	}
	return nil, fmt.Errorf("read %s: %w", p, err)
}

// readAll reads paths in parallel: a check of a large project is mostly
// waiting on the file system. A file whose bytes are those like holds
// for its path reads as that very slice.
func (d *disk) readAll(paths []string, like map[string][]byte) (map[string][]byte, error) {
	contents := make([][]byte, len(paths))
	errs := make([]error, len(paths))
	parallel(len(paths), func(i int) { contents[i], errs[i] = d.readLike(paths[i], like[paths[i]]) })
	out := make(map[string][]byte, len(paths))
	for i, p := range paths {
		if errs[i] != nil {
			return nil, errs[i]
		}
		out[p] = contents[i]
	}
	return out, nil
}

// untrackedGenerated finds files under the layout's directories that
// carry geogen's header but that known does not claim: files geogen wrote
// whose lock entries were lost (a merge that kept the wrong side of
// geogen.yaml), which would otherwise linger unnoticed, as sqlc's do.
func (d *disk) untrackedGenerated(l manifest.Layout, known func(string) bool) (map[string][]byte, error) {
	out := map[string][]byte{}
	seen := map[string]bool{}
	for _, dir := range []string{l.Packages, l.Migrations, l.Docs, l.Flags} {
		err := filepath.WalkDir(d.abs(dir), func(p string, e fs.DirEntry, err error) error {
			if err != nil {
				if errors.Is(err, fs.ErrNotExist) {
					return nil
				}
				return err
			}
			if e.IsDir() {
				if strings.HasPrefix(e.Name(), ".") && p != d.abs(dir) {
					return filepath.SkipDir
				}
				return nil
			}
			if !e.Type().IsRegular() {
				return nil
			}
			rel, err := filepath.Rel(d.root, p)
			if err != nil {
				return err
			}
			rel = filepath.ToSlash(rel)
			if isStaging(path.Base(rel)) {
				d.staging = append(d.staging, rel)
				return nil
			}
			if seen[rel] || known(rel) {
				return nil
			}
			seen[rel] = true
			head, err := readHead(p)
			if err != nil {
				return err
			}
			if claimsGenerated(head) {
				all, err := os.ReadFile(p)
				if err != nil {
					return err
				}
				out[rel] = all
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("scan %s: %w", dir, err)
		}
	}
	return out, nil
}

func readHead(p string) ([]byte, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	buf := make([]byte, headerWindow)
	n, err := io.ReadFull(f, buf)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return nil, err
	}
	return buf[:n], nil
}

// legacyStaging lists the staging files that geogen releases before the
// journal left next to their targets when interrupted, in the root (for
// geogen.yaml) and, as found by untrackedGenerated, in the layout.
func (d *disk) legacyStaging() ([]string, error) {
	entries, err := os.ReadDir(d.root)
	if err != nil {
		return nil, err
	}
	out := slices.Clone(d.staging)
	for _, e := range entries {
		if !e.IsDir() && isStaging(e.Name()) {
			out = append(out, e.Name())
		}
	}
	return out, nil
}
