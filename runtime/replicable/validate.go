package replicable

import (
	"errors"
	"fmt"
	"strings"

	"github.com/geogen/geogen/runtime/sqlname"
)

// MaxIdentifierBytes is PostgreSQL's limit for names; longer ones are
// truncated by the server without an error, which would make two names
// collide or a query miss its index.
const MaxIdentifierBytes = sqlname.MaxLen

// Validate checks that every name is usable as is, and reports every
// problem it finds.
func (d *Descriptor) Validate() error {
	var errs []error
	for _, p := range d.nameProblems() {
		errs = append(errs, p)
	}
	errs = append(errs, d.otherProblems()...)
	return errors.Join(errs...)
}

// otherProblems are what is wrong with d besides its names.
func (d *Descriptor) otherProblems() []error {
	var errs []error
	if d.Strategy != Blob && d.Strategy != Repository {
		errs = append(errs, fmt.Errorf("replicable %q: strategy %q is not blob or repository", d.Name, d.Strategy))
	}
	if d.Title == "" || d.TitlePlural == "" {
		errs = append(errs, fmt.Errorf("replicable %q: title and title plural must be set", d.Name))
	}
	if d.VerificationOnModel && (d.StateTable != d.ModelTable || d.StateKeyColumn() != d.ModelKey) {
		errs = append(errs, fmt.Errorf("replicable %q: verification on the model table wants StateTable %q and StateKey %q (the model table and key), not %q and %q",
			d.Name, d.ModelTable, d.ModelKey, d.StateTable, d.StateKeyColumn()))
	}
	if (d.SecondKey == "") != (d.SecondKeySource == "") {
		errs = append(errs, fmt.Errorf("replicable %q: SecondKey and SecondKeySource go together (the registry column and the model column that fills it)", d.Name))
	}
	if strings.ContainsRune(d.Scope, ';') {
		errs = append(errs, fmt.Errorf("replicable %q: scope %q must be a single SQL condition", d.Name, d.Scope))
	}
	return errs
}

// sqlNames are the names of d that stand in SQL, with their positions.
func (d *Descriptor) sqlNames() []struct {
	field string
	name  string
	pos   sqlname.Position
} {
	type named = struct {
		field string
		name  string
		pos   sqlname.Position
	}
	out := []named{
		{"ModelTable", d.ModelTable, sqlname.Table},
		{"ModelKey", d.ModelKey, sqlname.Column},
		{"ModelUpdatedAt", d.ModelUpdatedAt, sqlname.Column},
		{"RegistryTable", d.RegistryTable, sqlname.Table},
		{"ForeignKey", d.ForeignKey, sqlname.Column},
		{"StateKey", d.StateKeyColumn(), sqlname.Column},
		{"StateTable", d.StateTable, sqlname.Table},
	}
	for _, c := range d.SearchColumns {
		out = append(out, named{"SearchColumns", c, sqlname.Column})
	}
	if d.SecondKey != "" { // optional
		out = append(out, named{"SecondKey", d.SecondKey, sqlname.Column}, named{"SecondKeySource", d.SecondKeySource, sqlname.Column})
	}
	if d.ModelSize != "" { // optional
		out = append(out, named{"ModelSize", d.ModelSize, sqlname.Column})
	}
	return out
}

// nameProblems checks each name of d alone, and the names within d that
// must differ.
func (d *Descriptor) nameProblems() []*NameProblem {
	var out []*NameProblem
	add := func(field, name, reason string) {
		out = append(out, &NameProblem{Types: []string{d.Name}, Field: field, Name: name, Reason: reason})
	}
	// Names that are not SQL identifiers still go into file paths, flag
	// and metric names: lower-case snake case, of any length.
	for _, f := range []struct{ field, name string }{
		{"Name", d.Name}, {"Plural", d.Plural},
		{"ReplicationFlag", d.ReplicationFlag}, {"VerificationFlag", d.VerificationFlag},
	} {
		if !sqlname.IsIdentifier(f.name) {
			add(f.field, f.name, "is not a lower-case snake_case name ([a-z_][a-z0-9_]*)")
		}
	}
	for _, n := range d.sqlNames() {
		if n.name == "" {
			add(n.field, n.name, "is empty")
			continue
		}
		if reasons := sqlname.Problems(n.name, n.pos); len(reasons) > 0 {
			add(n.field, n.name, strings.Join(reasons, "; it "))
		}
	}
	for _, f := range []struct{ field, name string }{
		{"GraphQLType", d.GraphQLType}, {"GraphQLField", d.GraphQLField}, {"GraphQLFKField", d.GraphQLFKField},
	} {
		if !validGraphQLName(f.name) {
			add(f.field, f.name, "is not a GraphQL name")
		}
	}
	tables := map[string]string{}
	relations := []struct{ field, name string }{{"ModelTable", d.ModelTable}, {"RegistryTable", d.RegistryTable}}
	if !d.VerificationOnModel { // else StateTable is the model table
		relations = append(relations, struct{ field, name string }{"StateTable", d.StateTable})
	}
	for _, t := range relations {
		if prev, dup := tables[t.name]; dup && t.name != "" {
			add(t.field, t.name, "is also the type's "+prev)
		}
		tables[t.name] = t.field
		if owner, ok := runtimeRelations[t.name]; ok {
			add(t.field, t.name, "is a table the runtime creates itself ("+owner+")")
		}
	}
	return out
}

func validGraphQLName(s string) bool {
	if s == "" || strings.HasPrefix(s, "__") {
		return false
	}
	for i, r := range s {
		ok := r == '_' || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (i > 0 && r >= '0' && r <= '9')
		if !ok {
			return false
		}
	}
	return true
}
