package gitrepo

import (
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"log/slog"
	"net/http"
	"net/http/cgi"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/geogen/geogen/runtime/geoauth"
)

// ServePrefix is where the primary serves repositories.
const ServePrefix = "/api/v4/geo/repositories/"

// ErrRepositoryNotFound is returned by a locate function for a record that
// does not exist.
var ErrRepositoryNotFound = errors.New("repository not found")

// TokenVerifier checks an Authorization header for one scope;
// *geoauth.Verifier implements it.
type TokenVerifier interface {
	Verify(ctx context.Context, header string, want geoauth.Scope) (geoauth.Caller, error)
}

// Locate returns the path, relative to the server's root, of a record's
// repository.
type Locate func(ctx context.Context, replicableName string, id int64) (string, error)

// Scope is the token scope of one record's repository.
func Scope(replicableName string, id int64) geoauth.Scope {
	return geoauth.RepositoryScope(replicableName + "/" + strconv.FormatInt(id, 10))
}

// URL is where a primary at base serves a record's repository.
func URL(base, replicableName string, id int64) string {
	return strings.TrimSuffix(base, "/") + ServePrefix + replicableName + "/" + strconv.FormatInt(id, 10) + ".git"
}

// Server is the primary's read-only git endpoint.
type Server struct {
	root     string
	verifier TokenVerifier
	locate   Locate
	logger   *slog.Logger
	backend  *cgi.Handler
}

// NewServer serves the repositories under root over git's smart HTTP
// protocol, for fetches only, to callers with a token scoped to the
// repository. A nil logger means slog.Default().
func NewServer(root string, verifier TokenVerifier, locate Locate, logger *slog.Logger) (*Server, error) {
	git, err := exec.LookPath("git")
	if err != nil {
		return nil, errors.New("gitrepo: the git command is needed to serve repositories: install git")
	}
	if logger == nil {
		logger = slog.Default()
	}
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	return &Server{root: abs, verifier: verifier, locate: locate, logger: logger, backend: &cgi.Handler{
		Path: git,
		Args: []string{"http-backend"},
		Env:  []string{"GIT_PROJECT_ROOT=" + abs, "GIT_HTTP_EXPORT_ALL=1"},
	}}, nil
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	rest, ok := strings.CutPrefix(r.URL.Path, ServePrefix)
	name, rest, _ := strings.Cut(rest, "/")
	idText, suffix, found := strings.Cut(rest, ".git")
	id, err := strconv.ParseInt(idText, 10, 64)
	log := s.logger.With(slog.String("remote_addr", r.RemoteAddr), slog.String("replicable_name", name), slog.String("replicable_id", idText))
	if !ok || !found || err != nil || id <= 0 || name == "" {
		writeError(w, http.StatusNotFound, "", "not a repository URL")
		return
	}
	if r.URL.Query().Get("service") == "git-receive-pack" || strings.HasSuffix(suffix, "/git-receive-pack") {
		log.WarnContext(ctx, "geo git: push refused")
		writeError(w, http.StatusForbidden, "", "repositories are read-only here")
		return
	}
	if _, err := s.verifier.Verify(ctx, r.Header.Get("Authorization"), Scope(name, id)); err != nil {
		status := http.StatusInternalServerError
		var ae *geoauth.Error
		if errors.As(err, &ae) {
			status = ae.HTTPStatus()
		}
		log.WarnContext(ctx, "geo git: request refused", slog.Int("status", status), slog.Any("error", err))
		if status == http.StatusUnauthorized {
			w.Header().Set("WWW-Authenticate", `Bearer realm="geo"`)
		}
		writeError(w, status, "", http.StatusText(status))
		return
	}
	rel, err := s.locate(ctx, name, id)
	if err == nil {
		_, err = os.Stat(filepath.Join(s.root, filepath.FromSlash(rel)))
	}
	switch {
	case errors.Is(err, ErrRepositoryNotFound) || errors.Is(err, fs.ErrNotExist):
		log.WarnContext(ctx, "geo git: repository not found")
		writeError(w, http.StatusNotFound, "FILE_NOT_FOUND", "repository not found")
		return
	case err != nil:
		log.ErrorContext(ctx, "geo git: cannot locate repository", slog.Any("error", err))
		writeError(w, http.StatusInternalServerError, "", "internal error")
		return
	}
	// http-backend finds the repository from PATH_INFO, which the CGI
	// handler takes from the URL path.
	r2 := r.Clone(ctx)
	r2.URL.Path = "/" + strings.TrimPrefix(rel, "/") + suffix
	r2.Header.Del("Authorization")
	s.backend.ServeHTTP(w, r2)
}

func writeError(w http.ResponseWriter, status int, geoCode, message string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(struct {
		GeoCode string `json:"geo_code,omitempty"`
		Message string `json:"message"`
	}{geoCode, message})
}
