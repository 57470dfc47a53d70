package adminapi

import (
	"context"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/geogen/geogen/runtime/flags"
	"github.com/geogen/geogen/runtime/replicable"
	"github.com/geogen/geogen/runtime/sqldb"
	"github.com/geogen/geogen/runtime/state"
)

// DataManagementPath is the prefix of GitLab's data management API, the
// primary's view of its model records and their checksums:
//
//	GET /api/v4/admin/data_management/:model                 records, with filters
//	GET /api/v4/admin/data_management/:model/:id             one record
//	PUT /api/v4/admin/data_management/:model/:id/checksum    checksum one record now; answers it
//	PUT /api/v4/admin/data_management/:model/checksum        checksum all, or a filtered set, as a job
//
// :model is a type's plural ("cool_widgets") or name ("cool_widget").
const DataManagementPath = "/api/v4/admin/data_management"

// Pages of the data management listing.
const (
	dataManagementDefaultPerPage = 20
	dataManagementMaxPerPage     = 100
	// dataManagementMaxIdentifiers bounds the identifiers filter, as the
	// GraphQL budget bounds ids.
	dataManagementMaxIdentifiers = 1000
)

func (s *Server) routeDataManagement(mux *http.ServeMux) {
	mux.HandleFunc("GET "+DataManagementPath+"/{model}", s.serveModelList)
	mux.HandleFunc("GET "+DataManagementPath+"/{model}/{id}", s.serveModelRecord)
	s.routeChecksums(mux)
}

// modelRecord is GitLab's Entities::Admin::Model: a model record and, for
// a type whose verification is enabled, its checksum state.
type modelRecord struct {
	RecordIdentifier    int64                `json:"record_identifier"`
	ModelClass          string               `json:"model_class"`
	CreatedAt           *time.Time           `json:"created_at"`
	FileSize            *int64               `json:"file_size"`
	ChecksumInformation *checksumInformation `json:"checksum_information,omitempty"`
}

type checksumInformation struct {
	Checksum           *string    `json:"checksum"`
	LastChecksum       *time.Time `json:"last_checksum"`
	ChecksumState      string     `json:"checksum_state"`
	ChecksumRetryCount int        `json:"checksum_retry_count"`
	ChecksumRetryAt    *time.Time `json:"checksum_retry_at"`
	ChecksumFailure    *string    `json:"checksum_failure"`
}

// modelClass is the class name GitLab would give the type's model:
// CoolWidgetRegistry's model is CoolWidget.
func modelClass(d *replicable.Descriptor) string {
	return strings.TrimSuffix(d.GraphQLType, "Registry")
}

// dataManagementRequest checks credentials and finds the type :model
// names; it answers the request itself when it cannot go on.
func (s *Server) dataManagementRequest(w http.ResponseWriter, r *http.Request) (*replicable.Descriptor, bool) {
	if _, auth := s.authenticate(r); auth != authAdmin {
		refuse(w, auth, writeMessage)
		return nil, false
	}
	name := r.PathValue("model")
	for _, d := range s.types {
		if name == d.Plural || name == d.Name {
			if s.main == nil {
				writeMessage(w, http.StatusBadRequest, "400 Bad request - this site has no main database to list "+d.Plural+" from")
				return nil, false
			}
			return d, true
		}
	}
	var names []string
	for _, d := range s.types {
		names = append(names, d.Plural)
	}
	writeMessage(w, http.StatusNotFound, fmt.Sprintf("404 %s Not Found: the models are %s", name, strings.Join(names, ", ")))
	return nil, false
}

// verifiable reports whether the primary checksums d's records.
func (s *Server) verifiable(d *replicable.Descriptor) bool {
	return s.flags != nil && flags.VerificationEnabled(s.flags, d, flags.Primary)
}

// listQuery is the listing's filters and page, read from the query string
// as GitLab's API names them.
type listQuery struct {
	identifiers   []int64
	checksumState *state.Verification
	perPage       int
	desc          bool
	after         *int64 // keyset cursor: the last record of the previous page
}

