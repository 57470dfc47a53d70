package verification_test

import (
	"context"
	"errors"
	"testing"

	"github.com/geogen/geogen/runtime/geotest"
	"github.com/geogen/geogen/runtime/internal/readtest"
	"github.com/geogen/geogen/runtime/internal/testtypes"
	"github.com/geogen/geogen/runtime/sqldb"
	"github.com/geogen/geogen/runtime/state"
	"github.com/geogen/geogen/runtime/verification"
)

// TestTransitions drives every event from every state on the primary's
// state table, as §c allows them: succeeded only from started, the
// others from anywhere; and checks what each transition clears.
func TestTransitions(t *testing.T) {
	type event struct {
		name string
		do   func(ctx context.Context, s *verification.Store, key int64) error
	}
	succeed := event{"succeeded", func(ctx context.Context, s *verification.Store, key int64) error {
		return s.Succeeded(ctx, key, []byte("sum"))
	}}
	fail := event{"failed", func(ctx context.Context, s *verification.Store, key int64) error {
		return s.Failed(ctx, key, "boom", nil)
	}}
	pending := event{"pending", func(ctx context.Context, s *verification.Store, key int64) error { return s.Pending(ctx, key) }}
	disable := event{"disabled", func(ctx context.Context, s *verification.Store, key int64) error { return s.Disable(ctx, key) }}
	all := state.Verifications
	type row struct {
		from    state.Verification
		event   event
		want    state.Verification
		wantErr error
		// retries is the retry count after the event, starting from 2.
		retries int
	}
	var tests []row
	for _, from := range all {
		succeededErr, succeededTo, succeededRetries := verification.ErrInvalidTransition, from, 2
		if from == state.VerificationStarted {
			succeededErr, succeededTo, succeededRetries = nil, state.VerificationSucceeded, 0
		}
		pendingRetries := 0
		if from == state.VerificationFailed || from == state.VerificationDisabled || from == state.VerificationPending {
			pendingRetries = 2 // kept, so backoff keeps growing (and pending → pending changes nothing)
		}
		tests = append(tests,
			row{from, succeed, succeededTo, succeededErr, succeededRetries},
			row{from, fail, state.VerificationFailed, nil, 3},
			row{from, pending, state.VerificationPending, nil, pendingRetries},
			row{from, disable, state.VerificationDisabled, nil, 2},
		)
	}
	geotest.EachDialect(t, func(t *testing.T, dialect sqldb.Dialect) {
		e := geotest.NewEnv(t, dialect, readtest.Config(testtypes.CoolWidget()))
		d := e.Config.Descriptor
		s := verification.NewPrimary(e.Main, d, e.Clock)
		ctx := context.Background()
		for _, tc := range tests {
			t.Run(tc.from.String()+"/"+tc.event.name, func(t *testing.T) {
				key := e.CreateRecord(t)
				if _, err := e.Main.ExecContext(ctx, "INSERT INTO "+d.StateTable+" ("+d.ForeignKey+", verification_state, verification_retry_count, verification_failure) VALUES ($1, $2, 2, 'old')", key, int16(tc.from)); err != nil {
					t.Fatal(err)
				}
				err := tc.event.do(ctx, s, key)
				if !errors.Is(err, tc.wantErr) {
					t.Fatalf("%s from %v: error %v, want %v", tc.event.name, tc.from, err, tc.wantErr)
				}
				got, err := s.Get(ctx, key)
				if err != nil {
					t.Fatal(err)
				}
				if got.State != tc.want || got.RetryCount != tc.retries {
					t.Errorf("%s from %v: state %v retries %d, want %v and %d", tc.event.name, tc.from, got.State, got.RetryCount, tc.want, tc.retries)
				}
				if tc.wantErr == nil && tc.event.name != "failed" && tc.event.name != "disabled" && got.Failure != "" {
					t.Errorf("%s from %v kept the failure %q", tc.event.name, tc.from, got.Failure)
				}
			})
		}
	})
}
