package adminapi_test

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/geogen/geogen/runtime/adminapi"
	"github.com/geogen/geogen/runtime/eventlog"
	"github.com/geogen/geogen/runtime/geotest"
	"github.com/geogen/geogen/runtime/registry"
	"github.com/geogen/geogen/runtime/replicable"
	"github.com/geogen/geogen/runtime/replicator"
	"github.com/geogen/geogen/runtime/sqldb"
	"github.com/geogen/geogen/runtime/state"
	"github.com/geogen/geogen/runtime/verification"
)

// TestDataManagement: GitLab's data management API on a primary lists model
// records with their checksum state in keyset pages, filters them, reads
// one, and asks for checksums again, one record at once or all as a job.
func TestDataManagement(t *testing.T) {
	geotest.EachDialect(t, func(t *testing.T, dialect sqldb.Dialect) {
		e := newEnv(t, dialect)
		ctx := context.Background()
		d := e.Config.Descriptor
		var ids []int64
		for range 5 {
			ids = append(ids, e.CreateRecord(t))
		}
		states := verification.NewPrimary(e.Main, d, e.Clock)
		if _, err := states.Backfill(ctx, 100); err != nil {
			t.Fatal(err)
		}
		if _, err := e.Main.Exec("UPDATE cool_widget_states SET verification_state = $1, verification_checksum = $2, verified_at = $3 WHERE cool_widget_id = $4",
			int16(state.VerificationSucceeded), []byte{0xab, 0xcd}, e.Clock.Now(), ids[1]); err != nil {
			t.Fatal(err)
		}
		if _, err := e.Main.Exec("UPDATE cool_widget_states SET verification_state = $1, verification_failure = $2 WHERE cool_widget_id = $3",
			int16(state.VerificationFailed), "disk on fire", ids[3]); err != nil {
			t.Fatal(err)
		}
		sums := &recordChecksums{d: d, unreadable: ids[2]}
		p := newSite(t, e, true, func(c *adminapi.Config) {
			c.Verifier = primaryVerifier{&replicator.Verifier{Replicator: sums, Store: states, Main: e.Main, Flags: c.Flags, Clock: e.Clock}}
		})
		base := p.url + adminapi.DataManagementPath + "/"

		get := func(path string, wantStatus int) ([]map[string]any, http.Header) {
			t.Helper()
			code, header, b := do(t, http.MethodGet, base+path, adminToken, "", nil)
			if code != wantStatus {
				t.Fatalf("GET %s: status %d, %s; want %d", path, code, b, wantStatus)
			}
			var out []map[string]any
			if wantStatus == http.StatusOK && strings.HasPrefix(string(b), "[") {
				if err := json.Unmarshal(b, &out); err != nil {
					t.Fatal(err)
				}
			}
			return out, header
		}
		recordIDs := func(recs []map[string]any) []int64 {
			var out []int64
			for _, r := range recs {
				n, _ := r["record_identifier"].(float64)
				out = append(out, int64(n))
			}
			return out
		}

		// Keyset pages of two, forwards, by the Link the API returns.
		var seen []int64
		path := "cool_widgets?per_page=2"
		for page := 0; path != ""; page++ {
			recs, header := get(path, http.StatusOK)
			seen = append(seen, recordIDs(recs)...)
			path = ""
			if link := header.Get("Link"); link != "" {
				next := strings.TrimSuffix(strings.TrimPrefix(strings.Split(link, ";")[0], "<"), ">")
				path = strings.TrimPrefix(next, adminapi.DataManagementPath+"/")
			}
			if page > 5 {
				t.Fatal("pages do not end")
			}
		}
		if fmt.Sprint(seen) != fmt.Sprint(ids) {
			t.Errorf("pages of 2: %v, want %v", seen, ids)
		}
		recs, _ := get("cool_widget?sort=desc&per_page=1", http.StatusOK)
		if got := recordIDs(recs); len(got) != 1 || got[0] != ids[4] {
			t.Errorf("sort=desc per_page=1 by the singular name: %v, want [%d]", got, ids[4])
		}
		recs, _ = get("cool_widgets?checksum_state=succeeded", http.StatusOK)
		if got := recordIDs(recs); fmt.Sprint(got) != fmt.Sprint([]int64{ids[1]}) {
			t.Errorf("checksum_state=succeeded: %v, want [%d]", got, ids[1])
		}
		info, _ := recs[0]["checksum_information"].(map[string]any)
		if recs[0]["model_class"] != "CoolWidget" || info["checksum"] != "abcd" || info["checksum_state"] != "succeeded" || info["last_checksum"] == nil {
			t.Errorf("a succeeded record: %v", recs[0])
		}
		recs, _ = get(fmt.Sprintf("cool_widgets?identifiers=%d,%d", ids[0], ids[3]), http.StatusOK)
		if got := recordIDs(recs); fmt.Sprint(got) != fmt.Sprint([]int64{ids[0], ids[3]}) {
			t.Errorf("identifiers: %v", got)
		}
		if info, _ := recs[1]["checksum_information"].(map[string]any); info["checksum_failure"] != "disk on fire" || info["checksum_state"] != "failed" {
			t.Errorf("a failed record: %v", recs[1])
		}
		for _, bad := range []string{"cool_widgets?per_page=101", "cool_widgets?checksum_state=bogus", "cool_widgets?identifiers=x", "cool_widgets?sort=up", "cool_widgets?cursor=abc"} {
			get(bad, http.StatusBadRequest)
		}
		get("no_such_models", http.StatusNotFound)
		get(fmt.Sprintf("cool_widgets/%d", ids[4]+100), http.StatusNotFound)

		// One record's checksum, computed at once and answered with the
		// record, as GitLab's replicator.verify does inline: the new
		// checksum, or why there is none.
		for _, c := range []struct {
			id                     int64
			state, checksum, fails any
		}{
			{ids[1], "succeeded", hex.EncodeToString(sums.sum(ids[1])), nil},
			{ids[3], "succeeded", hex.EncodeToString(sums.sum(ids[3])), nil},
			{ids[2], "failed", nil, "Error during verification: no data: file is not checksummable"},
		} {
			code, _, b := do(t, http.MethodPut, fmt.Sprintf("%scool_widgets/%d/checksum", base, c.id), adminToken, "", nil)
			var one map[string]any
			if err := json.Unmarshal(b, &one); code != http.StatusOK || err != nil {
				t.Fatalf("PUT checksum of %d: %d %s", c.id, code, b)
			}
			info, _ := one["checksum_information"].(map[string]any)
			if one["record_identifier"] != float64(c.id) || info["checksum_state"] != c.state || info["checksum"] != c.checksum || info["checksum_failure"] != c.fails {
				t.Errorf("PUT checksum of %d: %s; want %v, checksum %v, failure %v", c.id, b, c.state, c.checksum, c.fails)
			}
			if it, err := states.Get(ctx, c.id); err != nil || it.State.String() != c.state {
				t.Errorf("state row of %d after PUT: %+v, %v; want %v", c.id, it, err, c.state)
			}
		}
		if states.Held() != 0 {
			t.Errorf("%d verification leases still held after the checksums", states.Held())
		}
		// A record without a state row yet, a server without a verifier.
		orphan := e.CreateRecord(t)
		if code, _, b := do(t, http.MethodPut, fmt.Sprintf("%scool_widgets/%d/checksum", base, orphan), adminToken, "", nil); code != http.StatusBadRequest || !strings.Contains(string(b), "no checksum state yet") {
			t.Errorf("PUT checksum of a record without a state row: %d %s", code, b)
		}
		bare := newSite(t, e, true, nil)
		if code, _, b := do(t, http.MethodPut, fmt.Sprintf("%s%s/cool_widgets/%d/checksum", bare.url, adminapi.DataManagementPath, ids[1]), adminToken, "", nil); code != http.StatusBadRequest || !strings.Contains(string(b), "Verifier") {
			t.Errorf("PUT checksum without a verifier: %d %s", code, b)
		}
		// All failed ones again: a job, joined by the same request.
		code, _, b := do(t, http.MethodPut, base+"cool_widgets/checksum?checksum_state=failed", adminToken, "", nil)
		var all map[string]any
		if err := json.Unmarshal(b, &all); code != http.StatusOK || err != nil || all["status"] != "success" || all["job_id"] == nil {
			t.Fatalf("PUT all failed checksums: %d %s", code, b)
		}
		_, _, b = do(t, http.MethodPut, base+"cool_widgets/checksum?checksum_state=failed", adminToken, "", nil)
		var again map[string]any
		if err := json.Unmarshal(b, &again); err != nil || again["job_id"] != all["job_id"] || !strings.Contains(fmt.Sprint(again["message"]), "already") {
			t.Errorf("the same request again: %s, want job %v joined", b, all["job_id"])
		}
		jobs, err := p.jobs.List(ctx)
		if err != nil || len(jobs) != 1 || jobs[0].Spec.VerificationState == nil || *jobs[0].Spec.VerificationState != state.VerificationFailed {
			t.Errorf("jobs %+v, %v: want one recompute of the failed checksums", jobs, err)
		}

		// A secondary has no checksums to recompute; nobody but an admin acts.
		s := newSite(t, e, false, nil)
		if code, _, b := do(t, http.MethodPut, s.url+adminapi.DataManagementPath+"/cool_widgets/checksum", adminToken, "", nil); code != http.StatusBadRequest || !strings.Contains(string(b), "only available on primary") {
			t.Errorf("PUT on a secondary: %d %s", code, b)
		}
		for _, c := range []struct {
			token string
			want  int
		}{{"", http.StatusUnauthorized}, {"wrong", http.StatusUnauthorized}, {userToken, http.StatusForbidden}} {
			for _, path := range []string{"cool_widgets/checksum", fmt.Sprintf("cool_widgets/%d/checksum", ids[0])} {
				if code, _, _ := do(t, http.MethodPut, base+path, c.token, "", nil); code != c.want {
					t.Errorf("PUT %s with token %q: %d, want %d", path, c.token, code, c.want)
				}
			}
		}
	})
}

