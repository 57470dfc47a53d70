package bulkjob

import (
	"fmt"
	"strings"

	"github.com/geogen/geogen/runtime/registry"
	"github.com/geogen/geogen/runtime/replicable"
	"github.com/geogen/geogen/runtime/sqldb"
	"github.com/geogen/geogen/runtime/state"
)

// target is what a job's statements work on: a table, its keyset column,
// the condition a row must meet (the action's and the spec's filters) and
// the SET list applied to it.
type target struct {
	table string
	key   string
	where string // never empty: "true" when nothing filters
	set   string
}

// targetOf returns the target of a normalized spec of type d.
func targetOf(d *replicable.Descriptor, s Spec) (target, error) {
	var t target
	var conds []string
	switch s.Action {
	case ResyncAll:
		t = target{table: d.RegistryTable, key: "id", set: registry.ResyncSet}
	case ReverifyAll:
		t = target{table: d.RegistryTable, key: "id", set: registry.ReverifySet}
		conds = append(conds, registry.ReverifyCondition)
	case RecomputeChecksums:
		t = target{table: d.StateTable, key: d.StateKeyColumn(), set: state.VerificationPendingSet(false)}
	default:
		return target{}, fmt.Errorf("%w: unknown action %q", ErrInvalidSpec, s.Action)
	}
	if s.ReplicationState != nil {
		conds = append(conds, fmt.Sprintf("state = %d", *s.ReplicationState))
	}
	if s.VerificationState != nil {
		conds = append(conds, fmt.Sprintf("verification_state = %d", *s.VerificationState))
	}
	t.where = "true"
	if len(conds) > 0 {
		t.where = strings.Join(conds, " AND ")
	}
	return t, nil
}

// boundsSQL counts the matching rows and finds the largest key: the job's
// total and bound, taken when it starts.
func (t target) boundsSQL() string {
	return fmt.Sprintf("SELECT count(*), COALESCE(max(%s), 0) FROM %s WHERE %s", t.key, t.table, t.where)
}

// nextSQL finds the last key of the next batch: the batch-th matching key
// after $1 and up to $2, or fewer at the end.
func (t target) nextSQL(batch int) string {
	return fmt.Sprintf("SELECT max(%s) FROM (SELECT %s FROM %s WHERE %s > $1 AND %s <= $2 AND %s ORDER BY %s LIMIT %d) AS batch",
		t.key, t.key, t.table, t.key, t.key, t.where, t.key, batch)
}

// updateRangeSQL changes the matching rows with keys in ($1, $2].
func (t target) updateRangeSQL() string {
	return fmt.Sprintf("UPDATE %s SET %s WHERE %s > $1 AND %s <= $2 AND %s", t.table, t.set, t.key, t.key, t.where)
}

// updateListSQL changes the matching rows among n keys given from $1.
func (t target) updateListSQL(n int) string {
	return fmt.Sprintf("UPDATE %s SET %s WHERE %s IN (%s) AND %s", t.table, t.set, t.key, sqldb.Placeholders(1, n), t.where)
}

// countListSQL counts the matching rows among n keys given from $1.
func (t target) countListSQL(n int) string {
	return fmt.Sprintf("SELECT count(*) FROM %s WHERE %s IN (%s) AND %s", t.table, t.key, sqldb.Placeholders(1, n), t.where)
}

// rangeBatchSQL is the whole of a batch without an ids filter on
// PostgreSQL, in one statement: lock the job's row while lease $4 is on it
// (job $3), find the next batch's last key after $1 and up to $2, change
// the matching rows up to it, and move the cursor, renewing the lease to
// $5. It returns whether the lease was held, the batch's last key (NULL at
// the end) and the rows changed. (PostgreSQL runs every data-modifying
// part of a WITH once, whether the final SELECT reads it or not.)
func (t target) rangeBatchSQL(batch int) string {
	return fmt.Sprintf(`WITH lease AS (
  SELECT id FROM geo_bulk_jobs WHERE id = $3 AND lease_owner = $4 FOR UPDATE
), bound AS (
  SELECT max(%[1]s) AS hi FROM (SELECT %[1]s FROM %[2]s WHERE %[1]s > $1 AND %[1]s <= $2 AND %[3]s AND EXISTS (SELECT 1 FROM lease) ORDER BY %[1]s LIMIT %[5]d) AS batch
), changed AS (
  UPDATE %[2]s SET %[4]s WHERE %[1]s > $1 AND %[1]s <= (SELECT hi FROM bound) AND %[3]s RETURNING 1
), moved AS (
  UPDATE geo_bulk_jobs SET cursor_id = (SELECT hi FROM bound), done = done + (SELECT count(*) FROM changed),
    batches = batches + 1, failed_passes = 0, lease_expires_at = $5
  WHERE id = $3 AND lease_owner = $4 AND (SELECT hi FROM bound) IS NOT NULL RETURNING 1
)
SELECT (SELECT count(*) FROM lease), (SELECT hi FROM bound), (SELECT count(*) FROM changed)`,
		t.key, t.table, t.where, t.set, batch)
}
