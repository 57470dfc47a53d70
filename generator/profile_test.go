package generator

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/geogen/geogen/generator/manifest"
)

// TestNewForceKeepsTheRegistryProfile: no flag of new sets a registry
// profile, so scaffolding a type again must not drop the one it has.
func TestNewForceKeepsTheRegistryProfile(t *testing.T) {
	p := newProject(t)
	m := p.manifest()
	profile := manifest.RegistryProfile{ID: manifest.IDSequence, WithoutColumns: []string{"missing_on_primary"},
		WithoutIndexes: []string{"registry_pending_sync"}}
	m.Replicables[0].RegistryProfile = profile
	data, err := m.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	p.write(manifest.FileName, string(data))
	p.generate(nil, Options{})

	s, err := Open(p.root, OpenOptions{Write: true, Wait: time.Minute, Render: p.render})
	if err != nil {
		t.Fatal(err)
	}
	np, err := s.PlanNew(NewRequest{Entry: manifest.Replicable{Name: "CoolWidget", Strategy: manifest.Blob}, Force: true, Now: time.Now()})
	if err == nil {
		err = np.Refusal()
	}
	if err == nil {
		err = np.Plan.Apply()
	}
	s.Close()
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(profile, p.manifest().Replicables[0].RegistryProfile); diff != "" {
		t.Errorf("new --force changed the profile (-before +after):\n%s", diff)
	}
}

// TestGenerateRefusesAProfileTheRuntimeCannotUse: what only the derived
// names reveal (here the foreign key missing from a layout) is refused
// by generate, naming the type, the key and the fix.
func TestGenerateRefusesAProfileTheRuntimeCannotUse(t *testing.T) {
	m := testManifest()
	m.Replicables[0].RegistryProfile = manifest.RegistryProfile{Columns: []string{
		"id bigint NOT NULL", "created_at timestamp with time zone NOT NULL",
		"state smallint NOT NULL DEFAULT 0", "verification_state smallint NOT NULL DEFAULT 0",
	}}
	_, err := Generate(m, syntheticTable())
	if err == nil {
		t.Fatal("generated a registry without its foreign key")
	}
	for _, want := range []string{"CoolWidget", "registry_profile.columns", "column cool_widget_id is missing", "column force_to_redownload is missing", "add it to the layout"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
}
