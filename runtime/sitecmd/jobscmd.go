package sitecmd

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/geogen/geogen/runtime/bulkjob"
	"github.com/geogen/geogen/runtime/flags"
	"github.com/geogen/geogen/runtime/replicable"
	"github.com/geogen/geogen/runtime/siteconfig"
	"github.com/geogen/geogen/runtime/state"
)

// bulkJobs opens the site's databases and its bulk jobs: a primary's in
// its main database, a secondary's in its tracking database. The running
// site works the jobs off; the commands only queue and read them.
func (a *app) bulkJobs(ctx context.Context) (*bulkjob.Jobs, siteconfig.Config, func(), error) {
	cfg, err := a.config()
	if err != nil {
		return nil, cfg, nil, err
	}
	dbs, err := openDatabases(ctx, cfg)
	if err != nil {
		return nil, cfg, nil, err
	}
	if err := a.migrated(ctx, cfg, dbs); err != nil {
		dbs.Close()
		return nil, cfg, nil, err
	}
	fl, err := a.flagStore(ctx, cfg, dbs.Main)
	if err != nil {
		dbs.Close()
		return nil, cfg, nil, err
	}
	set, err := replicable.NewSet(a.project.Types...)
	if err != nil {
		dbs.Close()
		return nil, cfg, nil, err
	}
	db, role := dbs.Main, flags.Primary
	if cfg.Role == siteconfig.RoleSecondary {
		db, role = dbs.Tracking, flags.Secondary
	}
	return bulkjob.New(db, set, fl, role, nil, bulkjob.Options{}), cfg, dbs.Close, nil
}

// jobCommand is geo resync or geo reverify.
func (a *app) jobCommand(verb string) *cobra.Command {
	var failed, wait bool
	var ids []int64
	var timeout time.Duration
	long := map[string]string{
		"resync": `resync queues a bulk job on this secondary that sends every registry of TYPE back to
pending (--failed: only the failed ones; --ids: only those records), so the sync
workers download them again. The running site works the job off; geo jobs shows its
progress, and --wait follows it.`,
		"reverify": `reverify queues a bulk job that verifies TYPE's records again: on a secondary its
synced registries (--failed: only those whose verification failed), on the primary
the checksums of its records. --ids limits it to those records. The running site works
the job off; geo jobs shows its progress, and --wait follows it.`,
	}[verb]
	cmd := &cobra.Command{
		Use:   verb + " TYPE",
		Short: map[string]string{"resync": "Sync a type's records again (a bulk job on a secondary)", "reverify": "Verify a type's records again (a bulk job)"}[verb],
		Long:  long,
		Args:  cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			ctx := c.Context()
			jobs, cfg, done, err := a.bulkJobs(ctx)
			if err != nil {
				return err
			}
			defer done()
			spec, err := a.jobSpec(verb, cfg.Role, args[0], failed, ids)
			if err != nil {
				return err
			}
			job, err := jobs.Enqueue(ctx, spec)
			if errors.Is(err, bulkjob.ErrInvalidSpec) || errors.Is(err, bulkjob.ErrWrongRole) || errors.Is(err, bulkjob.ErrUnknownType) {
				return usage("%v", err)
			}
			if err != nil {
				return err
			}
			how := "queued"
			if job.Joined {
				how = "joined the unfinished job"
			}
			fmt.Fprintf(a.stdout, "bulk job %d %s: %s\n", job.ID, how, describeSpec(job.Spec))
			if !wait {
				fmt.Fprintf(a.stdout, "the running %s works it off; geo jobs %d shows its progress\n", cfg.Role, job.ID)
				return nil
			}
			return a.followJob(ctx, jobs, job.ID, timeout)
		},
	}
	cmd.Flags().BoolVar(&failed, "failed", false, "only the records whose "+map[string]string{"resync": "sync", "reverify": "verification"}[verb]+" failed")
	cmd.Flags().Int64SliceVar(&ids, "ids", nil, "only these record `ID`s (comma-separated)")
	cmd.Flags().BoolVar(&wait, "wait", false, "follow the job's progress until it finishes")
	cmd.Flags().DurationVar(&timeout, "timeout", 30*time.Minute, "with --wait, give up after `DURATION`")
	return cmd
}

