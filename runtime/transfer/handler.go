package transfer

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/geogen/geogen/runtime/blobstore"
	"github.com/geogen/geogen/runtime/geoauth"
)

const (
	// RetrievePattern is the ServeMux pattern of the retrieve endpoint.
	RetrievePattern = "GET /api/v4/geo/retrieve/{replicable_name}/{id}"

	// ChecksumHeader carries the blob's hex SHA-256 when the primary
	// knows it.
	ChecksumHeader = "X-Geo-Checksum-SHA256"
	// VerifiedHeader is "true" when ChecksumHeader is the checksum the
	// primary's verification recorded (not only its store's): a secondary
	// can then verify its copy against it.
	VerifiedHeader = "X-Geo-Checksum-Verified"
	// RequestIDHeader correlates a download's log lines on both sites.
	RequestIDHeader = "X-Request-ID"

	// GeoCodeFileNotFound is the geo_code of a 404 for a record, or the
	// record's file, that does not exist on the primary.
	GeoCodeFileNotFound = "FILE_NOT_FOUND"
	// GeoCodeUnknownReplicable is the geo_code of a 404 for a replicable
	// name the primary does not serve.
	GeoCodeUnknownReplicable = "UNKNOWN_REPLICABLE"
)

var (
	// ErrRecordNotFound is returned by a Locator when the record does not
	// exist.
	ErrRecordNotFound = errors.New("transfer: record not found")
	// ErrUnknownReplicable is returned by a Locator for a replicable name
	// it does not serve.
	ErrUnknownReplicable = errors.New("transfer: unknown replicable")
)

// Location says where a record's blob is kept.
type Location struct {
	// Key is the blob's key in Store.
	Key string
	// Store holds the blob; nil: the Handler's store. A site whose types
	// keep their blobs in stores of their own sets it.
	Store BlobOpener
	// SHA256 is the blob's hex SHA-256 when the primary has verified it
	// (from its verification state), empty otherwise.
	SHA256 string
}

// Locator finds the blob of a record. It returns an error matching
// ErrUnknownReplicable or ErrRecordNotFound when there is nothing to serve.
type Locator interface {
	Locate(ctx context.Context, replicableName string, id int64) (Location, error)
}

// LocatorFunc adapts a function to a Locator.
type LocatorFunc func(ctx context.Context, replicableName string, id int64) (Location, error)

// Locate calls f.
func (f LocatorFunc) Locate(ctx context.Context, replicableName string, id int64) (Location, error) {
	return f(ctx, replicableName, id)
}

// TokenVerifier checks a request's Authorization header for one scope;
// *geoauth.Verifier implements it.
type TokenVerifier interface {
	Verify(ctx context.Context, header string, want geoauth.Scope) (geoauth.Caller, error)
}

// BlobOpener is the part of a blobstore.Store the Handler reads from.
type BlobOpener interface {
	Open(ctx context.Context, key string) (io.ReadCloser, blobstore.Info, error)
}

// Handler is the primary's retrieve endpoint. Mount it at the server's
// root (it matches RetrievePattern only) or route RetrievePattern to it.
//
// Handler sets no server timeouts: configure the http.Server with a
// ReadHeaderTimeout, and no WriteTimeout shorter than the largest blob
// takes to send.
type Handler struct {
	verifier TokenVerifier
	locator  Locator
	store    BlobOpener
	logger   *slog.Logger
	mux      *http.ServeMux
}

// NewHandler returns a Handler that authenticates requests with verifier,
// finds blobs with locator and reads them from store. A nil logger means
// slog.Default().
func NewHandler(verifier TokenVerifier, locator Locator, store BlobOpener, logger *slog.Logger) *Handler {
	if logger == nil {
		logger = slog.Default()
	}
	h := &Handler{verifier: verifier, locator: locator, store: store, logger: logger, mux: http.NewServeMux()}
	h.mux.HandleFunc(RetrievePattern, h.retrieve)
	return h
}

// ServeHTTP implements http.Handler.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.mux.ServeHTTP(w, r)
}

// errorBody is the JSON body of an error response.
type errorBody struct {
	GeoCode string `json:"geo_code,omitempty"`
	Message string `json:"message"`
}

