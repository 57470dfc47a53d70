package console

import (
	"net/http"
	"strconv"

	"github.com/geogen/geogen/runtime/bulkjob"
	"github.com/geogen/geogen/runtime/replicable"
)

// jobsView is the bulk jobs section of a list page.
type jobsView struct {
	Jobs    []jobRow
	Running bool // the page refreshes the section while a job is queued or runs
}

// jobRow is one bulk job and its progress.
type jobRow struct {
	ID         int64
	ProgressID string
	Action     string // what it does, in words
	State      string // queued, running, finished or failed: the data-job-state value and badge
	Queued     bool   // no runner has taken it yet: nothing counted, nothing done
	Done       int64
	Total      int64
	Percent    string
	// Max and Value are the progress bar's; Indeterminate when the total
	// is not known yet (a queued job).
	Max, Value    string
	Indeterminate bool
	Created       timeView // when it was queued
	Started       timeView
	Finished      timeView
	LastError     string
}

// jobs lists d's bulk jobs, newest first as the runner lists them.
func (c *Console) jobs(r *http.Request, d *replicable.Descriptor) (jobsView, error) {
	all, err := c.backend.Jobs(r.Context())
	if err != nil {
		return jobsView{}, err
	}
	now := c.clock.Now()
	var v jobsView
	for _, j := range all {
		if j.Spec.Type != d.Name {
			continue
		}
		row := jobRow{ID: j.ID, ProgressID: "job-" + strconv.FormatInt(j.ID, 10) + "-progress", Action: jobAction(d, j.Spec),
			Done: j.Done, Total: j.Total,
			Created: when(&j.CreatedAt, now), Started: when(j.StartedAt, now), Finished: when(j.FinishedAt, now), LastError: j.LastError}
		switch {
		case j.Status == bulkjob.Finished:
			row.State = "finished"
		case j.Status == bulkjob.Failed:
			row.State = "failed"
		case j.Status == bulkjob.Queued && j.StartedAt == nil:
			// Until a runner takes it the job has counted nothing: it
			// says it waits rather than "running, 0 of 0".
			row.State, row.Queued = "queued", true
			v.Running = true
		default:
			row.State = "running"
			v.Running = true
		}
		pct := 0.0
		if j.Total > 0 {
			pct = float64(min(j.Done, j.Total)) * 100 / float64(j.Total)
		} else if row.State == "finished" {
			pct = 100
		}
		row.Percent = strconv.FormatFloat(pct, 'f', 0, 64) + "%"
		switch {
		case j.Total > 0:
			row.Max, row.Value = strconv.FormatInt(j.Total, 10), strconv.FormatInt(min(j.Done, j.Total), 10)
		case row.State == "running" || row.Queued:
			row.Indeterminate = true
		default: // ended with nothing to do
			row.Max, row.Value = "1", "1"
		}
		v.Jobs = append(v.Jobs, row)
	}
	return v, nil
}

// jobAction says what a job does: "Resync all failed Cool Widgets".
func jobAction(d *replicable.Descriptor, s bulkjob.Spec) string {
	var verb string
	switch s.Action {
	case bulkjob.ResyncAll:
		verb = "Resync"
	case bulkjob.ReverifyAll:
		verb = "Reverify"
	case bulkjob.RecomputeChecksums:
		verb = "Recompute checksums of"
	default:
		verb = string(s.Action)
	}
	what := "all"
	if s.ReplicationState != nil {
		what += " " + s.ReplicationState.String()
	}
	if s.VerificationState != nil {
		what += " verification-" + s.VerificationState.String()
	}
	text := verb + " " + what + " " + d.TitlePlural
	if len(s.IDs) > 0 {
		text += " among " + strconv.Itoa(len(s.IDs)) + " ids"
	}
	return text
}
