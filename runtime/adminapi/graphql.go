package adminapi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"time"

	graphql "github.com/graph-gophers/graphql-go"
	gqlerrors "github.com/graph-gophers/graphql-go/errors"

	"github.com/geogen/geogen/runtime/geographql"
	"github.com/geogen/geogen/runtime/verification"
)

// buildSchema composes the GeoNode schema of the bindings, with this
// site as the current node and the limits applied.
func (s *Server) buildSchema(types []geographql.TypeBinding, others []geographql.Node) (*graphql.Schema, error) {
	reverify := s.site.ReverifyInterval
	if reverify <= 0 {
		reverify = verification.DefaultReverifyInterval
	}
	current := geographql.Node{
		ID: s.siteID(), Name: s.site.Name, URL: s.site.URL, InternalURL: s.site.InternalURL, Primary: s.site.Primary, Enabled: true,
		SyncCapacity: s.site.SyncCapacity, VerificationCapacity: s.site.VerificationCapacity,
		MinimumReverificationIntervalDays: int(reverify / (24 * time.Hour)),
	}
	app := s.app
	if app == "" {
		app = geographql.DefaultGlobalIDApp
	}
	schema, err := geographql.NewSchema(types,
		geographql.WithGlobalIDApp(app),
		geographql.WithCurrentNode(current),
		geographql.WithOtherNodes(others...),
		geographql.WithBulkJobs(s.bulkJobs()),
		geographql.WithSchemaOptions(
			graphql.MaxDepth(s.limits.MaxDepth),
			graphql.MaxQueryLength(s.limits.MaxQueryLength),
			graphql.MaxSelections(s.limits.MaxSelections),
			// One resolver at a time: a request holds at most one database
			// connection, however many fields and aliases it has.
			graphql.MaxParallelism(1),
			// Large response buffers go back to the garbage collector
			// rather than a pool, so memory is returned after a big request.
			graphql.MaxPooledBufferCap(pooledBufferCap),
			graphql.PanicHandler(panicLogger{s}),
		))
	if err != nil {
		return nil, fmt.Errorf("admin API: %w", err)
	}
	return schema, nil
}

// graphQLRequest is the body of a POST, or the parameters of a GET.
type graphQLRequest struct {
	Query         string           `json:"query"`
	OperationName string           `json:"operationName"`
	Variables     graphQLVariables `json:"variables"`
}

// serveGraphQL runs a GraphQL request as the authenticated admin. Only
// transport problems (method, body, credentials) get a non-200 status;
// everything about the query itself, from a syntax error to an invalid
// cursor, is a GraphQL error in a 200 response, as GitLab answers.
//
// A request's variables may be a JSON object or, as GitLab takes them too,
// a string holding one (graphQLVariables).
//
// A POST body may also be a JSON array of requests, as GitLab's frontend
// sends them (Apollo's BatchHttpLink) and GitLab's GraphqlController
// multiplexes them: the answer is the array of their responses, in order.
// The operations run one after the other under one budget, so a batch
// costs no more than the same fields in one query.
func (s *Server) serveGraphQL(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodPost {
		w.Header().Set("Allow", "GET, POST")
		writeGraphQLError(w, http.StatusMethodNotAllowed, "use GET or POST for GraphQL requests")
		return
	}
	viewer, auth := s.authenticate(r)
	if auth != authAdmin {
		refuse(w, auth, writeGraphQLError)
		return
	}
	reqs, batched, status, err := s.readGraphQLRequest(w, r)
	if err != nil {
		writeGraphQLError(w, status, err.Error())
		return
	}
	ctx := geographql.WithViewer(r.Context(), viewer)
	ctx = geographql.WithBudget(ctx, geographql.NewBudget(s.limits.MaxRows, s.limits.MaxIDs, s.limits.MaxQueries))
	ctx = withCorrelationID(ctx, w)
	resps := make([]*graphql.Response, len(reqs))
	for i, req := range reqs {
		resps[i] = s.schema.Exec(ctx, req.Query, req.OperationName, map[string]any(req.Variables))
		resps[i].Errors = s.sanitize(ctx, resps[i].Errors)
	}
	if batched {
		writeJSON(w, http.StatusOK, resps)
		return
	}
	writeJSON(w, http.StatusOK, resps[0])
}

