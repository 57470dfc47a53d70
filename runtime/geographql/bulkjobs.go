package geographql

import (
	"context"
	"fmt"
	"time"

	graphql "github.com/graph-gophers/graphql-go"
)

// BulkJobStatus is a background bulk job as GeoNode.bulkJobs shows it.
type BulkJobStatus struct {
	ID            int64
	RegistryClass string // the type's GeoRegistryClass value
	Action        string // resync_all, reverify_all, recompute_checksums
	Status        string // queued, running, finished, failed
	Total, Done   int64  // rows the job covers, and rows handled so far
	CreatedAt     time.Time
	StartedAt     *time.Time
	FinishedAt    *time.Time
	LastError     string
}

// BulkJobLister lists the site's bulk jobs, unfinished ones and those
// finished recently.
type BulkJobLister func(ctx context.Context) ([]BulkJobStatus, error)

// WithBulkJobs makes the current node's bulkJobs field list the jobs l
// returns; without it the field is an empty list.
func WithBulkJobs(l BulkJobLister) Option { return func(c *config) { c.jobs = l } }

type bulkJobResolver struct {
	ID            graphql.ID `graphql:"id"`
	RegistryClass *string    `graphql:"registryClass"`
	Action        string     `graphql:"action"`
	Status        string     `graphql:"status"`
	Total         float64    `graphql:"total"`
	Done          float64    `graphql:"done"`
	CreatedAt     Time       `graphql:"createdAt"`
	StartedAt     *Time      `graphql:"startedAt"`
	FinishedAt    *Time      `graphql:"finishedAt"`
	LastError     *string    `graphql:"lastError"`
}

type bulkJobsFunc = func(context.Context) ([]*bulkJobResolver, error)

// bulkJobsField resolves GeoNode.bulkJobs: the lister's jobs on the
// current node, none elsewhere.
func bulkJobsField(l BulkJobLister, current bool) bulkJobsFunc {
	return func(ctx context.Context) ([]*bulkJobResolver, error) {
		if l == nil || !current {
			return []*bulkJobResolver{}, nil
		}
		jobs, err := l(ctx)
		if err != nil {
			return nil, fmt.Errorf("bulkJobs: %w", err)
		}
		out := make([]*bulkJobResolver, 0, len(jobs))
		for _, j := range jobs {
			out = append(out, &bulkJobResolver{
				ID: graphql.ID(fmt.Sprint(j.ID)), RegistryClass: optString(j.RegistryClass), Action: j.Action, Status: j.Status,
				Total: float64(j.Total), Done: float64(j.Done), CreatedAt: Time{Time: j.CreatedAt.UTC()},
				StartedAt: optTime(j.StartedAt), FinishedAt: optTime(j.FinishedAt), LastError: optString(j.LastError),
			})
		}
		return out, nil
	}
}
