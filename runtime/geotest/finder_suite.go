package geotest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/geogen/geogen/runtime/finder"
	"github.com/geogen/geogen/runtime/flags"
	"github.com/geogen/geogen/runtime/registry"
	"github.com/geogen/geogen/runtime/sqldb"
	"github.com/geogen/geogen/runtime/state"
)

// FrameworkRegistryFinder is the conformance suite 'a framework registry
// finder': the registry finder of cfg's type hides everything from
// non-admins, filters by ids, replication state, verification state (and
// refuses it while verification is disabled) and keyword, sorts in every
// order with NULLs placed as PostgreSQL places them, and pages with
// cursors in both directions. It runs on every dialect.
func FrameworkRegistryFinder(t *testing.T, cfg Config) {
	t.Helper()
	EachDialect(t, func(t *testing.T, dialect sqldb.Dialect) {
		frameworkRegistryFinder(t, NewEnv(t, dialect, cfg), newRealFinder)
	})
}

// RegistryFinder is what the finder suite exercises: *finder.Finder.
type RegistryFinder interface {
	Find(ctx context.Context, viewer finder.Viewer, q finder.Query) (finder.Page, error)
	Count(ctx context.Context, viewer finder.Viewer, q finder.Query) (int64, error)
}

// newFinderFunc makes the finder under test for an Env and flag source.
type newFinderFunc func(e *Env, src flags.Source) RegistryFinder

func newRealFinder(e *Env, src flags.Source) RegistryFinder {
	return finder.New(e.Tracking, e.Main, e.Config.Descriptor, src)
}

// adminViewer is the viewer the read path suites query as.
var adminViewer = finder.Viewer{Admin: true}

func frameworkRegistryFinder(tb testing.TB, e *Env, newFinder newFinderFunc) {
	tb.Helper()
	ctx := context.Background()
	d := e.Config.Descriptor
	enabled := flags.NewMemory(d.ReplicationFlag)
	f := newFinder(e, enabled)
	off := newFinder(e, flags.NewMemory())

	t0 := e.Clock.Now()
	at := func(minutes int) *time.Time { t := t0.Add(time.Duration(minutes) * time.Minute); return &t }
	// Five rows covering every filter and NULLs in both sort columns.
	rows := []registry.Record{
		{State: state.Synced, LastSyncedAt: at(3), VerificationState: state.VerificationSucceeded, VerifiedAt: at(5)},
		{State: state.Failed, LastSyncedAt: at(1), LastSyncFailure: "boom", RetryCount: 1},
		{State: state.Pending},
		{State: state.Synced, LastSyncedAt: at(1), VerificationState: state.VerificationFailed, VerificationFailure: "mismatch"},
		{State: state.Started, LastSyncedAt: at(2), VerificationState: state.VerificationFailed},
	}
	for i := range rows {
		rows[i] = InsertRegistry(tb, e, rows[i])
	}
	ids := func(picks ...int) []int64 {
		out := make([]int64, len(picks))
		for i, p := range picks {
			out[i] = rows[p].ID
		}
		return out
	}
	all := ids(0, 1, 2, 3, 4)
	replication := func(s state.Replication) *state.Replication { return &s }
	verification := func(s state.Verification) *state.Verification { return &s }

	cases := []struct {
		name string
		q    finder.Query
		want []int64
	}{
		{"no params returns all in id order", finder.Query{}, all},
		{"ids", finder.Query{IDs: ids(3, 1)}, ids(1, 3)},
		{"empty ids means all", finder.Query{IDs: []int64{}}, all},
		{"replication state synced", finder.Query{ReplicationState: replication(state.Synced)}, ids(0, 3)},
		{"replication state failed", finder.Query{ReplicationState: replication(state.Failed)}, ids(1)},
		{"replication state pending", finder.Query{ReplicationState: replication(state.Pending)}, ids(2)},
		{"verification state failed counts synced rows only", finder.Query{VerificationState: verification(state.VerificationFailed)}, ids(3)},
		{"verification state succeeded", finder.Query{VerificationState: verification(state.VerificationSucceeded)}, ids(0)},
		{"synced by last verified, newest first: the unverified first", finder.Query{ReplicationState: replication(state.Synced), Sort: finder.SortVerifiedAtDesc}, ids(3, 0)},
		{"synced by last verified, oldest first: the unverified last", finder.Query{ReplicationState: replication(state.Synced), Sort: finder.SortVerifiedAtAsc}, ids(0, 3)},
		{"failed by last synced, newest first: no row without a time", finder.Query{ReplicationState: replication(state.Failed), Sort: finder.SortLastSyncedAtDesc}, ids(1)},
		{"pending by last synced, oldest first: no row with a time", finder.Query{ReplicationState: replication(state.Pending), Sort: finder.SortLastSyncedAtAsc}, ids(2)},
		{"ids and state together", finder.Query{IDs: ids(0, 1, 2), ReplicationState: replication(state.Synced)}, ids(0)},
		{"sort id desc", finder.Query{Sort: finder.SortIDDesc}, ids(4, 3, 2, 1, 0)},
		{"sort last synced asc, NULLs last, ties by id", finder.Query{Sort: finder.SortLastSyncedAtAsc}, ids(1, 3, 4, 0, 2)},
		{"sort last synced desc, NULLs first, ties by id", finder.Query{Sort: finder.SortLastSyncedAtDesc}, ids(2, 0, 4, 3, 1)},
		{"sort verified desc, NULLs first", finder.Query{Sort: finder.SortVerifiedAtDesc}, ids(4, 3, 2, 1, 0)},
		{"sort verified asc, NULLs last", finder.Query{Sort: finder.SortVerifiedAtAsc}, ids(0, 1, 2, 3, 4)},
	}
	for _, c := range cases {
		page, err := f.Find(ctx, adminViewer, c.q)
		if err != nil {
			tb.Errorf("%s: Find: %v", c.name, err)
			continue
		}
		if got := registryIDs(page.Records); !slices.Equal(got, c.want) {
			tb.Errorf("%s: Find returned ids %v, want %v", c.name, got, c.want)
		}
		n, err := f.Count(ctx, adminViewer, c.q)
		if err != nil || n != int64(len(c.want)) {
			tb.Errorf("%s: Count = %d, %v; want %d", c.name, n, err, len(c.want))
		}
	}

	nonAdmin := finder.Viewer{Admin: false}
	page, err := f.Find(ctx, nonAdmin, finder.Query{})
	if err != nil || len(page.Records) != 0 {
		tb.Errorf("non-admin: Find returned %d records, %v; want none and no error", len(page.Records), err)
	}
	if n, err := f.Count(ctx, nonAdmin, finder.Query{}); err != nil || n != 0 {
		tb.Errorf("non-admin: Count = %d, %v; want 0", n, err)
	}

	// Verification filters and sorts are refused while verification is
	// disabled, whatever the state asked for.
	for _, q := range []finder.Query{
		{VerificationState: verification(state.VerificationPending)},
		{VerificationState: verification(state.VerificationSucceeded)},
		{Sort: finder.SortVerifiedAtAsc},
		{Sort: finder.SortVerifiedAtDesc},
	} {
		if _, err := off.Find(ctx, adminViewer, q); !errors.Is(err, finder.ErrVerificationDisabled) {
			tb.Errorf("verification disabled, query %+v: error %v, want ErrVerificationDisabled", q, err)
		}
	}
	if page, err := off.Find(ctx, adminViewer, finder.Query{Sort: finder.SortLastSyncedAtAsc}); err != nil || len(page.Records) != len(rows) {
		tb.Errorf("verification disabled: sorting by last_synced_at returned %d records, %v; want %d", len(page.Records), err, len(rows))
	}

	checkKeyword(tb, e, f, rows)
	checkPagination(tb, f, finder.Query{})
	checkPagination(tb, f, finder.Query{IDs: ids(0, 2, 3, 4)})
}

