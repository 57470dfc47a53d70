package bulkjob

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/geogen/geogen/runtime/flags"
	"github.com/geogen/geogen/runtime/state"
)

// Action is what a job does to each row it selects.
type Action string

// The actions. A secondary resyncs and reverifies its registries; a
// primary checksums its records again (data management's "checksum").
const (
	ResyncAll          Action = "resync_all"
	ReverifyAll        Action = "reverify_all"
	RecomputeChecksums Action = "recompute_checksums"
)

// Actions of each role, in the order errors list them.
var roleActions = map[flags.Role][]Action{
	flags.Secondary: {ResyncAll, ReverifyAll},
	flags.Primary:   {RecomputeChecksums},
}

// verifies reports whether the action asks for verification, which the
// type's flags must allow.
func (a Action) verifies() bool { return a == ReverifyAll || a == RecomputeChecksums }

// MaxIDs bounds the IDs filter of one job.
const MaxIDs = 100_000

// Spec is what a job does: Action on the rows of the replicable Type that
// match every filter given.
type Spec struct {
	Type   string `json:"replicable_name"` // replicable name: "cool_widget"
	Action Action `json:"action"`

	// IDs, when not empty, limits the job to these rows: registry ids on a
	// secondary, model record ids on a primary.
	IDs []int64 `json:"ids,omitempty"`
	// ReplicationState, when set, limits a secondary's job to registries
	// in that sync state ("resync all failed"). A primary has none.
	ReplicationState *state.Replication `json:"replication_state,omitempty"`
	// VerificationState, when set, limits the job to rows in that
	// verification state.
	VerificationState *state.Verification `json:"verification_state,omitempty"`
}

// Errors of Enqueue.
var (
	ErrUnknownType = errors.New("unknown replicable type")
	ErrInvalidSpec = errors.New("invalid bulk job")
	ErrWrongRole   = errors.New("action not run on this site")
)

// normalize checks s for a site of the given role and returns it with its
// IDs sorted and without duplicates.
func (s Spec) normalize(role flags.Role) (Spec, error) {
	if s.Type == "" {
		return s, fmt.Errorf("%w: no replicable type given", ErrInvalidSpec)
	}
	if !slices.Contains(roleActions[flags.Primary], s.Action) && !slices.Contains(roleActions[flags.Secondary], s.Action) {
		return s, fmt.Errorf("%w: unknown action %q (want one of %s, %s, %s)", ErrInvalidSpec, s.Action, ResyncAll, ReverifyAll, RecomputeChecksums)
	}
	if !slices.Contains(roleActions[role], s.Action) {
		return s, fmt.Errorf("%w: %s runs on a %s site, and this is a %s", ErrWrongRole, s.Action, otherRole(role), roleName(role))
	}
	if s.ReplicationState != nil {
		if role == flags.Primary {
			return s, fmt.Errorf("%w: a primary has no replication state to filter by", ErrInvalidSpec)
		}
		if !s.ReplicationState.Valid() {
			return s, fmt.Errorf("%w: replication state %d does not exist", ErrInvalidSpec, *s.ReplicationState)
		}
	}
	if s.VerificationState != nil && !s.VerificationState.Valid() {
		return s, fmt.Errorf("%w: verification state %d does not exist", ErrInvalidSpec, *s.VerificationState)
	}
	if len(s.IDs) > MaxIDs {
		return s, fmt.Errorf("%w: %d ids given, at most %d (filter by state instead)", ErrInvalidSpec, len(s.IDs), MaxIDs)
	}
	ids := slices.Clone(s.IDs)
	slices.Sort(ids)
	ids = slices.Compact(ids)
	if len(ids) > 0 && ids[0] <= 0 {
		return s, fmt.Errorf("%w: id %d is not positive", ErrInvalidSpec, ids[0])
	}
	s.IDs = ids
	return s, nil
}

func roleName(r flags.Role) string {
	if r == flags.Primary {
		return "primary"
	}
	return "secondary"
}

func otherRole(r flags.Role) string {
	if r == flags.Primary {
		return "secondary"
	}
	return "primary"
}

// filterKey identifies the filters of a normalized spec: jobs with the
// same type, action and key are the same job.
func (s Spec) filterKey() string {
	h := sha256.New()
	fmt.Fprintf(h, "ids=%s;replication=%s;verification=%s", joinIDs(s.IDs), optional(s.ReplicationState), optional(s.VerificationState))
	return hex.EncodeToString(h.Sum(nil))
}

func optional[T ~int16](v *T) string {
	if v == nil {
		return "any"
	}
	return strconv.Itoa(int(*v))
}

func joinIDs(ids []int64) string {
	var b strings.Builder
	for i, id := range ids {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.FormatInt(id, 10))
	}
	return b.String()
}

func parseIDs(s string) ([]int64, error) {
	if s == "" {
		return nil, nil
	}
	parts := strings.Split(s, ",")
	ids := make([]int64, len(parts))
	for i, p := range parts {
		id, err := strconv.ParseInt(p, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("stored ids: %w", err)
		}
		ids[i] = id
	}
	return ids, nil
}
