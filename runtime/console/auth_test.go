package console_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// TestLogin: the login page, a wrong token, a non-administrator's token,
// and a good one, which sets the session cookie and returns where the
// visitor was going.
func TestLogin(t *testing.T) {
	s := newSite(t, newEnv(t), false, nil)
	cases := []struct {
		name       string
		token      string
		returnTo   string
		wantStatus int
		wantTo     string
	}{
		{"wrong token", "nope", "", http.StatusUnauthorized, ""},
		{"empty token", "", "", http.StatusUnauthorized, ""},
		{"not an administrator", userToken, "", http.StatusUnauthorized, ""},
		{"admin", adminToken, "/admin/geo/replication/cool_widgets?sort=id_desc", http.StatusSeeOther, "/admin/geo/replication/cool_widgets?sort=id_desc"},
		{"admin, no return", adminToken, "", http.StatusSeeOther, "/admin/geo/sites"},
		{"admin, foreign return", adminToken, "https://evil.example/admin/", http.StatusSeeOther, "/admin/geo/sites"},
		{"admin, protocol-relative return", adminToken, "//evil.example/admin/", http.StatusSeeOther, "/admin/geo/sites"},
		{"admin, return outside the console", adminToken, "/api/graphql", http.StatusSeeOther, "/admin/geo/sites"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			b := newBrowser(t, s.url)
			form := b.page("/admin/login")
			doc := checkDocument(t, "/admin/login", form.body)
			if len(doc.find("id", "login")) != 1 || len(doc.find("id", "token")) != 1 || len(doc.find("id", "login-submit")) != 1 {
				t.Fatalf("login page lacks form#login, input#token or button#login-submit:\n%s", form.body)
			}
			r := b.post("/admin/login", url.Values{"token": {tc.token}, "return_to": {tc.returnTo}})
			if r.status != tc.wantStatus {
				t.Fatalf("status %d, want %d\n%s", r.status, tc.wantStatus, r.body)
			}
			if tc.wantStatus != http.StatusSeeOther {
				doc := checkDocument(t, "POST /admin/login", r.body)
				if alerts := doc.find("role", "alert"); len(alerts) != 1 || !strings.Contains(alerts[0].Text(), "Invalid token") {
					t.Errorf("no [role=alert] saying Invalid token:\n%s", r.body)
				}
				if r.header.Get("Set-Cookie") != "" {
					t.Errorf("a failed login set a cookie: %s", r.header.Get("Set-Cookie"))
				}
				if b.get("/admin/geo/sites").status != http.StatusSeeOther {
					t.Error("a failed login opened the console")
				}
				return
			}
			if got := r.header.Get("Location"); got != tc.wantTo {
				t.Errorf("redirected to %q, want %q", got, tc.wantTo)
			}
			cookie := r.header.Get("Set-Cookie")
			for _, want := range []string{"geogen_session=", "Path=/admin", "HttpOnly", "SameSite=Strict", "Max-Age=43200"} {
				if !strings.Contains(cookie, want) {
					t.Errorf("Set-Cookie %q lacks %s", cookie, want)
				}
			}
			if strings.Contains(cookie, adminToken) || strings.Contains(cookie, "Secure") {
				t.Errorf("Set-Cookie %q holds the token or is Secure on an http site", cookie)
			}
			b.page("/admin/geo/sites")
		})
	}
}

// TestSecureCookie: a site served over https marks its session cookie
// Secure.
func TestSecureCookie(t *testing.T) {
	s := newSite(t, newEnv(t), false, func(c *adminapiConfig) { c.Site.URL = "https://secondary.example/" })
	r := newBrowser(t, s.url).post("/admin/login", url.Values{"token": {adminToken}})
	if !strings.Contains(r.header.Get("Set-Cookie"), "Secure") {
		t.Errorf("Set-Cookie %q is not Secure on an https site", r.header.Get("Set-Cookie"))
	}
}

// TestNoSession: every page sends a visitor without a session to the
// login page, with the way back; every action is refused with 403.
func TestNoSession(t *testing.T) {
	s := newSite(t, newEnv(t), false, nil)
	b := newBrowser(t, s.url)
	for _, path := range []string{
		"/admin/", "/admin/geo/sites", "/admin/geo/replication/cool_widgets?replication_state=failed&sort=id_desc",
		"/admin/geo/replication/cool_widgets/1", "/admin/geo/replication/cool_widgets/bulk?action=resync_all",
		"/admin/data_management/cool_widgets", "/admin/nowhere",
	} {
		r := b.get(path)
		want := "/admin/login?" + url.Values{"return_to": {path}}.Encode()
		if r.status != http.StatusSeeOther || r.header.Get("Location") != want {
			t.Errorf("GET %s: %d to %q, want 303 to %q", path, r.status, r.header.Get("Location"), want)
		}
		if strings.Contains(r.body, "cool_widget") && !strings.Contains(r.body, "See Other") {
			t.Errorf("GET %s without a session shows data:\n%s", path, r.body)
		}
	}
	for _, path := range []string{
		"/admin/logout", "/admin/geo/replication/cool_widgets/1/resync", "/admin/geo/replication/cool_widgets/1/reverify",
		"/admin/geo/replication/cool_widgets/bulk", "/admin/data_management/cool_widgets/checksum", "/admin/data_management/cool_widgets/1/checksum",
	} {
		if r := b.post(path, url.Values{"csrf_token": {"x"}, "action": {"resync_all"}}); r.status != http.StatusForbidden {
			t.Errorf("POST %s without a session: status %d, want 403", path, r.status)
		}
	}
}

