package console

import (
	"context"
	"errors"
	"time"

	"github.com/geogen/geogen/runtime/bulkjob"
	"github.com/geogen/geogen/runtime/finder"
	"github.com/geogen/geogen/runtime/registry"
	"github.com/geogen/geogen/runtime/replicable"
	"github.com/geogen/geogen/runtime/state"
)

// Backend is what the console reads and changes: the admin API's own
// behaviour, reached through Go calls. The console renders pages and
// checks sessions; every rule about registries, jobs and checksums lives
// behind this interface, once.
type Backend interface {
	// Authenticate reports whether token is an administrator's. An unknown
	// token or a non-administrator's is false with a nil error; an error
	// means the token could not be checked.
	Authenticate(ctx context.Context, token string) (admin bool, err error)

	// Types are the replicable types, in the order the console lists them.
	Types() []*replicable.Descriptor
	// VerificationEnabled reports whether d is verified on this site.
	VerificationEnabled(d *replicable.Descriptor) bool

	// Sites lists every site this one knows, itself first.
	Sites(ctx context.Context) ([]SiteSummary, error)

	// Registries pages a secondary's registries of d (finder.Finder.Find).
	Registries(ctx context.Context, d *replicable.Descriptor, q finder.Query) (finder.Page, error)
	// CountRegistries counts the registries q's filters select.
	CountRegistries(ctx context.Context, d *replicable.Descriptor, q finder.Query) (int64, error)
	// Registry reads one registry; ErrNotFound when it does not exist.
	Registry(ctx context.Context, d *replicable.Descriptor, id int64) (registry.Record, error)
	// Resync and Reverify are the single-registry actions. Reverify of a
	// registry that is not synced is refused with an error wrapping
	// ErrRefused.
	Resync(ctx context.Context, d *replicable.Descriptor, id int64) error
	Reverify(ctx context.Context, d *replicable.Descriptor, id int64) error

	// ModelRecords pages a primary's model records of d with their
	// checksum state; Checksum asks for one record's checksum again.
	ModelRecords(ctx context.Context, d *replicable.Descriptor, q ModelQuery) ([]ModelRecord, error)
	Checksum(ctx context.Context, d *replicable.Descriptor, id int64) error

	// Enqueue starts a bulk job (or joins the same unfinished one); Jobs
	// lists the site's unfinished and recent jobs. A site without bulk
	// jobs returns an error wrapping ErrRefused.
	Enqueue(ctx context.Context, s bulkjob.Spec) (bulkjob.Job, error)
	Jobs(ctx context.Context) ([]bulkjob.Job, error)
}

// Errors a Backend returns for what the console shows as a refusal rather
// than a failure of the site.
var (
	ErrNotFound = errors.New("not found")
	ErrRefused  = errors.New("refused")
)

// SiteSummary is one site as the sites overview shows it.
type SiteSummary struct {
	Name    string
	URL     string
	Primary bool
	Current bool // the site serving this console

	// Health is "Healthy", "Unhealthy" or "" when the site has not said;
	// HealthReasons says why it is unhealthy.
	Health        string
	HealthReasons string
	// ReportedAt is when the site's figures were taken; nil before the
	// first status.
	ReportedAt *time.Time
	// EventLag is how far the site's event cursor is behind the newest
	// event; nil when unknown (a primary has none).
	EventLag *time.Duration
	Types    []TypeProgress
}

// TypeProgress is one type's replicated and verified percentages on a
// site; nil where the site does not compute the figure. Records is the
// count the percentages are of (registries on a secondary, records to
// checksum on a primary), nil when not known: at zero there is nothing to
// replicate or verify, which a percentage cannot say.
type TypeProgress struct {
	Type       *replicable.Descriptor
	Replicated *float64
	Verified   *float64
	Records    *int64
}

// ModelQuery selects a page of a primary's model records in key order.
type ModelQuery struct {
	IDs           []int64
	ChecksumState *state.Verification
	Limit         int
	Desc          bool   // descending key order
	After         *int64 // keys after this one in the chosen order
}

// ModelRecord is one model record and, when the type is verified, its
// checksum state.
type ModelRecord struct {
	ID         int64
	Verifiable bool
	State      state.Verification
	Checksum   string // hex
	CheckedAt  *time.Time
	RetryCount int
	RetryAt    *time.Time
	Failure    string
}
