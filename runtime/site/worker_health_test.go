package site

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// A loop's failures since its last success, whatever their errors, make
// the streak failing reports; a success ends it.
func TestRepeatedErrorsStreak(t *testing.T) {
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	now := start
	r := &repeatedErrors{log: slog.New(slog.NewTextHandler(io.Discard, nil)), msg: "claim failed", now: func() time.Time { return now }}
	if _, ok := r.failing(); ok {
		t.Fatal("failing before any attempt")
	}
	steps := []struct {
		at   time.Duration
		err  error
		want *streak // nil: not failing
	}{
		{0, errors.New("connection refused"), &streak{since: start, attempts: 1, latest: "connection refused"}},
		{time.Second, errors.New("connection refused"), &streak{since: start, attempts: 2, latest: "connection refused"}},
		{2 * time.Second, errors.New("too many clients"), &streak{since: start, attempts: 3, latest: "too many clients"}},
		{3 * time.Second, nil, nil},
		{4 * time.Second, errors.New("too many clients"), &streak{since: start.Add(4 * time.Second), attempts: 1, latest: "too many clients"}},
	}
	for i, s := range steps {
		now = start.Add(s.at)
		if s.err != nil {
			r.failed(s.err)
		} else {
			r.succeeded()
		}
		got, ok := r.failing()
		if s.want == nil {
			if ok {
				t.Errorf("step %d: failing %+v after a success", i, got)
			}
			continue
		}
		if diff := cmp.Diff(*s.want, got, cmp.AllowUnexported(streak{})); !ok || diff != "" {
			t.Errorf("step %d: failing = %v (-want +got):\n%s", i, ok, diff)
		}
	}
}

// logOutcome leaves out the errors of an operation cut short by the
// shutdown: they are not the operation's failures.
func TestLogOutcomeIgnoresShutdown(t *testing.T) {
	h := &logLines{}
	r := &repeatedErrors{log: slog.New(h), msg: "renew leases"}
	ctx, cancel := context.WithCancel(context.Background())
	logOutcome(ctx, r, errors.New("connection refused"))
	cancel()
	logOutcome(ctx, r, context.Canceled)
	if diff := cmp.Diff([]string{"renew leases error=connection refused"}, h.all()); diff != "" {
		t.Errorf("log (-want +got):\n%s", diff)
	}
	if s, _ := r.failing(); s.attempts != 1 {
		t.Errorf("%d failures counted, want 1 (the shutdown's error is not one)", s.attempts)
	}
}

// A worker whose claims have all failed for ClaimFailureGrace is a
// health reason naming the worker, how long, how many attempts and the
// latest error; before the grace, or once a claim succeeds, it is not.
func TestFailingWorkersFromClaimLoops(t *testing.T) {
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	now := start
	clock := func() time.Time { return now }
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	down := errors.New("claim cool_widget registries: relation \"cool_widget_registry\" does not exist")
	tests := []struct {
		name    string
		claims  []error       // one claim per second; nil succeeds
		elapsed time.Duration // the health is read this long after the first claim
		want    []string
	}{
		{"no claim yet", nil, time.Hour, nil},
		{"claims succeed", []error{nil, nil}, time.Hour, nil},
		{"failing, within the grace", []error{down, down, down}, ClaimFailureGrace - time.Second, nil},
		{"failing past the grace", []error{down, down, down}, ClaimFailureGrace + 30*time.Second,
			[]string{"failing workers: the sync scheduler has failed to claim work for 1m30s (failed claims: 3; latest: " + down.Error() + ")"}},
		{"failing, then a claim succeeded", []error{down, down, nil}, time.Hour, nil},
		{"succeeded, then failing past the grace", []error{nil, down}, ClaimFailureGrace + 2*time.Second,
			[]string{"failing workers: the sync scheduler has failed to claim work for 1m1s (failed claims: 1; latest: " + down.Error() + ")"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			errs := newClaimErrors(syncPoolName, log, clock)
			for i, err := range tt.claims {
				now = start.Add(time.Duration(i) * time.Second)
				if err == nil {
					errs.succeeded()
				} else {
					errs.failed(err)
				}
			}
			other := newClaimErrors(secondaryVerifyPoolName, log, clock) // claims fine
			other.succeeded()
			got := failingWorkers(start.Add(tt.elapsed), claimLoop{syncPoolName, errs}, claimLoop{secondaryVerifyPoolName, other})
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// The pool records its claims in the record it is given, which is what
// the site reads its health from.
func TestPoolRecordsClaimFailures(t *testing.T) {
	errs := newClaimErrors("verification", slog.New(slog.NewTextHandler(io.Discard, nil)), nil)
	claims := 0
	p := &pool[int]{
		name: "verification", capacity: 1, interval: time.Millisecond, log: slog.New(slog.NewTextHandler(io.Discard, nil)),
		untilIdle: true, claimErrors: errs,
		claim: func(context.Context, int) ([]int, error) {
			claims++
			return nil, errors.New("too many clients already")
		},
		work: func(context.Context, int) {},
	}
	p.run(context.Background())
	p.run(context.Background())
	s, ok := errs.failing()
	if !ok || s.attempts != 2 || !strings.Contains(s.latest, "too many clients") {
		t.Errorf("after %d failed claims: failing %v, %+v; want 2 attempts with the error", claims, ok, s)
	}
}
