package console

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/geogen/geogen/runtime/finder"
	"github.com/geogen/geogen/runtime/registry"
	"github.com/geogen/geogen/runtime/replicable"
	"github.com/geogen/geogen/runtime/state"
)

// typeLink is one entry of the type switcher.
type typeLink struct {
	Title   string
	URL     string
	Current bool
}

func (c *Console) typeLinks(base string, current *replicable.Descriptor) []typeLink {
	var out []typeLink
	for _, d := range c.backend.Types() {
		out = append(out, typeLink{Title: d.TitlePlural, URL: base + "/" + d.Plural, Current: d == current})
	}
	return out
}

// replicationView is the replication list of one type.
type replicationView struct {
	Type                *replicable.Descriptor
	Types               []typeLink
	Primary             bool // the list lives on the secondaries
	VerificationEnabled bool
	Path                string // the list's path, the filter form's action
	Params              listParams
	ReplicationStates   []option
	VerificationStates  []option
	Sorts               []option
	PageSizes           []option
	Rows                []registryRow
	Self                string // this page's URL, where actions return
	NextURL, PrevURL    string
	Filtered            bool
	ClearURL            string
	Bulk                []bulkLink
	BulkFiltered        bool // the list's filters narrow the bulk actions
	Jobs                jobsView
}

// registryRow is one registry in the list.
type registryRow struct {
	ID, ModelID         int64
	ReplicationState    string
	VerificationState   string
	LastSynced          timeView
	Verified            timeView
	SyncFailure         string
	VerificationFailure string
	MissingOnPrimary    bool
	ChecksumMismatch    bool
	DetailsURL          string
	ResyncURL           string
	ReverifyURL         string
	CanReverify         bool
}

func (c *Console) registryRow(d *replicable.Descriptor, rec registry.Record, now time.Time, verifying bool) registryRow {
	base := ReplicationPath + "/" + d.Plural + "/" + strconv.FormatInt(rec.ID, 10)
	return registryRow{
		ID: rec.ID, ModelID: rec.ModelRecordID,
		ReplicationState: rec.State.String(), VerificationState: rec.VerificationState.String(),
		LastSynced: when(rec.LastSyncedAt, now), Verified: when(rec.VerifiedAt, now),
		SyncFailure: rec.LastSyncFailure, VerificationFailure: rec.VerificationFailure,
		MissingOnPrimary: rec.MissingOnPrimary, ChecksumMismatch: rec.ChecksumMismatch,
		DetailsURL: base, ResyncURL: base + "/resync", ReverifyURL: base + "/reverify",
		CanReverify: verifying && rec.State == state.Synced,
	}
}

// serveReplicationIndex opens the first type's list.
func (c *Console) serveReplicationIndex(w http.ResponseWriter, r *http.Request, sess *session) {
	types := c.backend.Types()
	if len(types) == 0 {
		c.fail(w, r, sess, http.StatusNotFound, "This site replicates no types: add a type to the project and regenerate it.")
		return
	}
	http.Redirect(w, r, ReplicationPath+"/"+types[0].Plural, http.StatusSeeOther)
}

// listType finds the type of a list or action path, answering 404 itself.
func (c *Console) listType(w http.ResponseWriter, r *http.Request, sess *session) (*replicable.Descriptor, bool) {
	d := c.typeNamed(r.PathValue("type"))
	if d == nil {
		c.fail(w, r, sess, http.StatusNotFound, "There is no type "+strconv.Quote(r.PathValue("type"))+". The types are "+c.typeList()+".")
		return nil, false
	}
	return d, true
}

func (c *Console) serveReplicationList(w http.ResponseWriter, r *http.Request, sess *session) {
	d, ok := c.listType(w, r, sess)
	if !ok {
		return
	}
	path := ReplicationPath + "/" + d.Plural
	v := replicationView{Type: d, Types: c.typeLinks(ReplicationPath, d), Primary: c.site.Primary, Path: path,
		VerificationEnabled: c.backend.VerificationEnabled(d)}
	title := d.TitlePlural + " replication"
	if c.site.Primary {
		c.render(w, r, http.StatusOK, "replication", view{Title: title, Section: "replication", Data: v})
		return
	}
	p, err := readListParams(r.URL.Query())
	if err == nil && p.VerificationState != "" && !v.VerificationEnabled {
		err = errors.New("verification_state: verification of " + d.TitlePlural + " is disabled on this site, so there is nothing to filter by")
	}
	if err == nil && p.Sort[:3] == "ver" && !v.VerificationEnabled {
		err = errors.New("sort: verification of " + d.TitlePlural + " is disabled on this site, so it cannot sort by last verified")
	}
	if err != nil {
		c.fail(w, r, sess, http.StatusBadRequest, "The list's address is not valid: "+err.Error()+". Clear the filters to start again.")
		return
	}
	page, err := c.backend.Registries(r.Context(), d, p.finderQuery())
	switch {
	case errors.Is(err, finder.ErrInvalidCursor):
		c.fail(w, r, sess, http.StatusBadRequest, "The page cursor in the address is not valid (the list's sort may have changed). Go back to the first page.")
		return
	case err != nil:
		c.internal(w, r, "list "+d.Plural, err)
		return
	}
	v.Params = p
	v.Self = r.URL.RequestURI() // actions return to the page exactly as it was asked for
	v.Filtered = p.filtered()
	v.ClearURL = path
	v.ReplicationStates = options(replicationNames(), nil, p.ReplicationState, "Any")
	v.VerificationStates = options(verificationNames(), nil, p.VerificationState, "Any")
	sorts := sortNames
	if !v.VerificationEnabled {
		sorts = sortNames[:4]
	}
	v.Sorts = options(sorts, sortLabels, p.Sort, "")
	v.PageSizes = options([]string{"20", "50", "100"}, nil, strconv.Itoa(p.First), "")
	now := c.clock.Now()
	for _, rec := range page.Records {
		v.Rows = append(v.Rows, c.registryRow(d, rec, now, v.VerificationEnabled))
	}
	if page.HasNextPage && page.EndCursor != "" {
		v.NextURL = p.url(path, "after", page.EndCursor)
	}
	if page.HasPreviousPage && page.StartCursor != "" {
		v.PrevURL = p.url(path, "before", page.StartCursor)
	}
	v.Bulk = bulkLinks(path, v.VerificationEnabled, p)
	v.BulkFiltered = len(bulkFilterValues(p)) > 0
	if v.Jobs, err = c.jobs(r, d); err != nil {
		c.internal(w, r, "list bulk jobs", err)
		return
	}
	c.render(w, r, http.StatusOK, "replication", view{Title: title, Section: "replication", Data: v})
}
