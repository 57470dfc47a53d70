package geographql

import (
	"context"

	graphql "github.com/graph-gophers/graphql-go"
)

// GitLab's GeoNode has settings this runtime has no counterpart for:
// selective sync (a secondary that syncs only some namespaces or
// repository shards), container repository syncs, and the choice of not
// replicating files in object storage. GeoNode still has their fields, so
// that a client written against GitLab's API can select them, with what
// GitLab answers for a site that does not use them.

// containerRepositoriesMaxCapacity is GitLab's default concurrency of
// container repository syncs (the geo_nodes column default): a site has
// no container repositories, so no setting of its own.
const containerRepositoriesMaxCapacity = 10

// syncsObjectStorage tells whether the site replicates blobs held in
// object storage, as GitLab's sync_object_storage does. A secondary
// syncs every blob, wherever the primary keeps it and wherever it keeps
// its own copy; a primary syncs nothing.
func syncsObjectStorage(n Node) bool { return !n.Primary }

// namespaceResolver resolves GitLab's Namespace. No site has selective
// sync namespaces, so none is ever made; the type is in the schema for
// the queries that select GeoNode.selectiveSyncNamespaces.
type namespaceResolver struct {
	ID                   graphql.ID `graphql:"id"`
	FullName             string     `graphql:"fullName"`
	FullPath             graphql.ID `graphql:"fullPath"`
	Name                 string     `graphql:"name"`
	Path                 string     `graphql:"path"`
	Description          *string    `graphql:"description"`
	LfsEnabled           *bool      `graphql:"lfsEnabled"`
	RequestAccessEnabled *bool      `graphql:"requestAccessEnabled"`
	Visibility           *string    `graphql:"visibility"`
}

type namespaceEdge struct {
	Cursor string             `graphql:"cursor"`
	Node   *namespaceResolver `graphql:"node"`
}

type namespaceConnection struct {
	Edges    *[]*namespaceEdge     `graphql:"edges"`
	Nodes    *[]*namespaceResolver `graphql:"nodes"`
	PageInfo *pageInfo             `graphql:"pageInfo"`
}

// connectionArgs are the arguments of every GitLab connection field.
type connectionArgs struct {
	After, Before *string
	First, Last   *int32
}

type namespacesFunc = func(context.Context, connectionArgs) (*namespaceConnection, error)

// selectiveSyncNamespaces answers GeoNode.selectiveSyncNamespaces as
// GitLab does for a site that syncs everything: an empty connection (its
// namespaces association is empty), not null.
func selectiveSyncNamespaces(context.Context, connectionArgs) (*namespaceConnection, error) {
	return &namespaceConnection{Edges: &[]*namespaceEdge{}, Nodes: &[]*namespaceResolver{}, PageInfo: &pageInfo{}}, nil
}
