package geographql

import (
	"context"
	"errors"
	"fmt"
	"reflect"

	graphql "github.com/graph-gophers/graphql-go"

	"github.com/geogen/geogen/runtime/finder"
	"github.com/geogen/geogen/runtime/geographql/sdl"
	"github.com/geogen/geogen/runtime/replicable"
)

// TypeBinding is one replicable type in the schema: its descriptor, its SDL
// fragment (TypeSDL's output, embedded in generated code; empty means
// TypeSDL(Descriptor)) and the Finder that reads its registry.
//
// A primary has no registries: its bindings have no Finder, and its
// GeoNode answers every registries field with an empty connection, as
// GitLab's does, so that every site serves the same schema. Actions carry
// out the mutations; nil answers them with an error saying so.
type TypeBinding struct {
	Descriptor *replicable.Descriptor
	SDL        string
	Finder     *finder.Finder
	Actions    Actions
	// Union is the project's resolver of the Registrable union, the same
	// in every binding (BindUnion sets it); zero: the schema has no union.
	Union Union
}

// Node describes a Geo site as GeoNode shows it.
type Node struct {
	// ID is the site's number, its geo_node_id in GitLab's REST status
	// API: GeoNode.id is gid://<app>/GeoNode/<ID>, as GitLab writes a
	// GeoNode's GlobalID, so that a client can match the two APIs. 0 is
	// taken as 1 for a primary and 2 otherwise, as adminapi numbers a
	// site whose ID is not configured.
	ID          int64
	Name        string
	URL         string
	InternalURL string // the URL other sites reach it at; empty: URL
	Primary     bool
	Enabled     bool
	// SyncCapacity is how many syncs run at once on the site, blobs and
	// repositories alike: GeoNode's filesMaxCapacity and reposMaxCapacity.
	SyncCapacity int
	// VerificationCapacity is how many checksums run at once.
	VerificationCapacity int
	// MinimumReverificationIntervalDays is how old a succeeded
	// verification gets before it is checksummed again.
	MinimumReverificationIntervalDays int
}

type config struct {
	app        string
	jobs       BulkJobLister
	current    Node
	others     []Node
	schemaOpts []graphql.SchemaOpt
}

// Option configures NewSchema.
type Option func(*config)

// WithCurrentNode names the site serving the schema: geoNode without a
// name, or with this name, is this node, and its registry fields read the
// local tracking database.
func WithCurrentNode(n Node) Option { return func(c *config) { c.current = n } }

// WithOtherNodes lists other sites geoNode(name:) can return. Their
// registry fields are always empty: another site's tracking database
// cannot be read from here.
func WithOtherNodes(nodes ...Node) Option {
	return func(c *config) { c.others = append(c.others, nodes...) }
}

// WithGlobalIDApp sets the application name of the GlobalIDs the schema
// writes ("gitlab" for GitLab's clients to see their own); the default is
// DefaultGlobalIDApp. GlobalID arguments are accepted with any name.
func WithGlobalIDApp(app string) Option { return func(c *config) { c.app = app } }

// WithSchemaOptions passes options to graphql-go (limits, tracing, a
// logger). NewSchema always adds UseStringDescriptions and
// UseFieldResolvers, which the schema needs.
func WithSchemaOptions(opts ...graphql.SchemaOpt) Option {
	return func(c *config) { c.schemaOpts = append(c.schemaOpts, opts...) }
}

// SDL returns the whole schema of the bindings: the schema's root
// operations, BaseSDL, each type's fragment in binding order, and the
// GeoRegistryClass enum and mutations over the types, with the Registrable
// union when the bindings have one (BindUnion).
func SDL(types []TypeBinding) string {
	union, _ := unionOf(types) // NewSchema reports a bad one
	return schemaSDL(types, union.ptr != nil)
}

// ProjectSDL returns the schema a project geogen generates serves over
// its types: SDL of their bindings with the Registrable union, which the
// project's generated code binds.
func ProjectSDL(types []*replicable.Descriptor) string { return sdl.Project(types) }

func schemaSDL(types []TypeBinding, withUnion bool) string {
	descs := make([]*replicable.Descriptor, len(types))
	for i, b := range types {
		descs[i] = b.Descriptor
	}
	return sdl.Schema(descs, withUnion)
}

// BaseSDL returns the part of the schema every project has: the query
// root, GeoNode without per-type fields, PageInfo, the state and sort enums
// and the Time scalar. Per-type fragments (TypeSDL) extend GeoNode.
func BaseSDL() string { return sdl.Base() }

