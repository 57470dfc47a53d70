package console

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/geogen/geogen/runtime/bulkjob"
	"github.com/geogen/geogen/runtime/finder"
	"github.com/geogen/geogen/runtime/replicable"
	"github.com/geogen/geogen/runtime/state"
)

// bulkAction is one of the list page's bulk actions: the job it starts
// and the registries it touches, counted for the confirmation.
type bulkAction struct {
	Name        string // the action parameter and data-bulk value
	Label       string
	Explanation string // what will happen; %s is the type's title
	verifies    bool
	spec        func(d *replicable.Descriptor) bulkjob.Spec
	count       finder.Query
}

func ptr[T any](v T) *T { return &v }

// bulkActions are the secondary's bulk actions, in the order the list
// offers them.
var bulkActions = []bulkAction{
	{Name: "resync_all", Label: "Resync all", Explanation: "Every %s registry will be sent back to pending and downloaded again from the primary.",
		spec: func(d *replicable.Descriptor) bulkjob.Spec {
			return bulkjob.Spec{Type: d.Name, Action: bulkjob.ResyncAll}
		}},
	{Name: "resync_all_failed", Label: "Resync all failed", Explanation: "Every %s registry whose sync failed will be sent back to pending and downloaded again from the primary.",
		spec: func(d *replicable.Descriptor) bulkjob.Spec {
			return bulkjob.Spec{Type: d.Name, Action: bulkjob.ResyncAll, ReplicationState: ptr(state.Failed)}
		},
		count: finder.Query{ReplicationState: ptr(state.Failed)}},
	{Name: "reverify_all", Label: "Reverify all", Explanation: "Every synced %s registry will be checksummed again and compared with the primary's checksum.", verifies: true,
		spec: func(d *replicable.Descriptor) bulkjob.Spec {
			return bulkjob.Spec{Type: d.Name, Action: bulkjob.ReverifyAll}
		},
		count: finder.Query{ReplicationState: ptr(state.Synced)}},
	{Name: "reverify_all_failed", Label: "Reverify all failed", Explanation: "Every %s registry whose verification failed will be checksummed again and compared with the primary's checksum.", verifies: true,
		spec: func(d *replicable.Descriptor) bulkjob.Spec {
			return bulkjob.Spec{Type: d.Name, Action: bulkjob.ReverifyAll, VerificationState: ptr(state.VerificationFailed)}
		},
		count: finder.Query{VerificationState: ptr(state.VerificationFailed)}},
}

// bulkLink is a bulk action offered on the list page.
type bulkLink struct {
	Name, Label, URL string
}

func bulkLinks(path string, verifying bool) []bulkLink {
	var out []bulkLink
	for _, a := range bulkActions {
		if a.verifies && !verifying {
			continue
		}
		out = append(out, bulkLink{Name: a.Name, Label: a.Label, URL: path + "/bulk?action=" + a.Name})
	}
	return out
}

// bulkView is the confirmation page.
type bulkView struct {
	Type        *replicable.Descriptor
	Action      string
	Label       string
	Explanation string
	Count       int64
	ListURL     string
	PostURL     string
}

// bulkRequest finds the type and action of a bulk request, answering
// itself when it cannot go on.
func (c *Console) bulkRequest(w http.ResponseWriter, r *http.Request, sess *session, name string) (*replicable.Descriptor, bulkAction, bool) {
	d, ok := c.listType(w, r, sess)
	if !ok {
		return nil, bulkAction{}, false
	}
	if c.site.Primary {
		c.fail(w, r, sess, http.StatusBadRequest, "Bulk resync and reverify run on a secondary: open the secondary's console from the sites overview.")
		return nil, bulkAction{}, false
	}
	for _, a := range bulkActions {
		if a.Name != name {
			continue
		}
		if a.verifies && !c.backend.VerificationEnabled(d) {
			c.fail(w, r, sess, http.StatusBadRequest, "Verification of "+d.TitlePlural+" is disabled on this site: enable it to reverify.")
			return nil, bulkAction{}, false
		}
		return d, a, true
	}
	c.fail(w, r, sess, http.StatusBadRequest, "Unknown bulk action "+strconv.Quote(name)+": use resync_all, resync_all_failed, reverify_all or reverify_all_failed.")
	return nil, bulkAction{}, false
}

// serveBulkConfirm says what the action will do and to how many rows.
func (c *Console) serveBulkConfirm(w http.ResponseWriter, r *http.Request, sess *session) {
	d, a, ok := c.bulkRequest(w, r, sess, r.URL.Query().Get("action"))
	if !ok {
		return
	}
	n, err := c.backend.CountRegistries(r.Context(), d, a.count)
	if err != nil {
		c.internal(w, r, "count "+d.Plural, err)
		return
	}
	path := ReplicationPath + "/" + d.Plural
	v := bulkView{Type: d, Action: a.Name, Label: a.Label, Explanation: fmt.Sprintf(a.Explanation, d.Title), Count: n, ListURL: path, PostURL: path + "/bulk"}
	c.render(w, r, http.StatusOK, "bulk", view{Title: a.Label + " " + d.TitlePlural, Section: "replication", Data: v})
}

// serveBulk starts the job and returns to the list, whose jobs section
// shows its progress.
func (c *Console) serveBulk(w http.ResponseWriter, r *http.Request, sess *session) {
	d, a, ok := c.bulkRequest(w, r, sess, r.PostForm.Get("action"))
	if !ok {
		return
	}
	job, err := c.backend.Enqueue(r.Context(), a.spec(d))
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
	http.Redirect(w, r, ReplicationPath+"/"+d.Plural, http.StatusSeeOther)
}
