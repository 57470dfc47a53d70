package finder

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/geogen/geogen/runtime/flags"
	"github.com/geogen/geogen/runtime/registry"
	"github.com/geogen/geogen/runtime/replicable"
	"github.com/geogen/geogen/runtime/sqldb"
	"github.com/geogen/geogen/runtime/state"
)

// Finder reads the registry of one type.
type Finder struct {
	tracking *sqldb.DB
	main     *sqldb.DB
	d        *replicable.Descriptor
	flags    flags.Source
}

// New returns a Finder over d's registry in the tracking database. The main
// database (a secondary's read-only replica) is read only for keyword
// search over the model table.
func New(tracking, main *sqldb.DB, d *replicable.Descriptor, src flags.Source) *Finder {
	return &Finder{tracking: tracking, main: main, d: d, flags: src}
}

// Descriptor returns the type the Finder reads.
func (f *Finder) Descriptor() *replicable.Descriptor { return f.d }

// Find returns one page of the registries q selects. A viewer that is not
// an admin gets an empty page.
func (f *Finder) Find(ctx context.Context, viewer Viewer, q Query) (Page, error) {
	if !viewer.Admin {
		return Page{}, nil
	}
	size, backward, err := q.pageSize()
	if err != nil {
		return Page{}, err
	}
	o, err := f.order(q.Sort)
	if err != nil {
		return Page{}, err
	}
	after, before, err := decodeCursors(q, o)
	if err != nil {
		return Page{}, err
	}
	filters, none, err := f.filters(ctx, q)
	if err != nil || none {
		return Page{}, err
	}

	records, err := f.read(ctx, filters, o, backward, after, before, size+1)
	if err != nil {
		return Page{}, err
	}
	overflow := len(records) > size
	if overflow {
		records = records[:size]
	}
	if backward {
		slices.Reverse(records)
	}

	page := Page{Records: records}
	for _, r := range records {
		page.Cursors = append(page.Cursors, cursorOf(o, r).encode())
	}
	if n := len(page.Cursors); n > 0 {
		page.StartCursor, page.EndCursor = page.Cursors[0], page.Cursors[n-1]
	}
	// The far side of the page: a row at or beyond the cursor the client
	// came from means there is a page on that side.
	if backward {
		page.HasPreviousPage = overflow
		if before != nil {
			page.HasNextPage, err = f.exists(ctx, filters, func(w *where) { atOrLater(w, o, *before) })
		}
	} else {
		page.HasNextPage = overflow
		if after != nil {
			page.HasPreviousPage, err = f.exists(ctx, filters, func(w *where) { atOrEarlier(w, o, *after) })
		}
	}
	if err != nil {
		return Page{}, err
	}
	return page, nil
}

// read reads up to limit rows of the page, in reading order (the order's,
// reversed when paging backward).
func (f *Finder) read(ctx context.Context, filters *where, o order, backward bool, after, before *cursor, limit int) ([]registry.Record, error) {
	from, far := after, before
	if backward {
		from, far = before, after
	}
	if o.column != "" && far == nil {
		return f.findSegments(ctx, filters, o, o.desc != backward, from, limit)
	}
	// An id order, or a page bounded on its far side too: one query.
	w := filters.clone()
	if after != nil {
		later(w, o, *after)
	}
	if before != nil {
		earlier(w, o, *before)
	}
	query := fmt.Sprintf("SELECT %s FROM %s%s ORDER BY %s LIMIT %d",
		registry.Columns(f.d), f.d.RegistryTable, w.sql(), o.orderBy(backward), limit)
	return f.query(ctx, query, w.args)
}

// Count returns how many registries q's filters select; pagination fields
// are ignored. A viewer that is not an admin gets 0.
func (f *Finder) Count(ctx context.Context, viewer Viewer, q Query) (int64, error) {
	return f.count(ctx, viewer, q, 0)
}

// CountAtMost is Count for large tables: it stops counting after limit+1
// rows, so a result of limit+1 means "more than limit".
func (f *Finder) CountAtMost(ctx context.Context, viewer Viewer, q Query, limit int64) (int64, error) {
	if limit < 0 {
		return 0, fmt.Errorf("count limit is %d, want 0 or more", limit)
	}
	return f.count(ctx, viewer, q, limit+1)
}