// with returns q paging from a cursor: first n rows after after, or, for
// a negative n, the last -n before before.
func with(q finder.Query, n int, after, before string) finder.Query {
	if n > 0 {
		q.First, q.After = n, after
	} else {
		q.Last, q.Before = -n, before
	}
	return q
}

// checkKeyword marks one model record with a unique word and searches for
// it in another case.
func checkKeyword(tb testing.TB, e *Env, f RegistryFinder, rows []registry.Record) {
	tb.Helper()
	ctx := context.Background()
	d := e.Config.Descriptor
	if !d.Searchable() {
		_, err := f.Find(ctx, adminViewer, finder.Query{Keyword: "anything"})
		if !errors.Is(err, finder.ErrKeywordUnsupported) {
			tb.Errorf("keyword on a type without search columns: error %v, want ErrKeywordUnsupported", err)
		}
		return
	}
	word := "geotest-Needle_" + randomHex(4)
	_, err := e.Main.ExecContext(ctx,
		fmt.Sprintf("UPDATE %s SET %s = $1 WHERE %s = $2", d.ModelTable, d.SearchColumns[0], d.ModelKey),
		"Find the "+word+" here", rows[3].ModelRecordID)
	if err != nil {
		tb.Fatalf("mark a %s record for keyword search: %v", d.Name, err)
	}
	for _, kw := range []string{word, strings.ToUpper(word)} {
		page, err := f.Find(ctx, adminViewer, finder.Query{Keyword: kw})
		if got := registryIDs(page.Records); err != nil || !slices.Equal(got, []int64{rows[3].ID}) {
			tb.Errorf("keyword %q: ids %v, %v; want [%d]", kw, got, err, rows[3].ID)
		}
	}
	// LIKE wildcards in a keyword match themselves only.
	if page, err := f.Find(ctx, adminViewer, finder.Query{Keyword: "%"}); err != nil || len(page.Records) != 0 {
		tb.Errorf("keyword %q matched %d registries, %v; want none", "%", len(page.Records), err)
	}
}

// checkPagination walks every order of the rows filters select in pages of one, two and three rows,
// forward and backward, and checks the pages join up to the unpaged
// order: a time order is read in two segments (rows with the time, rows
// without), so pages start, end and cross the boundary at every place.
func checkPagination(tb testing.TB, f RegistryFinder, filters finder.Query) {
	tb.Helper()
	for size := 1; size <= 3; size++ {
		checkPaginationBy(tb, f, filters, size)
	}
}

