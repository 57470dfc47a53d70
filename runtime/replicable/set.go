package replicable

import (
	"fmt"
	"sort"
)

// Set is the validated list of a project's replicable types.
type Set struct {
	all    []*Descriptor
	byName map[string]*Descriptor
}

// NewSet validates the descriptors and checks that no two share a name, a
// table, a flag or a GraphQL or metric name.
func NewSet(descs ...*Descriptor) (*Set, error) {
	s := &Set{byName: map[string]*Descriptor{}}
	seen := map[string]string{}
	claim := func(kind, value, owner string) error {
		key := kind + ":" + value
		if prev, ok := seen[key]; ok {
			return fmt.Errorf("replicables %q and %q both use %s %q", prev, owner, kind, value)
		}
		seen[key] = owner
		return nil
	}
	for _, d := range descs {
		if d == nil {
			return nil, fmt.Errorf("nil replicable descriptor")
		}
		if err := d.Validate(); err != nil {
			return nil, err
		}
		for kind, v := range map[string]string{
			"name": d.Name, "plural": d.Plural, "registry table": d.RegistryTable,
			"state table": d.StateTable, "GraphQL type": d.GraphQLType, "GraphQL field": d.GraphQLField,
			"replication flag": d.ReplicationFlag, "verification flag": d.VerificationFlag,
		} {
			if err := claim(kind, v, d.Name); err != nil {
				return nil, err
			}
		}
		s.all = append(s.all, d)
		s.byName[d.Name] = d
	}
	sort.Slice(s.all, func(i, j int) bool { return s.all[i].Name < s.all[j].Name })
	return s, nil
}

// All returns the descriptors sorted by name.
func (s *Set) All() []*Descriptor { return append([]*Descriptor(nil), s.all...) }

// Lookup finds a type by replicable name.
func (s *Set) Lookup(name string) (*Descriptor, bool) {
	d, ok := s.byName[name]
	return d, ok
}
