package gitrepo_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/geogen/geogen/runtime/gitrepo"
)

func TestServer(t *testing.T) {
	p := newPrimary(t)
	initRepo(t, p.repo(1))
	commit(t, p.repo(1), "main", "one")
	initRepo(t, p.repo(2))
	const repo1 = "/api/v4/geo/repositories/gizmo/1.git"
	const refs = "/info/refs?service=git-upload-pack"
	for _, tc := range []struct {
		name        string
		method      string
		path        string
		header      string
		want        int
		wantGeoCode string
		wantLogged  string
	}{
		{"ref discovery", "GET", repo1 + refs, p.token(t, 1), 200, "", ""},
		{"no token", "GET", repo1 + refs, "", 401, "", "request refused"},
		{"forged token", "GET", repo1 + refs, "GL-Geo sec:not.a.jwt", 401, "", "request refused"},
		{"expired token", "GET", repo1 + refs, p.expiredToken(t, 1), 401, "", "reason=expired"},
		{"token for another repository", "GET", repo1 + refs, p.token(t, 2), 403, "", "reason=wrong_scope"},
		{"push discovery", "GET", repo1 + "/info/refs?service=git-receive-pack", p.token(t, 1), 403, "", "push refused"},
		{"push", "POST", repo1 + "/git-receive-pack", p.token(t, 1), 403, "", "push refused"},
		{"service twice, push last", "GET", repo1 + refs + "&service=git-receive-pack", p.token(t, 1), 400, "", "ambiguous query"},
		{"service twice, push first", "GET", repo1 + "/info/refs?service=git-receive-pack&service=git-upload-pack", p.token(t, 1), 400, "", "ambiguous query"},
		{"service twice, the same", "GET", repo1 + refs + "&service=git-upload-pack", p.token(t, 1), 400, "", "ambiguous query"},
		{"service twice, one encoded", "GET", repo1 + refs + "&serv%69ce=git-receive-pack", p.token(t, 1), 400, "", "ambiguous query"},
		{"service twice on the pack request", "POST", repo1 + "/git-upload-pack?service=git-upload-pack&service=git-receive-pack", p.token(t, 1), 400, "", "ambiguous query"},
		{"malformed query", "GET", repo1 + refs + ";service=git-receive-pack", p.token(t, 1), 400, "", "ambiguous query"},
		{"dumb protocol", "GET", repo1 + "/HEAD", p.token(t, 1), 404, "", "not a smart-HTTP fetch"},
		{"upload-pack by GET", "GET", repo1 + "/git-upload-pack", p.token(t, 1), 404, "", "not a smart-HTTP fetch"},
		{"repository not on disk", "GET", "/api/v4/geo/repositories/gizmo/3.git" + refs, p.token(t, 3), 404, "FILE_NOT_FOUND", "repository not found"},
		{"unknown record", "GET", "/api/v4/geo/repositories/widget/1.git" + refs, sign(t, p, "widget", 1), 404, "FILE_NOT_FOUND", "repository not found"},
		{"located outside the root", "GET", "/api/v4/geo/repositories/gizmo/666.git" + refs, p.token(t, 666), 500, "", "cannot locate"},
		{"bad id", "GET", "/api/v4/geo/repositories/gizmo/x.git" + refs, p.token(t, 1), 404, "", "not a repository URL"},
		{"not under the prefix", "GET", "/other/gizmo/1.git" + refs, p.token(t, 1), 404, "", "not a repository URL"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req, err := http.NewRequest(tc.method, p.url+tc.path, nil)
			if err != nil {
				t.Fatal(err)
			}
			if tc.header != "" {
				req.Header.Set("Authorization", tc.header)
			}
			logsBefore := len(p.logs.String())
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != tc.want {
				t.Fatalf("status %d, want %d: %s", resp.StatusCode, tc.want, body)
			}
			if tc.want == 200 {
				if ct := resp.Header.Get("Content-Type"); ct != "application/x-git-upload-pack-advertisement" {
					t.Errorf("Content-Type %q, want git's advertisement", ct)
				}
				return
			}
			var e struct {
				GeoCode string `json:"geo_code"`
				Message string `json:"message"`
			}
			if err := json.Unmarshal(body, &e); err != nil {
				t.Fatalf("error body %q is not JSON: %v", body, err)
			}
			if e.GeoCode != tc.wantGeoCode || e.Message == "" {
				t.Errorf("body %s, want geo_code %q and a message", body, tc.wantGeoCode)
			}
			if logged := p.logs.String()[logsBefore:]; !strings.Contains(logged, tc.wantLogged) {
				t.Errorf("log %q does not contain %q", logged, tc.wantLogged)
			}
		})
	}
}

func sign(t *testing.T, p *primary, name string, id int64) string {
	t.Helper()
	h, err := p.signer.Sign(gitrepo.Scope(name, id))
	if err != nil {
		t.Fatal(err)
	}
	return h
}
