package adminapi

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/geogen/geogen/runtime/bulkjob"
	"github.com/geogen/geogen/runtime/console"
	"github.com/geogen/geogen/runtime/finder"
	"github.com/geogen/geogen/runtime/flags"
	"github.com/geogen/geogen/runtime/geographql"
	"github.com/geogen/geogen/runtime/registry"
	"github.com/geogen/geogen/runtime/replicable"
	"github.com/geogen/geogen/runtime/sitestatus"
	"github.com/geogen/geogen/runtime/state"
	"github.com/geogen/geogen/runtime/verification"
)

// ConsolePath is where the admin web console is served (package console).
const ConsolePath = console.Prefix + "/"

// newConsole builds the site's web console over this server: the same
// authenticator, the same actions and jobs as the GraphQL and REST APIs.
func (s *Server) newConsole() (*console.Console, error) {
	return console.New(console.Config{
		Site:    console.Site{Name: s.site.Name, URL: s.site.URL, Primary: s.site.Primary},
		Backend: consoleBackend{s},
		Clock:   s.clock,
		Logger:  s.log,
	})
}

// consoleBackend is the console's view of the server: each method calls
// the code the API endpoints call.
type consoleBackend struct{ s *Server }

var _ console.Backend = consoleBackend{}

func (b consoleBackend) Authenticate(ctx context.Context, token string) (bool, error) {
	v, err := b.s.auth.Authenticate(ctx, token)
	if errors.Is(err, ErrInvalidToken) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return v.Admin, nil
}

func (b consoleBackend) Types() []*replicable.Descriptor { return b.s.types }

func (b consoleBackend) VerificationEnabled(d *replicable.Descriptor) bool {
	return b.s.flags != nil && flags.VerificationEnabled(b.s.flags, d, b.s.role())
}

// errNoRegistries refuses registry reads on a site without a tracking
// database (a primary).
var errNoRegistries = fmt.Errorf("%w: this site has no registries (a primary): use a secondary's console", console.ErrRefused)

func (b consoleBackend) finder(d *replicable.Descriptor) (*finder.Finder, error) {
	if b.s.tracking == nil {
		return nil, errNoRegistries
	}
	return finder.New(b.s.tracking, b.s.main, d, b.s.flags), nil
}

func (b consoleBackend) Registries(ctx context.Context, d *replicable.Descriptor, q finder.Query) (finder.Page, error) {
	f, err := b.finder(d)
	if err != nil {
		return finder.Page{}, err
	}
	return f.Find(ctx, finder.Viewer{Admin: true}, q)
}

func (b consoleBackend) CountRegistries(ctx context.Context, d *replicable.Descriptor, q finder.Query) (int64, error) {
	f, err := b.finder(d)
	if err != nil {
		return 0, err
	}
	return f.Count(ctx, finder.Viewer{Admin: true}, q)
}

func (b consoleBackend) Registry(ctx context.Context, d *replicable.Descriptor, id int64) (registry.Record, error) {
	if b.s.tracking == nil {
		return registry.Record{}, errNoRegistries
	}
	rec, err := registry.NewStore(b.s.tracking, d, b.s.clock).GetByID(ctx, id)
	if errors.Is(err, registry.ErrNotFound) {
		return registry.Record{}, fmt.Errorf("%w: %w", console.ErrNotFound, err)
	}
	return rec, err
}

// actions are the GraphQL mutations' own actions.
func (b consoleBackend) actions(d *replicable.Descriptor) (geographql.Actions, error) {
	if b.s.tracking == nil {
		return nil, errNoRegistries
	}
	return RegistryActions(b.s.tracking, d, b.s.clock, b.s.jobs), nil
}

func (b consoleBackend) Resync(ctx context.Context, d *replicable.Descriptor, id int64) error {
	a, err := b.actions(d)
	if err != nil {
		return err
	}
	_, err = a.Resync(ctx, id)
	return consoleError(err)
}

func (b consoleBackend) Reverify(ctx context.Context, d *replicable.Descriptor, id int64) error {
	a, err := b.actions(d)
	if err != nil {
		return err
	}
	_, err = a.Reverify(ctx, id)
	return consoleError(err)
}

