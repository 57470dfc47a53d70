package manifest

import (
	"bytes"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
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
	var buf bytes.Buffer
	buf.WriteString(header)
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(c); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Sort puts the replicables in name order and each one's initialisms in
// order, the form Marshal writes.
func (m *Manifest) Sort() {
	slices.SortFunc(m.Replicables, func(a, b Replicable) int { return strings.Compare(a.Name, b.Name) })
	for i := range m.Replicables {
		slices.Sort(m.Replicables[i].Initialisms)
	}
}
