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
	// The finder reads 0 as "not given"; a client that asks for 0 rows
	// gets told the valid range instead of a default-sized page.
	if a.First != nil {
		if *a.First <= 0 {
			return q, fmt.Errorf("%w: first is %d, want 1 to %d", finder.ErrPageSize, *a.First, finder.MaxPageSize)
		}
		q.First = int(*a.First)
	}
	if a.Last != nil {
		if *a.Last <= 0 {
			return q, fmt.Errorf("%w: last is %d, want 1 to %d", finder.ErrPageSize, *a.Last, finder.MaxPageSize)
		}
		q.Last = int(*a.Last)
	}
	return q, nil
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
