package finder

import (
	"errors"
	"fmt"

	"github.com/geogen/geogen/runtime/registry"
	"github.com/geogen/geogen/runtime/state"
)

// Page sizes: a page holds at most MaxPageSize records, and DefaultPageSize
// when the query gives neither First nor Last.
const (
	MaxPageSize     = 100
	DefaultPageSize = 100
)

// The errors a query can fail with. They are wrapped with a message that
// names the type and the value at fault; test with errors.Is.
var (
	ErrVerificationDisabled = errors.New("verification is not enabled")
	ErrKeywordUnsupported   = errors.New("keyword search is not supported")
	ErrInvalidCursor        = errors.New("invalid cursor")
	ErrPageSize             = errors.New("invalid page size")
	ErrInvalidSort          = errors.New("invalid sort")
)

// Viewer is who is asking. Only administrators see registries.
type Viewer struct {
	Admin bool
	// Name says who the viewer is where a change is recorded (a feature
	// flag's history); "" when the authenticator does not know.
	Name string
}

// Query selects and pages registries. The zero Query selects every
// registry in id order, first page.
type Query struct {
	IDs               []int64             // registry ids; empty means all
	ReplicationState  *state.Replication  // nil means any
	VerificationState *state.Verification // nil means any; otherwise only synced registries in that state
	Keyword           string              // matched against the model's search columns; blank means any
	Sort              Sort

	// First and After page forward, Last and Before backward; 0 and ""
	// mean not given. First and Last cannot both be given.
	First, Last   int
	After, Before string
}

// Page is one page of registries and its cursors.
type Page struct {
	Records         []registry.Record
	Cursors         []string // Cursors[i] is the cursor of Records[i]
	HasNextPage     bool
	HasPreviousPage bool
	StartCursor     string // cursor of the first record; "" on an empty page
	EndCursor       string // cursor of the last record; "" on an empty page
}

// pageSize checks First and Last and returns how many records to return and
// whether the page is read backward from Before.
func (q Query) pageSize() (size int, backward bool, err error) {
	switch {
	case q.First != 0 && q.Last != 0:
		return 0, false, fmt.Errorf("%w: first and last cannot be combined (page forward with first/after or backward with last/before)", ErrPageSize)
	case q.First < 0 || q.First > MaxPageSize:
		return 0, false, fmt.Errorf("%w: first is %d, want 1 to %d", ErrPageSize, q.First, MaxPageSize)
	case q.Last < 0 || q.Last > MaxPageSize:
		return 0, false, fmt.Errorf("%w: last is %d, want 1 to %d", ErrPageSize, q.Last, MaxPageSize)
	case q.Last > 0:
		return q.Last, true, nil
	case q.First > 0:
		return q.First, false, nil
	}
	return DefaultPageSize, false, nil
}
