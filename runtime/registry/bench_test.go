package registry_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/geogen/geogen/runtime/clock"
	"github.com/geogen/geogen/runtime/internal/readtest"
	"github.com/geogen/geogen/runtime/registry"
	"github.com/geogen/geogen/runtime/sqldb"
)

func TestMain(m *testing.M) {
	code := m.Run()
	readtest.Cleanup()
	os.Exit(code)
}

// BenchmarkClaimPending claims 1,000 pending rows out of 1,000,000
// registry rows (50,000 of them pending) on PostgreSQL, the sync
// scheduler's hot statement; the claimed rows are put back outside the
// timer. It prints the claim's plan and fails unless the claim reads the
// partial index of pending rows in order and stops at the batch size:
// without it PostgreSQL scans the table from its start, and rows sent back
// to pending are rewritten at its end.
func BenchmarkClaimPending(b *testing.B) {
	fx := readtest.Bench(b)
	ctx := context.Background()
	s := registry.NewStore(fx.DB, fx.Descriptor, clock.System{})
	plan := readtest.Explain(b, fx.DB, s.ClaimSQL(1000))
	if !strings.Contains(plan, "Limit") || strings.Contains(plan, "Sort") || !strings.Contains(plan, fx.Descriptor.RegistryTable+"_pending_sync") {
		b.Fatalf("the claim does not stop at its batch size:\n%s", plan)
	}
	b.ResetTimer()
	for b.Loop() {
		recs, err := s.ClaimPending(ctx, 1000, nil)
		if err != nil || len(recs) != 1000 {
			b.Fatalf("claimed %d rows: %v", len(recs), err)
		}
		b.StopTimer()
		ids := make([]int64, len(recs))
		for i, r := range recs {
			ids[i] = r.ID
		}
		q := fmt.Sprintf("UPDATE %s SET state = 0, last_synced_at = NULL WHERE id IN (%s)", fx.Descriptor.RegistryTable, sqldb.Placeholders(1, len(ids)))
		if _, err := fx.DB.ExecContext(ctx, q, sqldb.Int64Args(ids)...); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
}
