package sitestatus

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/geogen/geogen/runtime/eventlog"
	"github.com/geogen/geogen/runtime/sqldb"
)

// Pruner deletes the primary's events that every known secondary has
// handled, in batches, so the log does not grow forever.
//
// It deletes nothing while any known secondary is unhealthy or silent:
// such a site may be about to fall back on events it has not reported
// yet, and an operator should look first. With no known secondary it
// deletes nothing either: a secondary that has not reported yet may
// still need the whole log.
type Pruner struct {
	Main        *sqldb.DB
	SilentAfter time.Duration
	// Batch is how many events one DELETE removes; each batch is its own
	// short transaction, so publishing events never waits long on it.
	Batch int
	// MinAge keeps events younger than it, whatever the cursors say: an
	// event whose transaction commits late sits below a cursor as a gap
	// the secondaries still look for, until eventlog's gap timeout. 0:
	// eventlog.DefaultGapTimeout.
	MinAge time.Duration
	// Pause is how long Prune sleeps between batches, leaving the
	// database to other writers; 0: none.
	Pause time.Duration
}

// PruneResult says what one Prune did and why.
type PruneResult struct {
	Deleted int64
	Below   int64  // events with ids up to Below were deleted
	Held    string // why nothing was deleted, when it was held back
}

// Prune deletes every event up to the lowest cursor of the known
// secondaries, Batch at a time, until none is left or ctx ends.
func (p *Pruner) Prune(ctx context.Context, now time.Time) (PruneResult, error) {
	known, err := List(ctx, p.Main)
	if err != nil {
		return PruneResult{}, err
	}
	floor, held := lowestCursor(known, now, p.SilentAfter)
	if held != "" {
		return PruneResult{Held: held}, nil
	}
	batch := p.Batch
	if batch <= 0 {
		batch = 10_000
	}
	minAge := p.MinAge
	if minAge <= 0 {
		minAge = eventlog.DefaultGapTimeout
	}
	before := now.Add(-minAge)
	res := PruneResult{Below: floor}
	for {
		n, err := p.deleteBatch(ctx, floor, before, batch)
		res.Deleted += n
		if err != nil {
			return res, fmt.Errorf("prune the event log: %w", err)
		}
		if n < int64(batch) {
			return res, nil
		}
		if p.Pause > 0 {
			select {
			case <-ctx.Done():
				return res, ctx.Err()
			case <-time.After(p.Pause):
			}
		}
	}
}

// lowestCursor is the id every known secondary has handled, or why
// pruning must wait.
func lowestCursor(known []Known, now time.Time, silentAfter time.Duration) (int64, string) {
	var floor int64 = -1
	var held []string
	for _, k := range known {
		if k.Report.Primary {
			continue
		}
		r := k.Current(now, silentAfter)
		if !r.Healthy {
			held = append(held, fmt.Sprintf("%s is unhealthy (%s)", r.Name, strings.Join(r.Health, "; ")))
			continue
		}
		if floor < 0 || r.CursorEventID < floor {
			floor = r.CursorEventID
		}
	}
	switch {
	case len(held) > 0:
		return 0, "held back: " + strings.Join(held, ", ")
	case floor < 0:
		return 0, "held back: no secondary has reported its status yet"
	}
	return floor, ""
}

// deleteBatch deletes up to batch of the oldest events with ids up to
// floor, created before before. Selecting the ids by primary key first keeps each statement an
// index range scan of at most batch rows on both engines.
func (p *Pruner) deleteBatch(ctx context.Context, floor int64, before time.Time, batch int) (int64, error) {
	res, err := p.Main.ExecContext(ctx,
		"DELETE FROM geo_events WHERE id IN (SELECT id FROM geo_events WHERE id <= $1 AND created_at < $2 ORDER BY id LIMIT $3)",
		floor, before, batch)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}
