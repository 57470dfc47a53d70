package site_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/geogen/geogen/runtime/clock"
	"github.com/geogen/geogen/runtime/geoauth"
	"github.com/geogen/geogen/runtime/geotest"
	"github.com/geogen/geogen/runtime/sqldb"
	"github.com/geogen/geogen/runtime/state"
)

func TestTransferRefusesBadTokens(t *testing.T) {
	geotest.EachDialect(t, func(t *testing.T, dialect sqldb.Dialect) {
		s := newSites(t, dialect)
		id := s.CreateBlob(t, blob(1))
		other := s.CreateBlob(t, blob(2))
		name := s.Env.Config.Descriptor.Name
		signer := func(mod func(*geoauth.Signer)) *geoauth.Signer {
			g := *s.Signer
			mod(&g)
			return &g
		}
		past := clock.NewFake(s.Env.Clock.Now().Add(-10 * time.Minute))
		cases := []struct {
			name   string
			signer *geoauth.Signer
			scope  int64
			want   int
		}{
			{"valid", s.Signer, id, http.StatusOK},
			{"forged (another secret)", signer(func(g *geoauth.Signer) { g.Secret = []byte("not-the-shared-secret-at-all!!") }), id, http.StatusUnauthorized},
			{"unknown access key", signer(func(g *geoauth.Signer) { g.AccessKey = "intruder" }), id, http.StatusUnauthorized},
			{"expired", signer(func(g *geoauth.Signer) { g.Clock = past }), id, http.StatusUnauthorized},
			{"for another record", s.Signer, other, http.StatusForbidden},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				auth, err := c.signer.Sign(geoauth.BlobScope(name, c.scope))
				if err != nil {
					t.Fatal(err)
				}
				req, _ := http.NewRequest(http.MethodGet, fmt.Sprintf("%s/api/v4/geo/retrieve/%s/%d", s.Server.URL, name, id), nil)
				req.Header.Set("Authorization", auth)
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				resp.Body.Close()
				if resp.StatusCode != c.want {
					t.Errorf("status = %d, want %d", resp.StatusCode, c.want)
				}
			})
		}
		t.Run("no token", func(t *testing.T) {
			resp, err := http.Get(fmt.Sprintf("%s/api/v4/geo/retrieve/%s/%d", s.Server.URL, name, id))
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusUnauthorized {
				t.Errorf("status = %d, want 401", resp.StatusCode)
			}
		})
		t.Run("a secondary with the wrong secret fails its sync", func(t *testing.T) {
			ctx := context.Background()
			s.Signer.Secret = []byte("a-secret-the-primary-does-not-know")
			defer func() { s.Signer.Secret = geotest.SecondarySecret }()
			mustConsume(t, s.Secondary)
			s.Secondary.SyncAll(ctx)
			rec := registryOf(t, s.Sites, id)
			if rec.State != state.Failed || !strings.Contains(rec.LastSyncFailure, "401") {
				t.Errorf("sync with a refused token: %v %q, want failed with status 401", rec.State, rec.LastSyncFailure)
			}
			if _, ok := s.SecondaryFile(t, id); ok {
				t.Error("a refused download stored a blob")
			}
		})
	})
}
