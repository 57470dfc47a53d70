package transfer

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/geogen/geogen/runtime/blobstore"
	"github.com/geogen/geogen/runtime/geoauth"
)

const (
	accessKey = "secondary-1"
	secret    = "a shared secret of enough bytes!"
)

// syncBuffer is a bytes.Buffer the server's goroutines may log into.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

type clockFunc func() time.Time

func (f clockFunc) Now() time.Time { return f() }

func randomBytes(n int, seed uint64) []byte {
	b := make([]byte, n)
	r := rand.New(rand.NewPCG(seed, seed+1))
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return b
}

func sha256Hex(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// env is a primary serving the retrieve API on loopback and a secondary
// downloading from it.
type env struct {
	primary   *blobstore.Dir
	secondary *blobstore.Dir
	records   map[string]map[int64]Location // replicable name → id → location
	server    *httptest.Server
	logs      *syncBuffer
}

func newEnv(t testing.TB) *env {
	t.Helper()
	e := &env{records: map[string]map[int64]Location{"package_file": {}, "upload": {}}, logs: &syncBuffer{}}
	var err error
	if e.primary, err = blobstore.NewDir(filepath.Join(t.TempDir(), "primary")); err != nil {
		t.Fatal(err)
	}
	if e.secondary, err = blobstore.NewDir(filepath.Join(t.TempDir(), "secondary")); err != nil {
		t.Fatal(err)
	}
	locate := LocatorFunc(func(_ context.Context, name string, id int64) (Location, error) {
		recs, ok := e.records[name]
		if !ok {
			return Location{}, ErrUnknownReplicable
		}
		loc, ok := recs[id]
		if !ok {
			return Location{}, ErrRecordNotFound
		}
		return loc, nil
	})
	verifier := &geoauth.Verifier{
		Keys:     geoauth.StaticKeys{accessKey: {Secret: []byte(secret), Site: "secondary-1"}},
		Audience: "primary",
	}
	logger := slog.New(slog.NewTextHandler(e.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	e.server = httptest.NewServer(NewHandler(verifier, locate, e.primary, logger))
	t.Cleanup(e.server.Close)
	return e
}

func (e *env) signer() *geoauth.Signer {
	return &geoauth.Signer{AccessKey: accessKey, Secret: []byte(secret), Issuer: "secondary-1", Audience: "primary"}
}

func (e *env) downloader() *Downloader {
	return &Downloader{Client: NewClient(), PrimaryURL: e.server.URL, Signer: e.signer(), Store: e.secondary}
}

// addBlob stores data on the primary as record id of name.
func (e *env) addBlob(t testing.TB, name string, id int64, data []byte, recordChecksum bool) string {
	t.Helper()
	key := fmt.Sprintf("%s/%d/blob.bin", name, id)
	info, err := e.primary.Put(context.Background(), key, bytes.NewReader(data), blobstore.PutOptions{})
	if err != nil {
		t.Fatal(err)
	}
	loc := Location{Key: key}
	if recordChecksum {
		loc.SHA256 = info.SHA256
	}
	e.records[name][id] = loc
	return key
}

func assertNothingStored(t *testing.T, store *blobstore.Dir, key string) {
	t.Helper()
	if _, err := store.Stat(context.Background(), key); !errors.Is(err, blobstore.ErrNotFound) {
		t.Errorf("Stat(%q) after a failed download: %v, want ErrNotFound", key, err)
	}
	assertNoTemp(t, store.Root())
}

func assertNoTemp(t *testing.T, root string) {
	t.Helper()
	filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasPrefix(d.Name(), ".tmp-") {
			t.Errorf("temporary file left behind: %s", path)
		}
		return nil
	})
}

func readAll(t *testing.T, store *blobstore.Dir, key string) []byte {
	t.Helper()
	rc, _, err := store.Open(context.Background(), key)
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestRoundTrip(t *testing.T) {
	tests := []struct {
		name           string
		size           int
		recordChecksum bool // the primary knows the checksum and sends it
		passExpected   bool // the caller passes the expected checksum
	}{
		{name: "empty", size: 0},
		{name: "small", size: 100},
		{name: "several MiB, checksum from primary header", size: 3<<20 + 5, recordChecksum: true},
		{name: "checksum from caller", size: 4096, passExpected: true},
		{name: "checksum from both", size: 70000, recordChecksum: true, passExpected: true},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			data := randomBytes(tt.size, uint64(i))
			e.addBlob(t, "package_file", 42, data, tt.recordChecksum)
			var expected string
			if tt.passExpected {
				expected = sha256Hex(data)
			}
			res, err := e.downloader().Download(context.Background(), "package_file", 42, "pf/42", expected)
			if err != nil {
				t.Fatal(err)
			}
			if res.Bytes != int64(tt.size) || res.SHA256 != sha256Hex(data) || res.Duration <= 0 {
				t.Errorf("Result = %+v, want %d bytes, sha256 %s", res, tt.size, sha256Hex(data))
			}
			if got := readAll(t, e.secondary, "pf/42"); !bytes.Equal(got, data) {
				t.Errorf("stored %d bytes differ from the %d sent", len(got), len(data))
			}
			assertNoTemp(t, e.secondary.Root())
		})
	}
}

