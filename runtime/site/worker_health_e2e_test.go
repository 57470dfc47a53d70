package site_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/geogen/geogen/runtime/geotest"
	"github.com/geogen/geogen/runtime/replicable"
	"github.com/geogen/geogen/runtime/site"
	"github.com/geogen/geogen/runtime/sitestatus"
	"github.com/geogen/geogen/runtime/sqldb"
)

// A secondary whose sync scheduler cannot claim work (its registry table
// refuses the claim; nothing is synced, so no outcome is recorded for the
// database-backed checks to count) reports it as a failing worker in its
// status once the claims have failed for ClaimFailureGrace, and no more
// once a claim succeeds.
func TestSecondaryReportsWorkerThatCannotClaim(t *testing.T) {
	geotest.EachDialect(t, func(t *testing.T, dialect sqldb.Dialect) {
		ctx := context.Background()
		s := newSites(t, dialect)
		d := s.Env.Config.Descriptor
		s.CreateBlob(t, blob(1))
		mustConsume(t, s.Secondary)
		status := func() sitestatus.Report {
			return sitestatus.Collect(ctx, sitestatus.Site{Name: "secondary", Types: []*replicable.Descriptor{d}, Flags: s.Flags,
				Main: s.Env.Main, Tracking: s.Env.Tracking, Clock: s.Env.Clock, Workers: s.Secondary.FailingWorkers})
		}
		failingWorker := func(r sitestatus.Report) string {
			for _, reason := range r.Health {
				if strings.Contains(reason, "sync scheduler has failed to claim work") {
					return reason
				}
			}
			return ""
		}

		// The registry's state column is gone: every claim fails.
		if _, err := s.Env.Tracking.ExecContext(ctx, "ALTER TABLE "+d.RegistryTable+" RENAME COLUMN state TO state_moved"); err != nil {
			t.Fatal(err)
		}
		s.Secondary.SyncAll(ctx)
		if got := s.Secondary.FailingWorkers(); len(got) != 0 {
			t.Errorf("failing workers after one failed claim: %q, want none before %s", got, site.ClaimFailureGrace)
		}
		s.Env.Clock.Advance(site.ClaimFailureGrace)
		s.Secondary.SyncAll(ctx)
		r := status()
		if reason := failingWorker(r); r.Healthy || !strings.Contains(reason, "(failed claims: 2; latest: ") || !strings.Contains(reason, "state") {
			t.Errorf("status after the claims failed for %s: healthy %v, reasons %q; want the sync scheduler naming the error",
				site.ClaimFailureGrace, r.Healthy, r.Health)
		}

		if _, err := s.Env.Tracking.ExecContext(ctx, "ALTER TABLE "+d.RegistryTable+" RENAME COLUMN state_moved TO state"); err != nil {
			t.Fatal(err)
		}
		s.Env.Clock.Advance(time.Minute)
		if n := s.Secondary.SyncAll(ctx); n != 1 {
			t.Fatalf("syncs after the repair = %d, want 1", n)
		}
		if reason := failingWorker(status()); reason != "" {
			t.Errorf("still a failing worker once a claim succeeded: %q", reason)
		}
	})
}
