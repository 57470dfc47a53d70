package finder

import (
	"context"
	"fmt"
	"strings"
)

// KeywordMatchLimit caps how many model records a keyword selects, as
// GitLab does: a keyword is for finding a few records, and the matches go
// into an IN list.
const KeywordMatchLimit = 1000

// matchingModelIDs returns the keys of model records whose search columns
// contain keyword, case-insensitively (ASCII letters on SQLite, whose
// lower() folds only those).
func (f *Finder) matchingModelIDs(ctx context.Context, keyword string) ([]int64, error) {
	d := f.d
	if !d.Searchable() {
		return nil, fmt.Errorf("%w for %s: it has no search columns (set SearchColumns in its descriptor)", ErrKeywordUnsupported, d.Title)
	}
	w := &where{}
	pattern := w.arg("%" + escapeLike(strings.ToLower(keyword)) + "%")
	var ors []string
	for _, col := range d.SearchColumns {
		ors = append(ors, "lower("+col+") LIKE "+pattern+` ESCAPE '\'`)
	}
	w.add("(" + strings.Join(ors, " OR ") + ")")
	query := fmt.Sprintf("SELECT %s FROM %s%s ORDER BY %s LIMIT %d", d.ModelKey, d.ModelTable, w.sql(), d.ModelKey, KeywordMatchLimit)
	rows, err := f.main.QueryContext(ctx, query, w.args...)
	if err != nil {
		return nil, fmt.Errorf("search %s for keyword: %w", d.ModelTable, err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("search %s for keyword: %w", d.ModelTable, err)
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// escapeLike makes LIKE's wildcards in s match themselves.
func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}
