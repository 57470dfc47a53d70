package generator

import (
	"fmt"
	"reflect"
)

// A derived name that must be unique across types, with the override that
// changes it.
type uniqueName struct {
	what  string // "model table"
	space string // names in one space must differ
	value string
	fix   string
}

// uniqueNames lists the names of t that no other type may share. Tables,
// sequences and indexes share one namespace per PostgreSQL schema, so they
// are checked together.
func uniqueNames(t *Type) []uniqueName {
	n := &t.Names
	out := []uniqueName{
		{"snake-case name", "snake", n.Snake, "rename one"},
		{"Go package", "package", n.Package, "rename one"},
		{"Go name", "goname", n.GoName, "rename one"},
		{"model table", "relation", n.ModelTable, "give one a different --table"},
		{"registry table", "relation", n.RegistryTable, "give one a different --registry-table"},
		{"state table", "relation", n.StateTable, "give one a different --state-table"},
		{"replication flag", "flag", n.ReplicationFlag, "rename one"},
		{"verification flag", "flag", n.VerificationFlag, "rename one"},
		{"GraphQL type", "graphql-type", n.GraphQLType, "rename one"},
		{"GraphQL field", "graphql-field", n.GraphQLField, "rename one, or give one a different --plural"},
		{"status field prefix", "status", n.StatusPrefix, "give one a different --plural"},
		{"metric prefix", "metric", n.MetricPrefix, "give one a different --plural"},
	}
	// Index and constraint names live with the tables. Reflection keeps
	// this list complete as the naming package adds indexes.
	idx := reflect.ValueOf(n.Index)
	for i := 0; i < idx.NumField(); i++ {
		if v := idx.Field(i); v.Kind() == reflect.String && v.String() != "" {
			out = append(out, uniqueName{"index name", "relation", v.String(), "rename one, or override its tables"})
		}
	}
	return out
}

// checkCollisions fails when two types share a name that must be unique.
// "CoolWidget" and "Coolwidget" are different Go names but one table.
func checkCollisions(types []Type) error {
	type owner struct {
		typ  string
		what string
	}
	seen := map[[2]string]owner{}
	for i := range types {
		t := &types[i]
		for _, u := range uniqueNames(t) {
			key := [2]string{u.space, u.value}
			prev, dup := seen[key]
			if dup && prev.typ != t.Names.Input {
				return &CollisionError{
					A: prev.typ, B: t.Names.Input,
					Problem: fmt.Sprintf("%s and %s would share %s (%s of %s, %s of %s)",
						prev.typ, t.Names.Input, u.value, prev.what, prev.typ, u.what, t.Names.Input),
					Fix: u.fix,
				}
			}
			if !dup {
				seen[key] = owner{t.Names.Input, u.what}
			}
		}
	}
	return nil
}

// CollisionError says two types would share a derived name.
type CollisionError struct {
	A, B    string // the types, in manifest order
	Problem string
	Fix     string
}

func (e *CollisionError) Error() string { return e.Problem + " (" + e.Fix + ")" }
