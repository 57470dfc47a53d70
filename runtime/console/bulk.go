package console

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/geogen/geogen/runtime/bulkjob"
	"github.com/geogen/geogen/runtime/finder"
	"github.com/geogen/geogen/runtime/replicable"
	"github.com/geogen/geogen/runtime/state"
)

// bulkAction is one of the list page's bulk actions: the job it starts.
// The list's filters (registry ids, replication state, verification
// state) narrow it further, as GitLab's bulk mutation takes the list's
// filters.
type bulkAction struct {
	Name        string // the action parameter and data-bulk value
	Label       string
	Explanation string // what will happen; %s is the rows it covers: "failed Cool Widget registries"
	verifies    bool
	action      bulkjob.Action
	replication *state.Replication  // the state the action itself selects, if any
	verified    *state.Verification // the verification state the action itself selects, if any
	syncedOnly  bool                // the job touches synced rows only, whatever its filters (a reverify)
}

func ptr[T any](v T) *T { return &v }

// bulkActions are the secondary's bulk actions, in the order the list
// offers them.
var bulkActions = []bulkAction{
	{Name: "resync_all", Label: "Resync all", Explanation: "Every one of the %s will be sent back to pending and downloaded again from the primary.",
		action: bulkjob.ResyncAll},
	{Name: "resync_all_failed", Label: "Resync all failed", Explanation: "Every one of the %s will be sent back to pending and downloaded again from the primary.",
		action: bulkjob.ResyncAll, replication: ptr(state.Failed)},
	{Name: "reverify_all", Label: "Reverify all", Explanation: "Every one of the %s will be checksummed again and compared with the primary's checksum.", verifies: true,
		action: bulkjob.ReverifyAll, syncedOnly: true},
	{Name: "reverify_all_failed", Label: "Reverify all failed", Explanation: "Every one of the %s will be checksummed again and compared with the primary's checksum.", verifies: true,
		action: bulkjob.ReverifyAll, syncedOnly: true, verified: ptr(state.VerificationFailed)},
}

// bulkPlan is a bulk action narrowed by the list's filters: the job's
// spec and the finder query that counts the same rows.
type bulkPlan struct {
	spec  bulkjob.Spec
	count finder.Query
	// rows says which registries it covers: "synced Cool Widget
	// registries whose verification is failed, among the 3 registry ids
	// given".
	rows string
	// filters lists the list's filters that apply, in words; empty when
	// the list was not filtered.
	filters []string
	// conflict, when set, says why no row can match: the action selects
	// one state and the list another.
	conflict string
}

// plan narrows a by the list's filters. The finder reads a verification
// state filter as "synced registries in that state", and a reverify
// only touches synced registries, so both imply the synced state.
func (a bulkAction) plan(d *replicable.Descriptor, p listParams) bulkPlan {
	var pl bulkPlan
	ids, _ := p.ids()
	repl, verif := a.replication, a.verified
	if p.ReplicationState != "" {
		s, _ := state.ParseReplication(p.ReplicationState)
		pl.filters = append(pl.filters, "replication state "+s.String())
		switch {
		case repl != nil && *repl != s:
			pl.conflict = a.Label + " covers " + repl.String() + " registries, and the list shows " + s.String() + " ones."
		case a.syncedOnly && s != state.Synced:
			pl.conflict = a.Label + " covers synced registries, and the list shows " + s.String() + " ones."
		}
		repl = &s
	}
	if p.VerificationState != "" {
		s, _ := state.ParseVerification(p.VerificationState)
		pl.filters = append(pl.filters, "verification state "+s.String())
		switch {
		case verif != nil && *verif != s:
			pl.conflict = a.Label + " covers registries whose verification " + verif.String() + ", and the list shows " + s.String() + " ones."
		case repl != nil && *repl != state.Synced:
			pl.conflict = "The list's verification state filter shows synced registries only, and " + a.Label + " covers " + repl.String() + " ones."
		}
		verif = &s
		if repl == nil {
			repl = ptr(state.Synced)
		}
	}
	if len(ids) > 0 {
		pl.filters = append(pl.filters, strconv.Itoa(len(ids))+" registry ids ("+p.IDs+")")
	}
	pl.spec = bulkjob.Spec{Type: d.Name, Action: a.action, IDs: ids, ReplicationState: repl, VerificationState: verif}
	if a.syncedOnly && repl == nil {
		repl = ptr(state.Synced) // what the job touches, for the count and the words
	}
	pl.count = finder.Query{IDs: ids, ReplicationState: repl, VerificationState: verif}
	pl.rows = rowsText(d, repl, verif, len(ids))
	return pl
}

