package manifest

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"

	"go.yaml.in/yaml/v3"
)

// ErrNotFound is returned by Load when the project has no geogen.yaml.
var ErrNotFound = errors.New("no " + FileName)

// Load reads and validates the manifest in the project root dir.
func Load(dir string) (*Manifest, error) {
	data, err := Read(dir)
	if err != nil {
		return nil, err
	}
	return Parse(data)
}

// Read returns the bytes of the manifest in the project root dir, or
// ErrNotFound.
func Read(dir string) ([]byte, error) {
	data, err := os.ReadFile(filepath.Join(dir, FileName))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", FileName, err)
	}
	return data, nil
}

// Parse decodes and validates manifest bytes. Unknown keys and values of
// the wrong shape are reported all at once, each with its line.
func Parse(data []byte) (*Manifest, error) { return parse(data, true) }

// parse is Parse; byHand false sends the whole file to the YAML parser,
// which tests compare the lock read by hand against.
func parse(data []byte, byHand bool) (*Manifest, error) {
	if line := conflictMarker(data); line > 0 {
		return nil, &Error{Line: line, Problem: "the file has merge conflict markers",
			Fix: "keep the replicables of both sides, delete the conflicting generated: entries, then run geogen generate to rebuild the lock"}
	}
	root, lock, err := parseRoot(data, byHand)
	if err != nil {
		return nil, err
	}
	if errs := checkShape(root, reflect.TypeFor[Manifest](), ""); len(errs) > 0 {
		return nil, errs
	}
	var m Manifest
	if err := root.Decode(&m); err != nil {
		return nil, &Error{Problem: err.Error()}
	}
	if lock != nil {
		m.Generated = lock
	}
	m.applyDefaults()
	if err := m.Validate(); err != nil {
		return nil, err
	}
	return &m, nil
}

// parseRoot parses data into the root node of its single document. When
// the lock is in the form Marshal writes, it is read by hand and returned
// apart, and the root holds the rest.
func parseRoot(data []byte, byHand bool) (*yaml.Node, map[string]Entry, error) {
	if human, lock, ok := splitLock(data); ok && byHand {
		if root, err := parseDocument(human); err == nil && humanRootOK(root) {
			return root, lock, nil
		}
	}
	root, err := parseDocument(data)
	return root, nil, err
}

// parseDocument parses data, which must hold exactly one YAML document.
func parseDocument(data []byte) (*yaml.Node, error) {
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	err := dec.Decode(&doc)
	if errors.Is(err, io.EOF) || (err == nil && len(doc.Content) == 0) {
		return nil, &Error{Problem: "the file is empty", Fix: "run `geogen init` in an empty directory to see a complete manifest"}
	}
	if err != nil {
		return nil, &Error{Problem: "not valid YAML: " + err.Error(), Fix: "fix the syntax, or compare with the file `geogen init` writes"}
	}
	var extra yaml.Node
	if dec.Decode(&extra) == nil {
		return nil, &Error{Line: extra.Line, Problem: "more than one YAML document", Fix: "keep a single document; remove the `---` separator"}
	}
	return doc.Content[0], nil
}

// applyDefaults fills what a hand-written manifest may leave out.
func (m *Manifest) applyDefaults() {
	def := DefaultLayout
	for _, f := range []struct {
		dst *string
		def string
	}{
		{&m.Layout.Packages, def.Packages},
		{&m.Layout.Migrations, def.Migrations},
		{&m.Layout.Docs, def.Docs},
		{&m.Layout.Flags, def.Flags},
	} {
		if *f.dst == "" {
			*f.dst = f.def
		}
	}
	if m.Generated == nil {
		m.Generated = map[string]Entry{}
	}
}

// conflictMarker returns the line of the first git conflict marker, or 0.
// A merge of two branches that each added a type conflicts in the lock;
// saying so beats a YAML syntax error.
func conflictMarker(data []byte) int {
	for i, line := range bytes.Split(data, []byte("\n")) {
		if bytes.HasPrefix(line, []byte("<<<<<<< ")) || bytes.HasPrefix(line, []byte(">>>>>>> ")) {
			return i + 1
		}
	}
	return 0
}
