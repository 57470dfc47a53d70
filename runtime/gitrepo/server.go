package gitrepo

import (
	"context"
	"errors"
	"io/fs"
	"log/slog"
	"net/http"
	"net/http/cgi"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/geogen/geogen/runtime/geoauth"
	"github.com/geogen/geogen/runtime/transfer"
)

const (
	// ServePrefix is where the primary serves repositories:
	// ServePrefix + "{replicable_name}/{id}.git/".
	ServePrefix = "/api/v4/geo/repositories/"

	// GeoCodeFileNotFound is the geo_code of a 404 for a repository the
	// primary does not have, the same as the blob transfer API's for a
	// missing file.
	GeoCodeFileNotFound = transfer.GeoCodeFileNotFound
)

// ErrRepositoryNotFound is returned by a Locate function for a record that
// does not exist; the server answers 404 FILE_NOT_FOUND.
var ErrRepositoryNotFound = errors.New("gitrepo: repository not found")

// TokenVerifier checks an Authorization header for one scope;
// *geoauth.Verifier implements it.
type TokenVerifier interface {
	Verify(ctx context.Context, header string, want geoauth.Scope) (geoauth.Caller, error)
}

// Locate returns the path, relative to the server's root and using
// slashes, of a record's repository.
type Locate func(ctx context.Context, replicableName string, id int64) (string, error)

// Scope is the token scope of one record's repository,
// "{replicable_name}/{id}". A secondary signs it; the server verifies it.
func Scope(replicableName string, id int64) geoauth.Scope {
	return geoauth.RepositoryScope(replicableName + "/" + strconv.FormatInt(id, 10))
}

// URL is where a primary whose base URL is base serves a record's
// repository; give it to Mirror.Sync.
func URL(base, replicableName string, id int64) string {
	return strings.TrimSuffix(base, "/") + ServePrefix + replicableName + "/" + strconv.FormatInt(id, 10) + ".git"
}

// Server is the primary's read-only git endpoint.
type Server struct {
	root     string
	verifier TokenVerifier
	locate   Locate
	logger   *slog.Logger
	git      string // absolute path of git, empty when not installed
	backend  *cgi.Handler
}

// NewServer serves the repositories under root over git's smart HTTP
// protocol, for fetches only (git-upload-pack), to callers whose geoauth
// token is scoped to the repository asked for (see Scope). locate maps a
// record to its repository's path under root. A nil logger means
// slog.Default().
//
// Mount it at ServePrefix, or at the server's root. Like the blob
// transfer handler it sets no timeouts: a clone of a large repository
// takes as long as it takes.
func NewServer(root string, verifier TokenVerifier, locate Locate, logger *slog.Logger) *Server {
	if logger == nil {
		logger = slog.Default()
	}
	if abs, err := filepath.Abs(root); err == nil {
		root = abs
	}
	git, _ := exec.LookPath("git") // reported on each request when missing
	if git != "" {
		if abs, err := filepath.Abs(git); err == nil {
			git = abs
		}
	}
	return &Server{root: root, verifier: verifier, locate: locate, logger: logger, git: git, backend: &cgi.Handler{
		Path: git,
		Args: []string{"http-backend"},
		Env:  []string{"GIT_PROJECT_ROOT=" + root, "GIT_HTTP_EXPORT_ALL=1"},
		// What git and the CGI bridge report goes to the site's log, not
		// to the process's stderr.
		Stderr: stderrLog{logger},
		Logger: slog.NewLogLogger(logger.Handler(), slog.LevelError),
	}}
}

// stderrLog logs what git http-backend writes to its stderr.
type stderrLog struct{ logger *slog.Logger }

func (l stderrLog) Write(p []byte) (int, error) {
	if msg := strings.TrimSpace(string(p)); msg != "" {
		l.logger.Warn("geo git: git http-backend: " + msg)
	}
	return len(p), nil
}

// request is a parsed repository URL.
type request struct {
	name   string
	id     int64
	suffix string // what follows ".git": "/info/refs" or "/git-upload-pack"
}

