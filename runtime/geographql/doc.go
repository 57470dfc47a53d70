// Package geographql serves the admin GraphQL API over the registries of
// every replicable type: `geoNode { <type>Registries(...) { nodes … } }`.
//
// The schema is composed at run time from BaseSDL and one TypeSDL fragment
// per type, each extending GeoNode with the type's field. Resolvers are
// built from the descriptors too: the Go values behind the per-type object,
// edge and connection types are structs made with reflect.StructOf whose
// fields carry the GraphQL names in `graphql` tags, and per-type fields with
// arguments are func-typed struct fields (graphql-go's field resolvers).
// So a new type needs no Go code of its own beyond its Descriptor and
// Finder: generated code passes a TypeBinding and nothing else.
//
// Every query runs as a Viewer taken from the context (WithViewer). Only
// administrators see Geo nodes and registries; anyone else gets null for
// geoNode, as GitLab does.
package geographql
