package replicator

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/geogen/geogen/runtime/registry"
	"github.com/geogen/geogen/runtime/verification"
)

// TestRecordRetriesAndLogsFailures: a failure to record an outcome is
// logged and retried until it succeeds; an answer of the state machine
// is not retried; retrying stops with the context or past its patience.
func TestRecordRetriesAndLogsFailures(t *testing.T) {
	defer func(b, w, p time.Duration) { recordBackoff, recordMaxWait, recordPatience = b, w, p }(recordBackoff, recordMaxWait, recordPatience)
	recordBackoff, recordMaxWait, recordPatience = time.Millisecond, 2*time.Millisecond, time.Minute
	outage := errors.New("connection refused")
	tests := []struct {
		name      string
		failures  int   // attempts that fail with outage before fn succeeds
		answer    error // returned instead, at once, when set
		patience  time.Duration
		wantCalls int
		wantErr   error
		wantLogs  int
	}{
		{name: "succeeds at once", wantCalls: 1},
		{name: "outage then success", failures: 3, wantCalls: 4, wantLogs: 3},
		{name: "row gone", answer: fmt.Errorf("x: %w", registry.ErrNotFound), wantCalls: 1, wantErr: registry.ErrNotFound},
		{name: "row moved", answer: fmt.Errorf("x: %w", registry.ErrInvalidTransition), wantCalls: 1, wantErr: registry.ErrInvalidTransition},
		{name: "verification moved", answer: fmt.Errorf("x: %w", verification.ErrInvalidTransition), wantCalls: 1, wantErr: verification.ErrInvalidTransition},
		{name: "verification row gone", answer: fmt.Errorf("x: %w", verification.ErrNotFound), wantCalls: 1, wantErr: verification.ErrNotFound},
		{name: "outage outlasts patience", failures: 1 << 30, patience: 20 * time.Millisecond, wantErr: outage},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.patience > 0 {
				defer func(p time.Duration) { recordPatience = p }(recordPatience)
				recordPatience = tc.patience
			}
			var logs bytes.Buffer
			log := slog.New(slog.NewTextHandler(&logs, nil))
			calls := 0
			err := record(context.Background(), log, "synced", func(context.Context) error {
				calls++
				switch {
				case tc.answer != nil:
					return tc.answer
				case calls <= tc.failures:
					return outage
				}
				return nil
			})
			if !errors.Is(err, tc.wantErr) || (tc.wantErr == nil && err != nil) {
				t.Fatalf("error %v, want %v", err, tc.wantErr)
			}
			if tc.wantCalls > 0 && calls != tc.wantCalls {
				t.Errorf("calls = %d, want %d", calls, tc.wantCalls)
			}
			lines := strings.Count(logs.String(), "recording the outcome failed")
			switch {
			case tc.patience > 0:
				if lines != calls || !strings.Contains(logs.String(), "giving up") {
					t.Errorf("%d calls, %d log lines, want one per failed attempt ending with giving up:\n%s", calls, lines, logs.String())
				}
			case lines != tc.wantLogs:
				t.Errorf("log lines = %d, want %d:\n%s", lines, tc.wantLogs, logs.String())
			}
			if tc.wantLogs > 0 && !strings.Contains(logs.String(), "connection refused") {
				t.Errorf("the log does not name the cause:\n%s", logs.String())
			}
		})
	}

	t.Run("context ends", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		calls := 0
		err := record(ctx, slog.New(slog.NewTextHandler(&bytes.Buffer{}, nil)), "synced", func(context.Context) error {
			calls++
			if calls == 2 {
				cancel()
			}
			return outage
		})
		if !errors.Is(err, outage) || calls != 2 {
			t.Errorf("after cancel: %d calls, %v; want 2, the outage", calls, err)
		}
	})
}
