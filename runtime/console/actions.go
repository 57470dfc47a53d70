package console

import (
	"context"
	"errors"
	"net/http"
	"strconv"

	"github.com/geogen/geogen/runtime/replicable"
)

// registryID reads the {id} of a registry path, answering 404 itself.
func (c *Console) registryID(w http.ResponseWriter, r *http.Request, sess *session, what string) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		c.fail(w, r, sess, http.StatusNotFound, strconv.Quote(r.PathValue("id"))+" is not "+what+" id (a positive integer).")
		return 0, false
	}
	return id, true
}

func (c *Console) serveResync(w http.ResponseWriter, r *http.Request, sess *session) {
	c.registryAction(w, r, sess, "Resync", c.backend.Resync)
}

func (c *Console) serveReverify(w http.ResponseWriter, r *http.Request, sess *session) {
	c.registryAction(w, r, sess, "Reverify", c.backend.Reverify)
}

// registryAction runs one registry's action and returns to the page the
// form was on (return_to, a console path), with a message saying what
// happened.
func (c *Console) registryAction(w http.ResponseWriter, r *http.Request, sess *session, verb string,
	act func(ctx context.Context, d *replicable.Descriptor, id int64) error) {
	d, ok := c.listType(w, r, sess)
	if !ok {
		return
	}
	id, ok := c.registryID(w, r, sess, "a registry")
	if !ok {
		return
	}
	if c.site.Primary {
		c.fail(w, r, sess, http.StatusBadRequest, "Registries live on the secondaries: open the secondary's console from the sites overview.")
		return
	}
	err := act(r.Context(), d, id)
	switch {
	case errors.Is(err, ErrNotFound):
		c.fail(w, r, sess, http.StatusNotFound, d.Title+" registry "+strconv.FormatInt(id, 10)+" does not exist (any more). Go back to the list.")
		return
	case errors.Is(err, ErrRefused):
		c.sessions.setFlash(sess, verb+" of registry "+strconv.FormatInt(id, 10)+" was refused: "+err.Error())
	case err != nil:
		c.internal(w, r, verb+" registry", err)
		return
	default:
		c.sessions.setFlash(sess, verb+" of "+d.Title+" registry "+strconv.FormatInt(id, 10)+" requested.")
	}
	http.Redirect(w, r, localReturn(r.PostForm.Get("return_to")), http.StatusSeeOther)
}