func (s *Server) readListQuery(v url.Values, d *replicable.Descriptor) (listQuery, error) {
	q := listQuery{perPage: dataManagementDefaultPerPage}
	for _, raw := range append(v["identifiers"], v["identifiers[]"]...) {
		for _, part := range strings.Split(raw, ",") {
			if part = strings.TrimSpace(part); part == "" {
				continue
			}
			id, err := strconv.ParseInt(part, 10, 64)
			if err != nil || id <= 0 {
				return q, fmt.Errorf("identifiers: %q is not a record identifier (a positive integer)", part)
			}
			q.identifiers = append(q.identifiers, id)
		}
	}
	if len(q.identifiers) > dataManagementMaxIdentifiers {
		return q, fmt.Errorf("identifiers: %d given, at most %d", len(q.identifiers), dataManagementMaxIdentifiers)
	}
	if cs := v.Get("checksum_state"); cs != "" {
		st, err := state.ParseVerification(cs)
		if err != nil {
			return q, fmt.Errorf("checksum_state: %q is not one of pending, started, succeeded, failed, disabled", cs)
		}
		if !s.verifiable(d) {
			return q, fmt.Errorf("%s is not a verifiable model", modelClass(d))
		}
		q.checksumState = &st
	}
	if pp := v.Get("per_page"); pp != "" {
		n, err := strconv.Atoi(pp)
		if err != nil || n < 1 || n > dataManagementMaxPerPage {
			return q, fmt.Errorf("per_page: %q, want 1 to %d", pp, dataManagementMaxPerPage)
		}
		q.perPage = n
	}
	switch v.Get("sort") {
	case "", "asc":
	case "desc":
		q.desc = true
	default:
		return q, fmt.Errorf("sort: %q, want asc or desc", v.Get("sort"))
	}
	if c := v.Get("cursor"); c != "" {
		id, err := strconv.ParseInt(c, 10, 64)
		if err != nil {
			return q, fmt.Errorf("cursor: %q is not a cursor this API returned", c)
		}
		q.after = &id
	}
	return q, nil
}

// serveModelList lists model records in key order, a keyset page at a
// time: the Link header (rel="next") and X-Next-Cursor carry on.
func (s *Server) serveModelList(w http.ResponseWriter, r *http.Request) {
	d, ok := s.dataManagementRequest(w, r)
	if !ok {
		return
	}
	q, err := s.readListQuery(r.URL.Query(), d)
	if err != nil {
		writeMessage(w, http.StatusBadRequest, "400 Bad request - "+err.Error())
		return
	}
	records, err := s.listModelRecords(r.Context(), d, q)
	if err != nil {
		s.internalREST(w, r, "list model records", err)
		return
	}
	if len(records) > q.perPage {
		records = records[:q.perPage]
		next := strconv.FormatInt(records[len(records)-1].RecordIdentifier, 10)
		u := *r.URL
		v := u.Query()
		v.Del("private_token") // a token never goes into a link
		v.Set("cursor", next)
		u.RawQuery = v.Encode()
		w.Header().Set("Link", fmt.Sprintf("<%s>; rel=\"next\"", u.RequestURI()))
		w.Header().Set("X-Next-Cursor", next)
	}
	w.Header().Set("X-Per-Page", strconv.Itoa(q.perPage))
	writeJSON(w, http.StatusOK, records)
}

// serveModelRecord answers one record.
func (s *Server) serveModelRecord(w http.ResponseWriter, r *http.Request) {
	d, ok := s.dataManagementRequest(w, r)
	if !ok {
		return
	}
	rec, ok := s.findModelRecord(w, r, d)
	if !ok {
		return
	}
	writeJSON(w, http.StatusOK, rec)
}

