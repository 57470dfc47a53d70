package generator

import (
	"errors"
	"strings"
	"testing"

	"github.com/geogen/geogen/generator/manifest"
)

// TestNewProjectReportsEveryNameProblem builds a manifest with one member
// of each class of name problem and expects every one in a single error,
// each with the override that fixes it.
func TestNewProjectReportsEveryNameProblem(t *testing.T) {
	m := manifest.New("example.com/shop")
	v := int64(20261122010203)
	entry := func(name string, edit func(*manifest.Replicable)) manifest.Replicable {
		r := manifest.Replicable{Name: name, Strategy: manifest.Blob, MigrationVersion: v}
		v += manifest.VersionsPerType
		if edit != nil {
			edit(&r)
		}
		return r
	}
	m.Replicables = []manifest.Replicable{
		// A derived model table that is a key word of both databases.
		entry("Reference", nil),
		// A foreign key whose GraphQL field is a shared registry field.
		entry("Upload", func(r *manifest.Replicable) { r.ForeignKey = "model_record_id" }),
		// Two types whose gauges and status fields meet.
		entry("Widget", nil),
		entry("WidgetsSynced", func(r *manifest.Replicable) { r.Plural = "widgets_synced" }),
		// A table the runtime creates itself.
		entry("Gadget", func(r *manifest.Replicable) { r.StateTable = "event_log_states" }),
		// A state table named like its own model table's primary key.
		entry("Doohickey", func(r *manifest.Replicable) { r.StateTable = "doohickeys_pkey" }),
		// Two types that share a registry table.
		entry("Sprocket", func(r *manifest.Replicable) { r.RegistryTable = "shared_registry" }),
		entry("Cog", func(r *manifest.Replicable) { r.RegistryTable = "shared_registry" }),
	}
	_, err := NewProject(m)
	var names *NamesError
	if !errors.As(err, &names) {
		t.Fatalf("err = %v, want a *NamesError", err)
	}
	msg := err.Error()
	for _, want := range []string{
		"replicable Reference: derived model table references of Reference is a reserved key word in PostgreSQL",
		"--table (table in the manifest) with another name, or --plural when the plural is wrong",
		"replicable Upload: GraphQL foreign key field of Upload, modelRecordId, is a field of the GraphQL type UploadRegistry twice",
		"pass --foreign-key (foreign_key in the manifest)",
		"Widget and WidgetsSynced would share geo_widgets_synced: is a Prometheus gauge of both",
		"pass --plural for one of them",
		"replicable Gadget: state table event_log_states of Gadget is a table, index or sequence the runtime creates itself",
		"replicable Doohickey: model primary key doohickeys_pkey of Doohickey is also its state table",
		"Sprocket and Cog would share shared_registry (registry table of Sprocket, registry table of Cog)",
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("missing %q", want)
		}
	}
	if t.Failed() {
		t.Logf("error:\n%s", msg)
	}
	for _, p := range names.Problems {
		if p.Fix == "" {
			t.Errorf("%s: no fix", p.Problem)
		}
	}
}

// TestSharedSnakeNameIsOneProblem checks that two spellings of one name
// are reported once, not once per name made from it.
func TestSharedSnakeNameIsOneProblem(t *testing.T) {
	m := manifest.New("example.com/shop")
	m.Replicables = []manifest.Replicable{
		{Name: "CoolWidget", Strategy: manifest.Blob, MigrationVersion: 20261122010203},
		{Name: "cool_widget", Strategy: manifest.Blob, MigrationVersion: 20261122010205},
	}
	_, err := NewProject(m)
	var names *NamesError
	if !errors.As(err, &names) || len(names.Problems) != 1 || !strings.Contains(err.Error(), "would share cool_widget (snake-case name") {
		t.Fatalf("err = %v, want one shared snake name", err)
	}
}
