package sdl

import (
	"strings"

	"github.com/geogen/geogen/runtime/registrysort"
)

// Base returns the part of the schema every project has: the query
// root, GeoNode without per-type fields, PageInfo, the state and sort enums
// and the Time scalar. Per-type fragments (Type) extend GeoNode.
func Base() string {
	var b strings.Builder
	b.WriteString(baseSDL)
	b.WriteString(bulkJobSDL)
	b.WriteString("\n\"\"\"Values for sorting Geo registries.\"\"\"\nenum GeoRegistrySort {\n")
	for _, s := range registrysort.All {
		b.WriteString("  \"\"\"" + sortDescriptions[s] + "\"\"\"\n  " + string(s) + "\n")
	}
	b.WriteString("}\n")
	return b.String()
}

var sortDescriptions = map[registrysort.Sort]string{
	registrysort.IDAsc:            "ID by ascending order.",
	registrysort.IDDesc:           "ID by descending order.",
	registrysort.LastSyncedAtAsc:  "Latest synced time by ascending order.",
	registrysort.LastSyncedAtDesc: "Latest synced time by descending order.",
	registrysort.VerifiedAtAsc:    "Latest verified time by ascending order.",
	registrysort.VerifiedAtDesc:   "Latest verified time by descending order.",
}

const baseSDL = `type Query {
  """Find a Geo node. Without a name, the node serving the request."""
  geoNode(
    """Name of the Geo node. Defaults to the current node."""
    name: String
  ): GeoNode
}

"""A Geo site: the primary or a secondary."""
type GeoNode {
  """Global ID of the Geo node."""
  id: ID!
  """Unique identifier of the Geo node."""
  name: String
  """User-facing URL of the Geo node."""
  url: String
  """Whether the Geo node is the primary."""
  primary: Boolean
  """Whether the Geo node is enabled."""
  enabled: Boolean
  """URL of the Geo node that other Geo nodes use."""
  internalUrl: String
  """Maximum concurrency of file syncs on this Geo node (shared with repository syncs)."""
  filesMaxCapacity: Int
  """Maximum concurrency of repository syncs on this Geo node (shared with file syncs)."""
  reposMaxCapacity: Int
  """Maximum concurrency of verifications on this Geo node."""
  verificationMaxCapacity: Int
  """Interval (in days) after which a succeeded verification is checksummed again."""
  minimumReverificationInterval: Int
  """Background bulk jobs of this Geo node: unfinished ones and those finished recently."""
  bulkJobs: [GeoBulkJob!]!
  """Maximum concurrency of container repository syncs: GitLab's default, no site has container repositories."""
  containerRepositoriesMaxCapacity: Int
  """Whether the Geo node replicates blobs held in object storage: true on a secondary, which syncs every blob."""
  syncObjectStorage: Boolean
  """Whether syncing is limited to some namespaces or shards: always null, a Geo node syncs everything."""
  selectiveSyncType: String
  """Repository storages whose repositories are synced when selectiveSyncType is shards: always empty."""
  selectiveSyncShards: [String]
  """Namespaces that are synced when selectiveSyncType is namespaces: always empty."""
  selectiveSyncNamespaces(after: String, before: String, first: Int, last: Int): NamespaceConnection
}

"""A GitLab namespace, for GeoNode.selectiveSyncNamespaces (which is always empty)."""
type Namespace {
  """ID of the namespace."""
  id: ID!
  """Full name of the namespace."""
  fullName: String!
  """Full path of the namespace."""
  fullPath: ID!
  """Name of the namespace."""
  name: String!
  """Path of the namespace."""
  path: String!
  """Description of the namespace."""
  description: String
  """Whether Large File Storage (LFS) is enabled for the namespace."""
  lfsEnabled: Boolean
  """Whether users can request access to the namespace."""
  requestAccessEnabled: Boolean
  """Visibility of the namespace."""
  visibility: String
}

"""The connection type for Namespace."""
type NamespaceConnection {
  """A list of edges."""
  edges: [NamespaceEdge]
  """A list of nodes."""
  nodes: [Namespace]
  """Information to aid in pagination."""
  pageInfo: PageInfo!
}

"""An edge in a connection."""
type NamespaceEdge {
  """A cursor for use in pagination."""
  cursor: String!
  """The item at the end of the edge."""
  node: Namespace
}

"""Information about pagination in a connection."""
type PageInfo {
  """When paginating forwards, the cursor to continue."""
  endCursor: String
  """When paginating forwards, are there more items?"""
  hasNextPage: Boolean!
  """When paginating backwards, are there more items?"""
  hasPreviousPage: Boolean!
  """When paginating backwards, the cursor to continue."""
  startCursor: String
}

"""Action to trigger on an individual Geo registry"""
enum GeoRegistryAction {
  """Reverify a registry."""
  REVERIFY
  """Resync a registry."""
  RESYNC
}

"""Action to trigger on multiple Geo registries"""
enum GeoRegistriesBulkAction {
  """Reverify multiple registries."""
  REVERIFY_ALL
  """Resync multiple registries."""
  RESYNC_ALL
}

"""A global identifier of a Geo registry of any class: gid://<app>/Geo::<Type>Registry/<id>."""
scalar GeoBaseRegistryID

"""Time represented in ISO 8601."""
scalar Time

"""State of a Geo registry"""
enum RegistryState {
  """Registry waiting to be synced."""
  PENDING
  """Registry currently syncing."""
  STARTED
  """Registry that is synced."""
  SYNCED
  """Registry that failed to sync."""
  FAILED
}

"""Replication state of a Geo registry."""
enum ReplicationStateEnum {
  """Replication process has not started."""
  PENDING
  """Replication process is in progress."""
  STARTED
  """Replication process finished successfully."""
  SYNCED
  """Replication process finished but failed."""
  FAILED
}

"""Verification state of a Geo registry."""
enum VerificationStateEnum {
  """Verification process has not started."""
  PENDING
  """Verification process is in progress."""
  STARTED
  """Verification process finished successfully."""
  SUCCEEDED
  """Verification process finished but failed."""
  FAILED
  """Verification process is disabled."""
  DISABLED
}
`

// bulkJobSDL is GeoNode.bulkJobs' object.
const bulkJobSDL = `
"""A background job that resyncs, reverifies or checksums many records again."""
type GeoBulkJob {
  """ID of the job; a request repeated while the job runs gets the same one."""
  id: ID!
  """Class of the registries or records the job changes."""
  registryClass: String
  """What the job does: resync_all, reverify_all or recompute_checksums."""
  action: String!
  """queued, running, finished or failed."""
  status: String!
  """Rows the job covers."""
  total: Float!
  """Rows handled so far."""
  done: Float!
  """Timestamp when the job was requested."""
  createdAt: Time!
  """Timestamp when a runner started the job."""
  startedAt: Time
  """Timestamp when the job finished or failed for good."""
  finishedAt: Time
  """The last error of the job, if any."""
  lastError: String
}
`
