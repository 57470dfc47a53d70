package finder

import (
	"context"
	"fmt"

	"github.com/geogen/geogen/runtime/registry"
)

// A time order (last_synced_at or verified_at, then id) is read as two
// segments, each a query of its own: the rows that have the time, ordered
// by it and then by id, and the rows without it (NULL), ordered by id
// alone. Read as one query, PostgreSQL walks the time's single-column
// index and sorts each run of equal times by id before it can return a
// row; all the rows without a time are one such run (hundreds of thousands
// of never-verified registries), so a filtered page sorted every one of
// them. Split, the timed segment's runs are a row or two, and the untimed
// segment is read in id order from the primary key.
//
// Ascending reads the timed segment first; descending reads the untimed
// segment first (NULLs sort first when descending, as PostgreSQL sorts
// them); a page that exhausts its first segment goes on into the second.

// segment is one of a time order's two segments.
type segment struct {
	timed bool // the rows whose time is set
}

// segments returns the segments in reading order, and which of them
// holds the cursor the page starts from (-1: no cursor, start at the top).
func (o order) segments(desc bool, from *cursor) (segs []segment, at int) {
	segs = []segment{{timed: true}, {timed: false}}
	if desc {
		segs[0], segs[1] = segs[1], segs[0]
	}
	at = -1
	if from != nil {
		for i, s := range segs {
			if s.timed == (from.value != nil) {
				at = i
			}
		}
	}
	return segs, at
}

// findSegments reads up to limit rows of a time order from the segments,
// starting strictly beyond from (nil: from the top), desc being the
// direction of the reading (the order's, reversed when paging backward).
func (f *Finder) findSegments(ctx context.Context, filters *where, o order, desc bool, from *cursor, limit int) ([]registry.Record, error) {
	segs, at := o.segments(desc, from)
	var out []registry.Record
	for i, s := range segs {
		if i < at || len(out) >= limit {
			continue
		}
		w := filters.clone()
		if s.timed {
			w.add(o.column + " IS NOT NULL")
		} else {
			w.add(o.column + " IS NULL")
		}
		if i == at {
			beyond(w, o.column, desc, *from)
		}
		if !s.timed {
			// The untimed rows are read from the primary key, which
			// stops as soon as it has a page, but walks the whole table
			// when none of them matches the filters (failed registries
			// always have a sync time): ask the indexes first.
			some, err := f.anyUntimed(ctx, w, o.column)
			if err != nil {
				return nil, err
			}
			if !some {
				continue
			}
		}
		dir := "ASC"
		if desc {
			dir = "DESC"
		}
		orderBy := "id " + dir
		if s.timed {
			orderBy = o.column + " " + dir + ", id " + dir
		}
		query := fmt.Sprintf("SELECT %s FROM %s%s ORDER BY %s LIMIT %d",
			registry.Columns(f.d), f.d.RegistryTable, w.sql(), orderBy, limit-len(out))
		records, err := f.query(ctx, query, w.args)
		if err != nil {
			return nil, err
		}
		out = append(out, records...)
	}
	return out, nil
}

// beyond adds "the row comes strictly after c, reading in direction desc",
// for the segment c lies in. A timed segment's condition repeats its
// bound on the time alone, which the time's index can seek to (it cannot
// seek to an OR).
func beyond(w *where, column string, desc bool, c cursor) {
	cmp := ">"
	if desc {
		cmp = "<"
	}
	if c.value == nil {
		w.add("id " + cmp + " " + w.arg(c.id))
		return
	}
	v1, v2, v3 := w.arg(*c.value), w.arg(*c.value), w.arg(*c.value)
	w.add(column + " " + cmp + "= " + v1)
	w.add("(" + column + " " + cmp + " " + v2 + " OR (" + column + " = " + v3 + " AND id " + cmp + " " + w.arg(c.id) + "))")
}

// anyUntimed reports whether any row matches w, whose conditions include
// "column IS NULL". Ordering by the column makes the time's index, read
// over its NULL entries only, the way to the first match: its cost is
// bounded by the untimed rows, where the primary key walk it spares is
// bounded by the table. (Intersecting index bitmaps instead reads fewer
// pages but builds a bitmap of every row the filter's index holds, which
// costs more time than it saves.)
func (f *Finder) anyUntimed(ctx context.Context, w *where, column string) (bool, error) {
	return f.anyRow(ctx, "SELECT 1 FROM "+f.d.RegistryTable+w.sql()+" ORDER BY "+column+" LIMIT 1", w.args)
}
