package replicable

import (
	"slices"
	"strings"
	"testing"
)

func gizmo() *Descriptor {
	d := widget()
	d.Name, d.Plural, d.Title, d.TitlePlural = "gizmo", "gizmos", "Gizmo", "Gizmos"
	d.ModelTable, d.RegistryTable, d.StateTable, d.ForeignKey = "gizmos", "gizmo_registry", "gizmo_states", "gizmo_id"
	d.ReplicationFlag, d.VerificationFlag = "geo_gizmo_replication", "geo_gizmo_verification"
	d.GraphQLType, d.GraphQLField, d.GraphQLFKField = "GizmoRegistry", "gizmoRegistries", "gizmoId"
	return d
}

// TestCheckNamesReportsEveryProblem gives a set with one problem of each
// class and expects all of them in one call, each naming its field.
func TestCheckNamesReportsEveryProblem(t *testing.T) {
	a, b, c := widget(), gizmo(), gizmo()
	a.ModelTable = "references"          // PostgreSQL reserved
	a.StateTable = "geo_events"          // the event log's table
	b.RegistryTable = "values"           // SQLite key word
	b.ForeignKey = "sqlite_id"           // fine: a column may start with sqlite_
	c.Name, c.Plural = "thing", "things" // c shares b's other names
	c.ModelTable = "things"              // …but not its model table
	c.StateTable = "sqlite_thing_states" // SQLite's own prefix
	c.GraphQLFKField = "thingId"         //
	problems := CheckNames([]*Descriptor{a, b, c})
	want := []string{
		`"cool_widget": ModelTable "references" is a reserved key word in PostgreSQL`,
		`"cool_widget": StateTable "geo_events" is a table the runtime creates itself`,
		`"gizmo": RegistryTable "values" is a key word in SQLite`,
		`"thing": StateTable "sqlite_thing_states" starts with sqlite_`,
		`replicables "gizmo" and "thing" both use "geo_gizmo_replication" (ReplicationFlag of thing)`,
		`replicables "gizmo" and "thing" both use "geo_gizmo_verification" (VerificationFlag of thing)`,
		`replicables "gizmo" and "thing" both use "GizmoRegistry" (GraphQLType of thing)`,
		`replicables "gizmo" and "thing" both use "gizmoRegistries" (GraphQLField of thing)`,
	}
	var got []string
	for _, p := range problems {
		got = append(got, p.Error())
	}
	for _, w := range want {
		if !slices.ContainsFunc(got, func(g string) bool { return strings.Contains(g, w) }) {
			t.Errorf("missing %s", w)
		}
	}
	if len(got) != len(want) {
		t.Errorf("%d problems, want %d:\n%s", len(got), len(want), strings.Join(got, "\n"))
	}
	if _, err := NewSet(a, b, c); err == nil || len(NameProblems(err)) != len(want) {
		t.Errorf("NewSet reports %d name problems, want %d: %v", len(NameProblems(err)), len(want), err)
	}
}

// TestWithinTypeNamesDiffer checks that a type's own tables must differ.
func TestWithinTypeNamesDiffer(t *testing.T) {
	d := widget()
	d.StateTable = d.RegistryTable
	err := d.Validate()
	if err == nil || !strings.Contains(err.Error(), `StateTable "cool_widget_registry" is also the type's RegistryTable`) {
		t.Fatalf("err = %v", err)
	}
}

// TestModelTableMayBeShared checks that two types may read one model
// table: only the tables a type creates are its own.
func TestModelTableMayBeShared(t *testing.T) {
	a, b := widget(), gizmo()
	b.ModelTable = a.ModelTable
	if ps := CheckNames([]*Descriptor{a, b}); len(ps) != 0 {
		t.Fatalf("problems: %v", ps)
	}
	b.StateTable = a.ModelTable // also b's own model table
	if ps := CheckNames([]*Descriptor{a, b}); len(ps) != 2 {
		t.Fatalf("a state table named like another type's model table: %v", ps)
	}
}

// TestSameTypeTwice checks that one descriptor listed twice is refused:
// it shares every name with itself.
func TestSameTypeTwice(t *testing.T) {
	if _, err := NewSet(widget(), widget()); err == nil || !strings.Contains(err.Error(), `both use "cool_widget" (Name of cool_widget)`) {
		t.Fatalf("err = %v", err)
	}
}