// listModelRecords reads up to perPage+1 records with their state rows.
func (s *Server) listModelRecords(ctx context.Context, d *replicable.Descriptor, q listQuery) ([]modelRecord, error) {
	var conds []string
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}
	if d.Scope != "" {
		conds = append(conds, "("+d.Scope+")")
	}
	if len(q.identifiers) > 0 {
		conds = append(conds, fmt.Sprintf("m.%s IN (%s)", d.ModelKey, sqldb.Placeholders(len(args)+1, len(q.identifiers))))
		args = append(args, sqldb.Int64Args(q.identifiers)...)
	}
	if q.checksumState != nil {
		conds = append(conds, "s.verification_state = "+arg(int16(*q.checksumState)))
	}
	order, cmp := "ASC", ">"
	if q.desc {
		order, cmp = "DESC", "<"
	}
	if q.after != nil {
		conds = append(conds, fmt.Sprintf("m.%s %s %s", d.ModelKey, cmp, arg(*q.after)))
	}
	where := ""
	if len(conds) > 0 {
		where = " WHERE " + strings.Join(conds, " AND ")
	}
	query := fmt.Sprintf(`SELECT m.%[1]s, s.verification_checksum, s.verified_at, s.verification_state, s.verification_retry_count, s.verification_retry_at, s.verification_failure
FROM %[2]s m LEFT JOIN %[3]s s ON s.%[4]s = m.%[1]s%[5]s ORDER BY m.%[1]s %[6]s LIMIT %[7]d`,
		d.ModelKey, d.ModelTable, d.StateTable, d.StateKeyColumn(), where, order, q.perPage+1)
	rows, err := s.main.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("list %s: %w", d.ModelTable, err)
	}
	defer rows.Close()
	verifiable := s.verifiable(d)
	var out []modelRecord
	for rows.Next() {
		var rec modelRecord
		var checksum []byte
		var verified, retryAt sql.NullTime
		var st, retries sql.NullInt64
		var failure sql.NullString
		if err := rows.Scan(&rec.RecordIdentifier, &checksum, &verified, &st, &retries, &retryAt, &failure); err != nil {
			return nil, fmt.Errorf("list %s: %w", d.ModelTable, err)
		}
		rec.ModelClass = modelClass(d)
		if verifiable {
			info := &checksumInformation{ChecksumState: state.VerificationPending.String(), ChecksumRetryCount: int(retries.Int64)}
			if st.Valid {
				info.ChecksumState = state.Verification(st.Int64).String()
			}
			if checksum != nil {
				h := hex.EncodeToString(checksum)
				info.Checksum = &h
			}
			info.LastChecksum, info.ChecksumRetryAt = sqldb.TimePtr(verified), sqldb.TimePtr(retryAt)
			if failure.Valid {
				info.ChecksumFailure = &failure.String
			}
			rec.ChecksumInformation = info
		}
		out = append(out, rec)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list %s: %w", d.ModelTable, err)
	}
	return out, nil
}

// internalREST logs a failure with a correlation id and answers 500 with
// the id and nothing else.
func (s *Server) internalREST(w http.ResponseWriter, r *http.Request, what string, err error) {
	ctx := withCorrelationID(r.Context(), w)
	id := correlationIDFrom(ctx)
	s.log.ErrorContext(ctx, "admin API: "+what, "error", err, "correlation_id", id)
	writeMessage(w, http.StatusInternalServerError, "500 Internal Server Error: the details are logged under correlation id "+id)
}

// findModelRecord reads the record the request's {id} names, answering 400
// for an id that is not a positive integer and 404 for one with no record.
func (s *Server) findModelRecord(w http.ResponseWriter, r *http.Request, d *replicable.Descriptor) (modelRecord, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		writeMessage(w, http.StatusBadRequest, fmt.Sprintf("400 Bad request - %q is not a record identifier (a positive integer)", r.PathValue("id")))
		return modelRecord{}, false
	}
	records, err := s.listModelRecords(r.Context(), d, listQuery{identifiers: []int64{id}, perPage: 1})
	if err != nil {
		s.internalREST(w, r, "read model record", err)
		return modelRecord{}, false
	}
	if len(records) == 0 {
		writeMessage(w, http.StatusNotFound, fmt.Sprintf("404 %d Not Found", id))
		return modelRecord{}, false
	}
	return records[0], true
}