// TypeSDL returns d's part of the schema: the registry object type, its
// connection and edge types, and the GeoNode field that lists registries.
// The result depends only on d, so generated code can embed it and
// NewSchema can check the embedded copy is current.
func TypeSDL(d *replicable.Descriptor) string { return sdl.Type(d) }

// CheckNames returns every GraphQL name of the types that the schema
// could not hold (see sdl.CheckNames); NewSchema refuses such a set.
func CheckNames(descs []*replicable.Descriptor) []*replicable.NameProblem {
	return sdl.CheckNames(descs)
}

// BuiltinTypeNames returns, sorted, the GraphQL type names every schema
// defines whatever its replicable types (see sdl.BuiltinTypeNames).
func BuiltinTypeNames() []string { return sdl.BuiltinTypeNames() }

// BuiltinGeoNodeFields returns, sorted, the fields GeoNode has whatever
// the types: a type's GraphQLField must not be one of them.
func BuiltinGeoNodeFields() []string { return sdl.BuiltinGeoNodeFields() }

// TypeNames returns the GraphQL type names d's fragment defines: the
// registry object, its connection and edge, and its GlobalID scalar.
func TypeNames(d *replicable.Descriptor) []string { return sdl.TypeNames(d) }

// ExperimentNote ends the description of an experiment's GraphQL field,
// in the words GitLab's GraphQL reference uses for one.
const ExperimentNote = sdl.ExperimentNote

// NewSchema builds the executable schema of the given types. It fails when
// a binding is incomplete, when an embedded SDL fragment is not what this
// runtime generates (regenerate the project's code), or when two types
// share a GraphQL name.
func NewSchema(types []TypeBinding, opts ...Option) (*graphql.Schema, error) {
	cfg := config{app: DefaultGlobalIDApp, current: Node{Enabled: true}}
	for _, o := range opts {
		o(&cfg)
	}
	if err := checkBindings(types); err != nil {
		return nil, err
	}
	var regTypes []*registryType
	for _, b := range types {
		regTypes = append(regTypes, newRegistryType(b, cfg.app))
	}
	nodeType := geoNodeType(regTypes)
	nodes := map[string]reflect.Value{}
	for _, n := range cfg.others {
		nodes[n.Name] = geoNodeValue(nodeType, regTypes, cfg.app, n, bulkJobsField(cfg.jobs, false), false)
	}
	current := geoNodeValue(nodeType, regTypes, cfg.app, cfg.current, bulkJobsField(cfg.jobs, true), true)
	nodes[cfg.current.Name] = current

	union, err := unionOf(types)
	if err != nil {
		return nil, fmt.Errorf("build Geo GraphQL schema: %w", err)
	}
	var muts *mutations
	if len(regTypes) > 0 {
		muts = &mutations{types: regTypes, union: union}
	}
	root := rootResolver(nodeType, muts, func(ctx context.Context, name *string) reflect.Value {
		if !ViewerFrom(ctx).Admin {
			return reflect.Zero(reflect.PointerTo(nodeType))
		}
		if name == nil {
			return current
		}
		if n, ok := nodes[*name]; ok {
			return n
		}
		return reflect.Zero(reflect.PointerTo(nodeType))
	})
	schemaOpts := append([]graphql.SchemaOpt{graphql.UseStringDescriptions(), graphql.UseFieldResolvers()}, cfg.schemaOpts...)
	s, err := graphql.ParseSchema(SDL(types), root.Interface(), schemaOpts...)
	if err != nil {
		return nil, fmt.Errorf("build Geo GraphQL schema: %w", err)
	}
	return s, nil
}

func checkBindings(types []TypeBinding) error {
	var descs []*replicable.Descriptor
	for i, b := range types {
		if b.Descriptor == nil {
			return fmt.Errorf("build Geo GraphQL schema: binding %d has no Descriptor", i)
		}
		d := b.Descriptor
		if b.Finder != nil && b.Finder.Descriptor() != d {
			return fmt.Errorf("build Geo GraphQL schema: the Finder of %s reads %s's registry", d.GraphQLType, b.Finder.Descriptor().Name)
		}
		if b.SDL != "" && b.SDL != TypeSDL(d) {
			return fmt.Errorf("build Geo GraphQL schema: the SDL embedded for %s is not what this runtime generates (run geogen generate)", d.GraphQLType)
		}
		descs = append(descs, d)
	}
	var errs []error
	for _, p := range CheckNames(descs) {
		errs = append(errs, p)
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("build Geo GraphQL schema: %w", err)
	}
	return nil
}
