package replicable

import (
	"errors"
	"fmt"
	"sort"
)

// Set is the validated list of a project's replicable types.
type Set struct {
	all    []*Descriptor
	byName map[string]*Descriptor
}

// NewSet validates the descriptors and checks that no two share a name, a
// table, a flag or a GraphQL name; the error lists every problem found
// (CheckNames).
func NewSet(descs ...*Descriptor) (*Set, error) {
	var errs []error
	for i, d := range descs {
		if d == nil {
			errs = append(errs, fmt.Errorf("replicable descriptor %d is nil", i))
			continue
		}
		errs = append(errs, d.otherProblems()...)
	}
	if err := joinProblems(CheckNames(descs)); err != nil {
		errs = append(errs, err)
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	s := &Set{byName: map[string]*Descriptor{}}
	for _, d := range descs {
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
