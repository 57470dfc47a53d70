package main

import (
	"fmt"
	"io/fs"
	"testing/fstest"

	"github.com/geogen/geogen/runtime/replicable"
	"github.com/geogen/geogen/templates"
)

// demoWidget is the demo's replicable type, described as geogen would
// generate it for `geogen new DemoWidget --strategy blob`.
func demoWidget() *replicable.Descriptor {
	return &replicable.Descriptor{
		Name: "demo_widget", Plural: "demo_widgets", Title: "Demo Widget", TitlePlural: "Demo Widgets",
		Strategy: replicable.Blob, ModelTable: "demo_widgets", ModelKey: "id", ModelUpdatedAt: "updated_at",
		SearchColumns: []string{"name"}, RegistryTable: "demo_widget_registry", ForeignKey: "demo_widget_id",
		StateTable: "demo_widget_states", ReplicationFlag: "geo_demo_widget_replication",
		VerificationFlag: "geo_demo_widget_verification", GraphQLType: "DemoWidgetRegistry",
		GraphQLField: "demoWidgetRegistries", GraphQLFKField: "demoWidgetId",
	}
}

// migrations renders the type's model and state table migrations (main
// database) and its registry migration (tracking database).
func migrations(d *replicable.Descriptor) (main, tracking fs.FS, err error) {
	r, s := d.RegistryTable, d.StateTable
	m := templates.Migration{
		Type: "DemoWidget", Strategy: string(d.Strategy),
		ModelTable: d.ModelTable, ModelKey: d.ModelKey, ModelPkey: d.ModelTable + "_pkey",
		ModelIDSeq: d.ModelTable + "_id_seq", ModelSearch: "name",
		RegistryTable: r, ForeignKey: d.ForeignKey, RegistryPkey: r + "_pkey", RegistryIDSeq: r + "_id_seq",
		RegistryFKIndex: "index_" + r + "_on_" + d.ForeignKey, RegistryRetryAtIndex: "index_" + r + "_on_retry_at",
		RegistryStateIndex: "index_" + r + "_on_state", RegistryFailedVerification: r + "_failed_verification",
		RegistryNeedsVerification: r + "_needs_verification", RegistryPendingVerification: r + "_pending_verification",
		RegistryLastSyncFailureCheck: "check_" + r + "_last_sync_failure", RegistryVerificationFailureCheck: "check_" + r + "_verification_failure",
		StateTable: s, StatePkey: s + "_pkey", StateFKConstraint: "fk_" + s + "_" + d.ForeignKey,
		StateVerificationState: "index_" + s + "_on_verification_state", StatePendingVerification: "index_" + s + "_pending_verification",
		StateFailedVerification: "index_" + s + "_failed_verification", StateNeedsVerification: "index_" + s + "_needs_verification",
		StateVerificationFailureCheck: "check_" + s + "_verification_failure",
	}
	mainFS, trackingFS := fstest.MapFS{}, fstest.MapFS{}
	files := []struct {
		dst     fstest.MapFS
		kind    string
		version int
		table   string
	}{
		{mainFS, templates.ModelTable, 20260101000100, d.ModelTable},
		{mainFS, templates.StateTable, 20260101000101, d.StateTable},
		{trackingFS, templates.RegistryTable, 20260101000100, d.RegistryTable},
	}
	for _, f := range files {
		for _, dialect := range templates.Dialects {
			data, err := templates.Render(f.kind, dialect, m)
			if err != nil {
				return nil, nil, err
			}
			f.dst[fmt.Sprintf("%s/%d_create_%s.sql", dialect, f.version, f.table)] = &fstest.MapFile{Data: data}
		}
	}
	return mainFS, trackingFS, nil
}
