// Package console is a site's admin web console: server-rendered
// html/template pages over the admin API's own behaviour (Backend), with
// embedded CSS and a small embedded script that only enhances pages
// which work without it. The admin API server (package adminapi) mounts
// it at /admin/ on every site.
//
// # Pages
//
//	GET  /admin/                                        to the sites overview
//	GET  /admin/login, POST /admin/login                 log in with the admin token
//	POST /admin/logout                                  end the session
//	GET  /admin/geo/sites                               every known site, its health and progress
//	GET  /admin/geo/replication/{type}                  a secondary's registries: filters, sort, pages
//	GET  /admin/geo/replication/{type}/bulk?action=…    confirm a bulk action narrowed by the list's filters, with the matching count
//	POST /admin/geo/replication/{type}/bulk             start it
//	GET  /admin/geo/replication/{type}/{id}             one registry, every field
//	POST /admin/geo/replication/{type}/{id}/resync      (and /reverify) one registry's action
//	GET  /admin/data_management/{type}                  a primary's records and checksums
//	POST /admin/data_management/{type}/{id}/checksum    recompute one checksum
//	POST /admin/data_management/{type}/checksum        recompute all, or all failed
//
// A list's filters, sort, page size and cursor are its query parameters
// and every link and GET form keeps them, so a URL reproduces the view.
// The lists never count the whole table: a page reads one row more than it
// shows to know whether a next page exists (the finder's cursors), so a
// page costs the same on a million rows as on ten. Only the bulk
// confirmation counts, once, the rows it is about to change.
//
// # Sessions and CSRF
//
// Logging in checks the token with the API's Authenticator and starts a
// server-side session: a random 32-byte id in the geogen_session cookie
// (HttpOnly, SameSite=Strict, Path=/admin, Secure when the site's URL is
// https or the request came over TLS), idle for at most 12 hours. The
// token is never stored in the browser. Sessions live in memory, so a
// restart logs everyone out.
//
// A page without a session redirects to the login page with return_to (a
// console path only: anything else returns to the sites overview); an
// action without one is refused with 403. Every form carries the session's
// CSRF token; a POST without it, with another, or from another origin
// (an Origin header naming another host, or Sec-Fetch-Site cross-site) is
// refused with 403. The login form has no session to bind a token to: it
// is guarded by the same origin check, and a forged login would need the
// admin token anyway.
//
// Every response carries a Content-Security-Policy allowing only the
// console's own script and style files (no inline script or style, no
// other origin), X-Frame-Options DENY, Referrer-Policy same-origin and
// X-Content-Type-Options nosniff.
package console