// TestSessionExpiry: a session idle for longer than SessionIdle is gone.
func TestSessionExpiry(t *testing.T) {
	e := newEnv(t)
	s := newSite(t, e, false, nil)
	b := newBrowser(t, s.url)
	b.login()
	e.Clock.Advance(11 * time.Hour)
	b.page("/admin/geo/sites") // used: the idle time starts again
	e.Clock.Advance(12*time.Hour + time.Second)
	if r := b.get("/admin/geo/sites"); r.status != http.StatusSeeOther {
		t.Errorf("a session idle for over 12 hours still works: status %d", r.status)
	}
}

// TestLogout ends the session: the cookie no longer opens the console.
func TestLogout(t *testing.T) {
	s := newSite(t, newEnv(t), false, nil)
	b := newBrowser(t, s.url)
	b.login()
	token := b.csrf()
	cookies := b.c.Jar.Cookies(mustURL(t, s.url+"/admin/"))
	r := b.post("/admin/logout", url.Values{"csrf_token": {token}})
	if r.status != http.StatusSeeOther || r.header.Get("Location") != "/admin/login" {
		t.Fatalf("logout: %d to %q", r.status, r.header.Get("Location"))
	}
	// The old cookie, replayed, opens nothing.
	replay := newBrowser(t, s.url)
	replay.c.Jar.SetCookies(mustURL(t, s.url+"/admin/"), cookies)
	if r := replay.get("/admin/geo/sites"); r.status != http.StatusSeeOther {
		t.Errorf("the cookie of a logged-out session still works: %d", r.status)
	}
}

// TestCSRF: an action without the token, with another session's token or
// from another origin is refused with 403 and changes nothing.
func TestCSRF(t *testing.T) {
	e := newEnv(t)
	s := newSite(t, e, false, nil)
	ids := seedRegistries(t, e, 1)
	exec(t, e.Tracking, "UPDATE cool_widget_registry SET state = 3, last_sync_failure = 'boom'")
	b := newBrowser(t, s.url)
	b.login()
	good := b.csrf()
	other := newBrowser(t, s.url)
	other.login()
	foreign := other.csrf()
	path := "/admin/geo/replication/cool_widgets/" + itoa(ids[0]) + "/resync"
	cases := []struct {
		name   string
		form   url.Values
		header map[string]string
	}{
		{"missing token", url.Values{}, nil},
		{"empty token", url.Values{"csrf_token": {""}}, nil},
		{"wrong token", url.Values{"csrf_token": {"not-the-token"}}, nil},
		{"another session's token", url.Values{"csrf_token": {foreign}}, nil},
		{"foreign origin", url.Values{"csrf_token": {good}}, map[string]string{"Origin": "https://evil.example"}},
		{"null origin", url.Values{"csrf_token": {good}}, map[string]string{"Origin": "null"}},
		{"cross-site fetch", url.Values{"csrf_token": {good}}, map[string]string{"Sec-Fetch-Site": "cross-site"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := b.do(http.MethodPost, path, tc.form, tc.header)
			if r.status != http.StatusForbidden || !strings.Contains(r.body, "CSRF") {
				t.Fatalf("status %d, want 403 with CSRF in the body\n%s", r.status, r.body)
			}
			if st := registryState(t, e, ids[0]); st != 3 {
				t.Errorf("the refused resync changed the state to %d", st)
			}
		})
	}
	// A login from another origin is refused too.
	if r := newBrowser(t, s.url).do(http.MethodPost, "/admin/login", url.Values{"token": {adminToken}}, map[string]string{"Origin": "https://evil.example"}); r.status != http.StatusForbidden || !strings.Contains(r.body, "CSRF") {
		t.Errorf("cross-origin login: status %d, want 403 with CSRF", r.status)
	}
	// The same origin passes.
	r := b.do(http.MethodPost, path, url.Values{"csrf_token": {good}, "return_to": {"/admin/geo/replication/cool_widgets"}}, map[string]string{"Origin": s.url})
	if r.status != http.StatusSeeOther {
		t.Errorf("same-origin resync: status %d, want 303\n%s", r.status, r.body)
	}
}

// TestSecurityHeaders: every response, pages, refusals and assets alike,
// carries the security headers.
func TestSecurityHeaders(t *testing.T) {
	s := newSite(t, newEnv(t), false, nil)
	b := newBrowser(t, s.url)
	responses := map[string]response{
		"login":      b.get("/admin/login"),
		"redirect":   b.get("/admin/geo/sites"),
		"refusal":    b.post("/admin/logout", url.Values{}),
		"stylesheet": b.get("/admin/assets/console.css"),
	}
	b.login()
	responses["sites"] = b.get("/admin/geo/sites")
	responses["not found"] = b.get("/admin/geo/nowhere")
	for name, r := range responses {
		csp := r.header.Get("Content-Security-Policy")
		if !strings.Contains(csp, "default-src 'self'") || !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") {
			t.Errorf("%s: Content-Security-Policy %q", name, csp)
		}
		for k, v := range map[string]string{"X-Frame-Options": "DENY", "Referrer-Policy": "same-origin", "X-Content-Type-Options": "nosniff"} {
			if r.header.Get(k) != v {
				t.Errorf("%s: %s is %q, want %q", name, k, r.header.Get(k), v)
			}
		}
	}
	if r := responses["not found"]; r.status != http.StatusNotFound {
		t.Errorf("an unknown console page: status %d, want 404", r.status)
	}
}
