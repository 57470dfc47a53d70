// Package replicator holds the strategies that move one replicable type's
// data from the primary to secondaries, and the strategy-independent steps
// around them: reading the primary's checksum, verifying a record on either
// site, and applying the primary's events.
//
// A [Replicator] is what a site's workers drive. [Blob] is the blob
// strategy: one file per record in a blobstore.Store, published as created
// and deleted events on the primary, downloaded through the transfer API
// on secondaries and checksummed with SHA-256. [Repository] is the
// repository strategy: one bare git repository per record under a
// repository root, published as created, updated (a push) and deleted
// events, mirrored over git's smart HTTP on secondaries and checksummed
// over its refs (gitrepo.Checksum). Both plug into the same workers.
package replicator