// count counts up to maxRows rows (0: no limit).
func (f *Finder) count(ctx context.Context, viewer Viewer, q Query, maxRows int64) (int64, error) {
	if !viewer.Admin {
		return 0, nil
	}
	if _, err := f.order(q.Sort); err != nil {
		return 0, err
	}
	w, none, err := f.filters(ctx, q)
	if err != nil || none {
		return 0, err
	}
	query := "SELECT count(*) FROM " + f.d.RegistryTable + w.sql()
	if maxRows > 0 {
		query = fmt.Sprintf("SELECT count(*) FROM (SELECT 1 FROM %s%s LIMIT %d) AS capped", f.d.RegistryTable, w.sql(), maxRows)
	}
	var n int64
	if err := f.tracking.QueryRowContext(ctx, query, w.args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("count %s: %w", f.d.RegistryTable, err)
	}
	return n, nil
}

// order resolves the sort, refusing verification sorts while verification
// is disabled.
func (f *Finder) order(s Sort) (order, error) {
	o, err := orderOf(s)
	if err != nil {
		return order{}, err
	}
	if o.needsVerification() && !f.verificationEnabled() {
		return order{}, fmt.Errorf("%w for %s: cannot sort by verified_at", ErrVerificationDisabled, f.d.Title)
	}
	return o, nil
}

func (f *Finder) verificationEnabled() bool { return f.VerificationEnabled() }

// VerificationEnabled reports whether the type's registries are verified
// on this secondary: what filters, sorts and actions on verification need.
func (f *Finder) VerificationEnabled() bool {
	return flags.VerificationEnabled(f.flags, f.d, flags.Secondary)
}

// filters turns q's filters into conditions. none is true when the keyword
// matches no model record, so nothing can match.
func (f *Finder) filters(ctx context.Context, q Query) (w *where, none bool, err error) {
	w = &where{}
	if len(q.IDs) > 0 {
		ids := make([]string, len(q.IDs))
		for i, id := range q.IDs {
			ids[i] = w.arg(id)
		}
		w.add("id IN (" + join(ids) + ")")
	}
	if s := q.ReplicationState; s != nil {
		if !s.Valid() {
			return nil, false, fmt.Errorf("filter %s registries: unknown replication state %d", f.d.Title, int16(*s))
		}
		w.add("state = " + w.arg(int16(*s)))
	}
	if s := q.VerificationState; s != nil {
		if !f.verificationEnabled() {
			return nil, false, fmt.Errorf("%w for %s: cannot filter by verification state", ErrVerificationDisabled, f.d.Title)
		}
		if !s.Valid() {
			return nil, false, fmt.Errorf("filter %s registries: unknown verification state %d", f.d.Title, int16(*s))
		}
		// A secondary verifies only what it has synced.
		w.add("state = " + w.arg(int16(state.Synced)))
		w.add("verification_state = " + w.arg(int16(*s)))
	}
	if strings.TrimSpace(q.Keyword) != "" {
		ids, err := f.matchingModelIDs(ctx, q.Keyword)
		if err != nil {
			return nil, false, err
		}
		if len(ids) == 0 {
			return nil, true, nil
		}
		ph := make([]string, len(ids))
		for i, id := range ids {
			ph[i] = w.arg(id)
		}
		w.add(f.d.ForeignKey + " IN (" + join(ph) + ")")
	}
	return w, false, nil
}

func decodeCursors(q Query, o order) (after, before *cursor, err error) {
	if q.After != "" {
		c, err := decodeCursor(q.After, o)
		if err != nil {
			return nil, nil, err
		}
		after = &c
	}
	if q.Before != "" {
		c, err := decodeCursor(q.Before, o)
		if err != nil {
			return nil, nil, err
		}
		before = &c
	}
	return after, before, nil
}

func (f *Finder) query(ctx context.Context, query string, args []any) ([]registry.Record, error) {
	rows, err := f.tracking.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("find %s: %w", f.d.RegistryTable, err)
	}
	defer rows.Close()
	var out []registry.Record
	for rows.Next() {
		r, err := registry.Scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("find %s: %w", f.d.RegistryTable, err)
	}
	return out, nil
}

// exists reports whether any row matches filters plus the condition extra adds.
func (f *Finder) exists(ctx context.Context, filters *where, extra func(*where)) (bool, error) {
	w := filters.clone()
	extra(w)
	return f.anyRow(ctx, "SELECT 1 FROM "+f.d.RegistryTable+w.sql()+" LIMIT 1", w.args)
}

// anyRow reports whether query, which selects a constant, returns a row.
func (f *Finder) anyRow(ctx context.Context, query string, args []any) (bool, error) {
	var one int
	err := f.tracking.QueryRowContext(ctx, query, args...).Scan(&one)
	switch {
	case err == nil:
		return true, nil
	case errors.Is(err, sql.ErrNoRows):
		return false, nil
	}
	return false, fmt.Errorf("find %s: %w", f.d.RegistryTable, err)
}

func join(s []string) string { return strings.Join(s, ", ") }
