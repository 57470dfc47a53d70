package replicable

import (
	"context"
	"strings"
	"testing"
)

func widget() *Descriptor {
	return &Descriptor{
		Name: "cool_widget", Plural: "cool_widgets", Title: "Cool Widget", TitlePlural: "Cool Widgets",
		Strategy: Blob, ModelTable: "cool_widgets", ModelKey: "id", ModelUpdatedAt: "updated_at",
		RegistryTable: "cool_widget_registry", ForeignKey: "cool_widget_id", StateTable: "cool_widget_states",
		ReplicationFlag: "geo_cool_widget_replication", VerificationFlag: "geo_cool_widget_verification",
		GraphQLType: "CoolWidgetRegistry", GraphQLField: "coolWidgetRegistries", GraphQLFKField: "coolWidgetId",
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name    string
		mutate  func(d *Descriptor)
		wantErr string
	}{
		{"valid", func(*Descriptor) {}, ""},
		{"upper-case table", func(d *Descriptor) { d.RegistryTable = "Cool_registry" }, "RegistryTable \"Cool_registry\" is not a lower-case SQL identifier"},
		{"injection", func(d *Descriptor) { d.ModelTable = "x; DROP TABLE y" }, "ModelTable"},
		{"too long", func(d *Descriptor) { d.StateTable = strings.Repeat("s", 64) }, "64 bytes, more than PostgreSQL's 63"},
		{"leading digit", func(d *Descriptor) { d.ForeignKey = "1_id" }, "ForeignKey"},
		{"bad strategy", func(d *Descriptor) { d.Strategy = "tape" }, `strategy "tape"`},
		{"bad GraphQL", func(d *Descriptor) { d.GraphQLField = "cool-widgets" }, "GraphQLField"},
		{"scope with two statements", func(d *Descriptor) { d.Scope = "true; DELETE FROM x" }, "single SQL condition"},
		{"missing title", func(d *Descriptor) { d.Title = "" }, "title"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := widget()
			tt.mutate(d)
			err := d.Validate()
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("error = %v, want it to contain %q", err, tt.wantErr)
			}
		})
	}
}

func TestSetRejectsSharedNames(t *testing.T) {
	a, b := widget(), widget()
	b.Name, b.Plural, b.RegistryTable, b.StateTable = "gizmo", "gizmos", "gizmo_registry", "gizmo_states"
	b.GraphQLType, b.GraphQLField = "GizmoRegistry", "gizmoRegistries"
	b.ReplicationFlag, b.VerificationFlag = "geo_gizmo_replication", "geo_gizmo_verification"
	s, err := NewSet(b, a)
	if err != nil {
		t.Fatal(err)
	}
	if got := s.All(); got[0].Name != "cool_widget" || got[1].Name != "gizmo" {
		t.Errorf("All() not sorted by name: %v, %v", got[0].Name, got[1].Name)
	}
	if _, ok := s.Lookup("gizmo"); !ok {
		t.Error("Lookup(gizmo) failed")
	}
	b.StateTable = a.StateTable
	if _, err := NewSet(a, b); err == nil || !strings.Contains(err.Error(), `both use "cool_widget_states" (StateTable of gizmo)`) {
		t.Fatalf("err = %v, want a shared state table error", err)
	}
}

func TestNames(t *testing.T) {
	d := widget()
	if got := d.StatusField("synced_count"); got != "cool_widgets_synced_count" {
		t.Errorf("StatusField = %q", got)
	}
	if got := d.MetricName(""); got != "geo_cool_widgets" {
		t.Errorf("MetricName(\"\") = %q", got)
	}
	if got := d.MetricName("checksum_failed"); got != "geo_cool_widgets_checksum_failed" {
		t.Errorf("MetricName = %q", got)
	}
	if d.Mutable() || d.EffectiveSyncTimeout() != DefaultBlobSyncTimeout {
		t.Error("blob defaults wrong")
	}
	loc, _ := d.Location(context.Background(), 7)
	if loc != "cool_widgets/7" {
		t.Errorf("Location = %q", loc)
	}
	d.Strategy = Repository
	loc, _ = d.Location(context.Background(), 7)
	if !d.Mutable() || loc != "cool_widgets/7.git" || d.EffectiveSyncTimeout() != DefaultRepositorySyncTimeout {
		t.Error("repository defaults wrong")
	}
}
