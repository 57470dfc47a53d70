package console

import (
	"bytes"
	"crypto/rand"
	"embed"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"strconv"
)

//go:embed templates/*.html
var templateFiles embed.FS

// pageNames are the templates in templates/, each rendered inside
// layout.html.
var pageNames = []string{"login", "error", "sites", "replication", "bulk", "registry", "checksums"}

// pages holds one parsed template set per page.
type pages struct {
	byName map[string]*template.Template
}

func parsePages() (*pages, error) {
	p := &pages{byName: map[string]*template.Template{}}
	for _, name := range pageNames {
		t, err := template.New("layout.html").ParseFS(templateFiles, "templates/layout.html", "templates/partials.html", "templates/"+name+".html")
		if err != nil {
			return nil, err
		}
		p.byName[name] = t
	}
	return p, nil
}

// view is what layout.html renders around a page.
type view struct {
	Title   string
	Site    Site
	Section string // "sites", "replication" or "data_management": the current nav entry
	CSRF    string // empty: the visitor has no session (login, refusals)
	Flash   string
	Data    any
}

// render writes a page. A page with a session gets the session's CSRF
// token and flash message.
func (c *Console) render(w http.ResponseWriter, r *http.Request, status int, name string, v view) {
	v.Site = c.site
	if sess := c.session(r); sess != nil && v.CSRF == "" && name != "login" {
		v.CSRF = sess.csrf
		v.Flash = c.sessions.takeFlash(sess)
	}
	var buf bytes.Buffer
	if err := c.pages.byName[name].Execute(&buf, v); err != nil {
		c.log.ErrorContext(r.Context(), "console: render", "page", name, "error", err)
		http.Error(w, "500 Internal Server Error: the page could not be rendered", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// errorView is the error page: a message saying what to do.
type errorView struct {
	Message string
	Login   bool // link to the login page rather than the console
}

// fail renders an error page about the request.
func (c *Console) fail(w http.ResponseWriter, r *http.Request, _ *session, status int, msg string) {
	c.render(w, r, status, "error", view{Title: http.StatusText(status), Data: errorView{Message: msg}})
}

// internal logs a failure of the site under a fresh id and shows only the
// id.
func (c *Console) internal(w http.ResponseWriter, r *http.Request, what string, err error) {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	id := hex.EncodeToString(b)
	c.log.ErrorContext(r.Context(), "console: "+what, "error", err, "correlation_id", id)
	w.Header().Set("X-Request-Id", id)
	c.render(w, r, http.StatusInternalServerError, "error", view{Title: "Internal error",
		Data: errorView{Message: fmt.Sprintf("Something went wrong on the site (%s). The details are logged under correlation id %s.", what, id)}})
}

//go:embed assets
var assetFiles embed.FS

var assets = func() fs.FS {
	sub, err := fs.Sub(assetFiles, "assets")
	if err != nil {
		panic(err)
	}
	return sub
}()

// assetTypes are the only files served, with their content types.
var assetTypes = map[string]string{
	"console.css": "text/css; charset=utf-8",
	"console.js":  "text/javascript; charset=utf-8",
}

// serveAsset serves the embedded CSS and script, to anyone: the login
// page needs them, and they hold nothing secret.
func serveAsset(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	ct, ok := assetTypes[name]
	if !ok {
		http.NotFound(w, r)
		return
	}
	b, err := fs.ReadFile(assets, name)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Cache-Control", "public, max-age=3600")
	_, _ = w.Write(b)
}
