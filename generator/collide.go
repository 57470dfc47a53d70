package generator

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"

	"github.com/geogen/geogen/generator/emit"
	"github.com/geogen/geogen/generator/manifest"
	"github.com/geogen/geogen/generator/naming"
	"github.com/geogen/geogen/runtime/geographql/sdl"
	"github.com/geogen/geogen/runtime/metrics/metricnames"
	"github.com/geogen/geogen/runtime/replicable"
)

// NameProblem is one name of the manifest that geogen cannot use, with
// what fixes it.
type NameProblem struct {
	Replicables []string // the model names concerned: one, or the two that would share a name
	Problem     string
	Fix         string
}

func (p NameProblem) String() string { return p.Problem + " (" + p.Fix + ")" }

// NamesError lists every name problem of a manifest, so that one run
// shows all there is to fix.
type NamesError struct{ Problems []NameProblem }

func (e *NamesError) Error() string {
	var b strings.Builder
	if len(e.Problems) == 1 {
		fmt.Fprintf(&b, "%s: %s", manifest.FileName, e.Problems[0])
		return b.String()
	}
	fmt.Fprintf(&b, "%s: %d problems with names:", manifest.FileName, len(e.Problems))
	for _, p := range e.Problems {
		b.WriteString("\n  - " + p.String())
	}
	return b.String()
}

// Involves reports whether a problem concerns the type of model name.
func (e *NamesError) Involves(name string) bool {
	for _, p := range e.Problems {
		for _, r := range p.Replicables {
			if r == name {
				return true
			}
		}
	}
	return false
}

// A derived name that must be unique across types, with the override that
// changes it.
type uniqueName struct {
	what  string // "model table"
	space string // names in one space must differ
	value string
	fix   string
}

