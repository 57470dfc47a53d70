package adminapi

import (
	"context"

	"github.com/geogen/geogen/runtime/bulkjob"
	"github.com/geogen/geogen/runtime/geographql"
)

// bulkJobs lists the site's bulk jobs for GeoNode.bulkJobs; nil when the
// site runs none.
func (s *Server) bulkJobs() geographql.BulkJobLister {
	if s.jobs == nil {
		return nil
	}
	return func(ctx context.Context) ([]geographql.BulkJobStatus, error) {
		jobs, err := s.jobs.List(ctx)
		if err != nil {
			return nil, err
		}
		out := make([]geographql.BulkJobStatus, 0, len(jobs))
		for _, j := range jobs {
			out = append(out, s.jobStatus(j))
		}
		return out, nil
	}
}

func (s *Server) jobStatus(j bulkjob.Job) geographql.BulkJobStatus {
	st := geographql.BulkJobStatus{
		ID: j.ID, Action: string(j.Spec.Action), Status: j.Status.String(), Total: j.Total, Done: j.Done,
		CreatedAt: j.CreatedAt, StartedAt: j.StartedAt, FinishedAt: j.FinishedAt, LastError: j.LastError,
	}
	for _, d := range s.types {
		if d.Name == j.Spec.Type {
			st.RegistryClass = geographql.RegistryClassEnumValue(d)
		}
	}
	return st
}

// jobsDocument is the bulk_jobs field of the status document: every job
// List returns, as bulkjob.Job writes itself in JSON.
func (s *Server) jobsDocument(ctx context.Context) ([]bulkjob.Job, error) {
	if s.jobs == nil {
		return nil, nil
	}
	return s.jobs.List(ctx)
}