func TestRetrieveHeaders(t *testing.T) {
	e := newEnv(t)
	data := []byte("hello, secondary")
	e.addBlob(t, "upload", 7, data, true)
	h, err := e.signer().Sign(geoauth.BlobScope("upload", 7))
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest(http.MethodGet, e.server.URL+"/api/v4/geo/retrieve/upload/7", nil)
	req.Header.Set("Authorization", h)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK || !bytes.Equal(body, data) {
		t.Fatalf("GET = %d %q", resp.StatusCode, body)
	}
	if got := resp.Header.Get("Content-Length"); got != strconv.Itoa(len(data)) {
		t.Errorf("Content-Length = %q, want %d", got, len(data))
	}
	if got := resp.Header.Get(ChecksumHeader); got != sha256Hex(data) {
		t.Errorf("%s = %q, want %s", ChecksumHeader, got, sha256Hex(data))
	}
}

func TestRetrieveRefused(t *testing.T) {
	e := newEnv(t)
	e.addBlob(t, "package_file", 42, []byte("secret data"), true)
	e.addBlob(t, "package_file", 43, []byte("other data"), true)

	sign := func(mutate func(*geoauth.Signer), scope geoauth.Scope) string {
		s := e.signer()
		mutate(s)
		h, err := s.Sign(scope)
		if err != nil {
			t.Fatal(err)
		}
		return h
	}
	none := func(*geoauth.Signer) {}
	tests := []struct {
		name       string
		header     string
		wantStatus int
		wantReason geoauth.Reason
	}{
		{
			name:       "no token",
			header:     "",
			wantStatus: http.StatusUnauthorized,
			wantReason: geoauth.ReasonMalformed,
		},
		{
			name:       "forged",
			header:     sign(func(s *geoauth.Signer) { s.Secret = []byte("guessed secret, long enough....") }, geoauth.BlobScope("package_file", 42)),
			wantStatus: http.StatusUnauthorized,
			wantReason: geoauth.ReasonBadSignature,
		},
		{
			name: "expired",
			header: sign(func(s *geoauth.Signer) {
				s.Clock = clockFunc(func() time.Time { return time.Now().Add(-3 * time.Minute) })
			}, geoauth.BlobScope("package_file", 42)),
			wantStatus: http.StatusUnauthorized,
			wantReason: geoauth.ReasonExpired,
		},
		{
			name:       "unknown access key",
			header:     sign(func(s *geoauth.Signer) { s.AccessKey = "secondary-9" }, geoauth.BlobScope("package_file", 42)),
			wantStatus: http.StatusUnauthorized,
			wantReason: geoauth.ReasonUnknownKey,
		},
		{
			name:       "wrong record",
			header:     sign(none, geoauth.BlobScope("package_file", 43)),
			wantStatus: http.StatusForbidden,
			wantReason: geoauth.ReasonWrongScope,
		},
		{
			name:       "wrong replicable",
			header:     sign(none, geoauth.BlobScope("upload", 42)),
			wantStatus: http.StatusForbidden,
			wantReason: geoauth.ReasonWrongScope,
		},
		{
			name:       "repository token",
			header:     sign(none, geoauth.RepositoryScope("group/project")),
			wantStatus: http.StatusForbidden,
			wantReason: geoauth.ReasonWrongScope,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := len(e.logs.String())
			req, _ := http.NewRequest(http.MethodGet, e.server.URL+"/api/v4/geo/retrieve/package_file/42", nil)
			if tt.header != "" {
				req.Header.Set("Authorization", tt.header)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != tt.wantStatus {
				t.Errorf("status = %d, want %d", resp.StatusCode, tt.wantStatus)
			}
			if bytes.Contains(body, []byte("data")) {
				t.Errorf("refused response leaks the blob: %q", body)
			}
			var eb errorBody
			if err := json.Unmarshal(body, &eb); err != nil || eb.Message == "" {
				t.Errorf("body %q is not a JSON error: %v", body, err)
			}
			logged := e.logs.String()[before:]
			for _, want := range []string{"request refused", "remote_addr=127.0.0.1:", "reason=" + string(tt.wantReason), "status=" + strconv.Itoa(tt.wantStatus)} {
				if !strings.Contains(logged, want) {
					t.Errorf("log %q does not contain %q", logged, want)
				}
			}
			if strings.Contains(logged, secret) {
				t.Errorf("log contains the secret: %q", logged)
			}
		})
	}

	t.Run("downloader with a forged secret", func(t *testing.T) {
		d := e.downloader()
		d.Signer = &geoauth.Signer{AccessKey: accessKey, Secret: []byte("guessed secret, long enough...."), Issuer: "secondary-1", Audience: "primary"}
		_, err := d.Download(context.Background(), "package_file", 42, "k", "")
		var se *StatusError
		if !errors.As(err, &se) || se.Code != http.StatusUnauthorized {
			t.Fatalf("Download error = %v, want a 401 *StatusError", err)
		}
		if !strings.Contains(err.Error(), "Non-success HTTP response status code 401") {
			t.Errorf("error %q does not carry the status message", err)
		}
		assertNothingStored(t, e.secondary, "k")
	})
}

