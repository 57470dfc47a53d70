// Package manifest reads and writes geogen.yaml, the file at a project's
// root that says which replicable types the project has and what geogen
// last wrote for them.
//
// The file has two parts. The human part (version, module, layout,
// replicables) is edited by people and by `geogen new` and `geogen remove`.
// The machine part (generated) is a lock: for every file geogen wrote, its
// kind and the SHA-256 of the bytes written. The lock is what lets geogen
// tell a file the user edited (disk differs from the lock) from a file that
// is merely out of date (disk matches the lock, the new rendering does not).
//
// Loading is strict: an unknown key is an error naming the key, because a
// misspelt override that is silently ignored produces wrong table names
// that are only noticed once a migration has been applied. Saving is
// deterministic (sorted) and atomic.
package manifest
