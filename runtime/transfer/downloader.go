package transfer

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/geogen/geogen/runtime/blobstore"
	"github.com/geogen/geogen/runtime/geoauth"
)

const (
	// DefaultTimeout is each of the connect, TLS handshake, response header
	// and idle body timeouts.
	DefaultTimeout = 60 * time.Second

	// maxErrorBody bounds how much of an error response is read.
	maxErrorBody = 64 << 10
)

var (
	// ErrMissingOnPrimary means the primary answered 404 FILE_NOT_FOUND:
	// the record or its file does not exist there. Registries record it as
	// missing_on_primary.
	ErrMissingOnPrimary = errors.New("transfer: file not found on primary")

	// ErrIdleTimeout means the primary sent no body bytes for the
	// downloader's idle timeout.
	ErrIdleTimeout = errors.New("transfer: primary sent nothing within the idle timeout")

	// ErrChecksumMismatch is blobstore.ErrChecksumMismatch: the downloaded
	// bytes did not have the primary's checksum, and nothing was stored.
	ErrChecksumMismatch = blobstore.ErrChecksumMismatch
)

// StatusError is a non-success response from the primary other than a
// missing file.
type StatusError struct {
	Code int
	// GeoCode and Message are from the primary's JSON error body, if any.
	GeoCode string
	Message string
}

func (e *StatusError) Error() string {
	s := "Non-success HTTP response status code " + strconv.Itoa(e.Code)
	if e.GeoCode != "" {
		s += " (" + e.GeoCode + ")"
	}
	if e.Message != "" {
		s += ": " + e.Message
	}
	return s
}

// TokenSigner makes the Authorization header for one scope;
// *geoauth.Signer implements it.
type TokenSigner interface {
	Sign(scope geoauth.Scope) (string, error)
}

// BlobPutter is the part of a blobstore.Store the Downloader writes to.
type BlobPutter interface {
	Put(ctx context.Context, key string, r io.Reader, opts blobstore.PutOptions) (blobstore.Info, error)
}

// Result describes a completed download.
type Result struct {
	Bytes    int64
	Duration time.Duration
	SHA256   string // hex SHA-256 of the stored blob
	// PrimaryVerified: the primary sent the checksum its verification
	// recorded (VerifiedHeader), and the stored blob has it.
	PrimaryVerified bool
}

// Downloader fetches blobs from the primary's retrieve endpoint into a
// store. It is safe for concurrent use once configured.
type Downloader struct {
	// Client sends the requests; nil means a client from NewClient.
	// Set no overall Client.Timeout: it would cap the size of a blob.
	Client *http.Client
	// PrimaryURL is the primary's internal base URL, such as
	// "https://primary.internal:8443".
	PrimaryURL string
	// Signer makes the token of each request.
	Signer TokenSigner
	// Store receives the blobs.
	Store BlobPutter
	// IdleTimeout aborts a download when the body stalls that long; zero
	// means DefaultTimeout.
	IdleTimeout time.Duration
}

// defaultClient serves Downloaders without a Client. It is never modified.
var defaultClient = NewClient()

// NewClient returns an HTTP client for site-to-site transfers: connect,
// TLS handshake and response header timeouts of DefaultTimeout, no overall
// timeout, no transparent compression (the bytes hashed are the bytes sent),
// enough idle connections for concurrent sync workers, and redirects that
// drop the Authorization header (a redirect to object storage must not
// carry the site token, and carries its own signature).
func NewClient() *http.Client {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.DialContext = (&net.Dialer{Timeout: DefaultTimeout, KeepAlive: 30 * time.Second}).DialContext
	t.TLSHandshakeTimeout = DefaultTimeout
	t.ResponseHeaderTimeout = DefaultTimeout
	t.DisableCompression = true
	t.MaxIdleConnsPerHost = 32
	return &http.Client{
		Transport: t,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) >= 10 {
				return errors.New("stopped after 10 redirects")
			}
			req.Header.Del("Authorization")
			return nil
		},
	}
}