// pooledBufferCap is the largest response buffer graphql-go keeps for
// reuse: a page of a hundred registries with every field fits.
const pooledBufferCap = 64 << 10

// maxBatch is the most operations one batched request may hold; the
// budget bounds their cost, this bounds the work of refusing them.
const maxBatch = 50

// readGraphQLRequest decodes the request: a JSON body for POST (one
// request, or an array of them: batched), the query string for GET.
func (s *Server) readGraphQLRequest(w http.ResponseWriter, r *http.Request) (reqs []graphQLRequest, batched bool, status int, err error) {
	if r.Method == http.MethodGet {
		var req graphQLRequest
		q := r.URL.Query()
		req.Query, req.OperationName = q.Get("query"), q.Get("operationName")
		vars, err := parseVariables(q.Get("variables"))
		if err != nil {
			return nil, false, http.StatusBadRequest, fmt.Errorf("the variables parameter: %v", err)
		}
		req.Variables = vars
		reqs = []graphQLRequest{req}
	} else {
		mediaType, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
		if err != nil || mediaType != "application/json" {
			return nil, false, http.StatusUnsupportedMediaType, errors.New("send the request as Content-Type: application/json")
		}
		var raw json.RawMessage
		if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, s.limits.MaxBodyBytes)).Decode(&raw); err != nil {
			if tooLarge := (*http.MaxBytesError)(nil); errors.As(err, &tooLarge) {
				return nil, false, http.StatusRequestEntityTooLarge, fmt.Errorf("the request body is larger than %d bytes", tooLarge.Limit)
			}
			return nil, false, http.StatusBadRequest, fmt.Errorf("the request body is not a GraphQL request in JSON: %v", err)
		}
		batched = len(raw) > 0 && raw[0] == '['
		if batched {
			err = json.Unmarshal(raw, &reqs)
		} else {
			reqs = make([]graphQLRequest, 1)
			err = json.Unmarshal(raw, &reqs[0])
		}
		if err != nil {
			return nil, false, http.StatusBadRequest, fmt.Errorf("the request body is not a GraphQL request in JSON: %v", err)
		}
		if batched && (len(reqs) == 0 || len(reqs) > maxBatch) {
			return nil, false, http.StatusBadRequest, fmt.Errorf("a batched request holds 1 to %d operations, got %d", maxBatch, len(reqs))
		}
	}
	for i, req := range reqs {
		if req.Query == "" {
			if batched {
				return nil, false, http.StatusBadRequest, fmt.Errorf("operation %d of the batch has no query", i)
			}
			return nil, false, http.StatusBadRequest, errors.New("the request has no query")
		}
	}
	return reqs, batched, 0, nil
}

// writeGraphQLError answers with a GraphQL response holding one error and
// no data.
func writeGraphQLError(w http.ResponseWriter, status int, message string) {
	writeJSON(w, status, graphql.Response{Errors: []*gqlerrors.QueryError{{Message: message}}})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		status = http.StatusInternalServerError
		b = []byte(`{"message":"encode response"}`)
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(append(b, '\n'))
}

// panicLogger turns a resolver panic into a GraphQL error without the
// panic's details, and logs them for the operator.
type panicLogger struct{ s *Server }

func (p panicLogger) MakePanicError(ctx context.Context, value any) *gqlerrors.QueryError {
	id := correlationIDFrom(ctx)
	p.s.log.ErrorContext(ctx, "admin API: GraphQL resolver panicked", "panic", fmt.Sprint(value), "correlation_id", id)
	return internalError(id)
}
