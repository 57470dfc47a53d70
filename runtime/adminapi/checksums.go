package adminapi

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/geogen/geogen/runtime/bulkjob"
	"github.com/geogen/geogen/runtime/replicable"
	"github.com/geogen/geogen/runtime/replicator"
	"github.com/geogen/geogen/runtime/verification"
)

func (s *Server) routeChecksums(mux *http.ServeMux) {
	mux.HandleFunc("PUT "+DataManagementPath+"/{model}/{id}/checksum", s.serveRecordChecksum)
	mux.HandleFunc("PUT "+DataManagementPath+"/{model}/checksum", s.serveModelChecksum)
}

// checksumRequest is what both checksum endpoints check first: a primary,
// a known type whose verification is enabled.
func (s *Server) checksumRequest(w http.ResponseWriter, r *http.Request) (d *replicable.Descriptor, ok bool) {
	d, ok = s.dataManagementRequest(w, r)
	if !ok {
		return nil, false
	}
	if !s.site.Primary {
		writeMessage(w, http.StatusBadRequest, "400 Bad request - Endpoint only available on primary site.")
		return nil, false
	}
	if !s.verifiable(d) {
		writeMessage(w, http.StatusBadRequest, fmt.Sprintf("400 Bad request - %s is not a verifiable model.", modelClass(d)))
		return nil, false
	}
	return d, true
}

// RecordVerifier checksums one model record of a type at once and records
// the outcome in its state row, as the primary's verification workers
// would: site.Primary implements it. A checksum that cannot be computed is
// an outcome (a failed verification), not an error; a record without a
// state row gives an error matching verification.ErrNotFound.
type RecordVerifier interface {
	VerifyRecord(ctx context.Context, typeName string, modelRecordID int64) (replicator.Outcome, error)
}

// serveRecordChecksum computes one record's checksum at once and answers
// the record with its new checksum state, as GitLab's replicator.verify
// does inline: a checksum that could not be computed shows as failed, with
// its reason.
func (s *Server) serveRecordChecksum(w http.ResponseWriter, r *http.Request) {
	d, ok := s.checksumRequest(w, r)
	if !ok {
		return
	}
	rec, ok := s.findModelRecord(w, r, d)
	if !ok {
		return
	}
	if s.verifier == nil {
		writeMessage(w, http.StatusBadRequest, "400 Bad request - this server computes no checksums: give adminapi.Config a Verifier (the primary site)")
		return
	}
	id := rec.RecordIdentifier
	_, err := s.verifier.VerifyRecord(r.Context(), d.Name, id)
	if errors.Is(err, verification.ErrNotFound) {
		writeMessage(w, http.StatusBadRequest, fmt.Sprintf("400 Bad request - Verifying %s/%d failed: it has no checksum state yet (the verification backfill creates it)", r.PathValue("model"), id))
		return
	}
	if err != nil {
		s.internalREST(w, r, "compute checksum", err)
		return
	}
	records, err := s.listModelRecords(r.Context(), d, listQuery{identifiers: []int64{id}, perPage: 1})
	if err != nil || len(records) == 0 {
		s.internalREST(w, r, "read model record", fmt.Errorf("after checksum: %d records, %v", len(records), err))
		return
	}
	writeJSON(w, http.StatusOK, records[0])
}

// serveModelChecksum starts the background job that checksums every
// record (or those the identifiers and checksum_state select) again, and
// answers GitLab's {"status", "message"}.
func (s *Server) serveModelChecksum(w http.ResponseWriter, r *http.Request) {
	d, ok := s.checksumRequest(w, r)
	if !ok {
		return
	}
	if err := r.ParseForm(); err != nil {
		writeMessage(w, http.StatusBadRequest, "400 Bad request - "+err.Error())
		return
	}
	q, err := s.readListQuery(r.Form, d)
	if err != nil {
		writeMessage(w, http.StatusBadRequest, "400 Bad request - "+err.Error())
		return
	}
	if s.jobs == nil {
		writeJSON(w, http.StatusOK, map[string]string{"status": "error", "message": "this site runs no bulk jobs"})
		return
	}
	job, err := s.jobs.Enqueue(r.Context(), bulkjob.Spec{Type: d.Name, Action: bulkjob.RecomputeChecksums, IDs: q.identifiers, VerificationState: q.checksumState})
	if errors.Is(err, bulkjob.ErrInvalidSpec) || errors.Is(err, bulkjob.ErrWrongRole) {
		writeJSON(w, http.StatusOK, map[string]string{"status": "error", "message": err.Error()})
		return
	}
	if err != nil {
		s.internalREST(w, r, "enqueue checksum job", err)
		return
	}
	msg := fmt.Sprintf("Checksum recalculation of %s is job %d", d.Plural, job.ID)
	if job.Joined {
		msg = fmt.Sprintf("Checksum recalculation of %s with these filters is already job %d", d.Plural, job.ID)
	}
	writeJSON(w, http.StatusOK, map[string]any{"status": "success", "message": msg, "job_id": job.ID})
}
