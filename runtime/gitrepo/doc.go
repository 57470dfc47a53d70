// Package gitrepo is the git side of repository replication: a checksum
// over a repository's refs, a mirror that clones and fetches from the
// primary, and the primary's read-only smart-HTTP endpoint, all through
// the git command-line tool.
//
// # Checksum
//
// A repository's checksum is the SHA-256 of its refs: one line
//
//	<refname> SP <object id> LF
//
// for every ref under refs/heads/, refs/tags/ and refs/keep-around/, in
// byte order of refname. Other refs (merge requests, pipelines, notes) are
// left out: they are not replicated state a user relies on. Two
// repositories holding the same branches, tags and keep-around refs have
// the same checksum, whatever their packing. A repository with none of
// them has no checksum (nil): there is nothing to verify yet. The refs
// are read by one `git for-each-ref`, never a process per ref.
//
// # Transfer
//
// The primary serves repositories at
//
//	/api/v4/geo/repositories/{replicable_name}/{id}.git/
//
// through `git http-backend` (upload-pack only: secondaries read, never
// push), for requests carrying a geoauth token whose scope is the
// repository "{replicable_name}/{id}". A secondary's Mirror clones into a
// temporary directory next to the destination and renames it into place
// once complete, so a half-cloned repository is never visible; later
// syncs fetch with --prune and --force, and HEAD follows the primary's.
package gitrepo
