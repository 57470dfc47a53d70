package geotest

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/geogen/geogen/runtime/finder"
	"github.com/geogen/geogen/runtime/flags"
	"github.com/geogen/geogen/runtime/geographql"
	"github.com/geogen/geogen/runtime/registry"
	"github.com/geogen/geogen/runtime/sqldb"
	"github.com/geogen/geogen/runtime/state"
)

// RegistriesResolver is the conformance suite 'a Geo registries resolver':
// GeoNode's <type>Registries field returns registries in id order to
// admins, takes global ids and the replication and verification state
// filters (refusing the latter while verification is disabled), and
// returns nothing to non-admins or for a Geo node other than the current
// one.
func RegistriesResolver(t *testing.T, cfg Config) {
	t.Helper()
	EachDialect(t, func(t *testing.T, dialect sqldb.Dialect) {
		registriesResolverSuite(t, NewEnv(t, dialect, cfg), newSchemaExecutor)
	})
}

func registriesResolverSuite(tb testing.TB, e *Env, newExecutor newGraphQLExecutorFunc) {
	tb.Helper()
	ctx := context.Background()
	d := e.Config.Descriptor
	exec := newExecutor(tb, e, flags.NewMemory(d.ReplicationFlag))
	disabled := newExecutor(tb, e, flags.NewMemory())

	rows := []registry.Record{
		InsertRegistry(tb, e, registry.Record{State: state.Synced, VerificationState: state.VerificationSucceeded}),
		InsertRegistry(tb, e, registry.Record{State: state.Failed}),
		InsertRegistry(tb, e, registry.Record{State: state.Synced, VerificationState: state.VerificationFailed}),
	}
	gid := func(i int) string { return geographql.GlobalID(d, rows[i].ID) }
	fetch := func(exec graphQLExecutor, viewer finder.Viewer, node, args string) ([]string, []string) {
		nodeArg := ""
		if node != "" {
			nodeArg = fmt.Sprintf("(name: %q)", node)
		}
		if args != "" {
			args = "(" + args + ")"
		}
		res := exec(ctx, viewer, fmt.Sprintf(`{ geoNode%s { %s%s { nodes { id } } } }`, nodeArg, d.GraphQLField, args), nil)
		var ids []string
		for _, n := range objectList(digJSON(res.Data, "geoNode", d.GraphQLField, "nodes")) {
			id, _ := n["id"].(string)
			ids = append(ids, id)
		}
		return ids, res.Errors
	}

	// Another application name is the same registry: GlobalIDs are
	// accepted with any, as GitLab's clients send "gitlab".
	gitlabID := strings.Replace(gid(1), "gid://"+geographql.DefaultGlobalIDApp+"/", "gid://gitlab/", 1)
	otherClass := fmt.Sprintf("gid://gitlab/Geo::%sOther/%d", d.GraphQLType, rows[1].ID)
	cases := []struct {
		name    string
		args    string
		want    []string
		wantErr string
	}{
		{"all, in order", "", []string{gid(0), gid(1), gid(2)}, ""},
		{"global ids, result still in id order", fmt.Sprintf("ids: [%q, %q]", gid(2), gid(0)), []string{gid(0), gid(2)}, ""},
		{"any application name", fmt.Sprintf("ids: [%q]", gitlabID), []string{gid(1)}, ""},
		{"empty ids filter nothing", "ids: []", []string{gid(0), gid(1), gid(2)}, ""},
		{"a bare number is not a GlobalID", fmt.Sprintf("ids: [%q, %q]", gid(1), "42"), nil, `"42" is not a valid Global ID`},
		{"a GlobalID of another class", fmt.Sprintf("ids: [%q]", otherClass), nil, "does not represent an instance of " + geographql.RegistryClassName(d)},
		{"replication state", "replicationState: FAILED", []string{gid(1)}, ""},
		{"verification state", "verificationState: FAILED", []string{gid(2)}, ""},
		{"both states", "replicationState: SYNCED, verificationState: SUCCEEDED", []string{gid(0)}, ""},
	}
	for _, c := range cases {
		got, errs := fetch(exec, adminViewer, "", c.args)
		joined := strings.Join(errs, "; ")
		if c.wantErr != "" {
			if len(got) != 0 || !strings.Contains(joined, c.wantErr) {
				tb.Errorf("%s: got %v (errors %v), want no registries and an error containing %q", c.name, got, errs, c.wantErr)
			}
			continue
		}
		if len(errs) > 0 || !slices.Equal(got, c.want) {
			tb.Errorf("%s: got %v (errors %v), want %v", c.name, got, errs, c.want)
		}
	}

	if got, errs := fetch(exec, adminViewer, currentNodeName, ""); len(errs) > 0 || len(got) != len(rows) {
		tb.Errorf("current node by name: got %v (errors %v), want %d registries", got, errs, len(rows))
	}
	if got, errs := fetch(exec, adminViewer, otherNodeName, ""); len(errs) > 0 || len(got) != 0 {
		tb.Errorf("a Geo node that is not the current one: got %v (errors %v), want no registries", got, errs)
	}
	if got, _ := fetch(exec, finder.Viewer{Admin: false}, "", ""); len(got) != 0 {
		tb.Errorf("non-admin viewer: got %v, want no registries", got)
	}
	_, errs := fetch(disabled, adminViewer, "", "verificationState: SUCCEEDED")
	if len(errs) == 0 || !strings.Contains(strings.Join(errs, "; "), "verification is not enabled") {
		tb.Errorf("verification disabled: filtering by verification state gave errors %v, want one saying verification is not enabled", errs)
	}
}