// uniqueNames lists the names of t that no other type may share and that
// only the generator knows: the runtime checks the rest
// (runtimeProblems). Tables, sequences and indexes share one namespace
// per PostgreSQL schema, so they are checked together.
func uniqueNames(t *Type) []uniqueName {
	n := &t.Names
	out := []uniqueName{
		{"snake-case name", "snake", n.Snake, "rename one"},
		{"Go package", "package", n.Package, "rename one"},
		{"Go name", "goname", n.GoName, "rename one"},
		{"model table", "relation", n.ModelTable, "give one a different --table"},
		{"registry table", "relation", n.RegistryTable, "give one a different --registry-table"},
	}
	if !t.VerificationOnModel { // else the state table is the model table
		out = append(out, uniqueName{"state table", "relation", n.StateTable, "give one a different --state-table"})
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

// collisions returns every name two types would share among the names
// only the generator knows. "CoolWidget" and "Coolwidget" are different
// Go names but one table. A pair that shares its snake-case name shares
// everything made from it, so only that is reported; a pair that shares a
// table shares the indexes named after it, which are left out too.
func collisions(types []Type) []NameProblem {
	type owner struct {
		index int // the type's place in the manifest: a name may be listed twice
		typ   string
		what  string
	}
	type found struct {
		pair [2]string
		u    uniqueName
		prev owner
	}
	var all []found
	seen := map[[2]string]owner{}
	for i := range types {
		t := &types[i]
		for _, u := range uniqueNames(t) {
			key := [2]string{u.space, u.value}
			prev, dup := seen[key]
			if dup && prev.index != i {
				all = append(all, found{[2]string{prev.typ, t.Names.Input}, u, prev})
			}
			if !dup {
				seen[key] = owner{i, t.Names.Input, u.what}
			}
		}
	}
	snakePair, tablePair := map[[2]string]bool{}, map[[2]string]bool{}
	for _, f := range all {
		switch {
		case f.u.space == "snake":
			snakePair[f.pair] = true
		case f.u.space == "relation" && f.u.what != "index name":
			tablePair[f.pair] = true
		}
	}
	var out []NameProblem
	for _, f := range all {
		if snakePair[f.pair] && f.u.space != "snake" || tablePair[f.pair] && f.u.what == "index name" {
			continue
		}
		out = append(out, NameProblem{
			Replicables: f.pair[:],
			Problem: fmt.Sprintf("%s and %s would share %s (%s of %s, %s of %s)",
				f.pair[0], f.pair[1], f.u.value, f.prev.what, f.pair[0], f.u.what, f.pair[1]),
			Fix: f.u.fix,
		})
	}
	return out
}

// sameSnake returns the types whose snake-case name an earlier type has:
// they share every name, which collisions reports once.
func sameSnake(types []Type) map[int]bool {
	out := map[int]bool{}
	first := map[string]bool{}
	for i, t := range types {
		if first[t.Names.Snake] {
			out[i] = true
		}
		first[t.Names.Snake] = true
	}
	return out
}

// runtimeProblems asks the runtime about the names of the types' own
// descriptors, as it will when the project starts: names two types share
// (flags, GraphQL names, gauges and status fields), GraphQL names the
// runtime's schema has already, and fields a registry type would have
// twice. A type's own SQL names were judged by naming.Derive with the
// same lists, so those answers are left out.
func runtimeProblems(types []Type) []NameProblem {
	skip := sameSnake(types)
	var descs []*replicable.Descriptor
	byName := map[string]*Type{}
	for i := range types {
		if skip[i] {
			continue
		}
		d := emit.DescriptorValue(emit.Type(types[i]))
		descs = append(descs, d)
		byName[d.Name] = &types[i]
	}
	// The GraphQL check costs most (it writes and parses every type's
	// schema), so the other two run beside it; the answers are joined in
	// the same order whichever finishes first.
	var byRuntime, byMetrics []*replicable.NameProblem
	var wg sync.WaitGroup
	wg.Go(func() {
		byRuntime = replicable.CheckNames(descs)
		byMetrics = metricnames.CheckNames(descs)
	})
	bySchema := sdl.CheckNames(descs)
	wg.Wait()
	var found []*replicable.NameProblem
	for _, p := range byRuntime {
		// Tables are in collisions, with the indexes and the model
		// tables the runtime lets types share but geogen creates.
		if len(p.Types) == 2 && !tableFields[p.Field] {
			found = append(found, p)
		}
	}
	found = append(found, bySchema...)
	found = append(found, byMetrics...)
	// One cause shows as many names (a shared plural as twenty gauges and
	// status fields): one line per types and field, with a count.
	type group struct {
		first *replicable.NameProblem
		more  int
	}
	var order []string
	groups := map[string]*group{}
	for _, p := range found {
		key := strings.Join(p.Types, "\x00") + "\x00" + p.Field
		if g, ok := groups[key]; ok {
			g.more++
			continue
		}
		groups[key] = &group{first: p}
		order = append(order, key)
	}
	var out []NameProblem
	for _, key := range order {
		g := groups[key]
		var models []string
		for _, name := range g.first.Types {
			models = append(models, byName[name].Names.Input)
		}
		problem := describe(g.first, models)
		if len(models) == 1 {
			problem = "replicable " + models[0] + ": " + problem
		}
		if g.more > 0 {
			problem += fmt.Sprintf(" (and %d more names made from the %s)", g.more, fieldWords[g.first.Field])
		}
		out = append(out, NameProblem{Replicables: models, Problem: problem, Fix: fixFor(g.first.Field, len(models))})
	}
	return out
}

var tableFields = map[string]bool{"ModelTable": true, "RegistryTable": true, "StateTable": true}

func describe(p *replicable.NameProblem, models []string) string {
	if len(models) == 2 {
		return fmt.Sprintf("%s and %s would share %s: %s", models[0], models[1], p.Name, p.Reason)
	}
	return fmt.Sprintf("%s of %s, %s, %s", fieldWords[p.Field], models[0], p.Name, p.Reason)
}

// fieldWords names a descriptor field as people say it.
var fieldWords = map[string]string{
	"Name": "replicable name", "Plural": "plural", "ModelTable": "model table", "RegistryTable": "registry table",
	"StateTable": "state table", "ForeignKey": "foreign key", "ReplicationFlag": "replication flag",
	"VerificationFlag": "verification flag", "GraphQLType": "GraphQL type", "GraphQLField": "GraphQL field",
	"GraphQLFKField": "GraphQL foreign key field",
}

// fixFor says which override changes a name made from a descriptor field.
func fixFor(field string, types int) string {
	one := ""
	if types == 2 {
		one = " for one of them"
	}
	switch field {
	case "Plural":
		return "pass --plural" + one + " (plural in the manifest) with another plural"
	case "ModelTable":
		return "pass --table" + one + " (table in the manifest)"
	case "RegistryTable":
		return "pass --registry-table" + one + " (registry_table in the manifest)"
	case "StateTable":
		return "pass --state-table" + one + " (state_table in the manifest)"
	case "ReplicationFlag":
		return "pass --replication-flag" + one + " (replication_flag in the manifest)"
	case "VerificationFlag":
		return "pass --verification-flag" + one + " (verification_flag in the manifest)"
	case "GraphQLType":
		return "pass --graphql-type" + one + " (graphql_type in the manifest)"
	case "GraphQLField":
		return "pass --graphql-field" + one + " (graphql_field in the manifest)"
	case "ForeignKey", "GraphQLFKField":
		return "pass --foreign-key" + one + " (foreign_key in the manifest) with a column whose camelCase is not taken"
	}
	return "rename the model" + one + ": this name is made from it"
}

// checkNames returns every name problem of the manifest's types: each
// type's own (naming.Derive), and those of the types together.
func checkNames(m *manifest.Manifest) ([]Type, error) {
	types, problems := deriveTypes(m)
	problems = append(problems, crossProblems(types)...)
	if len(problems) > 0 {
		return nil, &NamesError{Problems: problems}
	}
	return types, nil
}

// crossProblems are the problems of derived types with each other and
// with the runtime's own names.
func crossProblems(types []Type) []NameProblem {
	return append(collisions(types), runtimeProblems(types)...)
}

// deriveTypes derives the names of every type in m, with the problems of
// the names that cannot be derived; it does not compare types with each
// other or with the runtime (checkNames does).
func deriveTypes(m *manifest.Manifest) ([]Type, []NameProblem) {
	// Each type is derived on its own, on every processor: deriving is
	// the largest serial step before rendering. The results are gathered
	// in manifest order, so types and problems do not depend on scheduling.
	derived := make([]derivedType, len(m.Replicables))
	parallel(len(m.Replicables), func(i int) { derived[i] = deriveType(m.Replicables[i]) })
	var types []Type
	var problems []NameProblem
	for _, d := range derived {
		if d.ok {
			types = append(types, d.t)
		}
		problems = append(problems, d.problems...)
	}
	return types, problems
}

type derivedType struct {
	t        Type
	ok       bool // the names could be derived
	problems []NameProblem
}

func deriveType(r manifest.Replicable) derivedType {
	var d derivedType
	n, err := naming.Derive(r.Name, NamingOptions(r))
	if err != nil {
		for _, e := range namingErrors(err) {
			d.problems = append(d.problems, NameProblem{Replicables: []string{r.Name},
				Problem: fmt.Sprintf("replicable %s: %s %s", r.Name, e.Subject, e.Problem), Fix: e.Fix})
		}
		return d
	}
	d.t, d.ok = Type{
		Names: n, Strategy: string(r.Strategy), MigrationVersion: r.MigrationVersion,
		SchemaRevision: r.CreatedAtRevision(), SchemaUpgrades: r.SchemaUpgrades,
		SecondKeyUnique: r.SecondKeyUnique,
		Profile:         r.RegistryProfile,
		AdoptStateTable: r.AdoptStateTable, VerificationOnModel: r.VerificationOnModel, AdoptModelTable: r.AdoptModelTable,
		Released: r.Released(), ReleasedIn: r.ReleasedIn,
	}, true
	for _, x := range r.RegistryProfile.ExtraIndexes {
		if slices.Contains(n.Index.All(), x.Name) {
			d.problems = append(d.problems, NameProblem{Replicables: []string{r.Name},
				Problem: fmt.Sprintf("replicable %s: registry_profile.extra_indexes: %s is also the name of one of the type's own indexes, constraints or sequences", r.Name, x.Name),
				Fix:     "give the type's own one another name with index_names (e.g. registry_fk: " + naming.Identifier(x.Name+"_unique") + ")"})
		}
	}
	for _, e := range r.RegistryProfile.Check(n.ForeignKey) {
		d.problems = append(d.problems, NameProblem{Replicables: []string{r.Name},
			Problem: fmt.Sprintf("replicable %s: %s: %s", r.Name, e.Field, e.Problem), Fix: e.Fix})
	}
	return d
}

// namingErrors unjoins the errors of naming.Derive.
func namingErrors(err error) []*naming.Error {
	var out []*naming.Error
	var walk func(error)
	walk = func(err error) {
		var e *naming.Error
		if u, ok := err.(interface{ Unwrap() []error }); ok {
			for _, x := range u.Unwrap() {
				walk(x)
			}
		} else if errors.As(err, &e) {
			out = append(out, e)
		} else {
			out = append(out, &naming.Error{Subject: "name", Problem: err.Error(), Fix: "fix it in " + manifest.FileName})
		}
	}
	walk(err)
	return out
}
