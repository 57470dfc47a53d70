package sitestatus

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/geogen/geogen/runtime/clock"
	"github.com/geogen/geogen/runtime/eventlog"
	"github.com/geogen/geogen/runtime/flags"
	"github.com/geogen/geogen/runtime/metrics"
	"github.com/geogen/geogen/runtime/replicable"
	"github.com/geogen/geogen/runtime/sqldb"
)

// Site is what Collect reads a site's status from.
type Site struct {
	Name    string
	URL     string
	Primary bool
	Types   []*replicable.Descriptor
	Flags   flags.Source
	// Main is the main database (a secondary's read-only view of it);
	// Tracking a secondary's tracking database, nil on a primary.
	Main     *sqldb.DB
	Tracking *sqldb.DB
	// MaxLag is the event and database replication lag above which the
	// site is unhealthy; 0: DefaultMaxLag.
	MaxLag time.Duration
	// WorkerWindow and WorkerFailurePercent are the failing-workers
	// check: a type whose last WorkerWindow sync, verification or
	// checksum attempts failed WorkerFailurePercent percent of the time
	// or more makes the site unhealthy. 0: DefaultWorkerWindow,
	// DefaultWorkerFailurePercent.
	WorkerWindow         int
	WorkerFailurePercent int
	// Workers, when set, returns the health reasons of the workers
	// running in this process that the databases do not show (a worker
	// whose claims keep failing records no outcome to count):
	// site.Secondary.FailingWorkers. Nil where no worker runs (geo
	// status).
	Workers func() []string
	Clock   clock.Clock
}

// DefaultMaxLag is the lag above which a secondary is unhealthy.
const DefaultMaxLag = 5 * time.Minute

// Collect reads the site's status. A database that does not answer is a
// health reason, not an error: the report says what could be read.
func Collect(ctx context.Context, s Site) Report {
	if s.Clock == nil {
		s.Clock = clock.System{}
	}
	if s.MaxLag <= 0 {
		s.MaxLag = DefaultMaxLag
	}
	if s.WorkerWindow <= 0 {
		s.WorkerWindow = DefaultWorkerWindow
	}
	if s.WorkerFailurePercent <= 0 {
		s.WorkerFailurePercent = DefaultWorkerFailurePercent
	}
	now := s.Clock.Now()
	r := Report{Name: s.Name, URL: s.URL, Primary: s.Primary, CollectedAt: now, Types: []TypeReport{}}
	var reasons []string
	if err := s.Main.PingContext(ctx); err != nil {
		r.setHealth(withWorkers(s, []string{fmt.Sprintf("main database unreachable: %v", err)}))
		return r
	}
	if !s.Primary {
		if err := s.Tracking.PingContext(ctx); err != nil {
			r.setHealth(withWorkers(s, []string{fmt.Sprintf("tracking database unreachable: %v", err)}))
			return r
		}
	}
	for _, d := range s.Types {
		t, err := collectType(ctx, s, d)
		if err != nil {
			reasons = append(reasons, err.Error())
			continue
		}
		r.Types = append(r.Types, t)
		if active := t.Verifying || (!s.Primary && t.Replicating); active {
			db := s.Main
			if !s.Primary {
				db = s.Tracking
			}
			failing, err := failingWorkers(ctx, db, s.Primary, d, s.WorkerWindow, s.WorkerFailurePercent)
			if err != nil {
				reasons = append(reasons, err.Error())
			}
			reasons = append(reasons, failing...)
		}
	}
	if err := r.collectEvents(ctx, s, now); err != nil {
		reasons = append(reasons, err.Error())
	} else if !s.Primary && r.EventLagSeconds > s.MaxLag.Seconds() {
		reasons = append(reasons, fmt.Sprintf("event cursor stalled: event %d has waited %s, more than %s",
			r.CursorEventID+1, round(r.EventLagSeconds), s.MaxLag))
	}
	if !s.Primary {
		lag, err := ReplicationLag(ctx, s.Main)
		switch {
		case err != nil:
			reasons = append(reasons, err.Error())
		case lag != nil:
			r.DBReplicationLagSeconds = lag
			if *lag > s.MaxLag.Seconds() {
				reasons = append(reasons, fmt.Sprintf("database replication lag %s is above the threshold %s", round(*lag), s.MaxLag))
			}
		}
	}
	r.setHealth(withWorkers(s, reasons))
	return r
}

// withWorkers adds the reasons of the process's workers (Site.Workers)
// to reasons.
func withWorkers(s Site, reasons []string) []string {
	if s.Workers == nil {
		return reasons
	}
	return append(reasons, s.Workers()...)
}

func round(seconds float64) time.Duration {
	return time.Duration(seconds * float64(time.Second)).Round(time.Second)
}

