package console

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/geogen/geogen/runtime/bulkjob"
	"github.com/geogen/geogen/runtime/replicable"
	"github.com/geogen/geogen/runtime/state"
)

// checksumsView is the primary's data management page of one type.
type checksumsView struct {
	Type             *replicable.Descriptor
	Types            []typeLink
	Secondary        bool // the checksums page is the primary's
	Verifiable       bool
	Path             string
	Params           listParams
	ChecksumStates   []option
	PageSizes        []option
	Rows             []checksumRow
	Self             string
	NextURL, PrevURL string
	Filtered         bool
	ClearURL         string
	ChecksumAllURL   string
	Jobs             jobsView
}

type checksumRow struct {
	ID          int64
	State       string
	Checksum    string
	Checked     timeView
	Failure     string
	RetryCount  int
	ChecksumURL string
}

func (c *Console) serveDataManagementIndex(w http.ResponseWriter, r *http.Request, sess *session) {
	types := c.backend.Types()
	if len(types) == 0 {
		c.fail(w, r, sess, http.StatusNotFound, "This site has no types: add a type to the project and regenerate it.")
		return
	}
	http.Redirect(w, r, DataManagementPath+"/"+types[0].Plural, http.StatusSeeOther)
}

func (c *Console) serveChecksums(w http.ResponseWriter, r *http.Request, sess *session) {
	d, ok := c.listType(w, r, sess)
	if !ok {
		return
	}
	path := DataManagementPath + "/" + d.Plural
	v := checksumsView{Type: d, Types: c.typeLinks(DataManagementPath, d), Secondary: !c.site.Primary, Path: path,
		Verifiable: c.backend.VerificationEnabled(d), ChecksumAllURL: path + "/checksum"}
	title := d.TitlePlural + " checksums"
	if !c.site.Primary {
		c.render(w, r, http.StatusOK, "checksums", view{Title: title, Section: "data_management", Data: v})
		return
	}
	p, err := readListParams(r.URL.Query())
	if err == nil && (p.ReplicationState != "" || p.VerificationState != "" || p.Sort != sortNames[0] && p.Sort != "id_desc") {
		err = errors.New("the checksums page filters by checksum_state and ids and sorts by id_asc or id_desc only")
	}
	if err == nil && p.ChecksumState != "" && !v.Verifiable {
		err = errors.New("checksum_state: " + d.TitlePlural + " are not checksummed on this site")
	}
	var after, before *int64
	for _, cur := range []struct {
		raw string
		dst **int64
	}{{p.After, &after}, {p.Before, &before}} {
		if err == nil && cur.raw != "" {
			n, perr := strconv.ParseInt(cur.raw, 10, 64)
			if perr != nil {
				err = errors.New("the page cursor is not valid; go back to the first page")
			}
			*cur.dst = &n
		}
	}
	if err != nil {
		c.fail(w, r, sess, http.StatusBadRequest, "The page's address is not valid: "+err.Error()+".")
		return
	}
	q := ModelQuery{Limit: p.First + 1, Desc: p.Sort == "id_desc", After: after}
	q.IDs, _ = p.ids()
	if p.ChecksumState != "" {
		s, _ := state.ParseVerification(p.ChecksumState)
		q.ChecksumState = &s
	}
	if before != nil { // read backward from the cursor, then turn the page round
		q.Desc, q.After = !q.Desc, before
	}
	records, err := c.backend.ModelRecords(r.Context(), d, q)
	if err != nil {
		c.internal(w, r, "list "+d.Plural, err)
		return
	}
	more := len(records) > p.First
	if more {
		records = records[:p.First]
	}
	if before != nil {
		for i, j := 0, len(records)-1; i < j; i, j = i+1, j-1 {
			records[i], records[j] = records[j], records[i]
		}
	}
	v.Params, v.Self, v.Filtered, v.ClearURL = p, r.URL.RequestURI(), p.filtered(), path
	v.ChecksumStates = options(verificationNames(), nil, p.ChecksumState, "Any")
	v.PageSizes = options([]string{"20", "50", "100"}, nil, strconv.Itoa(p.First), "")
	now := c.clock.Now()
	for _, rec := range records {
		v.Rows = append(v.Rows, checksumRow{ID: rec.ID, State: rec.State.String(), Checksum: rec.Checksum, Checked: when(rec.CheckedAt, now),
			Failure: rec.Failure, RetryCount: rec.RetryCount, ChecksumURL: path + "/" + strconv.FormatInt(rec.ID, 10) + "/checksum"})
	}
	if n := len(records); n > 0 {
		first, last := strconv.FormatInt(records[0].ID, 10), strconv.FormatInt(records[n-1].ID, 10)
		// Going forward, a next page exists when more rows came back;
		// going backward, the page we came from is next.
		if (before == nil && more) || before != nil {
			v.NextURL = p.url(path, "after", last)
		}
		if after != nil || (before != nil && more) {
			v.PrevURL = p.url(path, "before", first)
		}
	}
	if v.Jobs, err = c.jobs(r, d); err != nil {
		c.internal(w, r, "list bulk jobs", err)
		return
	}
	c.render(w, r, http.StatusOK, "checksums", view{Title: title, Section: "data_management", Data: v})
}

