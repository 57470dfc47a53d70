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

	"gopkg.in/yaml.v3"
)

// ErrNotFound is returned by Load when the project has no geogen.yaml.
var ErrNotFound = errors.New("no " + FileName)

// Load reads and validates the manifest in the project root dir.
func Load(dir string) (*Manifest, error) {
	data, err := os.ReadFile(filepath.Join(dir, FileName))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", FileName, err)
	}
	return Parse(data)
}

// Parse decodes and validates manifest bytes. Unknown keys and values of
// the wrong shape are reported all at once, each with its line.
func Parse(data []byte) (*Manifest, error) {
	if line := conflictMarker(data); line > 0 {
		return nil, &Error{Line: line, Problem: "the file has merge conflict markers",
			Fix: "keep the replicables of both sides, delete the conflicting generated: entries, then run geogen generate to rebuild the lock"}
	}
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
	root := doc.Content[0]
	if errs := checkShape(root, reflect.TypeFor[Manifest](), ""); len(errs) > 0 {
		return nil, errs
	}
	var m Manifest
	if err := root.Decode(&m); err != nil {
		return nil, &Error{Problem: err.Error()}
	}
	m.applyDefaults()
	if err := m.Validate(); err != nil {
		return nil, err
	}
	return &m, nil
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
