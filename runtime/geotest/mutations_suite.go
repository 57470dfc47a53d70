package geotest

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/geogen/geogen/runtime/adminapi"
	"github.com/geogen/geogen/runtime/bulkjob"
	"github.com/geogen/geogen/runtime/finder"
	"github.com/geogen/geogen/runtime/flags"
	"github.com/geogen/geogen/runtime/geographql"
	"github.com/geogen/geogen/runtime/registry"
	"github.com/geogen/geogen/runtime/replicable"
	"github.com/geogen/geogen/runtime/sqldb"
	"github.com/geogen/geogen/runtime/state"
)

// RegistryMutations is the conformance suite of the admin mutations on
// cfg's registries, run through GraphQL as GitLab's pages send them:
// geoRegistriesUpdate resyncs one registry and reverifies a synced one,
// tells in its errors why it will not reverify one that is not synced or
// whose type's verification is disabled, and refuses an unknown registry,
// a malformed GlobalID and a non-administrator; geoRegistriesBulkUpdate
// ("resync all failed") starts one job, joined by a repeated request,
// which changes the failed registries and no other. It runs on every
// dialect.
func RegistryMutations(t *testing.T, cfg Config) {
	t.Helper()
	EachDialect(t, func(t *testing.T, dialect sqldb.Dialect) {
		registryMutations(t, NewEnv(t, dialect, cfg), realActions)
	})
}

// newActionsFunc builds the actions under test over e's tracking database.
type newActionsFunc func(e *Env, jobs *bulkjob.Jobs) geographql.Actions

func realActions(e *Env, jobs *bulkjob.Jobs) geographql.Actions {
	return adminapi.RegistryActions(e.Tracking, e.Config.Descriptor, e.Clock, jobs)
}

// mutationSchema is a secondary's schema of d with its actions and bulk
// jobs over e's tracking database.
func mutationSchema(tb testing.TB, e *Env, src flags.Source, actions geographql.Actions) graphQLExecutor {
	tb.Helper()
	d := e.Config.Descriptor
	binding := geographql.TypeBinding{
		Descriptor: d, SDL: geographql.TypeSDL(d), Finder: finder.New(e.Tracking, e.Main, d, src),
		Actions: actions,
	}
	s, err := geographql.NewSchema([]geographql.TypeBinding{binding}, geographql.WithCurrentNode(geographql.Node{Name: currentNodeName, Enabled: true}))
	if err != nil {
		tb.Fatalf("build the GraphQL schema of %s: %v", d.Name, err)
	}
	return schemaRunner(s)
}

const (
	updateMutation = `mutation($action: GeoRegistryAction!, $registryId: GeoBaseRegistryID!, $registryClass: GeoRegistryClass) {
  geoRegistriesUpdate(input: { action: $action, registryId: $registryId, registryClass: $registryClass }) { errors }
}`
	bulkMutation = `mutation($action: GeoRegistriesBulkAction!, $registryClass: GeoRegistryClass!, $replicationState: ReplicationStateEnum, $verificationState: VerificationStateEnum) {
  geoRegistriesBulkUpdate(input: { action: $action, registryClass: $registryClass, replicationState: $replicationState, verificationState: $verificationState }) { errors registryClass jobId }
}`
)

