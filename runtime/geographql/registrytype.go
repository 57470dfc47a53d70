package geographql

import (
	"context"
	"fmt"
	"math"
	"reflect"

	"github.com/geogen/geogen/runtime/finder"
	"github.com/geogen/geogen/runtime/registry"
)

// pageInfo resolves PageInfo.
type pageInfo struct {
	EndCursor       *string `graphql:"endCursor"`
	HasNextPage     bool    `graphql:"hasNextPage"`
	HasPreviousPage bool    `graphql:"hasPreviousPage"`
	StartCursor     *string `graphql:"startCursor"`
}

// countFunc resolves a connection's count(limit:).
type countFunc = func(context.Context, countArgs) (int32, error)

// registryType holds the resolver struct types of one registry type:
// the object, its edge and its connection, and the func type of its
// GeoNode field.
type registryType struct {
	binding TypeBinding
	ids     idNames
	fields  []registryField
	node    reflect.Type // struct, one field per registryField
	edge    reflect.Type // struct{cursor; node}
	conn    reflect.Type // struct{count; edges; nodes; pageInfo}
	resolve reflect.Type // func(context.Context, registriesArgs) (*conn, error)
}

func newRegistryType(b TypeBinding, app string) *registryType {
	t := &registryType{binding: b, ids: idNames{d: b.Descriptor, app: app}, fields: registryFields(b.Descriptor)}
	var nodeFields []reflect.StructField
	for _, f := range t.fields {
		nodeFields = append(nodeFields, structField(f.Name, f.goType))
	}
	t.node = reflect.StructOf(nodeFields)
	nodePtr := reflect.PointerTo(t.node)
	t.edge = reflect.StructOf([]reflect.StructField{
		structField("cursor", reflect.TypeFor[string]()),
		structField("node", nodePtr),
	})
	t.conn = reflect.StructOf([]reflect.StructField{
		structField("count", reflect.TypeFor[countFunc]()),
		// Nullable lists are pointers to slices for graphql-go.
		structField("edges", reflect.PointerTo(reflect.SliceOf(reflect.PointerTo(t.edge)))),
		structField("nodes", reflect.PointerTo(reflect.SliceOf(nodePtr))),
		structField("pageInfo", reflect.TypeFor[*pageInfo]()),
	})
	t.resolve = reflect.FuncOf(
		[]reflect.Type{contextType, reflect.TypeFor[registriesArgs]()},
		[]reflect.Type{reflect.PointerTo(t.conn), errorType}, false)
	return t
}

// field returns the resolver of the type's GeoNode field for a node: the
// current node reads its tracking database, any other node has none to
// read and lists nothing, and so does a site without a Finder (a primary,
// which has no registries).
func (t *registryType) field(current bool) reflect.Value {
	current = current && t.binding.Finder != nil
	return reflect.MakeFunc(t.resolve, func(in []reflect.Value) []reflect.Value {
		ctx := in[0].Interface().(context.Context)
		args := in[1].Interface().(registriesArgs)
		conn, err := t.connection(ctx, current, args)
		return resultValues(t.resolve.Out(0), conn, err)
	})
}

// connection runs the query and builds the connection value.
func (t *registryType) connection(ctx context.Context, current bool, args registriesArgs) (reflect.Value, error) {
	d := t.binding.Descriptor
	q, err := args.query(d)
	if err != nil {
		return reflect.Value{}, clientErrorf("%s: %w", d.GraphQLField, err)
	}
	zero, err := args.page(&q)
	if err != nil {
		return reflect.Value{}, clientErrorf("%s: %w", d.GraphQLField, err)
	}
	var page finder.Page
	viewer := ViewerFrom(ctx)
	if current {
		if err := charge(ctx, d.GraphQLField, pageSize(q), len(q.IDs)); err != nil {
			return reflect.Value{}, err
		}
		page, err = t.binding.Finder.Find(ctx, viewer, q)
		if err != nil {
			return reflect.Value{}, fmt.Errorf("%s: %w", d.GraphQLField, err)
		}
		if zero {
			page = emptyPage(page, q.Last > 0)
		}
	}
	count := func(ctx context.Context, a countArgs) (int32, error) {
		if !current {
			return 0, nil
		}
		limit, limited, err := a.limit()
		if err != nil {
			return 0, clientError{err}
		}
		if err := charge(ctx, d.GraphQLField+" count", 0, 0); err != nil {
			return 0, err
		}
		var n int64
		if limited {
			n, err = t.binding.Finder.CountAtMost(ctx, viewer, q, limit)
		} else {
			n, err = t.binding.Finder.Count(ctx, viewer, q)
		}
		if err != nil {
			return 0, fmt.Errorf("%s count: %w", d.GraphQLField, err)
		}
		if n > math.MaxInt32 {
			return 0, clientErrorf("%s count: %d rows do not fit GraphQL's Int; pass a limit", d.GraphQLField, n)
		}
		return int32(n), nil
	}
	return t.connectionValue(page, count), nil
}

func (t *registryType) connectionValue(page finder.Page, count countFunc) reflect.Value {
	nodes := reflect.MakeSlice(t.conn.Field(2).Type.Elem(), 0, len(page.Records))
	edges := reflect.MakeSlice(t.conn.Field(1).Type.Elem(), 0, len(page.Records))
	for i, r := range page.Records {
		n := t.nodeValue(r)
		nodes = reflect.Append(nodes, n)
		e := reflect.New(t.edge)
		e.Elem().Field(0).SetString(page.Cursors[i])
		e.Elem().Field(1).Set(n)
		edges = reflect.Append(edges, e)
	}
	info := &pageInfo{HasNextPage: page.HasNextPage, HasPreviousPage: page.HasPreviousPage}
	if page.StartCursor != "" {
		info.StartCursor, info.EndCursor = ptr(page.StartCursor), ptr(page.EndCursor)
	}
	c := reflect.New(t.conn)
	c.Elem().Field(0).Set(reflect.ValueOf(count))
	c.Elem().Field(1).Set(pointerTo(edges))
	c.Elem().Field(2).Set(pointerTo(nodes))
	c.Elem().Field(3).Set(reflect.ValueOf(info))
	return c
}

func (t *registryType) nodeValue(r registry.Record) reflect.Value {
	v := reflect.New(t.node)
	for i, f := range t.fields {
		v.Elem().Field(i).Set(reflect.ValueOf(f.value(t.ids, r)))
	}
	return v
}

func pointerTo(v reflect.Value) reflect.Value {
	p := reflect.New(v.Type())
	p.Elem().Set(v)
	return p
}
