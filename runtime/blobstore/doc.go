// Package blobstore stores the blobs a site replicates: uploads, LFS objects,
// artifacts and every other replicable whose data is a single file.
//
// [Store] is the small interface the rest of the runtime depends on. [Dir] is
// the default implementation, a plain directory tree on a local filesystem.
//
// Writes are atomic: [Dir.Put] streams into a temporary file named ".tmp-*"
// in the destination's own directory (so the final rename never crosses a
// filesystem), computes the SHA-256 of the bytes in the same pass, checks it
// against the expected checksum when one is given, syncs the file, renames it
// into place and syncs the directory. A reader that fails, a cancelled
// context or a checksum mismatch removes the temporary file and leaves any
// existing blob under the same key untouched, so a half-written blob is never
// visible. Temporary files orphaned by a crash are removed by
// [Dir.RemoveStaleTemp].
//
// Keys are relative, slash-separated paths ("uploads/ab/cd/avatar.png"); see
// [ValidateKey] for the rules.
package blobstore