func registryMutations(tb testing.TB, e *Env, newActions newActionsFunc) {
	tb.Helper()
	ctx := context.Background()
	d := e.Config.Descriptor
	on := flags.NewMemory(d.ReplicationFlag, d.VerificationFlag)
	set, err := replicable.NewSet(d)
	if err != nil {
		tb.Fatal(err)
	}
	jobs := bulkjob.New(e.Tracking, set, on, flags.Secondary, e.Clock, bulkjob.Options{BatchSize: 2})
	actions := newActions(e, jobs)
	exec := mutationSchema(tb, e, on, actions)
	// A secondary verifies what it replicates: verification is off with
	// replication.
	withoutVerification := mutationSchema(tb, e, flags.NewMemory(), actions)
	store := registry.NewStore(e.Tracking, d, e.Clock)
	get := func(id int64) registry.Record {
		tb.Helper()
		r, err := store.GetByID(ctx, id)
		if err != nil {
			tb.Fatalf("registry %d: %v", id, err)
		}
		return r
	}
	class := geographql.RegistryClassEnumValue(d)
	gid := func(id int64) string { return geographql.GlobalID(d, id) }
	update := func(exec graphQLExecutor, viewer finder.Viewer, action, id string) ([]string, []string) {
		res := exec(ctx, viewer, updateMutation, map[string]any{"action": action, "registryId": id, "registryClass": class})
		var payloadErrs []string
		for _, m := range listOf(digJSON(res.Data, "geoRegistriesUpdate", "errors")) {
			payloadErrs = append(payloadErrs, fmt.Sprint(m))
		}
		return payloadErrs, res.Errors
	}

	var failedIDs, otherIDs []int64
	for i := range 7 {
		st := []state.Replication{state.Failed, state.Synced, state.Pending}[i%3]
		rec := InsertRegistry(tb, e, registry.Record{State: st, RetryCount: 3, VerificationState: state.VerificationSucceeded})
		if st == state.Failed {
			failedIDs = append(failedIDs, rec.ID)
		} else {
			otherIDs = append(otherIDs, rec.ID)
		}
	}
	failed, synced, pending := failedIDs[0], otherIDs[0], otherIDs[1]

	// One registry at a time.
	if payload, errs := update(exec, adminViewer, "RESYNC", gid(failed)); len(errs) > 0 || len(payload) > 0 {
		tb.Fatalf("RESYNC a failed registry: errors %v %v", errs, payload)
	}
	if r := get(failed); r.State != state.Pending {
		tb.Errorf("RESYNC: registry is %s, want pending", r.State)
	}
	if payload, errs := update(exec, adminViewer, "REVERIFY", gid(synced)); len(errs) > 0 || len(payload) > 0 {
		tb.Fatalf("REVERIFY a synced registry: errors %v %v", errs, payload)
	}
	if r := get(synced); r.VerificationState != state.VerificationPending {
		tb.Errorf("REVERIFY: verification is %s, want pending", r.VerificationState)
	}
	before := get(pending)
	if payload, errs := update(exec, adminViewer, "REVERIFY", gid(pending)); len(errs) > 0 || len(payload) == 0 {
		tb.Errorf("REVERIFY a pending registry: errors %v, payload errors %v; want it refused in the payload", errs, payload)
	}
	if r := get(pending); r.VerificationState != before.VerificationState || r.State != before.State {
		tb.Errorf("a refused REVERIFY changed the registry: %+v", r)
	}
	if payload, errs := update(withoutVerification, adminViewer, "REVERIFY", gid(synced)); len(errs) > 0 || !strings.Contains(strings.Join(payload, ";"), "verification is not enabled") {
		tb.Errorf("REVERIFY with verification disabled: errors %v, payload errors %v", errs, payload)
	}
	lastID := slices.Max(append(append([]int64{}, failedIDs...), otherIDs...))
	refusals := []struct {
		name, id, want string
		viewer         finder.Viewer
	}{
		{"a registry that does not exist", gid(lastID + 1000), "does not exist", adminViewer},
		{"a malformed GlobalID", "42", "is not a valid Global ID", adminViewer},
		{"a GlobalID of an unknown class", "gid://gitlab/Geo::NoSuchRegistry/1", "not a registry of a type this site replicates", adminViewer},
		{"a non-administrator", gid(failedIDs[1]), "does not exist or you don't have permission", finder.Viewer{}},
	}
	for _, c := range refusals {
		_, errs := update(exec, c.viewer, "RESYNC", c.id)
		if !strings.Contains(strings.Join(errs, "; "), c.want) {
			tb.Errorf("RESYNC %s: errors %v, want one containing %q", c.name, errs, c.want)
		}
	}
	if r := get(failedIDs[1]); r.State != state.Failed {
		tb.Errorf("a refused RESYNC changed registry %d to %s", failedIDs[1], r.State)
	}

	// Resync all failed: a job, joined when asked again, that resyncs the
	// failed registries and nothing else.
	vars := map[string]any{"action": "RESYNC_ALL", "registryClass": class, "replicationState": "FAILED", "verificationState": nil}
	first := exec(ctx, adminViewer, bulkMutation, vars)
	jobID, _ := digJSON(first.Data, "geoRegistriesBulkUpdate", "jobId").(string)
	if len(first.Errors) > 0 || jobID == "" || len(listOf(digJSON(first.Data, "geoRegistriesBulkUpdate", "errors"))) > 0 ||
		digJSON(first.Data, "geoRegistriesBulkUpdate", "registryClass") != class {
		tb.Fatalf("RESYNC_ALL FAILED: %v, errors %v; want a job id and no errors", first.Data, first.Errors)
	}
	again := exec(ctx, adminViewer, bulkMutation, vars)
	if got, _ := digJSON(again.Data, "geoRegistriesBulkUpdate", "jobId").(string); got != jobID {
		tb.Errorf("the same bulk request while its job is unfinished: job %q, want %q", got, jobID)
	}
	otherBefore := map[int64]registry.Record{}
	for _, id := range otherIDs {
		otherBefore[id] = get(id)
	}
	for range 20 {
		if _, err := jobs.RunPass(ctx); err != nil {
			tb.Fatalf("run the bulk job: %v", err)
		}
	}
	for _, id := range failedIDs[1:] {
		if r := get(id); r.State != state.Pending {
			tb.Errorf("after RESYNC_ALL FAILED: registry %d is %s, want pending", id, r.State)
		}
	}
	for id, b := range otherBefore {
		if r := get(id); r.State != b.State {
			tb.Errorf("RESYNC_ALL FAILED changed registry %d from %s to %s", id, b.State, r.State)
		}
	}
	refused := withoutVerification(ctx, adminViewer, bulkMutation, map[string]any{"action": "REVERIFY_ALL", "registryClass": class})
	if msgs := fmt.Sprint(digJSON(refused.Data, "geoRegistriesBulkUpdate", "errors")); !strings.Contains(msgs, "verification is not enabled") {
		tb.Errorf("REVERIFY_ALL with verification disabled: %v, errors %v", refused.Data, refused.Errors)
	}
}

func listOf(v any) []any {
	l, _ := v.([]any)
	return l
}