func checkPaginationBy(tb testing.TB, f RegistryFinder, filters finder.Query, size int) {
	tb.Helper()
	ctx := context.Background()
	for _, s := range finder.Sorts {
		q := filters
		q.Sort = s
		full, err := f.Find(ctx, adminViewer, q)
		if err != nil {
			tb.Errorf("sort %s: %v", s, err)
			continue
		}
		want := registryIDs(full.Records)

		var forward []int64
		after := ""
		for pages := 0; ; pages++ {
			page, err := f.Find(ctx, adminViewer, with(q, size, after, ""))
			if err != nil || pages > len(want) {
				tb.Errorf("sort %s forward by %d: page %d: %v", s, size, pages, err)
				break
			}
			forward = append(forward, registryIDs(page.Records)...)
			if page.HasPreviousPage != (after != "") {
				tb.Errorf("sort %s forward by %d: page %d HasPreviousPage = %v", s, size, pages, page.HasPreviousPage)
			}
			if !page.HasNextPage {
				break
			}
			after = page.EndCursor
		}
		if !slices.Equal(forward, want) {
			tb.Errorf("sort %s: forward pages of %d give %v, want %v", s, size, forward, want)
		}

		var backward []int64
		before := ""
		for pages := 0; ; pages++ {
			page, err := f.Find(ctx, adminViewer, with(q, -size, "", before))
			if err != nil || pages > len(want) {
				tb.Errorf("sort %s backward by %d: page %d: %v", s, size, pages, err)
				break
			}
			backward = append(registryIDs(page.Records), backward...)
			if page.HasNextPage != (before != "") {
				tb.Errorf("sort %s backward by %d: page %d HasNextPage = %v", s, size, pages, page.HasNextPage)
			}
			if !page.HasPreviousPage {
				break
			}
			before = page.StartCursor
		}
		if !slices.Equal(backward, want) {
			tb.Errorf("sort %s: backward pages of %d give %v, want %v", s, size, backward, want)
		}
	}

	first, err := f.Find(ctx, adminViewer, finder.Query{First: 1})
	if err != nil || len(first.Cursors) != 1 {
		tb.Fatalf("first page: %d records, %v", len(first.Cursors), err)
	}
	bad := []struct {
		name string
		q    finder.Query
		want error
	}{
		{"garbage cursor", finder.Query{After: "not a cursor"}, finder.ErrInvalidCursor},
		{"cursor of another sort", finder.Query{Sort: finder.SortIDDesc, After: first.EndCursor}, finder.ErrInvalidCursor},
		{"page too large", finder.Query{First: finder.MaxPageSize + 1}, finder.ErrPageSize},
		{"negative page", finder.Query{Last: -1}, finder.ErrPageSize},
		{"first and last", finder.Query{First: 1, Last: 1}, finder.ErrPageSize},
	}
	for _, c := range bad {
		if _, err := f.Find(ctx, adminViewer, c.q); !errors.Is(err, c.want) {
			tb.Errorf("%s: error %v, want %v", c.name, err, c.want)
		}
	}
}

func registryIDs(rs []registry.Record) []int64 {
	out := make([]int64, len(rs))
	for i, r := range rs {
		out[i] = r.ID
	}
	return out
}

// InsertRegistry inserts a registry row of e's type as given and returns it
// as stored. A zero ModelRecordID gets a new model record; a zero
// CreatedAt gets the clock's time. It writes SQL directly, so suites can
// set up any state without going through the state machine.
func InsertRegistry(tb testing.TB, e *Env, r registry.Record) registry.Record {
	tb.Helper()
	d := e.Config.Descriptor
	if r.ModelRecordID == 0 {
		r.ModelRecordID = e.CreateRecord(tb)
	}
	if r.CreatedAt.IsZero() {
		r.CreatedAt = e.Clock.Now()
	}
	cols := strings.TrimPrefix(registry.Columns(d), "id, ")
	query := "INSERT INTO " + d.RegistryTable + " (" + cols + ") VALUES (" + sqldb.Placeholders(1, 18) + ") RETURNING " + registry.Columns(d)
	got, err := registry.Scan(e.Tracking.QueryRowContext(context.Background(), query,
		r.ModelRecordID, r.CreatedAt.UTC(), sqldb.NullTime(r.LastSyncedAt), sqldb.NullTime(r.RetryAt),
		sqldb.NullTime(r.VerifiedAt), sqldb.NullTime(r.VerificationStartedAt), sqldb.NullTime(r.VerificationRetryAt),
		int16(r.State), int16(r.VerificationState), r.RetryCount, r.VerificationRetryCount,
		r.ChecksumMismatch, r.ForceToRedownload, r.MissingOnPrimary,
		r.VerificationChecksum, r.VerificationChecksumMismatched,
		sqldb.NullString(r.VerificationFailure), sqldb.NullString(r.LastSyncFailure)))
	if err != nil {
		tb.Fatalf("insert %s row: %v", d.RegistryTable, err)
	}
	return got
}
