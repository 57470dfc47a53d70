package geographql_test

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/geogen/geogen/runtime/finder"
	"github.com/geogen/geogen/runtime/flags"
	"github.com/geogen/geogen/runtime/geographql"
	"github.com/geogen/geogen/runtime/geotest"
	"github.com/geogen/geogen/runtime/internal/testtypes"
	"github.com/geogen/geogen/runtime/registry"
	"github.com/geogen/geogen/runtime/sqldb"
)

// recordedActions records what the mutations asked of one type.
type recordedActions struct {
	resynced []int64
	bulk     []geographql.BulkRequest
}

func (a *recordedActions) Resync(_ context.Context, id int64) (registry.Record, error) {
	a.resynced = append(a.resynced, id)
	return registry.Record{ID: id}, nil
}

func (a *recordedActions) Reverify(_ context.Context, id int64) (registry.Record, error) {
	return registry.Record{ID: id}, nil
}

func (a *recordedActions) Bulk(_ context.Context, req geographql.BulkRequest) (geographql.BulkJob, error) {
	a.bulk = append(a.bulk, req)
	return geographql.BulkJob{ID: "1"}, nil
}

// TestMutationsReadRegistryClassAsGitLab: geoRegistriesUpdate acts on the
// registry registryId names whatever registryClass says (GitLab's
// Mutations::Geo::Registries::Update does not use it), and
// geoRegistriesBulkUpdate takes the number of each id, whatever registry
// class it names, in registryClass's table (GitLab's BulkUpdate takes each
// id's model_id); an id whose class is no registry type is refused.
func TestMutationsReadRegistryClassAsGitLab(t *testing.T) {
	widgets, gizmos := &recordedActions{}, &recordedActions{}
	env := newTwoTypesWith(t, sqldb.SQLite, flags.NewMemory("geo_cool_widget_replication", "geo_gizmo_replication"),
		func(_ *geotest.Env, b []geographql.TypeBinding) []geographql.TypeBinding {
			b[0].Actions, b[1].Actions = widgets, gizmos
			return b
		})
	admin := finder.Viewer{Admin: true}
	widget := geographql.GlobalID(testtypes.CoolWidget(), 7)

	_, errs := env.exec(admin, `mutation { geoRegistriesUpdate(input: {registryId: "`+widget+`", registryClass: GIZMO_REGISTRY, action: RESYNC}) { errors } }`)
	if len(errs) > 0 || !cmp.Equal(widgets.resynced, []int64{7}) || len(gizmos.resynced) > 0 {
		t.Errorf("update of a cool widget id with registryClass GIZMO_REGISTRY: errors %v; resynced widgets %v, gizmos %v; want widget 7", errs, widgets.resynced, gizmos.resynced)
	}

	data, errs := env.exec(admin, `mutation { geoRegistriesBulkUpdate(input: {registryClass: GIZMO_REGISTRY, action: RESYNC_ALL,
		ids: ["`+widget+`", "`+geographql.GlobalID(testtypes.Gizmo(), 8)+`"]}) { errors registryClass jobId } }`)
	if len(errs) > 0 || len(gizmos.bulk) != 1 || !cmp.Equal(gizmos.bulk[0].IDs, []int64{7, 8}) || len(widgets.bulk) > 0 {
		t.Errorf("bulk update of GIZMO_REGISTRY with a cool widget id: %v, errors %v; gizmo jobs %+v, widget jobs %+v; want one gizmo job over ids 7 and 8", data, errs, gizmos.bulk, widgets.bulk)
	}

	_, errs = env.exec(admin, `mutation { geoRegistriesBulkUpdate(input: {registryClass: GIZMO_REGISTRY, action: RESYNC_ALL,
		ids: ["gid://gitlab/Geo::NoSuchRegistry/1"]}) { errors jobId } }`)
	if !strings.Contains(strings.Join(errs, "; "), `"gid://gitlab/Geo::NoSuchRegistry/1" does not represent an instance of Geo::BaseRegistry`) || len(gizmos.bulk) != 1 {
		t.Errorf("bulk update with an id of no registry type: errors %v, jobs %+v; want it refused", errs, gizmos.bulk)
	}
}