// consoleError maps the actions' refusals to the console's.
func consoleError(err error) error {
	switch {
	case errors.Is(err, geographql.ErrRegistryNotFound):
		return fmt.Errorf("%w: %w", console.ErrNotFound, err)
	case errors.Is(err, geographql.ErrActionRefused):
		return fmt.Errorf("%w: %w", console.ErrRefused, err)
	}
	return err
}

func (b consoleBackend) ModelRecords(ctx context.Context, d *replicable.Descriptor, q console.ModelQuery) ([]console.ModelRecord, error) {
	if b.s.main == nil {
		return nil, fmt.Errorf("%w: this site has no main database", console.ErrRefused)
	}
	// listModelRecords reads one row over perPage, to tell whether a next
	// page exists: ask for exactly q.Limit rows.
	recs, err := b.s.listModelRecords(ctx, d, listQuery{identifiers: q.IDs, checksumState: q.ChecksumState, perPage: max(q.Limit-1, 0), desc: q.Desc, after: q.After})
	if err != nil {
		return nil, err
	}
	out := make([]console.ModelRecord, 0, len(recs))
	for _, r := range recs {
		m := console.ModelRecord{ID: r.RecordIdentifier}
		if info := r.ChecksumInformation; info != nil {
			m.Verifiable = true
			m.State, _ = state.ParseVerification(info.ChecksumState)
			if info.Checksum != nil {
				m.Checksum = *info.Checksum
			}
			if info.ChecksumFailure != nil {
				m.Failure = *info.ChecksumFailure
			}
			m.CheckedAt, m.RetryAt, m.RetryCount = info.LastChecksum, info.ChecksumRetryAt, info.ChecksumRetryCount
		}
		out = append(out, m)
	}
	return out, nil
}

func (b consoleBackend) Checksum(ctx context.Context, d *replicable.Descriptor, id int64) error {
	if b.s.main == nil || !b.s.site.Primary {
		return fmt.Errorf("%w: checksums are recomputed on the primary", console.ErrRefused)
	}
	var err error
	if b.s.verifier != nil {
		// As the REST endpoint does: computed now, the outcome recorded in
		// the state row the page shows next.
		_, err = b.s.verifier.VerifyRecord(ctx, d.Name, id)
	} else {
		_, err = verification.NewPrimary(b.s.main, d, b.s.clock).Reverify(ctx, id)
	}
	if errors.Is(err, verification.ErrNotFound) {
		return fmt.Errorf("%w: %w", console.ErrNotFound, err)
	}
	return err
}

func (b consoleBackend) Enqueue(ctx context.Context, spec bulkjob.Spec) (bulkjob.Job, error) {
	if b.s.jobs == nil {
		return bulkjob.Job{}, fmt.Errorf("%w: this site runs no bulk jobs", console.ErrRefused)
	}
	job, err := b.s.jobs.Enqueue(ctx, spec)
	for _, refusal := range []error{bulkjob.ErrInvalidSpec, bulkjob.ErrWrongRole, bulkjob.ErrUnknownType, bulkjob.ErrVerificationDisabled} {
		if errors.Is(err, refusal) {
			return bulkjob.Job{}, fmt.Errorf("%w: %w", console.ErrRefused, err)
		}
	}
	return job, err
}

func (b consoleBackend) Jobs(ctx context.Context) ([]bulkjob.Job, error) {
	if b.s.jobs == nil {
		return nil, nil
	}
	return b.s.jobs.List(ctx)
}

