package manifest

import (
	"bytes"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// header opens every geogen.yaml geogen writes. It is the only place a
// reader learns which parts are theirs.
const header = `# geogen manifest: the replicable types of this project and what geogen wrote for them.
#
# Yours to edit: version, module, layout and replicables. geogen new and geogen remove
# edit replicables too, and keep them sorted by name.
# geogen's: generated, the lock of every file geogen wrote with the SHA-256 of what it
# wrote. Do not edit it; geogen generate rebuilds it. After a merge conflict in it, keep
# either side and run geogen generate.
# geogen rewrites this file in one canonical form: comments other than this header are
# not kept.
`

// Marshal returns the canonical bytes of m: the header, replicables sorted
// by name, lock paths sorted, two-space indentation. The same manifest
// always gives the same bytes, so rewriting it changes nothing in git.
func (m *Manifest) Marshal() ([]byte, error) {
	c := m.Clone()
	c.Sort()
	if !plainKeys(c.Generated) {
		return encode(c)
	}
	// The lock is most of the file (a hundred types lock two thousand
	// files) and the YAML encoder's reflection most of the time a
	// pre-commit run spends on it, so the lock is written by hand, in
	// the exact form the encoder gives; TestMarshalLockByHand holds the
	// two together.
	lock := c.Generated
	c.Generated = nil
	out, err := encode(c)
	if err != nil || len(lock) == 0 {
		return out, err
	}
	out = bytes.TrimSuffix(out, []byte("generated: {}\n"))
	buf := bytes.NewBuffer(out)
	buf.WriteString("generated:\n")
	paths := make([]string, 0, len(lock))
	for p := range lock {
		paths = append(paths, p)
	}
	sortKeys(paths)
	buf.Grow(len(paths) * (len("  :\n    kind: scaffold\n    sha256: \n") + 64 + 64))
	for _, p := range paths {
		e := lock[p]
		buf.WriteString("  ")
		buf.WriteString(p)
		buf.WriteString(":\n    kind: ")
		buf.WriteString(string(e.Kind))
		buf.WriteString("\n    sha256: ")
		buf.WriteString(e.SHA256)
		buf.WriteString("\n")
	}
	return buf.Bytes(), nil
}

func encode(m *Manifest) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString(header)
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(m); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// plainKeys reports whether every lock path, kind and hash can be written
// without YAML quoting: paths of letters, digits and _ . / - that start
// with a letter, known kinds, and hex hashes.
func plainKeys(lock map[string]Entry) bool {
	for p, e := range lock {
		if p == "" || !isLetter(p[0]) || !strings.Contains(p, ".") || (e.Kind != Owned && e.Kind != Scaffold) || !isHex(e.SHA256) {
			return false
		}
		for i := 0; i < len(p); i++ {
			c := p[i]
			if !isLetter(c) && !(c >= '0' && c <= '9') && c != '_' && c != '.' && c != '/' && c != '-' {
				return false
			}
		}
		if strings.Contains(p, ": ") || strings.HasSuffix(p, ":") {
			return false
		}
	}
	return true
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func isHex(s string) bool {
	if len(s) != 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !lowerHexDigit[s[i]] {
			return false
		}
	}
	return true
}

// lowerHexDigit marks the bytes of lowercase hexadecimal: a table, as
// every lock entry's hash is checked, some thousands per command.
var lowerHexDigit = func() (t [256]bool) {
	for _, c := range "0123456789abcdef" {
		t[c] = true
	}
	return t
}()

// Sort puts the replicables in name order and each one's initialisms in
// order, the form Marshal writes.
func (m *Manifest) Sort() {
	slices.SortFunc(m.Replicables, func(a, b Replicable) int { return strings.Compare(a.Name, b.Name) })
	for i := range m.Replicables {
		slices.Sort(m.Replicables[i].Initialisms)
	}
}
