package finder

import (
	"encoding/base64"
	"errors"
	"testing"
	"time"
)

func TestCursorRoundTrip(t *testing.T) {
	at := time.Date(2026, 3, 4, 5, 6, 7, 123456000, time.UTC)
	cases := []struct {
		sort Sort
		c    cursor
	}{
		{SortIDAsc, cursor{sort: SortIDAsc, id: 42}},
		{SortLastSyncedAtDesc, cursor{sort: SortLastSyncedAtDesc, id: 7, value: &at}},
		{SortVerifiedAtAsc, cursor{sort: SortVerifiedAtAsc, id: 9}},
	}
	for _, c := range cases {
		o, err := orderOf(c.sort)
		if err != nil {
			t.Fatal(err)
		}
		got, err := decodeCursor(c.c.encode(), o)
		if err != nil {
			t.Fatalf("%s: %v", c.sort, err)
		}
		if got.id != c.c.id || (got.value == nil) != (c.c.value == nil) || (got.value != nil && !got.value.Equal(*c.c.value)) {
			t.Errorf("%s: decoded %+v, want %+v", c.sort, got, c.c)
		}
	}
}

func TestDecodeCursorRejects(t *testing.T) {
	enc := func(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }
	idAsc, _ := orderOf(SortIDAsc)
	cases := map[string]string{
		"empty":                   "",
		"not base64":              "!!!",
		"wrong version":           enc("v2|ID_ASC|1|null"),
		"too few parts":           enc("v1|ID_ASC|1"),
		"other sort":              enc("v1|ID_DESC|1|null"),
		"bad id":                  enc("v1|ID_ASC|x|null"),
		"value on an id sort":     enc("v1|ID_ASC|1|123"),
		"padding-encoded garbage": "djF8SURfQVNDfDF8bnVsbA==",
	}
	for name, s := range cases {
		if _, err := decodeCursor(s, idAsc); !errors.Is(err, ErrInvalidCursor) {
			t.Errorf("%s: error %v, want ErrInvalidCursor", name, err)
		}
	}
	synced, _ := orderOf(SortLastSyncedAtAsc)
	if _, err := decodeCursor(enc("v1|LAST_SYNCED_AT_ASC|1|soon"), synced); !errors.Is(err, ErrInvalidCursor) {
		t.Errorf("bad time value: error %v, want ErrInvalidCursor", err)
	}
}

func TestUnknownSort(t *testing.T) {
	if _, err := orderOf(Sort("NAME_ASC")); !errors.Is(err, ErrInvalidSort) {
		t.Errorf("error %v, want ErrInvalidSort", err)
	}
}
