package adminapi

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/geogen/geogen/runtime/sqldb"
)

// EventPosition is where a site stands in the primary's event log. Zero
// fields are unknown and show as null in the status.
type EventPosition struct {
	// LastEventID and LastEventAt are the newest event in the log.
	LastEventID int64
	LastEventAt time.Time
	// CursorEventID and CursorEventAt are the last event a secondary has
	// processed; zero on the primary, which reads no events.
	CursorEventID int64
	CursorEventAt time.Time
}

// EventSource reports a site's event log position for its status.
type EventSource interface {
	EventPosition(ctx context.Context) (EventPosition, error)
}

// EventSourceFunc adapts a function to EventSource.
type EventSourceFunc func(ctx context.Context) (EventPosition, error)

// EventPosition calls f.
func (f EventSourceFunc) EventPosition(ctx context.Context) (EventPosition, error) { return f(ctx) }

// EventLog reads the position from the event log tables: the newest event
// in main's geo_events and, when cursor is not nil (a secondary passes its
// eventlog.Consumer's Position), the event the cursor points at.
func EventLog(main *sqldb.DB, cursor func(ctx context.Context) (int64, error)) EventSource {
	return EventSourceFunc(func(ctx context.Context) (EventPosition, error) {
		var p EventPosition
		var err error
		if p.LastEventID, p.LastEventAt, err = event(ctx, main, "ORDER BY id DESC LIMIT 1"); err != nil {
			return p, err
		}
		if cursor == nil {
			return p, nil
		}
		if p.CursorEventID, err = cursor(ctx); err != nil || p.CursorEventID == 0 {
			return p, err
		}
		_, p.CursorEventAt, err = event(ctx, main, "WHERE id = $1", p.CursorEventID)
		return p, err
	})
}

// event reads one event's id and time; zeros when there is none.
func event(ctx context.Context, db *sqldb.DB, where string, args ...any) (int64, time.Time, error) {
	var id int64
	var at time.Time
	err := db.QueryRowContext(ctx, "SELECT id, created_at FROM geo_events "+where, args...).Scan(&id, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, time.Time{}, nil
	}
	if err != nil {
		return 0, time.Time{}, fmt.Errorf("read event log position: %w", err)
	}
	return id, at.UTC(), nil
}
