// Package finder reads a secondary's registry of one replicable type for
// the admin API: filters by registry ids, replication state, verification
// state and a keyword over the model table, a choice of sort orders, and
// cursor pagination that stays fast on tables with millions of rows.
//
// Only administrators see registries. A Viewer that is not an admin gets an
// empty page and a zero count, not an error, so an API that lists many
// types shows nothing rather than failing for ordinary users.
//
// Verification filters and verification sorts are refused with
// ErrVerificationDisabled while verification is disabled for the type on
// this site. The finder answers for a secondary (the only kind of site with
// registries), so "enabled" means flags.VerificationEnabled with
// flags.Secondary, read on every call: turning a flag on or off takes
// effect at once.
package finder