// rowsText says which registries a job covers: "failed Cool Widget
// registries", "synced Cool Widget registries whose verification is
// failed, among the 3 registry ids given".
func rowsText(d *replicable.Descriptor, repl *state.Replication, verif *state.Verification, ids int) string {
	text := d.Title + " registries"
	if repl != nil {
		text = repl.String() + " " + text
	}
	if verif != nil {
		text += " whose verification is " + verif.String()
	}
	if ids > 0 {
		text += ", among the " + strconv.Itoa(ids) + " registry ids given"
	}
	return text
}

// bulkLink is a bulk action offered on the list page.
type bulkLink struct {
	Name, Label, URL string
}

// bulkLinks are the list's bulk actions; each carries the list's filters
// to its confirmation.
func bulkLinks(path string, verifying bool, p listParams) []bulkLink {
	filters := bulkFilterValues(p)
	var out []bulkLink
	for _, a := range bulkActions {
		if a.verifies && !verifying {
			continue
		}
		v := url.Values{"action": {a.Name}}
		for k, vals := range filters {
			v[k] = vals
		}
		out = append(out, bulkLink{Name: a.Name, Label: a.Label, URL: path + "/bulk?" + encodeActionFirst(v)})
	}
	return out
}

// bulkFilterValues are the list parameters a bulk action takes: its
// filters, not its sort or page.
func bulkFilterValues(p listParams) url.Values {
	v := url.Values{}
	for k, val := range map[string]string{"ids": p.IDs, "replication_state": p.ReplicationState, "verification_state": p.VerificationState} {
		if val != "" {
			v.Set(k, val)
		}
	}
	return v
}

// encodeActionFirst encodes v with the action first, so the links read
// "bulk?action=resync_all&ids=…".
func encodeActionFirst(v url.Values) string {
	action := url.Values{"action": v["action"]}.Encode()
	rest := url.Values{}
	for k, vals := range v {
		if k != "action" {
			rest[k] = vals
		}
	}
	if len(rest) == 0 {
		return action
	}
	return action + "&" + rest.Encode()
}

// bulkView is the confirmation page.
type bulkView struct {
	Type        *replicable.Descriptor
	Action      string
	Label       string
	Explanation string
	Filters     []string // the list's filters that narrow the action
	Conflict    string
	Count       int64
	ListURL     string
	PostURL     string
	Hidden      []hiddenField // the filters, posted with the confirmation
}

type hiddenField struct{ Name, Value string }