func TestNotFoundClassification(t *testing.T) {
	e := newEnv(t)
	key := e.addBlob(t, "package_file", 1, []byte("soon gone"), true)
	if err := e.primary.Delete(context.Background(), key); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name        string
		replicable  string
		id          int64
		wantMissing bool
		wantStatus  int
		wantGeoCode string
	}{
		{name: "file missing", replicable: "package_file", id: 1, wantMissing: true},
		{name: "record missing", replicable: "package_file", id: 2, wantMissing: true},
		{name: "unknown replicable", replicable: "cool_widget", id: 1, wantStatus: 404, wantGeoCode: GeoCodeUnknownReplicable},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := e.downloader().Download(context.Background(), tt.replicable, tt.id, "dst", "")
			if got := errors.Is(err, ErrMissingOnPrimary); got != tt.wantMissing {
				t.Fatalf("errors.Is(%v, ErrMissingOnPrimary) = %v, want %v", err, got, tt.wantMissing)
			}
			if !tt.wantMissing {
				var se *StatusError
				if !errors.As(err, &se) || se.Code != tt.wantStatus || se.GeoCode != tt.wantGeoCode {
					t.Errorf("error = %v, want *StatusError{%d, %s}", err, tt.wantStatus, tt.wantGeoCode)
				}
			}
			assertNothingStored(t, e.secondary, "dst")
		})
	}
}