// WriteError writes the JSON error body that the primary's transfer
// endpoints (blobs here, repositories in gitrepo) answer with; a secondary
// reads geo_code to tell a missing file from other failures.
func WriteError(w http.ResponseWriter, status int, geoCode, message string) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(errorBody{GeoCode: geoCode, Message: message})
}

func (h *Handler) retrieve(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	ctx := r.Context()
	name := r.PathValue("replicable_name")
	log := h.logger.With(
		slog.String("remote_addr", r.RemoteAddr),
		slog.String("replicable_name", name),
		slog.String("replicable_id", r.PathValue("id")),
		slog.String("request_id", r.Header.Get(RequestIDHeader)),
	)
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		log.WarnContext(ctx, "geo retrieve: invalid record id")
		WriteError(w, http.StatusBadRequest, "", "invalid record id")
		return
	}

	caller, err := h.verifier.Verify(ctx, r.Header.Get("Authorization"), geoauth.BlobScope(name, id))
	if err != nil {
		var ae *geoauth.Error
		if !errors.As(err, &ae) {
			log.ErrorContext(ctx, "geo retrieve: cannot verify token", slog.Any("error", err))
			WriteError(w, http.StatusInternalServerError, "", "internal error")
			return
		}
		status := ae.HTTPStatus()
		log.WarnContext(ctx, "geo retrieve: request refused",
			slog.Int("status", status),
			slog.String("reason", string(ae.Reason)),
			slog.String("access_key", ae.AccessKey),
			slog.Any("error", ae.Err),
		)
		WriteError(w, status, "", strconv.Itoa(status)+" "+http.StatusText(status))
		return
	}
	log = log.With(slog.String("site", caller.Site))

	loc, err := h.locator.Locate(ctx, name, id)
	switch {
	case errors.Is(err, ErrUnknownReplicable):
		log.WarnContext(ctx, "geo retrieve: unknown replicable")
		WriteError(w, http.StatusNotFound, GeoCodeUnknownReplicable, "unknown replicable "+strconv.Quote(name))
		return
	case errors.Is(err, ErrRecordNotFound):
		log.WarnContext(ctx, "geo retrieve: record not found")
		WriteError(w, http.StatusNotFound, GeoCodeFileNotFound, "record not found")
		return
	case err != nil:
		log.ErrorContext(ctx, "geo retrieve: cannot locate blob", slog.Any("error", err))
		WriteError(w, http.StatusInternalServerError, "", "internal error")
		return
	}

	store := h.store
	if loc.Store != nil {
		store = loc.Store
	}
	if store == nil {
		log.ErrorContext(ctx, "geo retrieve: no blob store for the replicable")
		WriteError(w, http.StatusInternalServerError, "", "internal error")
		return
	}
	rc, info, err := store.Open(ctx, loc.Key)
	switch {
	case errors.Is(err, blobstore.ErrNotFound):
		log.WarnContext(ctx, "geo retrieve: file not found", slog.String("key", loc.Key))
		WriteError(w, http.StatusNotFound, GeoCodeFileNotFound, "file not found")
		return
	case err != nil:
		log.ErrorContext(ctx, "geo retrieve: cannot open blob", slog.String("key", loc.Key), slog.Any("error", err))
		WriteError(w, http.StatusInternalServerError, "", "internal error")
		return
	}
	defer rc.Close()

	hdr := w.Header()
	hdr.Set("Content-Type", "application/octet-stream")
	hdr.Set("Content-Length", strconv.FormatInt(info.Size, 10))
	if sum := loc.SHA256; sum != "" {
		hdr.Set(ChecksumHeader, sum)
		hdr.Set(VerifiedHeader, "true")
	} else if info.SHA256 != "" {
		hdr.Set(ChecksumHeader, info.SHA256)
	}
	w.WriteHeader(http.StatusOK)
	if r.Method == http.MethodHead {
		return
	}
	// With an *os.File and a plain TCP connection this is a sendfile.
	n, err := io.Copy(w, rc)
	if err == nil && n != info.Size {
		err = io.ErrUnexpectedEOF // the file changed under us
	}
	if err != nil {
		log.WarnContext(ctx, "geo retrieve: transfer interrupted",
			slog.Int64("bytes", n), slog.Int64("size", info.Size), slog.Any("error", err))
		return
	}
	log.DebugContext(ctx, "geo retrieve: blob sent", slog.Int64("bytes", n), slog.Duration("duration", time.Since(start)))
}