// TestBulkJobProgress: a secondary's bulk job shows in GeoNode.bulkJobs and
// in the status document, with its progress.
func TestBulkJobProgress(t *testing.T) {
	e := newEnv(t, sqldb.SQLite)
	seed(t, e, 5)
	s := newSite(t, e, false, nil)
	r := s.graphql(t, adminToken, `mutation { geoRegistriesBulkUpdate(input: {registryClass: COOL_WIDGET_REGISTRY, action: RESYNC_ALL, replicationState: FAILED}) { errors jobId } }`, nil)
	jobID, _ := dig(r.Data, "geoRegistriesBulkUpdate", "jobId").(string)
	if len(r.Errors) > 0 || jobID == "" {
		t.Fatalf("bulk update: %v %v", r.Data, r.messages())
	}
	for range 5 {
		if _, err := s.jobs.RunPass(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	r = s.graphql(t, adminToken, `{ geoNode { bulkJobs { id registryClass action status total done startedAt finishedAt lastError } } }`, nil)
	jobs := list(dig(r.Data, "geoNode", "bulkJobs"))
	if len(r.Errors) > 0 || len(jobs) != 1 {
		t.Fatalf("bulkJobs: %v %v", r.Data, r.messages())
	}
	j := jobs[0]
	if j["id"] != jobID || j["registryClass"] != "COOL_WIDGET_REGISTRY" || j["action"] != "resync_all" || j["status"] != "finished" ||
		j["total"] != float64(1) || j["done"] != float64(1) || j["finishedAt"] == nil {
		t.Errorf("bulkJobs: %v; want the finished job over the one failed registry", j)
	}
	s.refresh(t)
	doc := s.status(t)
	st := list(doc["bulk_jobs"])
	if len(st) != 1 || st[0]["status"] != "finished" || st[0]["done"] != float64(1) {
		t.Errorf("status bulk_jobs: %v", doc["bulk_jobs"])
	}
}

// recordChecksums is a primary's replicator whose data is the record's id:
// its checksum is the id's SHA-256, except for the unreadable record,
// whose data is missing.
type recordChecksums struct {
	d          *replicable.Descriptor
	unreadable int64
}

func (r *recordChecksums) sum(id int64) []byte {
	h := sha256.Sum256(binary.BigEndian.AppendUint64(nil, uint64(id)))
	return h[:]
}

func (r *recordChecksums) Descriptor() *replicable.Descriptor { return r.d }
func (r *recordChecksums) Checksum(_ context.Context, id int64) ([]byte, error) {
	if id == r.unreadable {
		return nil, fmt.Errorf("no data: %w", replicator.ErrNotChecksummable)
	}
	return r.sum(id), nil
}
func (r *recordChecksums) Registry() *registry.Store { return nil }
func (r *recordChecksums) SyncStarted(context.Context, registry.Record) error {
	return errors.New("a primary does not sync")
}
func (r *recordChecksums) Consume(context.Context, eventlog.Event) error {
	return errors.New("a primary consumes no events")
}
func (r *recordChecksums) Remove(context.Context, int64, string) error {
	return errors.New("a primary removes nothing")
}

// primaryVerifier is adminapi.RecordVerifier over one type's verifier, as
// site.Primary is over every type's.
type primaryVerifier struct{ v *replicator.Verifier }

func (p primaryVerifier) VerifyRecord(ctx context.Context, name string, id int64) (replicator.Outcome, error) {
	if name != p.v.Replicator.Descriptor().Name {
		return 0, fmt.Errorf("no type %q", name)
	}
	return p.v.VerifyNow(ctx, id)
}