// TestStatusErrors checks how responses that did not come from the Handler
// (a proxy, a failing primary) are classified.
func TestStatusErrors(t *testing.T) {
	tests := []struct {
		name        string
		status      int
		contentType string
		body        string
		wantMessage string
	}{
		{name: "server error", status: 500, contentType: "application/json", body: `{"message":"internal error"}`, wantMessage: "Non-success HTTP response status code 500: internal error"},
		{name: "proxy 404 page", status: 404, contentType: "text/html", body: `<h1>{"geo_code":"FILE_NOT_FOUND"}</h1>`, wantMessage: "Non-success HTTP response status code 404"},
		{name: "bad gateway", status: 502, contentType: "text/plain", body: "upstream down", wantMessage: "Non-success HTTP response status code 502"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", tt.contentType)
				w.WriteHeader(tt.status)
				io.WriteString(w, tt.body)
			}))
			defer srv.Close()
			store, _ := blobstore.NewDir(t.TempDir())
			d := &Downloader{PrimaryURL: srv.URL, Signer: (&env{}).signer(), Store: store}
			_, err := d.Download(context.Background(), "upload", 3, "dst", "")
			var se *StatusError
			if !errors.As(err, &se) || se.Code != tt.status {
				t.Fatalf("error = %v, want *StatusError{%d}", err, tt.status)
			}
			if errors.Is(err, ErrMissingOnPrimary) {
				t.Errorf("%v classified as missing on primary", err)
			}
			if !strings.HasSuffix(err.Error(), tt.wantMessage) {
				t.Errorf("error %q does not end with %q", err, tt.wantMessage)
			}
			assertNothingStored(t, store, "dst")
		})
	}
}

func TestBadRequests(t *testing.T) {
	e := newEnv(t)
	tests := []struct {
		method, path string
		wantStatus   int
	}{
		{http.MethodGet, "/api/v4/geo/retrieve/upload/abc", http.StatusBadRequest},
		{http.MethodGet, "/api/v4/geo/retrieve/upload/0", http.StatusBadRequest},
		{http.MethodGet, "/api/v4/geo/retrieve/upload/-1", http.StatusBadRequest},
		{http.MethodPost, "/api/v4/geo/retrieve/upload/1", http.StatusMethodNotAllowed},
		{http.MethodGet, "/api/v4/geo/retrieve/upload", http.StatusNotFound},
		{http.MethodGet, "/other", http.StatusNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			req, _ := http.NewRequest(tt.method, e.server.URL+tt.path, nil)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != tt.wantStatus {
				t.Errorf("status = %d, want %d", resp.StatusCode, tt.wantStatus)
			}
		})
	}
	d := e.downloader()
	if _, err := d.Download(context.Background(), "../admin", 1, "k", ""); err == nil {
		t.Error("Download with a path in the replicable name succeeded")
	}
}

func TestChecksumMismatch(t *testing.T) {
	data := randomBytes(2<<20, 9)
	tests := []struct {
		name     string
		expected string
		corrupt  bool // the primary's file no longer matches its recorded checksum
	}{
		{name: "caller's expected checksum", expected: sha256Hex([]byte("what the primary verified"))},
		{name: "primary's recorded checksum", corrupt: true},
	}
	for _, tt := range tests {
		for _, existing := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/existing=%v", tt.name, existing), func(t *testing.T) {
				e := newEnv(t)
				key := e.addBlob(t, "upload", 5, data, true)
				if tt.corrupt {
					p, _ := e.primary.Path(key)
					if err := os.WriteFile(p, append([]byte("bitrot"), data[6:]...), 0o644); err != nil {
						t.Fatal(err)
					}
				}
				old := []byte("previous good copy")
				if existing {
					if _, err := e.secondary.Put(context.Background(), "dst", bytes.NewReader(old), blobstore.PutOptions{}); err != nil {
						t.Fatal(err)
					}
				}
				_, err := e.downloader().Download(context.Background(), "upload", 5, "dst", tt.expected)
				if !errors.Is(err, ErrChecksumMismatch) {
					t.Fatalf("Download error = %v, want ErrChecksumMismatch", err)
				}
				if existing {
					if got := readAll(t, e.secondary, "dst"); !bytes.Equal(got, old) {
						t.Errorf("existing blob replaced by %d bytes", len(got))
					}
					assertNoTemp(t, e.secondary.Root())
				} else {
					assertNothingStored(t, e.secondary, "dst")
				}
			})
		}
	}
}

