package adminapi

import (
	"context"
	"fmt"
	"time"

	"github.com/geogen/geogen/runtime/bulkjob"
	"github.com/geogen/geogen/runtime/flags"
	"github.com/geogen/geogen/runtime/metrics"
)

// TypeStatus is one type's figures in a snapshot.
type TypeStatus struct {
	metrics.Status
	// OldestUnsyncedTime is the Unix time of the oldest record not yet
	// synced, -1 when every registry is synced. It is computed on a
	// secondary for types that replicate and have a ModelUpdatedAt
	// column; nil elsewhere.
	OldestUnsyncedTime *int64
}

// Snapshot is the site's status at one moment: what /metrics and the
// status document serve until the next one.
type Snapshot struct {
	TakenAt time.Time
	Types   []TypeStatus
	Events  EventPosition
	// Jobs are the site's bulk jobs, unfinished and recently finished,
	// with their progress (none without Config.Jobs).
	Jobs []bulkjob.Job
}

// statuses returns the metrics figures of every type.
func (s Snapshot) statuses() []metrics.Status {
	out := make([]metrics.Status, len(s.Types))
	for i, t := range s.Types {
		out[i] = t.Status
	}
	return out
}

// Run takes a snapshot now and then every SnapshotInterval until ctx is
// done. A failed snapshot is logged and the previous one kept.
func (s *Server) Run(ctx context.Context) {
	s.collector.Run(ctx, s.site.URL, s.interval, func(ctx context.Context) ([]metrics.Status, error) {
		snap, err := s.take(ctx)
		if err != nil {
			return nil, err
		}
		return snap.statuses(), nil
	}, func(err error) { s.log.ErrorContext(ctx, "admin API: status snapshot failed", "error", err) })
}

// Refresh takes a snapshot now, for tests and for a site that schedules
// snapshots itself.
func (s *Server) Refresh(ctx context.Context) error {
	snap, err := s.take(ctx)
	if err != nil {
		return fmt.Errorf("metrics snapshot for %s: %w", s.site.URL, err)
	}
	s.collector.Update(s.site.URL, snap.statuses())
	return nil
}

// Snapshot returns the last snapshot; ok is false before the first.
func (s *Server) Snapshot() (snap Snapshot, ok bool) {
	p := s.snapshot.Load()
	if p == nil {
		return Snapshot{}, false
	}
	return *p, true
}

// take counts every type, reads the event position and stores the result.
func (s *Server) take(ctx context.Context) (Snapshot, error) {
	snap := Snapshot{TakenAt: s.clock.Now().UTC()}
	db := s.main
	if s.role() == flags.Secondary {
		db = s.tracking
	}
	statuses, err := metrics.Compute(ctx, s.role(), db, s.types, s.flags)
	if err != nil {
		return Snapshot{}, err
	}
	for _, st := range statuses {
		t := TypeStatus{Status: st}
		if t.OldestUnsyncedTime, err = s.oldestUnsynced(ctx, st); err != nil {
			return Snapshot{}, err
		}
		snap.Types = append(snap.Types, t)
	}
	if s.events != nil {
		if snap.Events, err = s.events.EventPosition(ctx); err != nil {
			return Snapshot{}, err
		}
	}
	if snap.Jobs, err = s.jobsDocument(ctx); err != nil {
		return Snapshot{}, err
	}
	s.snapshot.Store(&snap)
	return snap, nil
}

func (s *Server) oldestUnsynced(ctx context.Context, st metrics.Status) (*int64, error) {
	d := st.Descriptor
	// RegistryCount is nil on a primary and for a type that does not
	// replicate: no registry to look at.
	if st.RegistryCount == nil || s.main == nil || d.ModelUpdatedAt == "" {
		return nil, nil
	}
	t, err := oldestUnsyncedTime(ctx, s.tracking, s.main, d)
	if err != nil {
		return nil, err
	}
	unix := int64(-1)
	if t != nil {
		unix = t.Unix()
	}
	return &unix, nil
}
