package metrics

import (
	"context"
	"fmt"

	"github.com/geogen/geogen/runtime/flags"
	"github.com/geogen/geogen/runtime/replicable"
	"github.com/geogen/geogen/runtime/sqldb"
	"github.com/geogen/geogen/runtime/state"
)

// ComputePrimary counts d's model records and verification state rows in
// the primary's main database. A type whose verification is disabled on
// the primary reports nothing (every figure nil), as GitLab only counts
// verification-enabled types there.
func ComputePrimary(ctx context.Context, main *sqldb.DB, d *replicable.Descriptor, src flags.Source) (Status, error) {
	s := Status{Descriptor: d}
	if !flags.VerificationEnabled(src, d, flags.Primary) {
		return s, nil
	}
	scope := ""
	if d.Scope != "" {
		scope = " WHERE " + d.Scope
	}
	var total int64
	if err := main.QueryRowContext(ctx, "SELECT count(*) FROM "+d.ModelTable+scope).Scan(&total); err != nil {
		return Status{}, fmt.Errorf("count %s: %w", d.ModelTable, err)
	}
	s.Count = &total

	// State rows of records in scope; the subquery keeps Scope's
	// unqualified column names about the model table.
	stateScope := ""
	if d.Scope != "" {
		stateScope = fmt.Sprintf(" WHERE %s IN (SELECT %s FROM %s WHERE %s)", d.StateKeyColumn(), d.ModelKey, d.ModelTable, d.Scope)
	}
	query := fmt.Sprintf("SELECT count(*), "+
		"count(*) FILTER (WHERE verification_state = %d), "+
		"count(*) FILTER (WHERE verification_state = %d) FROM %s%s",
		state.VerificationSucceeded, state.VerificationFailed, d.StateTable, stateScope)
	var checksumTotal, checksummed, checksumFailed int64
	if err := main.QueryRowContext(ctx, query).Scan(&checksumTotal, &checksummed, &checksumFailed); err != nil {
		return Status{}, fmt.Errorf("count %s: %w", d.StateTable, err)
	}
	s.ChecksumTotalCount, s.ChecksummedCount, s.ChecksumFailedCount = &checksumTotal, &checksummed, &checksumFailed
	return s, nil
}

// ComputeSecondary counts d's registry rows in a secondary's tracking
// database, in one pass. A type whose replication is disabled reports
// nothing; the verification figures are nil while verification is
// disabled.
func ComputeSecondary(ctx context.Context, tracking *sqldb.DB, d *replicable.Descriptor, src flags.Source) (Status, error) {
	s := Status{Descriptor: d}
	if !flags.ReplicationEnabled(src, d) {
		return s, nil
	}
	synced := fmt.Sprintf("state = %d", state.Synced)
	query := fmt.Sprintf("SELECT count(*), "+
		"count(*) FILTER (WHERE %[1]s), "+
		"count(*) FILTER (WHERE state = %[2]d), "+
		"count(*) FILTER (WHERE %[1]s AND verification_state <> %[3]d), "+
		"count(*) FILTER (WHERE %[1]s AND verification_state = %[4]d), "+
		"count(*) FILTER (WHERE %[1]s AND verification_state = %[5]d), "+
		"count(*) FILTER (WHERE checksum_mismatch) FROM %[6]s",
		synced, state.Failed, state.VerificationDisabled, state.VerificationSucceeded, state.VerificationFailed, d.RegistryTable)
	var registry, syncedN, failed, verTotal, verified, verFailed, mismatched int64
	if err := tracking.QueryRowContext(ctx, query).Scan(&registry, &syncedN, &failed, &verTotal, &verified, &verFailed, &mismatched); err != nil {
		return Status{}, fmt.Errorf("count %s: %w", d.RegistryTable, err)
	}
	// A secondary's "count" is its registry count (GitLab reports the same).
	s.Count, s.RegistryCount = &registry, ptr(registry)
	s.SyncedCount, s.FailedCount = &syncedN, &failed
	if flags.VerificationEnabled(src, d, flags.Secondary) {
		s.VerificationTotalCount, s.VerifiedCount, s.VerificationFailedCount = &verTotal, &verified, &verFailed
		s.ChecksumMismatchCount = &mismatched
	}
	return s, nil
}

// Compute computes the status of every type for a site of the given role:
// the main database on the primary, the tracking database on a secondary.
func Compute(ctx context.Context, role flags.Role, db *sqldb.DB, types []*replicable.Descriptor, src flags.Source) ([]Status, error) {
	out := make([]Status, 0, len(types))
	for _, d := range types {
		var s Status
		var err error
		switch role {
		case flags.Primary:
			s, err = ComputePrimary(ctx, db, d, src)
		case flags.Secondary:
			s, err = ComputeSecondary(ctx, db, d, src)
		default:
			return nil, fmt.Errorf("compute status: unknown site role %d", role)
		}
		if err != nil {
			return nil, fmt.Errorf("compute %s status: %w", d.Name, err)
		}
		out = append(out, s)
	}
	return out, nil
}

func ptr[T any](v T) *T { return &v }
