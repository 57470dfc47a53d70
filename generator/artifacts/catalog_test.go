package artifacts_test

import (
	"context"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/geogen/geogen/runtime/sqldb"
)

// catalogOf describes every table of db the way the database itself
// sees it, one line per column, index and constraint, so two databases
// built by different migration histories can be compared: equal lines,
// equal schema. goose's version tables are left out (their rows differ
// by design), and so is SQLite's own sqlite_sequence.
func catalogOf(t *testing.T, db *sqldb.DB) []string {
	t.Helper()
	ctx := context.Background()
	var queries []string
	switch db.Dialect {
	case sqldb.Postgres:
		queries = []string{
			`SELECT 'column ' || table_name || '.' || column_name || ' #' || ordinal_position || ' ' || data_type ||
				coalesce('(' || character_maximum_length || ')', '') || ' nullable=' || is_nullable ||
				' default=' || coalesce(column_default, '')
			 FROM information_schema.columns WHERE table_schema = current_schema()`,
			`SELECT 'index ' || i.indexname || ' valid=' || x.indisvalid || ' ' || i.indexdef
			 FROM pg_indexes i
			 JOIN pg_class c ON c.relname = i.indexname AND c.relnamespace = to_regnamespace(i.schemaname)
			 JOIN pg_index x ON x.indexrelid = c.oid
			 WHERE i.schemaname = current_schema()`,
			`SELECT 'constraint ' || conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid)
			 FROM pg_constraint WHERE connamespace = to_regnamespace(current_schema())`,
			`SELECT 'sequence ' || sequencename || ' ' || data_type::text
			 FROM pg_sequences WHERE schemaname = current_schema()`,
		}
	case sqldb.SQLite:
		queries = []string{
			`SELECT type || ' ' || name || ' on ' || tbl_name || ': ' || coalesce(sql, '') FROM sqlite_master`,
			`SELECT 'column ' || m.name || '.' || p.name || ' #' || p.cid || ' ' || p.type || ' notnull=' || p."notnull" ||
				' default=' || coalesce(p.dflt_value, '') || ' pk=' || p.pk
			 FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table'`,
		}
	}
	var out []string
	space := regexp.MustCompile(`\s+`)
	for _, q := range queries {
		rows, err := db.QueryContext(ctx, q)
		if err != nil {
			t.Fatalf("catalog: %v\n%s", err, q)
		}
		for rows.Next() {
			var line string
			if err := rows.Scan(&line); err != nil {
				t.Fatal(err)
			}
			if strings.Contains(line, "_migrations") || strings.Contains(line, "sqlite_sequence") {
				continue
			}
			// The test schema's name appears in index definitions;
			// whitespace inside SQLite's stored statements is the
			// statement's own.
			line = space.ReplaceAllString(line, " ")
			out = append(out, line)
		}
		if err := rows.Close(); err != nil {
			t.Fatal(err)
		}
	}
	var schema string
	if db.Dialect == sqldb.Postgres {
		if err := db.QueryRowContext(ctx, `SELECT current_schema()`).Scan(&schema); err != nil {
			t.Fatal(err)
		}
		for i := range out {
			out[i] = strings.ReplaceAll(out[i], schema+".", "")
		}
	}
	slices.Sort(out)
	if len(out) == 0 {
		t.Fatalf("catalog of the %s database is empty", db.Dialect)
	}
	return out
}
