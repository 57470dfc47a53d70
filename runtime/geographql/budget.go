package geographql

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/geogen/geogen/runtime/finder"
)

// Budget bounds the registry work one request may ask for, however it
// multiplies it: every <type>Registries field (once per alias, per
// geoNode alias, per fragment copy) charges the rows its page may hold
// plus the ids it filters by, every count and every mutation charges one
// query. A field that would go over the budget is not run and answers an
// error naming the limit; fields resolved before it keep their data.
// Because the charge is taken before the database is asked, no request
// reads more than MaxRows rows nor runs more than MaxQueries queries.
type Budget struct {
	MaxRows    int // rows (page sizes + ids) per request
	MaxIDs     int // ids in one ids argument
	MaxQueries int // registry fields, counts and mutations per request

	mu      sync.Mutex
	rows    int
	queries int
}

// The defaults of a Budget: twenty full pages, a thousand ids in one
// filter (ten pages' worth of a details view), fifty queries.
const (
	DefaultMaxRows    = 20 * finder.MaxPageSize
	DefaultMaxIDs     = 1000
	DefaultMaxQueries = 50
)

// NewBudget returns a budget with the given limits; zero takes the
// default.
func NewBudget(maxRows, maxIDs, maxQueries int) *Budget {
	b := &Budget{MaxRows: maxRows, MaxIDs: maxIDs, MaxQueries: maxQueries}
	if b.MaxRows <= 0 {
		b.MaxRows = DefaultMaxRows
	}
	if b.MaxIDs <= 0 {
		b.MaxIDs = DefaultMaxIDs
	}
	if b.MaxQueries <= 0 {
		b.MaxQueries = DefaultMaxQueries
	}
	return b
}

// ErrOverBudget is wrapped by the error of a field the budget refused.
var ErrOverBudget = errors.New("request over its cost budget")

type budgetKey struct{}

// WithBudget returns a context whose queries charge b. A context without
// one charges a budget of the defaults made for the query.
func WithBudget(ctx context.Context, b *Budget) context.Context {
	return context.WithValue(ctx, budgetKey{}, b)
}

func budgetFrom(ctx context.Context) *Budget {
	b, _ := ctx.Value(budgetKey{}).(*Budget)
	return b
}

// charge takes a query of rows rows and ids ids from the request's budget.
func charge(ctx context.Context, what string, rows, ids int) error {
	b := budgetFrom(ctx)
	if b == nil {
		return nil
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	switch {
	case ids > b.MaxIDs:
		return clientErrorf("%s: %w: %d ids in one filter, at most %d", what, ErrOverBudget, ids, b.MaxIDs)
	case b.queries+1 > b.MaxQueries:
		return clientErrorf("%s: %w: more than %d registry queries in one request (split it)", what, ErrOverBudget, b.MaxQueries)
	case b.rows+rows+ids > b.MaxRows:
		return clientErrorf("%s: %w: %d rows and ids asked so far, at most %d in one request (ask for smaller pages or fewer aliases)", what, ErrOverBudget, b.rows+rows+ids, b.MaxRows)
	}
	b.queries++
	b.rows += rows + ids
	return nil
}

// pageSize is the most rows q's page holds.
func pageSize(q finder.Query) int {
	switch {
	case q.First > 0:
		return q.First
	case q.Last > 0:
		return q.Last
	}
	return finder.DefaultPageSize
}

// clientError is an error about the request itself (an argument, a
// limit, a record that does not exist), whose message the client may
// read. Every other resolver error is internal: IsClientError is false for
// it and the admin API answers it with a generic message.
type clientError struct{ err error }

func (e clientError) Error() string { return e.err.Error() }
func (e clientError) Unwrap() error { return e.err }

func clientErrorf(format string, args ...any) error {
	return clientError{fmt.Errorf(format, args...)}
}

// IsClientError reports whether a resolver error is about the request
// (arguments, limits, the finder's refusals) rather than a failure of the
// site (its database, say).
func IsClientError(err error) bool {
	if errors.As(err, new(clientError)) {
		return true
	}
	for _, e := range []error{finder.ErrVerificationDisabled, finder.ErrKeywordUnsupported, finder.ErrInvalidCursor, finder.ErrPageSize, finder.ErrInvalidSort} {
		if errors.Is(err, e) {
			return true
		}
	}
	return false
}
