package finder_test

import (
	"context"
	"testing"

	"github.com/geogen/geogen/runtime/finder"
	"github.com/geogen/geogen/runtime/flags"
	"github.com/geogen/geogen/runtime/internal/readtest"
	"github.com/geogen/geogen/runtime/state"
)

// BenchmarkFindFirstPageByState reads the first page of 50 failed
// registries out of a million rows (goal: 10 ms or less).
func BenchmarkFindFirstPageByState(b *testing.B) {
	fx := readtest.Bench(b)
	f := finder.New(fx.DB, fx.DB, fx.Descriptor, flags.NewMemory(fx.Descriptor.ReplicationFlag))
	failed := state.Failed
	q := finder.Query{ReplicationState: &failed, First: 50}
	ctx := context.Background()
	b.ResetTimer()
	for b.Loop() {
		page, err := f.Find(ctx, finder.Viewer{Admin: true}, q)
		if err != nil || len(page.Records) != 50 {
			b.Fatalf("Find: %d records, %v", len(page.Records), err)
		}
	}
}

// BenchmarkFindLaterPageByState reads a page of 50 failed registries deep
// in the table through a cursor.
func BenchmarkFindLaterPageByState(b *testing.B) {
	fx := readtest.Bench(b)
	f := finder.New(fx.DB, fx.DB, fx.Descriptor, flags.NewMemory(fx.Descriptor.ReplicationFlag))
	failed := state.Failed
	ctx := context.Background()
	admin := finder.Viewer{Admin: true}
	q := finder.Query{ReplicationState: &failed, First: 100}
	for range 500 {
		page, err := f.Find(ctx, admin, q)
		if err != nil {
			b.Fatal(err)
		}
		q.After = page.EndCursor
	}
	q.First = 50
	b.ResetTimer()
	for b.Loop() {
		page, err := f.Find(ctx, admin, q)
		if err != nil || len(page.Records) != 50 {
			b.Fatalf("Find: %d records, %v", len(page.Records), err)
		}
	}
}
