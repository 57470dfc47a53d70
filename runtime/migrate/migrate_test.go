package migrate

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/geogen/geogen/runtime/sqldb"
)

func TestUpMergesSourcesAndAllowsOutOfOrder(t *testing.T) {
	ctx := context.Background()
	db, err := sqldb.Open(ctx, "sqlite:"+t.TempDir()+"/m.db")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	runtimeFS := fstest.MapFS{"sqlite/0002_b.sql": {Data: []byte("-- +goose Up\nCREATE TABLE b (id integer);\n")}}
	first := fstest.MapFS{"sqlite/0003_c.sql": {Data: []byte("-- +goose Up\nCREATE TABLE c (id integer);\n")}}
	if err := Up(ctx, db, Main, runtimeFS, first); err != nil {
		t.Fatal(err)
	}
	// A branch merged later brings an older version: it still applies.
	late := fstest.MapFS{"sqlite/0001_a.sql": {Data: []byte("-- +goose Up\nCREATE TABLE a (id integer);\n")}}
	if err := Up(ctx, db, Main, runtimeFS, first, late); err != nil {
		t.Fatal(err)
	}
	for _, table := range []string{"a", "b", "c", Main.VersionTable()} {
		if _, err := db.ExecContext(ctx, "SELECT count(*) FROM "+table); err != nil {
			t.Errorf("table %s missing: %v", table, err)
		}
	}
}

func TestUpErrors(t *testing.T) {
	ctx := context.Background()
	db, err := sqldb.Open(ctx, "sqlite:"+t.TempDir()+"/m.db")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	a := fstest.MapFS{"sqlite/1_a.sql": {Data: []byte("-- +goose Up\nSELECT 1;\n")}}
	b := fstest.MapFS{"sqlite/1_a.sql": {Data: []byte("-- +goose Up\nSELECT 2;\n")}}
	if err := Up(ctx, db, Tracking, a, b); err == nil || !strings.Contains(err.Error(), "given twice") {
		t.Errorf("conflicting files: err = %v", err)
	}
	if err := Up(ctx, db, Tracking); err == nil {
		t.Error("no sources accepted")
	}
	onlyPG := fstest.MapFS{"postgres/1_a.sql": {Data: []byte("-- +goose Up\nSELECT 1;\n")}}
	if err := Up(ctx, db, Tracking, onlyPG); err == nil || !strings.Contains(err.Error(), "no sqlite migration files") {
		t.Errorf("missing dialect dir: err = %v", err)
	}
}
