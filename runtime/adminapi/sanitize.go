package adminapi

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/http"

	gqlerrors "github.com/graph-gophers/graphql-go/errors"

	"github.com/geogen/geogen/runtime/geographql"
)

// CorrelationHeader carries a request's correlation id in every response,
// as GitLab's X-Request-Id does: the id an internal error names, and the
// one its log line has.
const CorrelationHeader = "X-Request-Id"

type correlationKey struct{}

// withCorrelationID gives the request a fresh correlation id and sends it
// in the response header.
func withCorrelationID(ctx context.Context, w http.ResponseWriter) context.Context {
	var b [16]byte
	_, _ = rand.Read(b[:])
	id := hex.EncodeToString(b[:])
	w.Header().Set(CorrelationHeader, id)
	return context.WithValue(ctx, correlationKey{}, id)
}

func correlationIDFrom(ctx context.Context) string {
	id, _ := ctx.Value(correlationKey{}).(string)
	return id
}

// internalError is what a client sees of a failure of the site: a generic
// message and the correlation id that finds the details in the log.
func internalError(id string) *gqlerrors.QueryError {
	return &gqlerrors.QueryError{
		Message:    "Internal server error: the details are logged under correlation id " + id,
		Extensions: map[string]any{"correlation_id": id},
	}
}

// sanitize answers every internal resolver error (a database that is
// down, a failed statement: anything geographql.IsClientError does not
// vouch for) with internalError, logging its details, so that no SQLSTATE,
// user, host or database name reaches a client; and it reports each error
// once, dropping repeats of a message at the same path.
func (s *Server) sanitize(ctx context.Context, errs []*gqlerrors.QueryError) []*gqlerrors.QueryError {
	if len(errs) == 0 {
		return errs
	}
	id := correlationIDFrom(ctx)
	seen := map[string]bool{}
	out := errs[:0]
	for _, e := range errs {
		if e.ResolverError != nil && !geographql.IsClientError(e.ResolverError) {
			s.log.ErrorContext(ctx, "admin API: GraphQL resolver failed", "error", e.ResolverError, "path", e.Path, "correlation_id", id)
			clean := internalError(id)
			clean.Path, clean.Locations = e.Path, e.Locations
			e = clean
		}
		key := e.Message + "\x00" + fmt.Sprint(e.Path)
		if seen[key] {
			continue
		}
		seen[key] = true
		out = append(out, e)
	}
	return out
}
