package naming

// indexesFor names the indexes, constraints and sequences of a model
// table m, a registry table r and a state table s whose foreign key is
// fk (the state table's key sk, the registry's second key k2 when not
// empty), in the pattern of GitLab's Geo migrations, each shortened by
// Identifier when needed.
func indexesFor(m, r, s, fk, sk, k2 string) Indexes {
	ix := Indexes{
		ModelPkey:  Identifier(m + "_pkey"),
		ModelIDSeq: Identifier(m + "_id_seq"),

		RegistryPkey:                     Identifier(r + "_pkey"),
		RegistryIDSeq:                    Identifier(r + "_id_seq"),
		RegistryFK:                       Identifier("index_" + r + "_on_" + fk),
		RegistryRetryAt:                  Identifier("index_" + r + "_on_retry_at"),
		RegistryState:                    Identifier("index_" + r + "_on_state"),
		RegistryLastSyncedAt:             Identifier("index_" + r + "_on_last_synced_at"),
		RegistryVerifiedAt:               Identifier("index_" + r + "_on_verified_at"),
		RegistryChecksumMismatch:         Identifier("index_" + r + "_checksum_mismatch"),
		RegistryFailedVerification:       Identifier(r + "_failed_verification"),
		RegistryNeedsVerification:        Identifier(r + "_needs_verification"),
		RegistryPendingVerification:      Identifier(r + "_pending_verification"),
		RegistryPendingSync:              Identifier(r + "_pending_sync"),
		RegistryNeedsSyncAgain:           Identifier(r + "_needs_sync_again"),
		RegistryLastSyncFailureCheck:     Identifier("check_" + r + "_last_sync_failure"),
		RegistryVerificationFailureCheck: Identifier("check_" + r + "_verification_failure"),

		StatePkey:                     Identifier(s + "_pkey"),
		StateFKConstraint:             Identifier("fk_" + s + "_" + sk),
		StateVerificationState:        Identifier("index_" + s + "_on_verification_state"),
		StatePendingVerification:      Identifier("index_" + s + "_pending_verification"),
		StateFailedVerification:       Identifier("index_" + s + "_failed_verification"),
		StateNeedsVerification:        Identifier("index_" + s + "_needs_verification"),
		StateVerificationFailureCheck: Identifier("check_" + s + "_verification_failure"),
	}
	if k2 != "" {
		ix.RegistrySecondKey = Identifier("index_" + r + "_on_" + k2)
	}
	return ix
}

// All lists every name of ix in field order.
func (ix Indexes) All() []string {
	return []string{
		ix.ModelPkey, ix.ModelIDSeq,
		ix.RegistryPkey, ix.RegistryIDSeq, ix.RegistryFK, ix.RegistryRetryAt, ix.RegistryState,
		ix.RegistryLastSyncedAt, ix.RegistryVerifiedAt, ix.RegistryChecksumMismatch,
		ix.RegistryFailedVerification, ix.RegistryNeedsVerification, ix.RegistryPendingVerification,
		ix.RegistryPendingSync, ix.RegistryNeedsSyncAgain,
		ix.RegistryLastSyncFailureCheck, ix.RegistryVerificationFailureCheck, ix.RegistrySecondKey,
		ix.StatePkey, ix.StateFKConstraint, ix.StateVerificationState, ix.StatePendingVerification,
		ix.StateFailedVerification, ix.StateNeedsVerification, ix.StateVerificationFailureCheck,
	}
}
