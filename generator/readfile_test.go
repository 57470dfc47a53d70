package generator

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// readFile returns what os.ReadFile returns, at every size around its
// buffer's, and the same kinds of error.
func TestReadFileMatchesOS(t *testing.T) {
	dir := t.TempDir()
	for _, size := range []int{0, 1, 4095, 64<<10 - 1, 64 << 10, 64<<10 + 1, 300 << 10} {
		content := bytes.Repeat([]byte("geogen\n"), size/7+1)[:size]
		p := filepath.Join(dir, "f")
		if err := os.WriteFile(p, content, 0o644); err != nil {
			t.Fatal(err)
		}
		for range 2 { // the second read reuses a grown buffer
			got, err := readFile(p, nil)
			if err != nil {
				t.Fatalf("size %d: %v", size, err)
			}
			if got == nil || !bytes.Equal(got, content) {
				t.Fatalf("size %d: read %d bytes that differ from the file's (nil: %v)", size, len(got), got == nil)
			}
		}
	}
	for _, tt := range []struct {
		name string
		path string
		is   error
	}{
		{"missing", filepath.Join(dir, "missing"), fs.ErrNotExist},
		{"directory", dir, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := readFile(tt.path, []byte("x"))
			_, osErr := os.ReadFile(tt.path)
			if err == nil || osErr == nil {
				t.Fatalf("readFile: %v, os.ReadFile: %v; want both to fail", err, osErr)
			}
			var pe *fs.PathError
			if !errors.As(err, &pe) || pe.Path != tt.path {
				t.Errorf("error %v is not a *fs.PathError for %s", err, tt.path)
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("error %v is not %v", err, tt.is)
			}
		})
	}
}

// A file holding exactly like's bytes reads as like itself, so a check
// of an up-to-date project keeps one copy of each file; any other bytes
// read as a copy of the file.
func TestReadFileLike(t *testing.T) {
	p := filepath.Join(t.TempDir(), "f")
	for _, tt := range []struct {
		name       string
		file, like []byte
		same       bool
	}{
		{"equal", []byte("package geo\n"), []byte("package geo\n"), true},
		{"empty", []byte{}, []byte{}, true},
		{"differs", []byte("package geo\n"), []byte("package geo2\n"), false},
		{"prefix", []byte("package geo\n"), []byte("package"), false},
		{"no like", []byte("package geo\n"), nil, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if err := os.WriteFile(p, tt.file, 0o644); err != nil {
				t.Fatal(err)
			}
			got, err := readFile(p, tt.like)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, tt.file) || got == nil {
				t.Fatalf("read %q, the file holds %q", got, tt.file)
			}
			if same := tt.like != nil && len(got) == len(tt.like) && (len(got) == 0 || &got[0] == &tt.like[0]); same != tt.same {
				t.Errorf("returned like itself: %v, want %v", same, tt.same)
			}
		})
	}
}
