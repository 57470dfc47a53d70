package geographql

import (
	"context"
	"reflect"

	graphql "github.com/graph-gophers/graphql-go"
)

// The GeoNode resolver struct: the node's own fields, then one func field
// per registry type.
var geoNodeFields = []reflect.StructField{
	structField("id", idType),
	structField("name", reflect.TypeFor[*string]()),
	structField("url", reflect.TypeFor[*string]()),
	structField("primary", reflect.TypeFor[*bool]()),
	structField("enabled", reflect.TypeFor[*bool]()),
	structField("internalUrl", reflect.TypeFor[*string]()),
	structField("filesMaxCapacity", reflect.TypeFor[*int32]()),
	structField("reposMaxCapacity", reflect.TypeFor[*int32]()),
	structField("verificationMaxCapacity", reflect.TypeFor[*int32]()),
	structField("minimumReverificationInterval", reflect.TypeFor[*int32]()),
	structField("bulkJobs", reflect.TypeFor[bulkJobsFunc]()),
	structField("containerRepositoriesMaxCapacity", reflect.TypeFor[*int32]()),
	structField("syncObjectStorage", reflect.TypeFor[*bool]()),
	structField("selectiveSyncType", reflect.TypeFor[*string]()),
	structField("selectiveSyncShards", reflect.TypeFor[*[]*string]()),
	structField("selectiveSyncNamespaces", reflect.TypeFor[namespacesFunc]()),
}

func geoNodeType(types []*registryType) reflect.Type {
	fields := append([]reflect.StructField(nil), geoNodeFields...)
	for _, t := range types {
		fields = append(fields, structField(t.binding.Descriptor.GraphQLField, t.resolve))
	}
	return reflect.StructOf(fields)
}

func geoNodeValue(nodeType reflect.Type, types []*registryType, app string, n Node, jobs bulkJobsFunc, current bool) reflect.Value {
	v := reflect.New(nodeType)
	e := v.Elem()
	e.Field(0).Set(reflect.ValueOf(graphql.ID(nodeGlobalID(app, n))))
	e.Field(1).Set(reflect.ValueOf(optString(n.Name)))
	e.Field(2).Set(reflect.ValueOf(optString(n.URL)))
	e.Field(3).Set(reflect.ValueOf(ptr(n.Primary)))
	e.Field(4).Set(reflect.ValueOf(ptr(n.Enabled)))
	internal := n.InternalURL
	if internal == "" {
		internal = n.URL
	}
	e.Field(5).Set(reflect.ValueOf(optString(internal)))
	e.Field(6).Set(reflect.ValueOf(ptr(int32(n.SyncCapacity))))
	e.Field(7).Set(reflect.ValueOf(ptr(int32(n.SyncCapacity))))
	e.Field(8).Set(reflect.ValueOf(ptr(int32(n.VerificationCapacity))))
	e.Field(9).Set(reflect.ValueOf(ptr(int32(n.MinimumReverificationIntervalDays))))
	e.Field(10).Set(reflect.ValueOf(jobs))
	e.Field(11).Set(reflect.ValueOf(ptr(int32(containerRepositoriesMaxCapacity))))
	e.Field(12).Set(reflect.ValueOf(ptr(syncsObjectStorage(n))))
	// No selective sync: GitLab's null type and empty shard list.
	e.Field(13).Set(reflect.ValueOf((*string)(nil)))
	e.Field(14).Set(reflect.ValueOf(&[]*string{}))
	e.Field(15).Set(reflect.ValueOf(namespacesFunc(selectiveSyncNamespaces)))
	for i, t := range types {
		e.Field(len(geoNodeFields) + i).Set(t.field(current))
	}
	return v
}

type geoNodeArgs struct {
	Name *string
}

// rootResolver builds the resolver of the Query and Mutation types (graphql-go
// resolves both on one value): geoNode, and the mutations when m is not
// nil.
func rootResolver(nodeType reflect.Type, m *mutations, lookup func(ctx context.Context, name *string) reflect.Value) reflect.Value {
	fn := reflect.FuncOf(
		[]reflect.Type{contextType, reflect.TypeFor[geoNodeArgs]()},
		[]reflect.Type{reflect.PointerTo(nodeType)}, false)
	geoNode := reflect.MakeFunc(fn, func(in []reflect.Value) []reflect.Value {
		ctx := in[0].Interface().(context.Context)
		return []reflect.Value{lookup(ctx, in[1].Interface().(geoNodeArgs).Name)}
	})
	fields := []reflect.StructField{structField("geoNode", fn)}
	values := []reflect.Value{geoNode}
	if m != nil {
		update := m.updateField()
		fields = append(fields, structField("geoRegistriesUpdate", update.Type()), structField("geoRegistriesBulkUpdate", reflect.TypeOf(m.bulkUpdate)))
		values = append(values, update, reflect.ValueOf(m.bulkUpdate))
	}
	root := reflect.New(reflect.StructOf(fields))
	for i, v := range values {
		root.Elem().Field(i).Set(v)
	}
	return root
}
