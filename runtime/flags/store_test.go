package flags_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/geogen/geogen/runtime/clock"
	"github.com/geogen/geogen/runtime/flags"
	"github.com/geogen/geogen/runtime/geotest"
	"github.com/geogen/geogen/runtime/migrate"
	"github.com/geogen/geogen/runtime/sqldb"
)

func newFlagDB(t *testing.T, dialect sqldb.Dialect) *sqldb.DB {
	t.Helper()
	db := geotest.NewDB(t, dialect)
	if err := migrate.Up(context.Background(), db, migrate.Main, flags.MainMigrations); err != nil {
		t.Fatal(err)
	}
	return db
}

var testDefs = []flags.Definition{
	{Name: "geo_x_replication", Type: "ops"},
	{Name: "geo_x_verification", Type: "ops", DefaultEnabled: true},
}

func TestStoreSharesValuesThroughTheDatabase(t *testing.T) {
	geotest.EachDialect(t, func(t *testing.T, dialect sqldb.Dialect) {
		ctx := context.Background()
		db := newFlagDB(t, dialect)
		fake := clock.NewFake(time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC))
		primary := flags.NewStore(db, testDefs, fake)
		// Another site's store over the same database: a secondary reading
		// the primary's main database through replication.
		other := flags.NewStore(db, testDefs, fake)

		if primary.Enabled("geo_x_replication") || !primary.Enabled("geo_x_verification") || primary.Enabled("geo_undefined") {
			t.Fatal("before any change the definitions' defaults apply, and an undefined flag is off")
		}
		if err := primary.Set(ctx, "geo_x_replication", true, "alice"); err != nil {
			t.Fatal(err)
		}
		fake.Advance(time.Minute)
		if err := primary.Set(ctx, "geo_x_verification", false, "bob"); err != nil {
			t.Fatal(err)
		}
		if !primary.Enabled("geo_x_replication") || primary.Enabled("geo_x_verification") {
			t.Fatal("the store that set the flags does not see its own changes")
		}
		if other.Enabled("geo_x_replication") {
			t.Fatal("the other store changed before its refresh")
		}
		if err := other.Refresh(ctx); err != nil {
			t.Fatal(err)
		}
		if !other.Enabled("geo_x_replication") || other.Enabled("geo_x_verification") {
			t.Fatal("after a refresh the other store does not see the stored values")
		}

		list, err := other.List(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 2 || list[0].Name != "geo_x_replication" || !list[0].Enabled || !list[0].Stored || list[0].UpdatedBy != "alice" ||
			list[1].Enabled || list[1].UpdatedBy != "bob" || !list[1].UpdatedAt.Equal(fake.Now()) {
			t.Fatalf("List = %+v", list)
		}

		if err := primary.Set(ctx, "geo_x_replication", false, "carol"); err != nil {
			t.Fatal(err)
		}
		hist, err := primary.History(ctx, "geo_x_replication", 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(hist) != 2 || hist[0].ChangedBy != "carol" || hist[0].Enabled || hist[1].ChangedBy != "alice" || !hist[1].Enabled {
			t.Fatalf("History = %+v, want carol's change then alice's", hist)
		}
		all, err := primary.History(ctx, "", 10)
		if err != nil || len(all) != 3 {
			t.Fatalf("History of every flag = %+v, %v; want 3 changes", all, err)
		}
	})
}

func TestStoreRefusesBadChanges(t *testing.T) {
	ctx := context.Background()
	db := newFlagDB(t, sqldb.SQLite)
	s := flags.NewStore(db, testDefs, nil)
	if err := s.Set(ctx, "geo_typo_replication", true, "alice"); !errors.Is(err, flags.ErrUnknownFlag) {
		t.Errorf("unknown flag: err = %v, want ErrUnknownFlag", err)
	}
	if err := s.Set(ctx, "geo_x_replication", true, ""); err == nil {
		t.Error("a change without an actor was accepted")
	}
	if hist, _ := s.History(ctx, "", 10); len(hist) != 0 {
		t.Errorf("refused changes left history %+v", hist)
	}
}

func TestRunPicksUpChangesWithoutRestart(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	db := newFlagDB(t, sqldb.SQLite)
	writer := flags.NewStore(db, testDefs, nil)
	running := flags.NewStore(db, testDefs, nil)
	go running.Run(ctx, 10*time.Millisecond, nil)
	if err := writer.Set(ctx, "geo_x_replication", true, "alice"); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(time.Minute)
	for !running.Enabled("geo_x_replication") {
		if time.Now().After(deadline) {
			t.Fatal("the running store never saw the change")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestLoadDefinitions(t *testing.T) {
	fsys := fstest.MapFS{
		"flags/geo_x_replication.yml":  {Data: []byte("# header\nname: geo_x_replication\ndescription: d\ntype: ops\ndefault_enabled: true\n")},
		"flags/geo_x_verification.yml": {Data: []byte("name: geo_x_verification\ntype: ops\n")},
		"flags/notes.txt":              {Data: []byte("ignored")},
	}
	defs, err := flags.LoadDefinitions(fsys, "flags", []flags.Definition{{Name: "geo_y_replication"}, {Name: "geo_x_replication"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(defs) != 3 || defs[0].Name != "geo_x_replication" || !defs[0].DefaultEnabled || defs[2].Name != "geo_y_replication" {
		t.Fatalf("defs = %+v", defs)
	}
	bad := fstest.MapFS{
		"flags/a.yml": {Data: []byte("name: b\n")},
		"flags/c.yml": {Data: []byte("name: [\n")},
	}
	_, err = flags.LoadDefinitions(bad, "flags", nil)
	if err == nil || !strings.Contains(err.Error(), "a.yml") || !strings.Contains(err.Error(), "c.yml") {
		t.Fatalf("err = %v, want one error per bad file", err)
	}
}

// Reset gives a flag its default back, on every store after its refresh,
// and keeps who did it; resetting a flag nobody set records nothing.
func TestStoreReset(t *testing.T) {
	geotest.EachDialect(t, func(t *testing.T, dialect sqldb.Dialect) {
		ctx := context.Background()
		db := newFlagDB(t, dialect)
		primary := flags.NewStore(db, testDefs, nil)
		other := flags.NewStore(db, testDefs, nil)
		if err := primary.Set(ctx, "geo_x_verification", false, "alice"); err != nil {
			t.Fatal(err)
		}
		if err := other.Refresh(ctx); err != nil || other.Enabled("geo_x_verification") {
			t.Fatalf("after set: refresh %v, on %v", err, other.Enabled("geo_x_verification"))
		}
		if err := primary.Reset(ctx, "geo_x_verification", "bob"); err != nil {
			t.Fatal(err)
		}
		if !primary.Enabled("geo_x_verification") {
			t.Error("the resetting store does not see the default again")
		}
		if err := other.Refresh(ctx); err != nil || !other.Enabled("geo_x_verification") {
			t.Errorf("after reset: refresh %v, on %v; want the default, on", err, other.Enabled("geo_x_verification"))
		}
		list, err := primary.List(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, st := range list {
			if st.Name == "geo_x_verification" && (st.Stored || !st.Enabled) {
				t.Errorf("listed after reset as %+v, want the default and not stored", st)
			}
		}
		if err := primary.Reset(ctx, "geo_x_replication", "carol"); err != nil {
			t.Fatal(err)
		}
		h, err := primary.History(ctx, "", 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(h) != 2 || h[0].ChangedBy != "bob" || !h[0].Enabled || h[1].ChangedBy != "alice" {
			t.Errorf("history = %+v, want bob's reset (to on) over alice's change and nothing of carol's", h)
		}
		if err := primary.Reset(ctx, "geo_nope", "bob"); !errors.Is(err, flags.ErrUnknownFlag) {
			t.Errorf("reset of an undefined flag: %v", err)
		}
		if err := primary.Reset(ctx, "geo_x_verification", ""); err == nil {
			t.Error("reset without an actor accepted")
		}
	})
}
