package verification_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/geogen/geogen/runtime/clock"
	"github.com/geogen/geogen/runtime/internal/readtest"
	"github.com/geogen/geogen/runtime/sqldb"
	"github.com/geogen/geogen/runtime/verification"
)

func TestMain(m *testing.M) {
	code := m.Run()
	readtest.Cleanup()
	os.Exit(code)
}

// BenchmarkClaimVerificationPending claims 10 verification-pending rows
// out of 1,000,000 (the batch worker's claim) on each side, on
// PostgreSQL, prints each plan and fails unless it uses the side's
// pending-verification partial index. Claimed rows are put back outside
// the timer.
func BenchmarkClaimVerificationPending(b *testing.B) {
	fx := readtest.Bench(b)
	d := fx.Descriptor
	for _, side := range []struct {
		name  string
		store *verification.Store
		table string
		index string
	}{
		{"primary", verification.NewPrimary(fx.DB, d, clock.System{}), d.StateTable, "index_" + d.StateTable + "_pending_verification"},
		{"secondary", verification.NewSecondary(fx.DB, d, clock.System{}), d.RegistryTable, d.RegistryTable + "_pending_verification"},
	} {
		b.Run(side.name, func(b *testing.B) {
			ctx := context.Background()
			if plan := readtest.Explain(b, fx.DB, side.store.ClaimSQL(10)); !strings.Contains(plan, side.index) {
				b.Fatalf("the claim does not use %s", side.index)
			}
			b.ResetTimer()
			for b.Loop() {
				items, err := side.store.ClaimBatch(ctx, 10)
				if err != nil || len(items) != 10 {
					b.Fatalf("claimed %d rows: %v", len(items), err)
				}
				b.StopTimer()
				keys := make([]int64, len(items))
				for i, it := range items {
					keys[i] = it.Key
				}
				q := fmt.Sprintf("UPDATE %s SET verification_state = 0, verification_started_at = NULL WHERE %s IN (%s)", side.table, d.ForeignKey, sqldb.Placeholders(1, len(keys)))
				if _, err := fx.DB.ExecContext(ctx, q, sqldb.Int64Args(keys)...); err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
			}
		})
	}
}
