package geographql

import (
	"fmt"

	"github.com/geogen/geogen/runtime/finder"
	"github.com/geogen/geogen/runtime/geographql/sdl"
	"github.com/geogen/geogen/runtime/replicable"
	"github.com/geogen/geogen/runtime/state"
)

// MaxCountLimit is the largest limit count(limit:) accepts.
const MaxCountLimit = sdl.MaxCountLimit

// registriesArgs are the arguments of every <type>Registries field; enums
// arrive as their names.
type registriesArgs struct {
	IDs               *[]RegistryGlobalID
	ReplicationState  *string
	VerificationState *string
	Keyword           *string
	Sort              *string
	After, Before     *string
	First, Last       *int32
}

type countArgs struct {
	Limit *int32
}

// query turns the arguments into a finder query. An id of another
// registry class is an error, as GitLab's typed GlobalID arguments refuse
// it; an empty list filters nothing.
func (a registriesArgs) query(d *replicable.Descriptor) (q finder.Query, err error) {
	if a.IDs != nil {
		for _, id := range *a.IDs {
			if err := checkClass(d, id); err != nil {
				return q, fmt.Errorf("ids: %w", err)
			}
			q.IDs = append(q.IDs, id.ID)
		}
	}
	if a.ReplicationState != nil {
		s, err := state.ParseReplication(*a.ReplicationState)
		if err != nil {
			return q, err
		}
		q.ReplicationState = &s
	}
	if a.VerificationState != nil {
		s, err := state.ParseVerification(*a.VerificationState)
		if err != nil {
			return q, err
		}
		q.VerificationState = &s
	}
	if a.Keyword != nil {
		q.Keyword = *a.Keyword
	}
	if a.Sort != nil {
		q.Sort = finder.Sort(*a.Sort)
	}
	if a.After != nil {
		q.After = *a.After
	}
	if a.Before != nil {
		q.Before = *a.Before
	}
	return q, nil
}

// firstAndLast is GitLab's message for a connection given both first
// and last (Keyset::Connection#limited_nodes), word for word.
const firstAndLast = "Can only provide either `first` or `last`, not both"

var errFirstAndLast = fmt.Errorf("%s", firstAndLast)

// page reads first and last into q as GitLab's connections read them
// (graphql-ruby's limit_pagination_argument): a size over
// finder.MaxPageSize is cut to it and a negative one is 0, without an
// error; both at once, whatever their values, is an error. A size of 0
// asks for an empty page whose pageInfo still tells whether a row lies
// beyond; the finder reads 0 as "not given", so zero is true and q asks
// for one row, which the caller drops (emptyPage).
func (a registriesArgs) page(q *finder.Query) (zero bool, err error) {
	if a.First != nil && a.Last != nil {
		return false, errFirstAndLast
	}
	clamp := func(n int32) int { return int(min(max(n, 0), finder.MaxPageSize)) }
	switch {
	case a.First != nil:
		q.First = clamp(*a.First)
		if q.First == 0 {
			q.First, zero = 1, true
		}
	case a.Last != nil:
		q.Last = clamp(*a.Last)
		if q.Last == 0 {
			q.Last, zero = 1, true
		}
	}
	return zero, nil
}

// emptyPage is the page of first: 0 (or last: 0) made from the one-row
// page read in its place: no rows, and a next page (a previous one, for
// last) when that row exists, as GitLab answers.
func emptyPage(p finder.Page, backward bool) finder.Page {
	out := finder.Page{HasNextPage: p.HasNextPage, HasPreviousPage: p.HasPreviousPage}
	if backward {
		out.HasPreviousPage = len(p.Records) > 0
	} else {
		out.HasNextPage = len(p.Records) > 0
	}
	return out
}

// countLimit checks count's limit argument.
func (a countArgs) limit() (limit int64, limited bool, err error) {
	if a.Limit == nil {
		return 0, false, nil
	}
	if *a.Limit < 1 || *a.Limit > MaxCountLimit {
		return 0, false, fmt.Errorf("limit must be less than or equal to %d (and at least 1), got %d", MaxCountLimit, *a.Limit)
	}
	return int64(*a.Limit), true, nil
}