// jobSpec turns the command line into a bulk job.
func (a *app) jobSpec(verb, role, typeName string, failed bool, ids []int64) (bulkjob.Spec, error) {
	var d *replicable.Descriptor
	var names []string
	for _, t := range a.project.Types {
		names = append(names, t.Name)
		if t.Name == typeName {
			d = t
		}
	}
	if d == nil {
		return bulkjob.Spec{}, usage("unknown type %q (the types are: %s)", typeName, strings.Join(names, ", "))
	}
	spec := bulkjob.Spec{Type: d.Name, IDs: ids}
	switch {
	case verb == "resync" && role == siteconfig.RolePrimary:
		return spec, usage("resync runs on a secondary (a primary has nothing to download); on the primary, geo reverify %s checksums records again", d.Name)
	case verb == "resync":
		spec.Action = bulkjob.ResyncAll
		if failed {
			f := state.Failed
			spec.ReplicationState = &f
		}
	case role == siteconfig.RolePrimary:
		spec.Action = bulkjob.RecomputeChecksums
		if failed {
			f := state.VerificationFailed
			spec.VerificationState = &f
		}
	default:
		spec.Action = bulkjob.ReverifyAll
		if failed {
			f := state.VerificationFailed
			spec.VerificationState = &f
		}
	}
	return spec, nil
}

func describeSpec(s bulkjob.Spec) string {
	out := string(s.Action) + " " + s.Type
	if s.ReplicationState != nil {
		out += ", replication state " + s.ReplicationState.String()
	}
	if s.VerificationState != nil {
		out += ", verification state " + s.VerificationState.String()
	}
	if len(s.IDs) > 0 {
		out += fmt.Sprintf(", %d ids", len(s.IDs))
	}
	return out
}

// followJob prints a job's progress until it finishes.
func (a *app) followJob(ctx context.Context, jobs *bulkjob.Jobs, id int64, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	last := ""
	for {
		j, err := jobs.Get(ctx, id)
		if err != nil {
			return err
		}
		line := fmt.Sprintf("bulk job %d: %s, %d of %d rows", j.ID, j.Status, j.Done, j.Total)
		if line != last {
			fmt.Fprintln(a.stdout, line)
			last = line
		}
		switch j.Status {
		case bulkjob.Finished:
			return nil
		case bulkjob.Failed:
			return &exitError{code: exitFailed, err: fmt.Errorf("bulk job %d failed: %s", j.ID, j.LastError)}
		}
		select {
		case <-ctx.Done():
			return &exitError{code: exitFailed, err: fmt.Errorf("bulk job %d is still %s after %s (is the site running?)", id, j.Status, timeout)}
		case <-time.After(500 * time.Millisecond):
		}
	}
}

func (a *app) jobsCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "jobs [ID]",
		Short: "List this site's bulk jobs with their progress, or show one",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			ctx := c.Context()
			jobs, _, done, err := a.bulkJobs(ctx)
			if err != nil {
				return err
			}
			defer done()
			var list []bulkjob.Job
			if len(args) == 1 {
				id, err := strconv.ParseInt(args[0], 10, 64)
				if err != nil {
					return usage("%q is not a job id", args[0])
				}
				j, err := jobs.Get(ctx, id)
				if errors.Is(err, bulkjob.ErrNotFound) {
					return &exitError{code: exitFailed, err: fmt.Errorf("no bulk job %d on this site", id)}
				}
				if err != nil {
					return err
				}
				list = []bulkjob.Job{j}
			} else if list, err = jobs.List(ctx); err != nil {
				return err
			}
			tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\tJOB\tSTATUS\tDONE\tTOTAL\tCREATED AT\tLAST ERROR")
			for _, j := range list {
				fmt.Fprintf(tw, "%d\t%s\t%s\t%d\t%d\t%s\t%s\n", j.ID, describeSpec(j.Spec), j.Status, j.Done, j.Total, j.CreatedAt.Format(time.RFC3339), j.LastError)
			}
			return tw.Flush()
		},
	}
}