// dyingServer announces size bytes, sends half of them and then stalls
// until release is closed (if stall) or drops the connection.
func dyingServer(t *testing.T, size int, chunked, stall bool, sent chan<- struct{}, release <-chan struct{}) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !chunked {
			w.Header().Set("Content-Length", strconv.Itoa(size))
		}
		w.WriteHeader(http.StatusOK)
		w.Write(randomBytes(size/2, 3))
		w.(http.Flusher).Flush()
		if sent != nil {
			close(sent)
		}
		if stall {
			select {
			case <-release:
			case <-r.Context().Done():
			}
			return
		}
		conn, _, err := http.NewResponseController(w).Hijack()
		if err != nil {
			t.Error(err)
			return
		}
		conn.Close()
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestServerDiesMidBody(t *testing.T) {
	for _, chunked := range []bool{false, true} {
		t.Run(fmt.Sprintf("chunked=%v", chunked), func(t *testing.T) {
			srv := dyingServer(t, 4<<20, chunked, false, nil, nil)
			store, _ := blobstore.NewDir(t.TempDir())
			d := &Downloader{Client: NewClient(), PrimaryURL: srv.URL, Signer: (&env{}).signer(), Store: store}
			_, err := d.Download(context.Background(), "upload", 1, "a/b/dst", "")
			if err == nil {
				t.Fatal("Download of a truncated body succeeded")
			}
			assertNothingStored(t, store, "a/b/dst")
		})
	}
}

func TestCancelMidDownload(t *testing.T) {
	sent := make(chan struct{})
	release := make(chan struct{})
	defer close(release)
	srv := dyingServer(t, 4<<20, false, true, sent, release)
	store, _ := blobstore.NewDir(t.TempDir())
	d := &Downloader{Client: NewClient(), PrimaryURL: srv.URL, Signer: (&env{}).signer(), Store: store}
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		<-sent
		time.Sleep(50 * time.Millisecond) // let the secondary write the first half
		cancel()
	}()
	_, err := d.Download(ctx, "upload", 1, "dst", "")
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Download error = %v, want context.Canceled", err)
	}
	assertNothingStored(t, store, "dst")
}

func TestIdleTimeout(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	srv := dyingServer(t, 4<<20, false, true, nil, release)
	store, _ := blobstore.NewDir(t.TempDir())
	d := &Downloader{PrimaryURL: srv.URL, Signer: (&env{}).signer(), Store: store, IdleTimeout: 200 * time.Millisecond}
	start := time.Now()
	_, err := d.Download(context.Background(), "upload", 1, "dst", "")
	if !errors.Is(err, ErrIdleTimeout) {
		t.Fatalf("Download error = %v, want ErrIdleTimeout", err)
	}
	if elapsed := time.Since(start); elapsed > 10*time.Second {
		t.Errorf("idle timeout took %s", elapsed)
	}
	assertNothingStored(t, store, "dst")
}

func TestRedirectDropsAuthorization(t *testing.T) {
	var gotAuth []string
	var mu sync.Mutex
	mux := http.NewServeMux()
	mux.HandleFunc("/api/v4/geo/retrieve/upload/1", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		gotAuth = append(gotAuth, r.Header.Get("Authorization"))
		mu.Unlock()
		http.Redirect(w, r, "/bucket/object?X-Amz-Signature=abc%2Fdef", http.StatusFound)
	})
	mux.HandleFunc("/bucket/object", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		gotAuth = append(gotAuth, r.Header.Get("Authorization"))
		mu.Unlock()
		if r.URL.RawQuery != "X-Amz-Signature=abc%2Fdef" {
			t.Errorf("redirect query = %q", r.URL.RawQuery)
		}
		io.WriteString(w, "object")
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	store, _ := blobstore.NewDir(t.TempDir())
	d := &Downloader{PrimaryURL: srv.URL, Signer: (&env{}).signer(), Store: store}
	if _, err := d.Download(context.Background(), "upload", 1, "dst", ""); err != nil {
		t.Fatal(err)
	}
	if len(gotAuth) != 2 || !strings.HasPrefix(gotAuth[0], geoauth.Scheme+" ") || gotAuth[1] != "" {
		t.Errorf("Authorization headers seen = %q, want the token on the first request only", gotAuth)
	}
}

