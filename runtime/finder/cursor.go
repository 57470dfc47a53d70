package finder

import (
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/geogen/geogen/runtime/registry"
)

// cursor is a position in one order: the sort key of a record and its id.
// Clients see it as an opaque string; it carries the order's name so a
// cursor taken under one sort is refused under another.
type cursor struct {
	sort  Sort
	id    int64
	value *time.Time // the sort column's value; nil when NULL or sorting by id
}

const cursorVersion = "v1"

// encode returns the opaque form: base64 of "v1|SORT|id|value", value being
// microseconds since the Unix epoch or "null".
func (c cursor) encode() string {
	v := "null"
	if c.value != nil {
		v = strconv.FormatInt(c.value.UnixMicro(), 10)
	}
	raw := cursorVersion + "|" + string(c.sort) + "|" + strconv.FormatInt(c.id, 10) + "|" + v
	return base64.RawURLEncoding.EncodeToString([]byte(raw))
}

func cursorOf(o order, r registry.Record) cursor {
	c := cursor{sort: o.sort, id: r.ID}
	switch o.column {
	case "last_synced_at":
		c.value = r.LastSyncedAt
	case "verified_at":
		c.value = r.VerifiedAt
	}
	return c
}

// decodeCursor parses s and checks that it belongs to order o.
func decodeCursor(s string, o order) (cursor, error) {
	bad := func(why string) (cursor, error) {
		return cursor{}, fmt.Errorf("%w %q: %s (use a cursor returned by the same query)", ErrInvalidCursor, s, why)
	}
	raw, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return bad("not base64")
	}
	parts := strings.Split(string(raw), "|")
	if len(parts) != 4 || parts[0] != cursorVersion {
		return bad("unknown format")
	}
	if Sort(parts[1]) != o.sort {
		return bad(fmt.Sprintf("taken under sort %s, not %s", parts[1], o.sort))
	}
	id, err := strconv.ParseInt(parts[2], 10, 64)
	if err != nil {
		return bad("bad id")
	}
	c := cursor{sort: o.sort, id: id}
	if parts[3] != "null" {
		if o.column == "" {
			return bad("carries a value for an id sort")
		}
		micros, err := strconv.ParseInt(parts[3], 10, 64)
		if err != nil {
			return bad("bad sort value")
		}
		t := time.UnixMicro(micros).UTC()
		c.value = &t
	}
	return c, nil
}