// Download fetches the blob of record id of replicableName from the primary
// and stores it under key.
//
// The body is streamed into the store's atomic Put. The content must have
// expectedSHA256 when it is given; otherwise the checksum the primary sends
// in X-Geo-Checksum-SHA256, if any. On any error nothing is stored and an
// existing blob under key is left as it was.
//
// Errors match ErrMissingOnPrimary (404 FILE_NOT_FOUND), ErrChecksumMismatch
// or ErrIdleTimeout, or wrap a *StatusError for any other non-2xx status.
func (d *Downloader) Download(ctx context.Context, replicableName string, id int64, key, expectedSHA256 string) (res Result, err error) {
	start := time.Now()
	defer func() {
		res.Duration = time.Since(start)
		if err != nil {
			err = fmt.Errorf("transfer: download %s/%d: %w", replicableName, id, err)
		}
	}()

	if err := validReplicableName(replicableName); err != nil {
		return Result{}, err
	}
	auth, err := d.Signer.Sign(geoauth.BlobScope(replicableName, id))
	if err != nil {
		return Result{}, err
	}
	u, err := url.JoinPath(d.PrimaryURL, "api/v4/geo/retrieve", replicableName, strconv.FormatInt(id, 10))
	if err != nil {
		return Result{}, fmt.Errorf("primary URL: %w", err)
	}

	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return Result{}, err
	}
	req.Header.Set("Authorization", auth)
	req.Header.Set(RequestIDHeader, requestID())

	client := d.Client
	if client == nil {
		client = defaultClient
	}
	resp, err := client.Do(req)
	if err != nil {
		return Result{}, err
	}
	defer resp.Body.Close()

	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return Result{}, responseError(resp)
	}

	want := expectedSHA256
	if want == "" {
		want = primaryChecksum(resp.Header.Get(ChecksumHeader))
	}
	idle := d.IdleTimeout
	if idle <= 0 {
		idle = DefaultTimeout
	}
	body := newIdleReader(resp.Body, idle, func() { cancel(ErrIdleTimeout) })
	defer body.stop()

	info, err := d.Store.Put(ctx, key, body, blobstore.PutOptions{ExpectedSHA256: want})
	if err != nil {
		if context.Cause(ctx) == ErrIdleTimeout {
			return Result{}, fmt.Errorf("%w (%s): %w", ErrIdleTimeout, idle, err)
		}
		return Result{}, err
	}
	verified := resp.Header.Get(VerifiedHeader) == "true" && info.SHA256 == primaryChecksum(resp.Header.Get(ChecksumHeader))
	return Result{Bytes: info.Size, SHA256: info.SHA256, PrimaryVerified: verified}, nil
}

// responseError reads a non-2xx response into ErrMissingOnPrimary or a
// *StatusError.
func responseError(resp *http.Response) error {
	body, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
	var eb errorBody
	if strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
		json.Unmarshal(body, &eb) // best effort: a proxy may answer instead
	}
	if resp.StatusCode == http.StatusNotFound && eb.GeoCode == GeoCodeFileNotFound {
		return fmt.Errorf("%w: %s", ErrMissingOnPrimary, eb.Message)
	}
	return &StatusError{Code: resp.StatusCode, GeoCode: eb.GeoCode, Message: eb.Message}
}

// primaryChecksum returns the checksum header's value when it is a hex
// SHA-256, and nothing otherwise.
func primaryChecksum(v string) string {
	if len(v) != 64 {
		return ""
	}
	if _, err := hex.DecodeString(v); err != nil {
		return ""
	}
	return v
}

// validReplicableName accepts the snake_case names replicable types have, so
// that a name never changes the request path.
func validReplicableName(name string) error {
	if name == "" {
		return errors.New("empty replicable name")
	}
	for _, c := range name {
		if (c < 'a' || c > 'z') && (c < '0' || c > '9') && c != '_' {
			return fmt.Errorf("replicable name %q is not snake_case", name)
		}
	}
	return nil
}

func requestID() string { return rand.Text() }

// idleReader calls onIdle when no bytes have been read for timeout.
type idleReader struct {
	r       io.Reader
	timeout time.Duration
	timer   *time.Timer
}

func newIdleReader(r io.Reader, timeout time.Duration, onIdle func()) *idleReader {
	return &idleReader{r: r, timeout: timeout, timer: time.AfterFunc(timeout, onIdle)}
}

func (ir *idleReader) Read(p []byte) (int, error) {
	n, err := ir.r.Read(p)
	switch {
	case err != nil:
		// Done reading: a slow fsync after the last byte is not a stall.
		ir.timer.Stop()
	case n > 0:
		ir.timer.Reset(ir.timeout)
	}
	return n, err
}

func (ir *idleReader) stop() { ir.timer.Stop() }