// bulkRequest finds the type, action and list filters of a bulk request,
// answering itself when it cannot go on.
func (c *Console) bulkRequest(w http.ResponseWriter, r *http.Request, sess *session, v url.Values) (*replicable.Descriptor, bulkAction, listParams, bool) {
	d, ok := c.listType(w, r, sess)
	if !ok {
		return nil, bulkAction{}, listParams{}, false
	}
	if c.site.Primary {
		c.fail(w, r, sess, http.StatusBadRequest, "Bulk resync and reverify run on a secondary: open the secondary's console from the sites overview.")
		return nil, bulkAction{}, listParams{}, false
	}
	name := v.Get("action")
	for _, a := range bulkActions {
		if a.Name != name {
			continue
		}
		if a.verifies && !c.backend.VerificationEnabled(d) {
			c.fail(w, r, sess, http.StatusBadRequest, "Verification of "+d.TitlePlural+" is disabled on this site: enable it to reverify.")
			return nil, bulkAction{}, listParams{}, false
		}
		p, err := readListParams(bulkFilterValuesOf(v))
		if err == nil && p.VerificationState != "" && !c.backend.VerificationEnabled(d) {
			err = errors.New("verification_state: verification of " + d.TitlePlural + " is disabled on this site, so there is nothing to filter by")
		}
		if err != nil {
			c.fail(w, r, sess, http.StatusBadRequest, "The bulk action's filters are not valid: "+err.Error()+". Go back to the list and clear its filters.")
			return nil, bulkAction{}, listParams{}, false
		}
		return d, a, p, true
	}
	c.fail(w, r, sess, http.StatusBadRequest, "Unknown bulk action "+strconv.Quote(name)+": use resync_all, resync_all_failed, reverify_all or reverify_all_failed.")
	return nil, bulkAction{}, listParams{}, false
}

// bulkFilterValuesOf keeps the filter parameters of a request.
func bulkFilterValuesOf(v url.Values) url.Values {
	out := url.Values{}
	for _, k := range []string{"ids", "replication_state", "verification_state"} {
		if val := v.Get(k); val != "" {
			out.Set(k, val)
		}
	}
	return out
}

// serveBulkConfirm says what the action will do, to which rows and to how
// many.
func (c *Console) serveBulkConfirm(w http.ResponseWriter, r *http.Request, sess *session) {
	d, a, p, ok := c.bulkRequest(w, r, sess, r.URL.Query())
	if !ok {
		return
	}
	pl := a.plan(d, p)
	var n int64
	if pl.conflict == "" {
		var err error
		if n, err = c.backend.CountRegistries(r.Context(), d, pl.count); err != nil {
			c.internal(w, r, "count "+d.Plural, err)
			return
		}
	}
	path := ReplicationPath + "/" + d.Plural
	v := bulkView{Type: d, Action: a.Name, Label: a.Label, Explanation: fmt.Sprintf(a.Explanation, pl.rows),
		Filters: pl.filters, Conflict: pl.conflict, Count: n,
		ListURL: p.url(path, "", ""), PostURL: path + "/bulk"}
	for _, k := range []string{"ids", "replication_state", "verification_state"} {
		if val := bulkFilterValues(p).Get(k); val != "" {
			v.Hidden = append(v.Hidden, hiddenField{Name: k, Value: val})
		}
	}
	c.render(w, r, http.StatusOK, "bulk", view{Title: a.Label + " " + d.TitlePlural, Section: "replication", Data: v})
}

// serveBulk starts the job and returns to the list, whose jobs section
// shows its progress.
func (c *Console) serveBulk(w http.ResponseWriter, r *http.Request, sess *session) {
	d, a, p, ok := c.bulkRequest(w, r, sess, r.PostForm)
	if !ok {
		return
	}
	pl := a.plan(d, p)
	if pl.conflict != "" {
		c.fail(w, r, sess, http.StatusBadRequest, "No registry can match: "+pl.conflict+" Change the list's filters.")
		return
	}
	job, err := c.backend.Enqueue(r.Context(), pl.spec)
	if errors.Is(err, ErrRefused) {
		c.fail(w, r, sess, http.StatusBadRequest, "The bulk action was refused: "+err.Error())
		return
	}
	if err != nil {
		c.internal(w, r, "enqueue bulk job", err)
		return
	}
	msg := a.Label + " " + d.TitlePlural + " started as job " + strconv.FormatInt(job.ID, 10) + "."
	if job.Joined {
		msg = "The same action is already job " + strconv.FormatInt(job.ID, 10) + "; its progress is below."
	}
	c.sessions.setFlash(sess, msg)
	http.Redirect(w, r, p.url(ReplicationPath+"/"+d.Plural, "", ""), http.StatusSeeOther)
}