func collectType(ctx context.Context, s Site, d *replicable.Descriptor) (TypeReport, error) {
	t := TypeReport{Name: d.Name, TitlePlural: d.TitlePlural}
	role := flags.Secondary
	if s.Primary {
		role = flags.Primary
	}
	t.Replicating = flags.ReplicationEnabled(s.Flags, d)
	t.Verifying = flags.VerificationEnabled(s.Flags, d, role)
	// The primary's figures: both roles can read them (a secondary
	// through its view), and a secondary's completeness is measured
	// against them. They need the type's state table, which exists once
	// the type is verified or replicated.
	if t.Replicating || t.Verifying {
		p, err := metrics.ComputePrimary(ctx, s.Main, d, alwaysOn{})
		if err != nil {
			return t, fmt.Errorf("%s: %w", d.TitlePlural, err)
		}
		t.Count, t.ChecksummedCount, t.ChecksumFailedCount = val(p.Count), val(p.ChecksummedCount), val(p.ChecksumFailedCount)
	}
	if s.Primary || !t.Replicating {
		if s.Primary {
			p, err := metrics.ComputePrimary(ctx, s.Main, d, s.Flags)
			if err != nil {
				return t, fmt.Errorf("%s: %w", d.TitlePlural, err)
			}
			t.StatusFields = p.Map()
		}
		t.SyncedInPercentage = percent(t.ChecksummedCount, t.Count)
		t.VerifiedInPercentage = t.SyncedInPercentage
		return t, nil
	}
	st, err := metrics.ComputeSecondary(ctx, s.Tracking, d, s.Flags)
	if err != nil {
		return t, fmt.Errorf("%s: %w", d.TitlePlural, err)
	}
	t.StatusFields = st.Map()
	t.RegistryCount, t.SyncedCount, t.FailedCount = val(st.RegistryCount), val(st.SyncedCount), val(st.FailedCount)
	t.VerifiedCount, t.VerificationFailedCount = val(st.VerifiedCount), val(st.VerificationFailedCount)
	t.SyncedInPercentage = percent(t.SyncedCount, max(t.RegistryCount, t.Count))
	t.VerifiedInPercentage = percent(t.VerifiedCount, max(t.RegistryCount, t.Count))
	return t, nil
}

// alwaysOn counts a type's primary figures whatever its flags say; the
// caller decided it wants them.
type alwaysOn struct{}

func (alwaysOn) Enabled(string) bool { return true }

func val(p *int64) int64 {
	if p == nil {
		return 0
	}
	return *p
}

// collectEvents reads the newest event and, on a secondary, its cursor
// and how long the first event after it has waited.
func (r *Report) collectEvents(ctx context.Context, s Site, now time.Time) error {
	id, at, err := eventAt(ctx, s.Main, "ORDER BY id DESC LIMIT 1")
	if err != nil {
		return err
	}
	r.LastEventID, r.LastEventAt = id, at
	if s.Primary {
		return nil
	}
	cursor, err := (&eventlog.Consumer{Main: s.Main, Tracking: s.Tracking}).Position(ctx)
	if err != nil {
		return err
	}
	r.CursorEventID = cursor
	if cursor > 0 {
		if _, r.CursorEventAt, err = eventAt(ctx, s.Main, "WHERE id = $1", cursor); err != nil {
			return err
		}
	}
	_, waiting, err := eventAt(ctx, s.Main, "WHERE id > $1 ORDER BY id LIMIT 1", cursor)
	if err != nil {
		return err
	}
	if waiting != nil {
		r.EventLagSeconds = max(0, now.Sub(*waiting).Seconds())
	}
	return nil
}

func eventAt(ctx context.Context, db *sqldb.DB, where string, args ...any) (int64, *time.Time, error) {
	var id int64
	var at time.Time
	err := db.QueryRowContext(ctx, "SELECT id, created_at FROM geo_events "+where, args...).Scan(&id, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil, nil
	}
	if err != nil {
		return 0, nil, fmt.Errorf("read the event log: %w", err)
	}
	at = at.UTC()
	return id, &at, nil
}

// ReplicationLag returns how far a PostgreSQL hot standby's replay is
// behind its primary, in seconds, or nil when db is not a standby (or
// not PostgreSQL). A standby with nothing replayed yet reports nil too.
// Like GitLab's, the figure is the time since the last replayed
// transaction, and 0 when the standby has replayed everything it
// received.
func ReplicationLag(ctx context.Context, db *sqldb.DB) (*float64, error) {
	if db.Dialect != sqldb.Postgres {
		return nil, nil
	}
	var lag sql.NullFloat64
	err := db.QueryRowContext(ctx, `SELECT CASE
		WHEN NOT pg_is_in_recovery() THEN NULL
		WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
		ELSE EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp())::float8 END`).Scan(&lag)
	if err != nil {
		return nil, fmt.Errorf("read database replication lag: %w", err)
	}
	if !lag.Valid {
		return nil, nil
	}
	v := max(0, lag.Float64)
	return &v, nil
}
