package console

import (
	"encoding/hex"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/geogen/geogen/runtime/replicable"
	"github.com/geogen/geogen/runtime/state"
)

// field is one entry of the details list.
type field struct {
	Name  string // the data-field value
	Label string
	Text  string
	Time  *timeView
	Code  bool // a checksum: monospace, with a copy button
	Badge bool
}

// registryView is the registry details page.
type registryView struct {
	Type                *replicable.Descriptor
	Row                 registryRow
	Fields              []field
	Mismatch            bool
	Checksum, Expected  string
	SyncRetry           string // the retry schedule, in words
	VerificationRetry   string
	MissingOnPrimary    bool
	VerificationEnabled bool
	ListURL             string
	Self                string
}

func (c *Console) serveRegistry(w http.ResponseWriter, r *http.Request, sess *session) {
	d, ok := c.listType(w, r, sess)
	if !ok {
		return
	}
	id, ok := c.registryID(w, r, sess, "a registry")
	if !ok {
		return
	}
	if c.site.Primary {
		c.fail(w, r, sess, http.StatusNotFound, "Registries live on the secondaries: open the secondary's console from the sites overview.")
		return
	}
	rec, err := c.backend.Registry(r.Context(), d, id)
	if errors.Is(err, ErrNotFound) {
		c.fail(w, r, sess, http.StatusNotFound, d.Title+" registry "+strconv.FormatInt(id, 10)+" does not exist. Search the list by id to find it.")
		return
	}
	if err != nil {
		c.internal(w, r, "read registry", err)
		return
	}
	now := c.clock.Now()
	verifying := c.backend.VerificationEnabled(d)
	v := registryView{Type: d, Row: c.registryRow(d, rec, now, verifying), MissingOnPrimary: rec.MissingOnPrimary,
		VerificationEnabled: verifying, ListURL: ReplicationPath + "/" + d.Plural}
	v.Self = v.Row.DetailsURL
	v.Checksum = hex.EncodeToString(rec.VerificationChecksum)
	v.Expected = hex.EncodeToString(rec.VerificationChecksumMismatched)
	v.Mismatch = rec.ChecksumMismatch
	v.SyncRetry = retrySchedule(rec.State == state.Failed, rec.RetryCount, rec.RetryAt, now, "sync")
	v.VerificationRetry = retrySchedule(rec.VerificationState == state.VerificationFailed, rec.VerificationRetryCount, rec.VerificationRetryAt, now, "verification")
	t := func(tv timeView) *timeView { return &tv }
	yes := func(b bool) string {
		if b {
			return "yes"
		}
		return "no"
	}
	v.Fields = []field{
		{Name: "registry-id", Label: "Registry ID", Text: strconv.FormatInt(rec.ID, 10)},
		{Name: "model-id", Label: d.Title + " ID", Text: strconv.FormatInt(rec.ModelRecordID, 10)},
		{Name: "replication-state", Label: "Replication state", Text: rec.State.String(), Badge: true},
		{Name: "created-at", Label: "Created", Time: t(when(&rec.CreatedAt, now))},
		{Name: "last-synced-at", Label: "Last synced", Time: t(when(rec.LastSyncedAt, now))},
		{Name: "retry-count", Label: "Sync retries", Text: strconv.Itoa(rec.RetryCount)},
		{Name: "retry-at", Label: "Next sync retry", Time: t(when(rec.RetryAt, now))},
		{Name: "last-sync-failure", Label: "Last sync failure", Text: orNone(rec.LastSyncFailure)},
		{Name: "force-to-redownload", Label: "Download again after the running sync", Text: yes(rec.ForceToRedownload)},
		{Name: "missing-on-primary", Label: "Missing on primary", Text: yes(rec.MissingOnPrimary)},
		{Name: "verification-state", Label: "Verification state", Text: rec.VerificationState.String(), Badge: true},
		{Name: "verified-at", Label: "Last verified", Time: t(when(rec.VerifiedAt, now))},
		{Name: "verification-started-at", Label: "Verification started", Time: t(when(rec.VerificationStartedAt, now))},
		{Name: "verification-retry-count", Label: "Verification retries", Text: strconv.Itoa(rec.VerificationRetryCount)},
		{Name: "verification-retry-at", Label: "Next verification retry", Time: t(when(rec.VerificationRetryAt, now))},
		{Name: "verification-failure", Label: "Verification failure", Text: orNone(rec.VerificationFailure)},
		{Name: "checksum-mismatch", Label: "Checksum mismatch", Text: yes(rec.ChecksumMismatch)},
		{Name: "verification-checksum", Label: "Checksum", Text: v.Checksum, Code: v.Checksum != ""},
	}
	if v.Checksum == "" {
		v.Fields[len(v.Fields)-1].Text = "none yet"
	}
	if v.Expected != "" {
		v.Fields = append(v.Fields, field{Name: "verification-checksum-mismatched", Label: "Expected checksum (the primary's)", Text: v.Expected, Code: true})
	}
	c.render(w, r, http.StatusOK, "registry", view{Title: d.Title + " registry " + strconv.FormatInt(rec.ID, 10), Section: "replication", Data: v})
}

// retrySchedule says when the next retry is due, or that none is.
func retrySchedule(failed bool, count int, at *time.Time, now time.Time, what string) string {
	if !failed {
		return "No " + what + " retry is scheduled."
	}
	if at == nil {
		return "The " + what + " failed " + plural(count, "time") + "; the next retry waits for a worker."
	}
	due := "is due " + relative(at.UTC(), now)
	if !at.After(now) {
		due = "was due " + relative(at.UTC(), now) + " and waits for a free worker"
	}
	return "The " + what + " failed " + plural(count, "time") + "; retry " + strconv.Itoa(count+1) + " " + due + " (" + at.UTC().Format("2006-01-02 15:04:05 UTC") + ")."
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}
