// Package txn writes a set of files into a project as one transaction that
// survives interruption, and keeps one writer at a time.
//
// Everything it needs lives in the project's state directory, .geogen/,
// which ignores itself in git (.geogen/.gitignore is "*"), so nothing it
// leaves behind can be committed by `git add -A`:
//
//	.geogen/lock          flock'ed by the command that holds the project
//	.geogen/tx/N.new      the new content of the Nth file, written and fsynced first
//	.geogen/tx/N.old      the Nth file's previous content, moved aside
//	.geogen/tx/journal    the list of changes; once it is on disk the
//	                      transaction is decided and is carried out in full
//
// Apply stages every new content, fsyncs it, checks that the targets the
// caller asked it to verify still hold what the caller read (a file saved
// meanwhile is never overwritten), then writes and fsyncs the journal:
// that is the commit point. Only then does it touch the project:
// directories are made, each target is moved aside and its new content
// renamed into place, the directories are fsynced, and the journal goes.
// A failure before the commit point leaves the project untouched; a
// failure after it is rolled back in process (the journal is first marked
// "abort", so a crash during the rollback is finished as a rollback).
// Whatever the point at which the process dies (SIGKILL, power loss),
// Recover, which every command runs first under the lock, finds the
// project either as before the transaction (no journal: staging is
// discarded; an "abort" journal: the rollback is finished) or as after it
// (a journal: the changes are replayed forward), and removes every staging
// file.
package txn
