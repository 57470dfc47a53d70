package adminapi

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"net/http"
	"strings"

	"github.com/geogen/geogen/runtime/finder"
)

// ErrInvalidToken is what an Authenticator returns for a token it does not
// know. Any other error is a failure to check the token (a database that
// is down, say) and is answered with 503, not 401.
var ErrInvalidToken = errors.New("invalid token")

// Authenticator maps the bearer token of a request to the viewer it acts
// as. Only viewers with Admin set may use the admin API.
type Authenticator interface {
	Authenticate(ctx context.Context, token string) (finder.Viewer, error)
}

// AuthenticatorFunc adapts a function to Authenticator.
type AuthenticatorFunc func(ctx context.Context, token string) (finder.Viewer, error)

// Authenticate calls f.
func (f AuthenticatorFunc) Authenticate(ctx context.Context, token string) (finder.Viewer, error) {
	return f(ctx, token)
}

// StaticToken is one token known in advance and the viewer it stands for.
type StaticToken struct {
	Token  string
	Viewer finder.Viewer
}

// StaticTokens authenticates against a fixed list of tokens, such as an
// admin token from the site's configuration. Every entry is compared, in
// constant time over SHA-256 digests, so the time taken tells nothing about
// which token or how much of it matched, nor its length. Empty tokens
// never match.
type StaticTokens []StaticToken

// AdminTokenViewer is the name of the viewer AdminToken's token stands
// for, as the history of the changes it makes records it.
const AdminTokenViewer = "admin_token"

// AdminToken returns StaticTokens holding one administrator token.
func AdminToken(token string) StaticTokens {
	return StaticTokens{{Token: token, Viewer: finder.Viewer{Admin: true, Name: AdminTokenViewer}}}
}

// Authenticate returns the viewer of the entry matching token, or
// ErrInvalidToken.
func (s StaticTokens) Authenticate(_ context.Context, token string) (finder.Viewer, error) {
	got := sha256.Sum256([]byte(token))
	var viewer finder.Viewer
	found := 0
	for _, t := range s {
		want := sha256.Sum256([]byte(t.Token))
		match := subtle.ConstantTimeCompare(got[:], want[:]) & boolInt(t.Token != "")
		if match == 1 {
			viewer = t.Viewer
		}
		found |= match
	}
	if found == 0 || token == "" {
		return finder.Viewer{}, ErrInvalidToken
	}
	return viewer, nil
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// requestToken returns the token of a request where GitLab's clients put
// it: an "Authorization: Bearer <token>" header, a PRIVATE-TOKEN header or
// a private_token query parameter, looked at in that order. ok is false
// when there is none.
func requestToken(r *http.Request) (token string, ok bool) {
	if scheme, t, found := strings.Cut(r.Header.Get("Authorization"), " "); found && strings.EqualFold(scheme, "Bearer") {
		if t = strings.TrimSpace(t); t != "" {
			return t, true
		}
	}
	if t := strings.TrimSpace(r.Header.Get("PRIVATE-TOKEN")); t != "" {
		return t, true
	}
	if t := strings.TrimSpace(r.URL.Query().Get("private_token")); t != "" {
		return t, true
	}
	return "", false
}

// authResult is the outcome of checking a request's credentials.
type authResult int

const (
	authAdmin       authResult = iota // an administrator: serve the request
	authMissing                       // no token: 401
	authInvalid                       // an unknown token: 401
	authForbidden                     // a valid token of a non-admin: 403
	authUnavailable                   // the Authenticator failed: 503
)

// authenticate checks r's token and returns the admin viewer when the
// request may proceed.
func (s *Server) authenticate(r *http.Request) (finder.Viewer, authResult) {
	token, ok := requestToken(r)
	if !ok {
		return finder.Viewer{}, authMissing
	}
	v, err := s.auth.Authenticate(r.Context(), token)
	switch {
	case errors.Is(err, ErrInvalidToken):
		return finder.Viewer{}, authInvalid
	case err != nil:
		s.log.ErrorContext(r.Context(), "admin API: authenticate", "error", err)
		return finder.Viewer{}, authUnavailable
	case !v.Admin:
		return finder.Viewer{}, authForbidden
	}
	return v, authAdmin
}

// status and message of each refusal, shared by every endpoint so the
// rules read the same everywhere.
func (a authResult) refusal() (status int, message string) {
	switch a {
	case authMissing:
		return http.StatusUnauthorized, "401 Unauthorized: send an administrator's token as 'Authorization: Bearer <token>' (or a PRIVATE-TOKEN header)"
	case authInvalid:
		return http.StatusUnauthorized, "401 Unauthorized: invalid token"
	case authForbidden:
		return http.StatusForbidden, "403 Forbidden: administrator access is required"
	default:
		return http.StatusServiceUnavailable, "503 Service Unavailable: the token could not be checked, try again"
	}
}

// refuse writes the refusal of a, with a WWW-Authenticate challenge for
// 401s; body writes the message in the endpoint's own error format.
func refuse(w http.ResponseWriter, a authResult, body func(w http.ResponseWriter, status int, message string)) {
	status, msg := a.refusal()
	if status == http.StatusUnauthorized {
		challenge := `Bearer realm="geo-admin"`
		if a == authInvalid {
			challenge += `, error="invalid_token"`
		}
		w.Header().Set("WWW-Authenticate", challenge)
	}
	body(w, status, msg)
}
