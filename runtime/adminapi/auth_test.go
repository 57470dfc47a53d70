package adminapi_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/geogen/geogen/runtime/adminapi"
	"github.com/geogen/geogen/runtime/finder"
	"github.com/geogen/geogen/runtime/flags"
	"github.com/geogen/geogen/runtime/geographql"
	"github.com/geogen/geogen/runtime/geotest"
	"github.com/geogen/geogen/runtime/internal/testtypes"
	"github.com/geogen/geogen/runtime/replicable"
	"github.com/geogen/geogen/runtime/sqldb"
)

func TestStaticTokens(t *testing.T) {
	admin := finder.Viewer{Admin: true}
	cases := []struct {
		name    string
		tokens  adminapi.StaticTokens
		token   string
		want    finder.Viewer
		wantErr bool
	}{
		{"admin token", tokens, adminToken, admin, false},
		{"user token", tokens, userToken, finder.Viewer{}, false},
		{"unknown token", tokens, "nope", finder.Viewer{}, true},
		{"a prefix of a token", tokens, adminToken[:len(adminToken)-1], finder.Viewer{}, true},
		{"a token with a suffix", tokens, adminToken + "x", finder.Viewer{}, true},
		{"empty token never matches an empty entry", adminapi.StaticTokens{{Token: "", Viewer: admin}}, "", finder.Viewer{}, true},
		{"no tokens", nil, adminToken, finder.Viewer{}, true},
		{"AdminToken", adminapi.AdminToken("s3cret"), "s3cret", finder.Viewer{Admin: true, Name: adminapi.AdminTokenViewer}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := c.tokens.Authenticate(context.Background(), c.token)
			if c.wantErr != (err != nil) || (err != nil && !errors.Is(err, adminapi.ErrInvalidToken)) || got != c.want {
				t.Errorf("Authenticate(%q) = %+v, %v; want %+v, error %v (ErrInvalidToken)", c.token, got, err, c.want, c.wantErr)
			}
		})
	}
}

// TestAuthRules sends every kind of credential to every endpoint: only an
// administrator's bearer token is served; the refusals carry no data.
func TestAuthRules(t *testing.T) {
	geotest.EachDialect(t, testAuthRules)
}