// checksumRequest finds the type of a checksum action on a primary whose
// type is checksummed, answering itself otherwise.
func (c *Console) checksumRequest(w http.ResponseWriter, r *http.Request, sess *session) (*replicable.Descriptor, bool) {
	d, ok := c.listType(w, r, sess)
	if !ok {
		return nil, false
	}
	if !c.site.Primary {
		c.fail(w, r, sess, http.StatusBadRequest, "Checksums are recomputed on the primary: open the primary's console.")
		return nil, false
	}
	if !c.backend.VerificationEnabled(d) {
		c.fail(w, r, sess, http.StatusBadRequest, d.TitlePlural+" are not checksummed on this site: enable their verification first.")
		return nil, false
	}
	return d, true
}

// serveChecksumOne asks for one record's checksum again.
func (c *Console) serveChecksumOne(w http.ResponseWriter, r *http.Request, sess *session) {
	d, ok := c.checksumRequest(w, r, sess)
	if !ok {
		return
	}
	id, ok := c.registryID(w, r, sess, "a record")
	if !ok {
		return
	}
	err := c.backend.Checksum(r.Context(), d, id)
	switch {
	case errors.Is(err, ErrNotFound):
		c.fail(w, r, sess, http.StatusNotFound, d.Title+" "+strconv.FormatInt(id, 10)+" does not exist or has no checksum state yet (the verification backfill creates it).")
		return
	case err != nil:
		c.internal(w, r, "recompute checksum", err)
		return
	}
	c.sessions.setFlash(sess, "The checksum of "+d.Title+" "+strconv.FormatInt(id, 10)+" is recomputed.")
	http.Redirect(w, r, localReturn(r.PostForm.Get("return_to")), http.StatusSeeOther)
}

// serveChecksumAll starts the job recomputing every checksum, or every
// failed one.
func (c *Console) serveChecksumAll(w http.ResponseWriter, r *http.Request, sess *session) {
	d, ok := c.checksumRequest(w, r, sess)
	if !ok {
		return
	}
	spec := bulkjob.Spec{Type: d.Name, Action: bulkjob.RecomputeChecksums}
	label := "Recompute all checksums of " + d.TitlePlural
	switch r.PostForm.Get("action") {
	case "checksum_all":
	case "checksum_all_failed":
		spec.VerificationState = ptr(state.VerificationFailed)
		label = "Recompute all failed checksums of " + d.TitlePlural
	default:
		c.fail(w, r, sess, http.StatusBadRequest, "Unknown action "+strconv.Quote(r.PostForm.Get("action"))+": use checksum_all or checksum_all_failed.")
		return
	}
	job, err := c.backend.Enqueue(r.Context(), spec)
	if errors.Is(err, ErrRefused) {
		c.fail(w, r, sess, http.StatusBadRequest, "The action was refused: "+err.Error())
		return
	}
	if err != nil {
		c.internal(w, r, "enqueue checksum job", err)
		return
	}
	msg := label + " started as job " + strconv.FormatInt(job.ID, 10) + "."
	if job.Joined {
		msg = "The same action is already job " + strconv.FormatInt(job.ID, 10) + "; its progress is below."
	}
	c.sessions.setFlash(sess, msg)
	http.Redirect(w, r, localReturn(r.PostForm.Get("return_to")), http.StatusSeeOther)
}
