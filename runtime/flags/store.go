package flags

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"sort"
	"sync"
	"time"

	"github.com/geogen/geogen/runtime/clock"
	"github.com/geogen/geogen/runtime/sqldb"
)

// DefaultRefreshInterval is how often a running site reads the stored
// flags again: a change made anywhere takes effect within it (plus the
// database replication lag on a secondary).
const DefaultRefreshInterval = 5 * time.Second

// ErrUnknownFlag is returned for a flag no definition names.
var ErrUnknownFlag = errors.New("unknown feature flag")

// Store is a Source whose values live in the main database
// (geo_feature_flags, created by MainMigrations), with the definitions'
// defaults for flags nobody has set. A primary and its secondaries share
// the values through the main database's replication; each site keeps
// the values in memory and reads them again every refresh, so Enabled
// never touches the database.
type Store struct {
	db    *sqldb.DB
	defs  map[string]Definition
	clock clock.Clock

	mu     sync.RWMutex
	stored map[string]bool
}

// NewStore returns a Store over db with the given definitions. It holds
// the defaults until the first Refresh.
func NewStore(db *sqldb.DB, defs []Definition, c clock.Clock) *Store {
	if c == nil {
		c = clock.System{}
	}
	s := &Store{db: db, defs: map[string]Definition{}, clock: c, stored: map[string]bool{}}
	for _, d := range defs {
		s.defs[d.Name] = d
	}
	return s
}

// Enabled reports whether the flag is on: its stored value, else its
// definition's default. An undefined flag is off.
func (s *Store) Enabled(name string) bool {
	s.mu.RLock()
	on, ok := s.stored[name]
	s.mu.RUnlock()
	if ok {
		return on
	}
	return s.defs[name].DefaultEnabled
}

// Refresh reads the stored values.
func (s *Store) Refresh(ctx context.Context) error {
	rows, err := s.db.QueryContext(ctx, "SELECT name, enabled FROM geo_feature_flags")
	if err != nil {
		return fmt.Errorf("read feature flags: %w", err)
	}
	defer rows.Close()
	stored := map[string]bool{}
	for rows.Next() {
		var name string
		var on bool
		if err := rows.Scan(&name, &on); err != nil {
			return fmt.Errorf("read feature flags: %w", err)
		}
		stored[name] = on
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read feature flags: %w", err)
	}
	s.mu.Lock()
	s.stored = stored
	s.mu.Unlock()
	return nil
}

// Run refreshes every interval (DefaultRefreshInterval when zero) until
// ctx ends. A failed refresh is logged and the previous values kept.
func (s *Store) Run(ctx context.Context, interval time.Duration, log *slog.Logger) {
	if interval <= 0 {
		interval = DefaultRefreshInterval
	}
	if log == nil {
		log = slog.Default()
	}
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if err := s.Refresh(ctx); err != nil && ctx.Err() == nil {
				log.Error("feature flags refresh failed; keeping the previous values", "error", err)
			}
		}
	}
}