// Sites lists this site from its last snapshot, then every site
// Config.Sites reports, from their status documents.
func (b consoleBackend) Sites(ctx context.Context) ([]console.SiteSummary, error) {
	s := b.s
	self := console.SiteSummary{Name: s.site.Name, URL: s.site.URL, Primary: s.site.Primary, Current: true}
	if snap, ok := s.Snapshot(); ok {
		taken := snap.TakenAt
		self.ReportedAt = &taken
		self.Health, self.HealthReasons = sitestatus.Healthy, ""
		if age := s.clock.Now().Sub(taken); age > 3*s.interval {
			self.Health = sitestatus.Unhealthy
			self.HealthReasons = fmt.Sprintf("the last status snapshot is %s old (snapshots run every %s)", age.Round(time.Second), s.interval)
		}
		if !s.site.Primary {
			self.EventLag = eventLag(snap.Events.LastEventID, snap.Events.CursorEventID, snap.Events.LastEventAt, snap.Events.CursorEventAt)
		}
		for _, t := range snap.Types {
			p := console.TypeProgress{Type: t.Descriptor}
			if t.RegistryCount != nil {
				p.Replicated = ptr(t.SyncedInPercentage())
				p.Verified = ptr(t.VerifiedInPercentage())
				p.Records = ptr(*t.RegistryCount)
			}
			if t.ChecksumTotalCount != nil && t.ChecksummedCount != nil {
				p.Records = ptr(*t.ChecksumTotalCount)
				if *t.ChecksumTotalCount > 0 {
					p.Verified = ptr(float64(*t.ChecksummedCount) * 100 / float64(*t.ChecksumTotalCount))
				}
			}
			self.Types = append(self.Types, p)
		}
	} else {
		self.HealthReasons = "no status snapshot yet"
		for _, d := range s.types {
			self.Types = append(self.Types, console.TypeProgress{Type: d})
		}
	}
	out := []console.SiteSummary{self}
	if s.sites == nil {
		return out, nil
	}
	others, err := s.sites.SiteStatuses(ctx)
	if err != nil {
		return nil, err
	}
	for _, o := range others {
		if o.ID == s.siteID() {
			continue
		}
		out = append(out, b.summary(o.Status))
	}
	return out, nil
}

// summary reads a site's status document.
func (b consoleBackend) summary(doc map[string]any) console.SiteSummary {
	str := func(k string) string { v, _ := doc[k].(string); return v }
	sum := console.SiteSummary{Name: str("name"), URL: str("url"), Health: str("health_status"), HealthReasons: str("health")}
	sum.Primary, _ = doc["primary"].(bool)
	if ts, ok := number(doc["last_successful_status_check_timestamp"]); ok && ts > 0 {
		t := time.Unix(int64(ts), 0).UTC()
		sum.ReportedAt = &t
	}
	if !sum.Primary {
		last, _ := number(doc["last_event_id"])
		cursor, _ := number(doc["cursor_last_event_id"])
		lastAt, _ := number(doc["last_event_timestamp"])
		cursorAt, _ := number(doc["cursor_last_event_timestamp"])
		sum.EventLag = eventLag(int64(last), int64(cursor), unixTime(lastAt), unixTime(cursorAt))
	}
	for _, d := range b.s.types {
		p := console.TypeProgress{Type: d}
		if n, ok := number(doc[d.StatusField("registry_count")]); ok {
			p.Records = ptr(int64(n))
			if v, ok := number(doc[d.StatusField("synced_in_percentage")]); ok {
				p.Replicated = &v
			}
			if v, ok := number(doc[d.StatusField("verified_in_percentage")]); ok {
				p.Verified = &v
			}
		}
		sum.Types = append(sum.Types, p)
	}
	return sum
}

// eventLag is how long the event after a secondary's cursor has waited:
// zero when it has handled every event, nil when the times are unknown.
func eventLag(lastID, cursorID int64, lastAt, cursorAt time.Time) *time.Duration {
	switch {
	case lastID != 0 && cursorID >= lastID:
		return ptr(time.Duration(0))
	case lastAt.IsZero() || cursorAt.IsZero():
		return nil
	}
	return ptr(max(lastAt.Sub(cursorAt), 0))
}

func unixTime(sec float64) time.Time {
	if sec <= 0 {
		return time.Time{}
	}
	return time.Unix(int64(sec), 0).UTC()
}

// number reads a JSON-ish number: the documents hold Go numbers or, once
// decoded, float64s; a percentage may be GitLab's "66.67%".
func number(v any) (float64, bool) {
	switch n := v.(type) {
	case float64:
		return n, true
	case *float64:
		if n != nil {
			return *n, true
		}
	case float32:
		return float64(n), true
	case int:
		return float64(n), true
	case int64:
		return float64(n), true
	case *int64:
		if n != nil {
			return float64(*n), true
		}
	case string:
		var f float64
		if _, err := fmt.Sscanf(strings.TrimSuffix(n, "%"), "%g", &f); err == nil {
			return f, true
		}
	}
	return 0, false
}

func ptr[T any](v T) *T { return &v }
