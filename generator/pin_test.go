package generator

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/geogen/geogen/generator/manifest"
	"github.com/geogen/geogen/generator/naming"
)

// TestPinDerivedNamesChangesNoName: the names new records in a type's
// entry are exactly those it derived, so every name of the type (tables,
// indexes, Go, GraphQL, metrics) is the same with them recorded.
func TestPinDerivedNamesChangesNoName(t *testing.T) {
	for _, r := range []manifest.Replicable{
		{Name: "CoolWidget"}, {Name: "Leaf"}, {Name: "Cactus"}, {Name: "Person"},
		{Name: "OAuthToken"}, {Name: "APIv2Key"}, {Name: "HTTP2Server"}, {Name: "Widget2"},
		{Name: "IPv6Address"}, {Name: "LFSObject"}, {Name: "Sheep"}, {Name: "Analysis"},
		{Name: "E2ETest", Initialisms: []string{"E2E"}},
		{Name: "ContainerRegistryReplicationVerificationCheckpoint"},
		{Name: "Gizmo", Title: "Gadget Thing"},
		{Name: "Person", Plural: "persons", StateTable: "person_state_rows"},
	} {
		want, err := naming.Derive(r.Name, NamingOptions(r))
		if err != nil {
			t.Fatalf("%s: %v", r.Name, err)
		}
		pinned, err := PinDerivedNames(r)
		if err != nil {
			t.Fatalf("%s: %v", r.Name, err)
		}
		if pinned.Plural == "" || pinned.RegistryTable == "" || pinned.StateTable == "" || pinned.ForeignKey == "" {
			t.Errorf("%s: not every derived name is recorded: %+v", r.Name, pinned)
		}
		if pinned.Table != r.Table {
			t.Errorf("%s: table recorded as %q; it must follow the plural", r.Name, pinned.Table)
		}
		got, err := naming.Derive(r.Name, NamingOptions(pinned))
		if err != nil {
			t.Fatalf("%s with its names recorded: %v", r.Name, err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s: recording its names changed them (-derived +recorded):\n%s", r.Name, diff)
		}
	}
}

// TestPinDerivedNamesVerificationOnModel: a type verified on its model
// table has no state table, so recording its derived names (new, and
// generate completing a hand-written entry) must leave an entry the
// manifest accepts, and a second pass must find nothing left to record.
func TestPinDerivedNamesVerificationOnModel(t *testing.T) {
	for _, r := range []manifest.Replicable{
		{Name: "PipelineArtifact", Strategy: manifest.Blob, MigrationVersion: 20261122010203, VerificationOnModel: true},
		{Name: "PipelineArtifact", Strategy: manifest.Blob, MigrationVersion: 20261122010203, VerificationOnModel: true, ModelKey: "artifact_id"},
	} {
		pinned, err := PinDerivedNames(r)
		if err != nil {
			t.Fatal(err)
		}
		if pinned.StateTable != "" {
			t.Errorf("%+v: state_table recorded as %q beside verification_on_model", r, pinned.StateTable)
		}
		m := &manifest.Manifest{Version: 1, Module: "example.com/p", Layout: manifest.DefaultLayout, Replicables: []manifest.Replicable{pinned}}
		data, err := m.Marshal()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := manifest.Parse(data); err != nil {
			t.Errorf("%+v: the entry recorded is refused: %v", r, err)
		}
		if done, err := recordDerivedNames(m, nil, nil); err != nil || len(done) != 0 {
			t.Errorf("%+v: recorded again %v (%v), want nothing left to record", r, done, err)
		}
	}
}
