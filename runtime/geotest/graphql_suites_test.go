package geotest

import (
	"context"
	"testing"

	"github.com/geogen/geogen/runtime/finder"
	"github.com/geogen/geogen/runtime/flags"
	"github.com/geogen/geogen/runtime/replicable"
	"github.com/geogen/geogen/runtime/sqldb"
)

func TestGraphQLSuitesPassTheSchema(t *testing.T) {
	cfg := readSuiteConfig()
	t.Run("RegistryType", func(t *testing.T) { RegistryType(t, cfg) })
	t.Run("RegistriesResolver", func(t *testing.T) { RegistriesResolver(t, cfg) })
	t.Run("GetsRegistriesFor", func(t *testing.T) { GetsRegistriesFor(t, cfg) })
}

// renamedType builds the schema from a copy of the descriptor changed by
// rename: a type or field registered under the wrong name.
func renamedType(rename func(d *replicable.Descriptor)) newGraphQLExecutorFunc {
	return func(tb testing.TB, e *Env, src flags.Source) graphQLExecutor {
		d := *e.Config.Descriptor
		rename(&d)
		return schemaExecutor(tb, e, &d, src)
	}
}

// adminForAll runs every query as an admin, whoever asks.
func adminForAll(tb testing.TB, e *Env, src flags.Source) graphQLExecutor {
	exec := newSchemaExecutor(tb, e, src)
	return func(ctx context.Context, _ finder.Viewer, query string, vars map[string]any) gqlResult {
		return exec(ctx, finder.Viewer{Admin: true}, query, vars)
	}
}

func TestGraphQLSuitesRejectBrokenSchemas(t *testing.T) {
	cases := []struct {
		name  string
		suite func(testing.TB, *Env, newGraphQLExecutorFunc)
		impl  newGraphQLExecutorFunc
		want  string
	}{
		{"registry type under another name", registryTypeSuite,
			renamedType(func(d *replicable.Descriptor) { d.GraphQLType = "SomethingElseRegistry" }), "is not in the schema"},
		{"registry type without the foreign key field", registryTypeSuite,
			renamedType(func(d *replicable.Descriptor) { d.GraphQLFKField = "modelId" }), "has no field coolWidgetId"},
		{"resolver that shows registries to non-admins", registriesResolverSuite, adminForAll, "non-admin"},
		{"registries under another field name", getsRegistriesForSuite,
			renamedType(func(d *replicable.Descriptor) { d.GraphQLField = "widgets" }), "query every"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := NewEnv(t, sqldb.SQLite, readSuiteConfig())
			expectReadSuiteFailure(t, c.want, func(tb testing.TB) { c.suite(tb, e, c.impl) })
		})
	}
}