// parseRequest splits ServePrefix + "{name}/{id}.git{suffix}".
func parseRequest(path string) (request, bool) {
	rest, ok := strings.CutPrefix(path, ServePrefix)
	name, rest, ok2 := strings.Cut(rest, "/")
	idText, suffix, ok3 := strings.Cut(rest, ".git")
	id, err := strconv.ParseInt(idText, 10, 64)
	if !ok || !ok2 || !ok3 || err != nil || id <= 0 || name == "" || strings.ContainsAny(name, "./") {
		return request{}, false
	}
	return request{name: name, id: id, suffix: suffix}, true
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	req, ok := parseRequest(r.URL.Path)
	log := s.logger.With(slog.String("remote_addr", r.RemoteAddr), slog.String("path", r.URL.Path))
	if !ok {
		log.WarnContext(ctx, "geo git: not a repository URL")
		transfer.WriteError(w, http.StatusNotFound, "", "not a repository URL: want "+ServePrefix+"{replicable_name}/{id}.git/")
		return
	}
	log = log.With(slog.String("replicable_name", req.name), slog.Int64("replicable_id", req.id))

	// git http-backend reads the query string itself. A query it could
	// read differently from this check (a repeated service, which of the
	// two values wins being up to the reader, or one Go cannot parse) is
	// refused rather than guessed at.
	query, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil || len(query["service"]) > 1 {
		log.WarnContext(ctx, "geo git: ambiguous query refused", slog.String("query", r.URL.RawQuery))
		transfer.WriteError(w, http.StatusBadRequest, "", "give the service parameter at most once, in a well-formed query")
		return
	}
	service := query.Get("service")
	if service == "git-receive-pack" || strings.HasSuffix(req.suffix, "/git-receive-pack") {
		log.WarnContext(ctx, "geo git: push refused", slog.Int("status", http.StatusForbidden))
		transfer.WriteError(w, http.StatusForbidden, "", "repositories are read-only here: fetch only")
		return
	}
	fetch := (r.Method == http.MethodGet && req.suffix == "/info/refs" && service == "git-upload-pack") ||
		(r.Method == http.MethodPost && req.suffix == "/git-upload-pack")
	if !fetch {
		log.WarnContext(ctx, "geo git: not a smart-HTTP fetch", slog.String("method", r.Method), slog.String("service", service))
		transfer.WriteError(w, http.StatusNotFound, "", "only smart-HTTP fetches (git-upload-pack) are served")
		return
	}

	caller, err := s.verifier.Verify(ctx, r.Header.Get("Authorization"), Scope(req.name, req.id))
	if err != nil {
		var ae *geoauth.Error
		if !errors.As(err, &ae) {
			log.ErrorContext(ctx, "geo git: cannot verify token", slog.Any("error", err))
			transfer.WriteError(w, http.StatusInternalServerError, "", "internal error")
			return
		}
		status := ae.HTTPStatus()
		log.WarnContext(ctx, "geo git: request refused",
			slog.Int("status", status),
			slog.String("reason", string(ae.Reason)),
			slog.String("access_key", ae.AccessKey),
			slog.Any("error", ae.Err),
		)
		transfer.WriteError(w, status, "", strconv.Itoa(status)+" "+http.StatusText(status))
		return
	}
	log = log.With(slog.String("site", caller.Site))

	rel, err := s.repositoryPath(ctx, req)
	switch {
	case errors.Is(err, ErrRepositoryNotFound) || errors.Is(err, fs.ErrNotExist):
		log.WarnContext(ctx, "geo git: repository not found", slog.Any("error", err))
		transfer.WriteError(w, http.StatusNotFound, GeoCodeFileNotFound, "repository not found")
		return
	case err != nil:
		log.ErrorContext(ctx, "geo git: cannot locate repository", slog.Any("error", err))
		transfer.WriteError(w, http.StatusInternalServerError, "", "internal error")
		return
	}
	if s.git == "" {
		log.ErrorContext(ctx, "geo git: git is not installed on this site: install git to serve repositories")
		transfer.WriteError(w, http.StatusInternalServerError, "", "internal error")
		return
	}

	// http-backend finds the repository from PATH_INFO, which the CGI
	// handler takes from the URL path; it never sees the token.
	backendReq := r.Clone(ctx)
	backendReq.URL.Path = "/" + rel + req.suffix
	backendReq.URL.RawPath = ""
	backendReq.Header.Del("Authorization")
	s.backend.ServeHTTP(w, backendReq)
}

// repositoryPath locates the record's repository and checks that it is
// on disk and inside root.
func (s *Server) repositoryPath(ctx context.Context, req request) (string, error) {
	rel, err := s.locate(ctx, req.name, req.id)
	if err != nil {
		return "", err
	}
	rel = strings.Trim(filepath.ToSlash(filepath.Clean(filepath.FromSlash(rel))), "/")
	if !filepath.IsLocal(filepath.FromSlash(rel)) {
		return "", errors.New("gitrepo: located path " + strconv.Quote(rel) + " is not inside the repository root")
	}
	info, err := os.Stat(filepath.Join(s.root, filepath.FromSlash(rel)))
	if err != nil {
		return "", err
	}
	if !info.IsDir() {
		return "", errors.New("gitrepo: located path " + strconv.Quote(rel) + " is not a directory")
	}
	return rel, nil
}
