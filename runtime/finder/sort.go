package finder

import (
	"fmt"

	"github.com/geogen/geogen/runtime/registrysort"
)

// Sort is an order of registries: the GraphQL enum value names them.
// Every order breaks ties by id in the same direction, so pages never skip
// or repeat a row. NULL timestamps sort as PostgreSQL sorts them by default
// (last when ascending, first when descending), on SQLite too.
type Sort = registrysort.Sort

// The orders.
const (
	SortIDAsc            = registrysort.IDAsc // the default
	SortIDDesc           = registrysort.IDDesc
	SortLastSyncedAtAsc  = registrysort.LastSyncedAtAsc
	SortLastSyncedAtDesc = registrysort.LastSyncedAtDesc
	SortVerifiedAtAsc    = registrysort.VerifiedAtAsc
	SortVerifiedAtDesc   = registrysort.VerifiedAtDesc
)

// Sorts lists every order, the default first.
var Sorts = registrysort.All

// order is how a Sort reads in SQL.
type order struct {
	sort   Sort
	column string // the timestamp column, or "" for id alone
	desc   bool
}

func orderOf(s Sort) (order, error) {
	switch s {
	case "", SortIDAsc:
		return order{sort: SortIDAsc}, nil
	case SortIDDesc:
		return order{sort: s, desc: true}, nil
	case SortLastSyncedAtAsc:
		return order{sort: s, column: "last_synced_at"}, nil
	case SortLastSyncedAtDesc:
		return order{sort: s, column: "last_synced_at", desc: true}, nil
	case SortVerifiedAtAsc:
		return order{sort: s, column: "verified_at"}, nil
	case SortVerifiedAtDesc:
		return order{sort: s, column: "verified_at", desc: true}, nil
	}
	return order{}, fmt.Errorf("%w %q (want one of %v)", ErrInvalidSort, string(s), Sorts)
}

// needsVerification reports whether the order reads a verification column.
func (o order) needsVerification() bool { return o.column == "verified_at" }

// orderBy returns the ORDER BY list, reversed when reading backward.
// Ascending is (column NULLS LAST, id); descending is its exact reverse.
func (o order) orderBy(reverse bool) string {
	desc := o.desc != reverse
	if o.column == "" {
		if desc {
			return "id DESC"
		}
		return "id ASC"
	}
	if desc {
		return o.column + " DESC NULLS FIRST, id DESC"
	}
	return o.column + " ASC NULLS LAST, id ASC"
}