func testAuthRules(t *testing.T, dialect sqldb.Dialect) {
	e := newEnv(t, dialect)
	s := newSite(t, e, false, nil)
	s.refresh(t)
	failing := newSite(t, e, false, func(c *adminapi.Config) {
		c.Auth = adminapi.AuthenticatorFunc(func(context.Context, string) (finder.Viewer, error) {
			return finder.Viewer{}, errors.New("token database is down")
		})
	})
	failing.refresh(t)
	public := newSite(t, e, false, func(c *adminapi.Config) { c.PublicMetrics = true })
	public.refresh(t)

	query := `{"query":"{ geoNode { name } }"}`
	endpoints := []struct {
		name, method, path, body string
	}{
		{"graphql POST", http.MethodPost, adminapi.GraphQLPath, query},
		{"graphql GET", http.MethodGet, adminapi.GraphQLPath + "?query=%7B%20geoNode%20%7B%20name%20%7D%20%7D", ""},
		{"graphql POST at the geo path", http.MethodPost, adminapi.GeoGraphQLPath, query},
		{"status", http.MethodGet, adminapi.StatusPath, ""},
		{"geo_nodes current status", http.MethodGet, "/api/v4/geo_nodes/current/status", ""},
		{"every site's status", http.MethodGet, adminapi.SitesStatusPath, ""},
		{"every node's status", http.MethodGet, adminapi.NodesStatusPath, ""},
		{"a site's status", http.MethodGet, "/api/v4/geo_sites/2/status", ""},
		{"a node's status", http.MethodGet, "/api/v4/geo_nodes/2/status", ""},
		{"metrics", http.MethodGet, adminapi.MetricsPath, ""},
	}
	creds := []struct {
		name       string
		site       *site
		header     string // the Authorization header
		private    string // the PRIVATE-TOKEN header
		param      string // the private_token query parameter
		wantStatus int
		challenge  string // expected WWW-Authenticate, "" for none
	}{
		{"no token", s, "", "", "", http.StatusUnauthorized, `Bearer realm="geo-admin"`},
		{"another scheme", s, "Basic " + adminToken, "", "", http.StatusUnauthorized, `Bearer realm="geo-admin"`},
		{"empty bearer", s, "Bearer ", "", "", http.StatusUnauthorized, `Bearer realm="geo-admin"`},
		{"unknown token", s, "Bearer wrong", "", "", http.StatusUnauthorized, `Bearer realm="geo-admin", error="invalid_token"`},
		{"unknown PRIVATE-TOKEN", s, "", "wrong", "", http.StatusUnauthorized, `Bearer realm="geo-admin", error="invalid_token"`},
		{"unknown private_token", s, "", "", "wrong", http.StatusUnauthorized, `Bearer realm="geo-admin", error="invalid_token"`},
		{"non-admin token", s, "Bearer " + userToken, "", "", http.StatusForbidden, ""},
		{"non-admin PRIVATE-TOKEN", s, "", userToken, "", http.StatusForbidden, ""},
		{"non-admin private_token", s, "", "", userToken, http.StatusForbidden, ""},
		{"authenticator failing", failing, "Bearer " + adminToken, "", "", http.StatusServiceUnavailable, ""},
		{"admin token", s, "Bearer " + adminToken, "", "", http.StatusOK, ""},
		{"admin token, lower-case scheme", s, "bearer " + adminToken, "", "", http.StatusOK, ""},
		{"admin PRIVATE-TOKEN", s, "", adminToken, "", http.StatusOK, ""},
		{"admin private_token", s, "", "", adminToken, http.StatusOK, ""},
		{"a bearer token decides before PRIVATE-TOKEN", s, "Bearer " + userToken, adminToken, "", http.StatusForbidden, ""},
	}
	for _, ep := range endpoints {
		for _, c := range creds {
			t.Run(ep.name+"/"+c.name, func(t *testing.T) {
				target := c.site.url + ep.path
				if c.param != "" {
					sep := "?"
					if strings.Contains(target, "?") {
						sep = "&"
					}
					target += sep + "private_token=" + url.QueryEscape(c.param)
				}
				req, err := http.NewRequest(ep.method, target, strings.NewReader(ep.body))
				if err != nil {
					t.Fatal(err)
				}
				req.Header.Set("Content-Type", "application/json")
				if c.header != "" {
					req.Header.Set("Authorization", c.header)
				}
				if c.private != "" {
					req.Header.Set("PRIVATE-TOKEN", c.private)
				}
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				defer resp.Body.Close()
				if resp.StatusCode != c.wantStatus {
					t.Fatalf("status %d, want %d", resp.StatusCode, c.wantStatus)
				}
				if got := resp.Header.Get("WWW-Authenticate"); got != c.challenge {
					t.Errorf("WWW-Authenticate %q, want %q", got, c.challenge)
				}
				if c.wantStatus == http.StatusOK || ep.name == "metrics" {
					return
				}
				var body map[string]any
				if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
					t.Fatalf("refusal is not JSON: %v", err)
				}
				if strings.HasPrefix(ep.name, "graphql") {
					if _, hasData := body["data"]; hasData || len(list(body["errors"])) != 1 {
						t.Errorf("refusal %v: want one GraphQL error and no data", body)
					}
				} else if msg, _ := body["message"].(string); !strings.Contains(msg, http.StatusText(c.wantStatus)) || len(body) != 1 {
					t.Errorf("refusal %v: want only a message naming %q", body, http.StatusText(c.wantStatus))
				}
			})
		}
	}

	t.Run("public metrics", func(t *testing.T) {
		code, _, b := do(t, http.MethodGet, public.url+adminapi.MetricsPath, "", "", nil)
		if code != http.StatusOK || !strings.Contains(string(b), "geo_cool_widgets_registry") {
			t.Errorf("PublicMetrics scrape without a token: status %d, body without geo gauges", code)
		}
		code, _, _ = do(t, http.MethodGet, public.url+adminapi.StatusPath, "", "", nil)
		if code != http.StatusUnauthorized {
			t.Errorf("PublicMetrics: status without a token got %d, want 401 (only metrics are public)", code)
		}
	})
}

func TestNewRejectsIncompleteConfig(t *testing.T) {
	d := testtypes.CoolWidget()
	valid := adminapi.Config{Site: adminapi.Site{URL: secondURL}, Auth: tokens}
	cases := []struct {
		name string
		edit func(*adminapi.Config)
		want string
	}{
		{"no authenticator", func(c *adminapi.Config) { c.Auth = nil }, "missing Auth"},
		{"no site URL", func(c *adminapi.Config) { c.Site.URL = "" }, "empty Site.URL"},
		{"types without flags", func(c *adminapi.Config) { c.Types = []*replicable.Descriptor{d} }, "missing Flags"},
		{"secondary without tracking database", func(c *adminapi.Config) {
			c.Types, c.Flags = []*replicable.Descriptor{d}, flags.NewMemory()
		}, "missing Tracking"},
		{"primary without main database", func(c *adminapi.Config) {
			c.Types, c.Flags, c.Site.Primary = []*replicable.Descriptor{d}, flags.NewMemory(), true
		}, "missing Main"},
		{"binding without descriptor", func(c *adminapi.Config) {
			c.GraphQL = []geographql.TypeBinding{{}}
		}, "has no Descriptor"},
	}
	if _, err := adminapi.New(valid); err != nil {
		t.Fatalf("a minimal config: %v", err)
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfg := valid
			c.edit(&cfg)
			_, err := adminapi.New(cfg)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("New: %v, want an error containing %q", err, c.want)
			}
		})
	}
}
