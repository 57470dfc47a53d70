package eventlog_test

import (
	"context"
	"errors"
	"strconv"
	"testing"
	"time"

	"github.com/geogen/geogen/runtime/clock"
	"github.com/geogen/geogen/runtime/eventlog"
	"github.com/geogen/geogen/runtime/geotest"
	"github.com/geogen/geogen/runtime/migrate"
	"github.com/geogen/geogen/runtime/sqldb"
)

func setup(t *testing.T, dialect sqldb.Dialect) (main, tracking *sqldb.DB, clk *clock.Fake) {
	t.Helper()
	ctx := context.Background()
	main, tracking = geotest.NewDB(t, dialect), geotest.NewDB(t, dialect)
	if err := migrate.Up(ctx, main, migrate.Main, eventlog.MainMigrations); err != nil {
		t.Fatal(err)
	}
	if err := migrate.Up(ctx, tracking, migrate.Tracking, eventlog.TrackingMigrations); err != nil {
		t.Fatal(err)
	}
	return main, tracking, clock.NewFake(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
}

type recorder struct {
	seen []int64
	fail map[int64]bool
}

func (r *recorder) handle(_ context.Context, e eventlog.Event) error {
	if r.fail[e.Payload.ModelRecordID] {
		return errors.New("boom")
	}
	r.seen = append(r.seen, e.Payload.ModelRecordID)
	return nil
}

func TestPublishAndConsumeInOrderAndResume(t *testing.T) {
	geotest.EachDialect(t, func(t *testing.T, dialect sqldb.Dialect) {
		ctx := context.Background()
		main, tracking, clk := setup(t, dialect)
		for i := int64(1); i <= 5; i++ {
			if _, err := eventlog.Publish(ctx, main, clk.Now(), "cool_widget", eventlog.Created, eventlog.Payload{ModelRecordID: i}); err != nil {
				t.Fatal(err)
			}
		}
		rec := &recorder{}
		c := &eventlog.Consumer{Main: main, Tracking: tracking, Handle: rec.handle, Clock: clk, BatchSize: 2}
		for {
			n, err := c.Poll(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if n == 0 {
				break
			}
		}
		if want := []int64{1, 2, 3, 4, 5}; !equal(rec.seen, want) {
			t.Fatalf("handled %v, want %v", rec.seen, want)
		}
		// A new consumer (a restarted secondary) resumes after the position.
		if _, err := eventlog.Publish(ctx, main, clk.Now(), "cool_widget", eventlog.Deleted, eventlog.Payload{ModelRecordID: 6, BlobPath: "cool_widgets/6"}); err != nil {
			t.Fatal(err)
		}
		rec2 := &recorder{}
		c2 := &eventlog.Consumer{Main: main, Tracking: tracking, Handle: rec2.handle, Clock: clk}
		if _, err := c2.Poll(ctx); err != nil {
			t.Fatal(err)
		}
		if !equal(rec2.seen, []int64{6}) {
			t.Fatalf("restarted consumer handled %v, want [6]", rec2.seen)
		}
	})
}

func TestHandlerErrorKeepsEventForRetry(t *testing.T) {
	geotest.EachDialect(t, func(t *testing.T, dialect sqldb.Dialect) {
		ctx := context.Background()
		main, tracking, clk := setup(t, dialect)
		for i := int64(1); i <= 3; i++ {
			if _, err := eventlog.Publish(ctx, main, clk.Now(), "gizmo", eventlog.Updated, eventlog.Payload{ModelRecordID: i}); err != nil {
				t.Fatal(err)
			}
		}
		rec := &recorder{fail: map[int64]bool{2: true}}
		c := &eventlog.Consumer{Main: main, Tracking: tracking, Handle: rec.handle, Clock: clk}
		if _, err := c.Poll(ctx); err == nil {
			t.Fatal("handler error not returned")
		}
		pos, _ := c.Position(ctx)
		if pos != 1 {
			t.Fatalf("position = %d after failing on event 2, want 1", pos)
		}
		rec.fail = nil
		if _, err := c.Poll(ctx); err != nil {
			t.Fatal(err)
		}
		if !equal(rec.seen, []int64{1, 2, 3}) {
			t.Fatalf("handled %v, want [1 2 3]", rec.seen)
		}
	})
}

func TestLateCommittedEventIsNotSkipped(t *testing.T) {
	geotest.EachDialect(t, func(t *testing.T, dialect sqldb.Dialect) {
		ctx := context.Background()
		main, tracking, clk := setup(t, dialect)
		insert := func(id, model int64) {
			t.Helper()
			_, err := main.ExecContext(ctx, "INSERT INTO geo_events (id, replicable_name, event_name, payload, created_at) VALUES ($1, 'x', 'created', $2, $3)",
				id, `{"model_record_id":`+strconv.FormatInt(model, 10)+`}`, clk.Now())
			if err != nil {
				t.Fatal(err)
			}
		}
		insert(1, 10)
		rec := &recorder{}
		c := &eventlog.Consumer{Main: main, Tracking: tracking, Handle: rec.handle, Clock: clk}
		if _, err := c.Poll(ctx); err != nil {
			t.Fatal(err)
		}
		// eventlog.Event 3 commits before event 2.
		insert(3, 30)
		if _, err := c.Poll(ctx); err != nil {
			t.Fatal(err)
		}
		if gaps := c.Gaps(); !equal(gaps, []int64{2}) {
			t.Fatalf("gaps = %v, want [2]", gaps)
		}
		insert(2, 20)
		if _, err := c.Poll(ctx); err != nil {
			t.Fatal(err)
		}
		if !equal(rec.seen, []int64{10, 30, 20}) {
			t.Fatalf("handled %v, want [10 30 20]", rec.seen)
		}
		if len(c.Gaps()) != 0 {
			t.Fatalf("gap not cleared: %v", c.Gaps())
		}
		// A gap that never fills is given up after the timeout.
		insert(5, 50)
		if _, err := c.Poll(ctx); err != nil {
			t.Fatal(err)
		}
		clk.Advance(eventlog.DefaultGapTimeout + time.Second)
		if _, err := c.Poll(ctx); err != nil {
			t.Fatal(err)
		}
		if len(c.Gaps()) != 0 {
			t.Fatalf("expired gap kept: %v", c.Gaps())
		}
	})
}

func TestPublishRejectsZeroID(t *testing.T) {
	main, _, clk := setup(t, sqldb.SQLite)
	if _, err := eventlog.Publish(context.Background(), main, clk.Now(), "x", eventlog.Deleted, eventlog.Payload{}); err == nil {
		t.Fatal("event without model_record_id accepted")
	}
}

func equal(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
