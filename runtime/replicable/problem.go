package replicable

import (
	"errors"
	"fmt"
	"strings"
)

// NameProblem is a name of a replicable type that cannot be used, or that
// two types would share. The runtime refuses such a set when it starts,
// and the generator refuses it before writing a file; Field says which
// name to change.
type NameProblem struct {
	Types  []string // the Descriptor.Name of the type, or of the two types that share the name
	Field  string   // the Descriptor field the name is made from: "ModelTable", "Plural", "GraphQLFKField"
	Name   string   // the name itself
	Reason string   // what is wrong: "is a reserved key word in PostgreSQL, which cannot name a table"
}

func (p *NameProblem) Error() string {
	if len(p.Types) == 2 {
		return fmt.Sprintf("replicables %q and %q both use %q (%s of %s): %s", p.Types[0], p.Types[1], p.Name, p.Field, p.Types[1], p.Reason)
	}
	return fmt.Sprintf("replicable %q: %s %q %s", strings.Join(p.Types, ", "), p.Field, p.Name, p.Reason)
}

// NameProblems finds every NameProblem in err, which may join several.
func NameProblems(err error) []*NameProblem {
	var out []*NameProblem
	var walk func(error)
	walk = func(err error) {
		if p, ok := err.(*NameProblem); ok {
			out = append(out, p)
			return
		}
		switch u := err.(type) {
		case interface{ Unwrap() []error }:
			for _, e := range u.Unwrap() {
				walk(e)
			}
		case interface{ Unwrap() error }:
			walk(u.Unwrap())
		}
	}
	walk(err)
	return out
}

// claims records names that must be unique across the types of a set,
// one namespace at a time, and the NameProblems of the names two types
// share.
type claims struct {
	owner    map[[2]string]claimant // namespace, name → who took it
	problems []*NameProblem
}

type claimant struct {
	index int // the descriptor's place in the set: one type may be listed twice
	typ   string
	field string
}

func newClaims() *claims { return &claims{owner: map[[2]string]claimant{}} }

// claim takes name in namespace space for a type. Reason says what the
// names of the namespace have in common: "tables, indexes and sequences
// share a namespace".
func (c *claims) claim(space, name string, who claimant, reason string) {
	key := [2]string{space, name}
	if prev, ok := c.owner[key]; ok {
		// Two types may read one model table (each with its own scope);
		// only the tables a type creates are its alone.
		shared := who.field == "ModelTable" && prev.field == "ModelTable"
		if prev.index != who.index && !shared {
			c.problems = append(c.problems, &NameProblem{Types: []string{prev.typ, who.typ}, Field: who.field, Name: name,
				Reason: fmt.Sprintf("%s (it is %s's %s)", reason, prev.typ, prev.field)})
		}
		return
	}
	c.owner[key] = who
}

// CheckNames returns every NameProblem of a set of types: each type's own
// names (SQL identifiers against both databases' key words, tables the
// runtime keeps for itself), and the names two types would share (tables,
// flags, GraphQL names, replicable names). The GraphQL schema and the
// metrics check their own names too: sdl.CheckNames (runtime/geographql/sdl)
// and metricnames.CheckNames.
func CheckNames(descs []*Descriptor) []*NameProblem {
	c := newClaims()
	for i, d := range descs {
		if d == nil {
			continue
		}
		c.problems = append(c.problems, d.nameProblems()...)
		const relations = "tables, indexes and sequences share one namespace per schema"
		for _, n := range []struct{ space, field, name, reason string }{
			{"name", "Name", d.Name, "a replicable name names one type"},
			{"plural", "Plural", d.Plural, "status fields, metrics and data locations are named after it"},
			{"relation", "ModelTable", d.ModelTable, relations},
			{"relation", "RegistryTable", d.RegistryTable, relations},
			{"relation", "StateTable", d.StateTable, relations},
			{"flag", "ReplicationFlag", d.ReplicationFlag, "a feature flag turns one type on"},
			{"flag", "VerificationFlag", d.VerificationFlag, "a feature flag turns one type on"},
			{"graphql", "GraphQLType", d.GraphQLType, "GraphQL type names are global"},
			{"graphql-field", "GraphQLField", d.GraphQLField, "each type has its own GeoNode field"},
		} {
			c.claim(n.space, n.name, claimant{i, d.Name, n.field}, n.reason)
		}
	}
	return c.problems
}

// joinProblems is the error of a list of problems, nil for none.
func joinProblems(ps []*NameProblem) error {
	errs := make([]error, len(ps))
	for i, p := range ps {
		errs[i] = p
	}
	return errors.Join(errs...)
}