func TestNewClient(t *testing.T) {
	c := NewClient()
	tr := c.Transport.(*http.Transport)
	if c.Timeout != 0 {
		t.Errorf("client Timeout = %s, want none (it would cap blob size)", c.Timeout)
	}
	if tr.TLSHandshakeTimeout != DefaultTimeout || tr.ResponseHeaderTimeout != DefaultTimeout || !tr.DisableCompression {
		t.Errorf("transport = TLS %s, header %s, compression disabled %v", tr.TLSHandshakeTimeout, tr.ResponseHeaderTimeout, tr.DisableCompression)
	}
}

func TestInternalErrors(t *testing.T) {
	logs := &syncBuffer{}
	store, _ := blobstore.NewDir(t.TempDir())
	verifier := &geoauth.Verifier{Keys: geoauth.StaticKeys{accessKey: {Secret: []byte(secret)}}}
	locate := LocatorFunc(func(context.Context, string, int64) (Location, error) {
		return Location{}, errors.New("database is down")
	})
	srv := httptest.NewServer(NewHandler(verifier, locate, store, slog.New(slog.NewTextHandler(logs, nil))))
	defer srv.Close()
	secondary, _ := blobstore.NewDir(t.TempDir())
	d := &Downloader{PrimaryURL: srv.URL, Signer: (&env{}).signer(), Store: secondary}
	_, err := d.Download(context.Background(), "upload", 1, "dst", "")
	var se *StatusError
	if !errors.As(err, &se) || se.Code != http.StatusInternalServerError {
		t.Fatalf("Download error = %v, want a 500 *StatusError", err)
	}
	if strings.Contains(err.Error(), "database") {
		t.Errorf("internal detail leaked to the client: %v", err)
	}
	if !strings.Contains(logs.String(), "database is down") {
		t.Errorf("log %q does not record the cause", logs.String())
	}
	assertNothingStored(t, secondary, "dst")
}

// A download reports the primary verified only when the primary sent the
// checksum its verification recorded: the store's own checksum of an
// unverified blob still checks the transfer, but is nothing to verify
// against.
func TestDownloadReportsPrimaryVerification(t *testing.T) {
	e := newEnv(t)
	data := []byte("verified on the primary")
	e.addBlob(t, "upload", 1, data, true)
	e.addBlob(t, "upload", 2, data, false)
	for _, tc := range []struct {
		id         int64
		verified   string
		wantResult bool
	}{
		{1, "true", true},
		{2, "", false},
	} {
		h, err := e.signer().Sign(geoauth.BlobScope("upload", tc.id))
		if err != nil {
			t.Fatal(err)
		}
		req, _ := http.NewRequest(http.MethodHead, fmt.Sprintf("%s/api/v4/geo/retrieve/upload/%d", e.server.URL, tc.id), nil)
		req.Header.Set("Authorization", h)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if got := resp.Header.Get(VerifiedHeader); got != tc.verified {
			t.Errorf("record %d: %s = %q, want %q", tc.id, VerifiedHeader, got, tc.verified)
		}
		res, err := e.downloader().Download(context.Background(), "upload", tc.id, fmt.Sprintf("copy/%d", tc.id), "")
		if err != nil {
			t.Fatal(err)
		}
		if res.PrimaryVerified != tc.wantResult || res.SHA256 != sha256Hex(data) {
			t.Errorf("record %d: Result %+v, want PrimaryVerified %v and the blob's checksum", tc.id, res, tc.wantResult)
		}
	}
}
