package sqldb

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestPlaceholders(t *testing.T) {
	if got := Placeholders(3, 3); got != "$3, $4, $5" {
		t.Errorf("got %q", got)
	}
	if got := Placeholders(1, 0); got != "" {
		t.Errorf("got %q", got)
	}
}

func TestSkipLocked(t *testing.T) {
	if Postgres.SkipLocked() != " FOR UPDATE SKIP LOCKED" || SQLite.SkipLocked() != "" {
		t.Error("wrong locking clause")
	}
}

func TestOpenSQLiteSettings(t *testing.T) {
	ctx := context.Background()
	for _, prefix := range []string{"sqlite:", "file:", ""} {
		db, err := Open(ctx, prefix+filepath.Join(t.TempDir(), "x.db"))
		if err != nil {
			t.Fatalf("%q: %v", prefix, err)
		}
		var mode string
		if err := db.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil || mode != "wal" {
			t.Errorf("%q: journal_mode = %q, %v", prefix, mode, err)
		}
		db.Close()
	}
}

func TestOpenErrors(t *testing.T) {
	ctx := context.Background()
	for _, dsn := range []string{"", ":memory:", "sqlite::memory:"} {
		if _, err := Open(ctx, dsn); err == nil {
			t.Errorf("Open(%q) succeeded", dsn)
		}
	}
	_, err := Open(ctx, "postgres://user:secret@127.0.0.1:1/none?connect_timeout=1")
	if err == nil {
		t.Fatal("Open of a closed port succeeded")
	}
	if strings.Contains(err.Error(), "secret") {
		t.Errorf("error leaks the password: %v", err)
	}
}

func TestRedact(t *testing.T) {
	if got := Redact("postgres://u:pw@h/db"); got != "postgres://u:xxxxx@h/db" {
		t.Errorf("got %q", got)
	}
	if got := Redact("sqlite:x.db"); got != "sqlite:x.db" {
		t.Errorf("got %q", got)
	}
}

// A path with '#' or '%' names exactly that file: the driver takes a
// file: URI, where '#' would otherwise start a fragment and cut the path.
func TestOpenSQLitePathWithURICharacters(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	for _, name := range []string{"a#1.db", "a#2.db", "100%.db"} {
		db, err := Open(ctx, "sqlite:"+filepath.Join(dir, name))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if _, err := db.ExecContext(ctx, "CREATE TABLE t (x integer)"); err != nil {
			t.Fatalf("%s: %v (two paths opened the same file?)", name, err)
		}
		db.Close()
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Errorf("%s was not created: %v", name, err)
		}
	}
}
