package verification

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/geogen/geogen/runtime/replicable"
	"github.com/geogen/geogen/runtime/sqldb"
)

// Columns are the columns the primary's verification reads and writes in
// a type's state table, besides its key.
var Columns = []string{
	"verification_started_at", "verification_retry_at", "verified_at", "verification_state",
	"verification_retry_count", "verification_checksum", "verification_failure",
}

// CheckColumns reports which columns the primary's verification needs
// are missing from d's state table (or, verified on the model table, from
// the model table), in one error that names them and the fix. A state
// table geogen created has them all; one it adopted, or a model table,
// has them once geogen's migration ran, except where that migration
// cannot add a column (SQLite has no ADD COLUMN IF NOT EXISTS).
func CheckColumns(ctx context.Context, db *sqldb.DB, d *replicable.Descriptor) error {
	var q string
	switch db.Dialect {
	case sqldb.Postgres:
		q = "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1"
	default:
		q = "SELECT name FROM pragma_table_info($1)"
	}
	rows, err := db.QueryContext(ctx, q, d.StateTable)
	if err != nil {
		return fmt.Errorf("read the columns of %s: %w", d.StateTable, err)
	}
	defer rows.Close()
	have := map[string]bool{}
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return fmt.Errorf("read the columns of %s: %w", d.StateTable, err)
		}
		have[c] = true
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read the columns of %s: %w", d.StateTable, err)
	}
	if len(have) == 0 {
		return fmt.Errorf("%s: the verification state table %s does not exist (apply the main migrations: geo migrate)", d.Name, d.StateTable)
	}
	var missing []string
	for _, c := range slices.Concat([]string{d.StateKeyColumn()}, Columns) {
		if !have[c] {
			missing = append(missing, c)
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("%s: %s lacks the column%s %s that verification needs (add %s with a migration of your own, with the types of geogen's state table migration, then start again)",
			d.Name, d.StateTable, plural(len(missing)), strings.Join(missing, ", "), them(len(missing)))
	}
	if d.VerificationOnModel {
		return nil // no state rows are created: the model rows are the state
	}
	return checkStateKeyUnique(ctx, db, d)
}

// checkStateKeyUnique reports a state table whose key column is not
// unique by itself (its primary key, or a unique index that is neither
// partial nor on an expression): state rows are created with ON CONFLICT
// on that column, which PostgreSQL and SQLite refuse without one, so a
// table adopted without it would start and then fail every backfill.
func checkStateKeyUnique(ctx context.Context, db *sqldb.DB, d *replicable.Descriptor) error {
	var q string
	switch db.Dialect {
	case sqldb.Postgres:
		q = `SELECT EXISTS (SELECT 1 FROM pg_index i
			JOIN pg_class t ON t.oid = i.indrelid
			JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = i.indkey[0]
			WHERE t.relnamespace = current_schema()::regnamespace AND t.relname = $1 AND a.attname = $2
			AND i.indisunique AND i.indisvalid AND i.indnkeyatts = 1 AND i.indpred IS NULL AND i.indexprs IS NULL)`
	default:
		// A lone INTEGER PRIMARY KEY is the rowid and has no index of
		// its own; any other key is a unique index.
		q = `SELECT ((SELECT COUNT(*) FROM pragma_table_info($1) WHERE pk > 0) = 1
				AND EXISTS (SELECT 1 FROM pragma_table_info($1) WHERE pk = 1 AND name = $2))
			OR EXISTS (SELECT 1 FROM pragma_index_list($1) il WHERE il."unique" = 1 AND il.partial = 0
				AND (SELECT COUNT(*) FROM pragma_index_xinfo(il.name) x WHERE x.key = 1) = 1
				AND EXISTS (SELECT 1 FROM pragma_index_xinfo(il.name) x WHERE x.key = 1 AND x.name = $2))`
	}
	var unique bool
	if err := db.QueryRowContext(ctx, q, d.StateTable, d.StateKeyColumn()).Scan(&unique); err != nil {
		return fmt.Errorf("read the keys of %s: %w", d.StateTable, err)
	}
	if unique {
		return nil
	}
	return fmt.Errorf("%s: %s has no primary key or unique index on %s alone, which verification needs to create its rows (add one with a migration of your own, then start again)",
		d.Name, d.StateTable, d.StateKeyColumn())
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

func them(n int) string {
	if n == 1 {
		return "it"
	}
	return "them"
}
