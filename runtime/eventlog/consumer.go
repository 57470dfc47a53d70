package eventlog

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"sort"
	"time"

	"github.com/geogen/geogen/runtime/clock"
	"github.com/geogen/geogen/runtime/sqldb"
)

// Defaults of a Consumer.
const (
	DefaultBatchSize  = 250
	DefaultGapTimeout = 10 * time.Minute
)

// Handler handles one event. It must be idempotent: after a crash the last
// batch may be handled again.
type Handler func(ctx context.Context, e Event) error

// Consumer reads the primary's log on a secondary and remembers its
// position in the secondary's tracking database.
type Consumer struct {
	Main       *sqldb.DB // the secondary's read-only view of the primary's main database
	Tracking   *sqldb.DB // the secondary's tracking database
	Handle     Handler
	Clock      clock.Clock
	Logger     *slog.Logger
	BatchSize  int           // events per poll; DefaultBatchSize when zero
	GapTimeout time.Duration // how long a missing id is looked for; DefaultGapTimeout when zero

	gaps map[int64]time.Time // missing id → when it was first missed
}

// Poll handles the next batch of events (and any gap that has filled) and
// returns how many it handled. A handler error stops the batch: the cursor
// stays before the failed event, which is retried on the next poll.
func (c *Consumer) Poll(ctx context.Context) (int, error) {
	c.defaults()
	handled, err := c.fillGaps(ctx)
	if err != nil {
		return handled, err
	}
	cursor, err := c.Position(ctx)
	if err != nil {
		return handled, err
	}
	events, err := c.read(ctx, "id > $1 ORDER BY id LIMIT $2", cursor, c.BatchSize)
	if err != nil {
		return handled, err
	}
	// The position is saved once per batch, not once per event: after a
	// crash the batch is handled again, which handlers tolerate.
	last := cursor
	var handleErr error
	for _, e := range events {
		if cursor > 0 {
			for missing := last + 1; missing < e.ID; missing++ {
				c.gaps[missing] = c.Clock.Now()
			}
		}
		if err := c.Handle(ctx, e); err != nil {
			handleErr = fmt.Errorf("handle event %d (%s %s): %w", e.ID, e.ReplicableName, e.EventName, err)
			break
		}
		handled++
		last = e.ID
	}
	if last > cursor {
		if err := c.save(ctx, last); err != nil {
			return handled, err
		}
	}
	return handled, handleErr
}

// Position returns the id of the last event handled (0 before the first).
func (c *Consumer) Position(ctx context.Context) (int64, error) {
	var id int64
	err := c.Tracking.QueryRowContext(ctx, "SELECT event_id FROM event_log_states ORDER BY event_id DESC LIMIT 1").Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("read event log position: %w", err)
	}
	return id, nil
}

// Gaps returns the ids still being looked for, in order.
func (c *Consumer) Gaps() []int64 {
	out := make([]int64, 0, len(c.gaps))
	for id := range c.gaps {
		out = append(out, id)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// Run polls until ctx ends, sleeping interval between polls that found
// nothing. Errors are logged and polling goes on.
func (c *Consumer) Run(ctx context.Context, interval time.Duration) error {
	c.defaults()
	for {
		n, err := c.Poll(ctx)
		if err != nil && ctx.Err() == nil {
			c.Logger.Error("event log poll failed", "error", err)
		}
		if n > 0 && err == nil {
			continue
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(interval):
		}
	}
}

func (c *Consumer) defaults() {
	if c.BatchSize <= 0 {
		c.BatchSize = DefaultBatchSize
	}
	if c.GapTimeout <= 0 {
		c.GapTimeout = DefaultGapTimeout
	}
	if c.Clock == nil {
		c.Clock = clock.System{}
	}
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
	if c.gaps == nil {
		c.gaps = map[int64]time.Time{}
	}
}

// fillGaps handles events whose ids were missing when later ones were read
// and have committed since, and forgets gaps older than GapTimeout.
func (c *Consumer) fillGaps(ctx context.Context) (int, error) {
	if len(c.gaps) == 0 {
		return 0, nil
	}
	now := c.Clock.Now()
	ids := c.Gaps()
	events, err := c.read(ctx, "id IN ("+sqldb.Placeholders(1, len(ids))+") ORDER BY id", sqldb.Int64Args(ids)...)
	if err != nil {
		return 0, err
	}
	handled := 0
	for _, e := range events {
		if err := c.Handle(ctx, e); err != nil {
			return handled, fmt.Errorf("handle late event %d (%s %s): %w", e.ID, e.ReplicableName, e.EventName, err)
		}
		delete(c.gaps, e.ID)
		handled++
	}
	for id, since := range c.gaps {
		if now.Sub(since) > c.GapTimeout {
			c.Logger.Warn("event log gap expired", "event_id", id)
			delete(c.gaps, id)
		}
	}
	return handled, nil
}

func (c *Consumer) read(ctx context.Context, where string, args ...any) ([]Event, error) {
	rows, err := c.Main.QueryContext(ctx,
		"SELECT id, replicable_name, event_name, payload, created_at FROM geo_events WHERE "+where, args...)
	if err != nil {
		return nil, fmt.Errorf("read event log: %w", err)
	}
	defer rows.Close()
	var out []Event
	for rows.Next() {
		var e Event
		var payload []byte
		if err := rows.Scan(&e.ID, &e.ReplicableName, &e.EventName, &payload, &e.CreatedAt); err != nil {
			return nil, fmt.Errorf("read event log: %w", err)
		}
		if err := json.Unmarshal(payload, &e.Payload); err != nil {
			return nil, fmt.Errorf("read event %d: bad payload: %w", e.ID, err)
		}
		e.CreatedAt = e.CreatedAt.UTC()
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read event log: %w", err)
	}
	return out, nil
}

// save records id as the position. One row is kept: the newest.
func (c *Consumer) save(ctx context.Context, id int64) error {
	return c.Tracking.InTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, "DELETE FROM event_log_states WHERE event_id <> $1", id); err != nil {
			return fmt.Errorf("save event log position: %w", err)
		}
		_, err := tx.ExecContext(ctx,
			"INSERT INTO event_log_states (event_id, created_at) VALUES ($1, $2) ON CONFLICT (event_id) DO NOTHING",
			id, c.Clock.Now())
		if err != nil {
			return fmt.Errorf("save event log position: %w", err)
		}
		return nil
	})
}
