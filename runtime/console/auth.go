package console

import (
	"net/http"
	"net/url"
	"strings"
)

// SessionCookie is the name of the session cookie. It holds only the
// session's random id; the session itself stays on the server.
const SessionCookie = "geogen_session"

// maxFormBytes bounds a form body: the console's forms are a few fields.
const maxFormBytes = 64 << 10

type (
	pageHandler   func(w http.ResponseWriter, r *http.Request, sess *session)
	actionHandler func(w http.ResponseWriter, r *http.Request, sess *session)
)

// session returns the request's live session, or nil.
func (c *Console) session(r *http.Request) *session {
	ck, err := r.Cookie(SessionCookie)
	if err != nil {
		return nil
	}
	return c.sessions.get(ck.Value)
}

// page serves a GET with a session; without one it sends the browser to
// the login page, which returns here afterwards.
func (c *Console) page(h pageHandler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		sess := c.session(r)
		if sess == nil {
			http.Redirect(w, r, LoginPath+"?"+url.Values{"return_to": {r.URL.RequestURI()}}.Encode(), http.StatusSeeOther)
			return
		}
		h(w, r, sess)
	}
}

// action serves a POST with a session and a valid CSRF token. Anything
// else is refused with 403 before the form is acted on.
func (c *Console) action(h actionHandler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		sess := c.session(r)
		if sess == nil {
			c.refuse(w, r, "403 Forbidden: log in first (the session is missing or has expired).")
			return
		}
		if !sameOrigin(r) {
			c.refuse(w, r, "403 Forbidden: CSRF check failed: the form was sent from another origin.")
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
		if err := r.ParseForm(); err != nil {
			c.refuse(w, r, "403 Forbidden: CSRF check failed: the form could not be read.")
			return
		}
		if !sess.validCSRF(r.PostForm.Get("csrf_token")) {
			c.refuse(w, r, "403 Forbidden: CSRF token missing or wrong. Reload the page and send the form again.")
			return
		}
		h(w, r, sess)
	}
}

// refuse answers 403 with a plain page (no session data on it).
func (c *Console) refuse(w http.ResponseWriter, r *http.Request, msg string) {
	c.render(w, r, http.StatusForbidden, "error", view{Title: "Forbidden", Data: errorView{Message: msg, Login: true}})
}

// sameOrigin refuses a request a browser sent from another origin: its
// Origin header names another host, or Sec-Fetch-Site says cross-site.
// A request without either header (curl, an old browser) passes; the
// SameSite=Strict cookie and the CSRF token still guard it.
func sameOrigin(r *http.Request) bool {
	if site := r.Header.Get("Sec-Fetch-Site"); site == "cross-site" || site == "same-site" {
		return false
	}
	origin := r.Header.Get("Origin")
	if origin == "" {
		return true
	}
	u, err := url.Parse(origin)
	if err != nil || u.Host == "" {
		return false // "null" and other opaque origins
	}
	return strings.EqualFold(u.Host, r.Host)
}

// localReturn returns target when it is a console path on this site, and
// the sites overview otherwise, so return_to never sends the browser
// elsewhere.
func localReturn(target string) string {
	if target == "" || !strings.HasPrefix(target, Prefix+"/") || strings.HasPrefix(target, "//") ||
		strings.ContainsAny(target, "\\\r\n") || strings.HasPrefix(target, LoginPath) {
		return SitesPath
	}
	u, err := url.Parse(target)
	if err != nil || u.Scheme != "" || u.Host != "" || u.Path != pathClean(u.Path) {
		return SitesPath
	}
	return target
}

// pathClean refuses dot segments.
func pathClean(p string) string {
	if strings.Contains(p, "/../") || strings.HasSuffix(p, "/..") || strings.Contains(p, "/./") {
		return ""
	}
	return p
}

type loginView struct {
	ReturnTo string
	Error    string
}

func (c *Console) serveLoginForm(w http.ResponseWriter, r *http.Request) {
	returnTo := localReturn(r.URL.Query().Get("return_to"))
	if c.session(r) != nil {
		http.Redirect(w, r, returnTo, http.StatusSeeOther)
		return
	}
	c.render(w, r, http.StatusOK, "login", view{Title: "Log in", Data: loginView{ReturnTo: returnTo}})
}

// serveLogin checks the token and starts a session. The login form has
// no session to bind a CSRF token to; a cross-site login is refused by
// the Origin check instead (login CSRF would only log the victim into
// the attacker's own admin account, and needs the admin token anyway).
func (c *Console) serveLogin(w http.ResponseWriter, r *http.Request) {
	if !sameOrigin(r) {
		c.refuse(w, r, "403 Forbidden: CSRF check failed: the login form was sent from another origin.")
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		c.render(w, r, http.StatusBadRequest, "login", view{Title: "Log in", Data: loginView{ReturnTo: SitesPath, Error: "The form could not be read: send it again."}})
		return
	}
	returnTo := localReturn(r.PostForm.Get("return_to"))
	admin, err := c.backend.Authenticate(r.Context(), strings.TrimSpace(r.PostForm.Get("token")))
	if err != nil {
		c.log.ErrorContext(r.Context(), "console: authenticate", "error", err)
		c.render(w, r, http.StatusServiceUnavailable, "login", view{Title: "Log in", Data: loginView{ReturnTo: returnTo, Error: "The token could not be checked just now. Try again in a moment."}})
		return
	}
	if !admin {
		c.render(w, r, http.StatusUnauthorized, "login", view{Title: "Log in", Data: loginView{ReturnTo: returnTo, Error: "Invalid token: enter the site's administrator token."}})
		return
	}
	if old := c.session(r); old != nil {
		c.sessions.end(old.id) // a new id on every login: no session fixation
	}
	sess := c.sessions.create()
	http.SetCookie(w, &http.Cookie{
		Name: SessionCookie, Value: sess.id, Path: Prefix,
		HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: c.secure(r),
		MaxAge: int(SessionIdle.Seconds()),
	})
	http.Redirect(w, r, returnTo, http.StatusSeeOther)
}

func (c *Console) serveLogout(w http.ResponseWriter, r *http.Request, sess *session) {
	c.sessions.end(sess.id)
	http.SetCookie(w, &http.Cookie{
		Name: SessionCookie, Value: "", Path: Prefix, MaxAge: -1,
		HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: c.secure(r),
	})
	http.Redirect(w, r, LoginPath, http.StatusSeeOther)
}

// secure reports whether the cookie must be Secure: the site is served
// over https, or this request came over TLS.
func (c *Console) secure(r *http.Request) bool {
	return r.TLS != nil || strings.HasPrefix(strings.ToLower(c.site.URL), "https://")
}
