package state

import "fmt"

// VerificationPendingSet is the SET list of an UPDATE that moves a row's
// verification to pending, as the framework's callbacks do it, whatever
// state the row is in:
//
//   - from started or succeeded: the retry count, retry time and failure
//     are cleared, and on a registry (mismatch true) the checksum mismatch
//     and the mismatched primary checksum too;
//   - from failed or disabled: only the failure is cleared, so backoff
//     keeps growing across failures and a recorded mismatch stays visible
//     until a verification succeeds;
//   - from pending: a self loop; the failure is already empty.
//
// The verification store's Pending, the registry's Synced and a push on the
// primary (the repository replicator) all use it, so the ways into pending
// cannot drift apart.
func VerificationPendingSet(mismatch bool) string {
	fresh := fmt.Sprintf("verification_state IN (%d, %d)", VerificationStarted, VerificationSucceeded)
	set := fmt.Sprintf(`verification_state = %d, verification_failure = NULL,
  verification_retry_count = CASE WHEN %s THEN 0 ELSE verification_retry_count END,
  verification_retry_at = CASE WHEN %s THEN NULL ELSE verification_retry_at END`, VerificationPending, fresh, fresh)
	if mismatch {
		set += fmt.Sprintf(`,
  checksum_mismatch = CASE WHEN %s THEN false ELSE checksum_mismatch END,
  verification_checksum_mismatched = CASE WHEN %s THEN NULL ELSE verification_checksum_mismatched END`, fresh, fresh)
	}
	return set
}
