// Package gitrepo is the git side of repository replication: a checksum
// over a repository's refs, a Mirror that clones and fetches from the
// primary, and the primary's read-only smart-HTTP endpoint (Server), all
// through the git command-line tool.
//
// # Checksum
//
// A repository's checksum is the SHA-256 (32 bytes) of the concatenation
// of one line per ref
//
//	<refname> SP <object id> LF
//
// for every ref under refs/heads/, refs/tags/ and refs/keep-around/,
// sorted by byte value. <refname> is the full name ("refs/heads/main"),
// <object id> the lower-case hex id the ref points at (an annotated tag's
// own id, not its target), SP a single space (0x20) and LF a newline
// (0x0a); nothing precedes the first line or follows the last LF. For
// example a repository with only main at 3f2a… hashes exactly
// "refs/heads/main 3f2a…\n".
//
// Other refs (merge requests, pipelines, notes) are left out: they are not
// state a user relies on. Two repositories holding the same branches, tags
// and keep-around refs have the same checksum whatever their packing; any
// added, removed or moved ref changes it. The refs are read by one
// `git for-each-ref` process, never a process per ref.
//
// A repository with none of these refs has no checksum: Checksum returns
// nil. Verification treats nil as "nothing to verify yet"; what to record
// for it is the caller's decision.
//
// # Transfer
//
// The primary serves repositories at
//
//	/api/v4/geo/repositories/{replicable_name}/{id}.git/
//
// through `git http-backend`, upload-pack only: a secondary fetches,
// never pushes (receive-pack gets 403). Each request carries a geoauth
// token whose scope is RepositoryScope("{replicable_name}/{id}") (see
// Scope): none, an invalid or an expired one gets 401, one for another
// repository 403, and every refusal is logged. A repository missing on
// disk gets 404 with {"geo_code":"FILE_NOT_FOUND"}, which Mirror.Sync
// reports as ErrMissingOnPrimary.
//
// A secondary's Mirror clones into a temporary directory beside the
// destination (".tmp-clone-…") and renames it into place once complete,
// so a half-cloned repository is never visible; later syncs fetch with
// --prune and --force, and HEAD follows the primary's. RemoveStaleTemp
// sweeps temporary directories a crashed process left behind.
package gitrepo