// Set turns a defined flag on or off and records who did it, in one
// transaction. It needs a writable main database: the primary's.
func (s *Store) Set(ctx context.Context, name string, on bool, actor string) error {
	if _, ok := s.defs[name]; !ok {
		return fmt.Errorf("%w %q (geo flags list shows the defined flags)", ErrUnknownFlag, name)
	}
	if actor == "" {
		return errors.New("set feature flag: say who changes it (the actor is recorded in its history)")
	}
	now := s.clock.Now()
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx,
			`INSERT INTO geo_feature_flags (name, enabled, updated_at, updated_by) VALUES ($1, $2, $3, $4)
			 ON CONFLICT (name) DO UPDATE SET enabled = excluded.enabled, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
			name, on, now, actor); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx,
			"INSERT INTO geo_feature_flag_changes (name, enabled, changed_at, changed_by) VALUES ($1, $2, $3, $4)",
			name, on, now, actor)
		return err
	})
	if err != nil {
		return fmt.Errorf("set feature flag %s: %w (flags are changed on the primary, whose main database is writable)", name, err)
	}
	s.mu.Lock()
	s.stored[name] = on
	s.mu.Unlock()
	return nil
}

// Reset removes a flag's stored value, so that it has its definition's
// default again, and records who did it; the history shows the value it
// goes back to. A flag nobody set is left as it is, with nothing recorded.
func (s *Store) Reset(ctx context.Context, name string, actor string) error {
	def, ok := s.defs[name]
	if !ok {
		return fmt.Errorf("%w %q (geo flags list shows the defined flags)", ErrUnknownFlag, name)
	}
	if actor == "" {
		return errors.New("reset feature flag: say who resets it (the actor is recorded in its history)")
	}
	now := s.clock.Now()
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "DELETE FROM geo_feature_flags WHERE name = $1", name)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return err
		}
		_, err = tx.ExecContext(ctx,
			"INSERT INTO geo_feature_flag_changes (name, enabled, changed_at, changed_by) VALUES ($1, $2, $3, $4)",
			name, def.DefaultEnabled, now, actor)
		return err
	})
	if err != nil {
		return fmt.Errorf("reset feature flag %s: %w (flags are changed on the primary, whose main database is writable)", name, err)
	}
	s.mu.Lock()
	delete(s.stored, name)
	s.mu.Unlock()
	return nil
}

// State is a flag as an operator sees it.
type State struct {
	Definition
	Enabled bool
	// Stored says the value was set by someone; otherwise it is the
	// default. UpdatedAt and UpdatedBy are the last change.
	Stored    bool
	UpdatedAt time.Time
	UpdatedBy string
}

// List reads every defined flag's state from the database, by name. A
// stored flag that no definition names any more is listed too.
func (s *Store) List(ctx context.Context) ([]State, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT name, enabled, updated_at, updated_by FROM geo_feature_flags")
	if err != nil {
		return nil, fmt.Errorf("read feature flags: %w", err)
	}
	defer rows.Close()
	byName := map[string]State{}
	for name, d := range s.defs {
		byName[name] = State{Definition: d, Enabled: d.DefaultEnabled}
	}
	for rows.Next() {
		var st State
		if err := rows.Scan(&st.Name, &st.Enabled, &st.UpdatedAt, &st.UpdatedBy); err != nil {
			return nil, fmt.Errorf("read feature flags: %w", err)
		}
		st.Stored, st.UpdatedAt = true, st.UpdatedAt.UTC()
		if d, ok := s.defs[st.Name]; ok {
			st.Definition = Definition{Name: d.Name, Description: d.Description, Type: d.Type, DefaultEnabled: d.DefaultEnabled}
		}
		byName[st.Name] = st
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read feature flags: %w", err)
	}
	out := make([]State, 0, len(byName))
	for _, st := range byName {
		out = append(out, st)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// Change is one entry of a flag's history.
type Change struct {
	Name      string
	Enabled   bool
	ChangedAt time.Time
	ChangedBy string
}

// History returns the last limit changes of a flag (of every flag when
// name is empty), newest first.
func (s *Store) History(ctx context.Context, name string, limit int) ([]Change, error) {
	if limit <= 0 {
		limit = 20
	}
	q := "SELECT name, enabled, changed_at, changed_by FROM geo_feature_flag_changes"
	args := []any{}
	if name != "" {
		q += " WHERE name = $1 ORDER BY id DESC LIMIT $2"
		args = append(args, name, limit)
	} else {
		q += " ORDER BY id DESC LIMIT $1"
		args = append(args, limit)
	}
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("read feature flag history: %w", err)
	}
	defer rows.Close()
	var out []Change
	for rows.Next() {
		var c Change
		if err := rows.Scan(&c.Name, &c.Enabled, &c.ChangedAt, &c.ChangedBy); err != nil {
			return nil, fmt.Errorf("read feature flag history: %w", err)
		}
		c.ChangedAt = c.ChangedAt.UTC()
		out = append(out, c)
	}
	return out, rows.Err()
}
