package adminapi_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/geogen/geogen/runtime/adminapi"
	"github.com/geogen/geogen/runtime/finder"
	"github.com/geogen/geogen/runtime/flags"
	"github.com/geogen/geogen/runtime/migrate"
	"github.com/geogen/geogen/runtime/sqldb"
)

// featureSites serves the features API of a primary and of a secondary
// over one main database's persistent flags; alice's token is an
// administrator's, bob's an ordinary user's.
func featureSites(t *testing.T) (primary, secondary *site, store *flags.Store) {
	t.Helper()
	e := newEnv(t, sqldb.SQLite)
	if err := migrate.Up(context.Background(), e.Main, migrate.Main, flags.MainMigrations); err != nil {
		t.Fatal(err)
	}
	probe := newSite(t, e, true, nil)
	store = flags.NewStore(e.Main, flags.TypeDefinitions(probe.types), e.Clock)
	auth := adminapi.StaticTokens{
		{Token: "alice-token-0123456789", Viewer: finder.Viewer{Admin: true, Name: "alice"}},
		{Token: "bob-token-0123456789", Viewer: finder.Viewer{Name: "bob"}},
	}
	edit := func(c *adminapi.Config) { c.Auth, c.FeatureFlags = auth, store }
	return newSite(t, e, true, edit), newSite(t, e, false, edit), store
}

type featureDoc struct {
	Name  string `json:"name"`
	State string `json:"state"`
	Gates []struct {
		Key   string `json:"key"`
		Value bool   `json:"value"`
	} `json:"gates"`
	Definition struct {
		Name           string `json:"name"`
		Type           string `json:"type"`
		DefaultEnabled bool   `json:"default_enabled"`
	} `json:"definition"`
}

func decodeFeature(t *testing.T, b []byte) featureDoc {
	t.Helper()
	var f featureDoc
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatalf("decode %s: %v", b, err)
	}
	return f
}

func TestFeaturesAPI(t *testing.T) {
	primary, secondary, store := featureSites(t)
	const alice, flag = "alice-token-0123456789", "geo_cool_widget_replication"
	url := primary.url + adminapi.FeaturesPath

	status, _, b := do(t, http.MethodGet, url, alice, "", nil)
	var list []featureDoc
	if err := json.Unmarshal(b, &list); status != http.StatusOK || err != nil {
		t.Fatalf("GET: %d %s", status, b)
	}
	if len(list) != 4 || list[0].Name != "geo_cool_widget_replication" || list[0].State != "off" || len(list[0].Gates) != 0 ||
		list[0].Definition.Type != "ops" || list[0].Definition.DefaultEnabled {
		t.Fatalf("GET before any change = %+v, want the four defined flags, off, no gate", list)
	}

	// A form value, as GitLab's clients send it.
	status, _, b = do(t, http.MethodPost, url+"/"+flag, alice, "application/x-www-form-urlencoded", []byte("value=true"))
	if f := decodeFeature(t, b); status != http.StatusCreated || f.Name != flag || f.State != "on" || len(f.Gates) != 1 || f.Gates[0].Key != "boolean" || !f.Gates[0].Value {
		t.Fatalf("POST value=true: %d %s", status, b)
	}
	if !store.Enabled(flag) {
		t.Fatal("the store does not see the flag on")
	}
	// A query parameter and a JSON body do the same.
	if status, _, b = do(t, http.MethodPost, url+"/"+flag+"?value=false", alice, "", nil); status != http.StatusCreated || decodeFeature(t, b).State != "off" {
		t.Fatalf("POST ?value=false: %d %s", status, b)
	}
	if status, _, b = do(t, http.MethodPost, url+"/"+flag, alice, "application/json", []byte(`{"value": true}`)); status != http.StatusCreated || decodeFeature(t, b).State != "on" {
		t.Fatalf("POST JSON true: %d %s", status, b)
	}
	h, err := store.History(context.Background(), flag, 10)
	if err != nil || len(h) != 3 || h[0].ChangedBy != "alice" || !h[0].Enabled || h[1].Enabled {
		t.Fatalf("history = %+v, %v; want alice's three changes, newest first", h, err)
	}

	// DELETE: the default again, recorded.
	if status, _, b = do(t, http.MethodDelete, url+"/"+flag, alice, "", nil); status != http.StatusNoContent || len(b) != 0 {
		t.Fatalf("DELETE: %d %s", status, b)
	}
	if store.Enabled(flag) {
		t.Fatal("after DELETE the flag is still on; its default is off")
	}
	if h, _ := store.History(context.Background(), flag, 1); len(h) != 1 || h[0].Enabled || h[0].ChangedBy != "alice" {
		t.Fatalf("history after DELETE = %+v", h)
	}

	refused := []struct {
		name, method, target, token, contentType, body string
		status                                         int
		want                                           string
	}{
		{"no token", http.MethodPost, url + "/" + flag, "", "application/x-www-form-urlencoded", "value=true", http.StatusUnauthorized, "401"},
		{"unknown token", http.MethodPost, url + "/" + flag, "nope-0123456789", "application/x-www-form-urlencoded", "value=true", http.StatusUnauthorized, "invalid token"},
		{"not an administrator", http.MethodPost, url + "/" + flag, "bob-token-0123456789", "application/x-www-form-urlencoded", "value=true", http.StatusForbidden, "administrator"},
		{"list without a token", http.MethodGet, url, "", "", "", http.StatusUnauthorized, "401"},
		{"delete as a user", http.MethodDelete, url + "/" + flag, "bob-token-0123456789", "", "", http.StatusForbidden, "administrator"},
		{"a percentage", http.MethodPost, url + "/" + flag, alice, "application/x-www-form-urlencoded", "value=50", http.StatusBadRequest, "not a percentage"},
		{"an actor gate", http.MethodPost, url + "/" + flag, alice, "application/x-www-form-urlencoded", "value=true&user=root", http.StatusBadRequest, "user: geogen's feature flags are on or off for every site"},
		{"no value", http.MethodPost, url + "/" + flag, alice, "", "", http.StatusBadRequest, "value is missing"},
		{"an undefined flag", http.MethodPost, url + "/geo_nope", alice, "application/x-www-form-urlencoded", "value=true", http.StatusNotFound, "the flags are: geo_cool_widget_replication, "},
		{"a secondary", http.MethodPost, secondary.url + adminapi.FeaturesPath + "/" + flag, alice, "application/x-www-form-urlencoded", "value=true", http.StatusForbidden, "read-only instance: feature flags are changed on the primary"},
		{"a secondary's delete", http.MethodDelete, secondary.url + adminapi.FeaturesPath + "/" + flag, alice, "", "", http.StatusForbidden, "read-only instance"},
	}
	for _, tc := range refused {
		t.Run(tc.name, func(t *testing.T) {
			status, _, b := do(t, tc.method, tc.target, tc.token, tc.contentType, []byte(tc.body))
			if status != tc.status || !strings.Contains(string(b), tc.want) {
				t.Errorf("%d %s, want %d and %q", status, b, tc.status, tc.want)
			}
		})
	}
	if store.Enabled(flag) {
		t.Fatal("a refused request changed the flag")
	}
	if h, _ := store.History(context.Background(), flag, 10); len(h) != 4 {
		t.Fatalf("refused requests were recorded: %+v", h)
	}
	// A secondary lists the flags it reads through replication.
	if status, _, b := do(t, http.MethodGet, secondary.url+adminapi.FeaturesPath, alice, "", nil); status != http.StatusOK || !strings.Contains(string(b), flag) {
		t.Fatalf("GET on a secondary: %d %s", status, b)
	}
}
