package site

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// logLines is a slog handler keeping each record as "message error=… repeats=N".
type logLines struct {
	mu    sync.Mutex
	lines []string
}

func (h *logLines) Enabled(context.Context, slog.Level) bool { return true }
func (h *logLines) WithAttrs([]slog.Attr) slog.Handler       { return h }
func (h *logLines) WithGroup(string) slog.Handler            { return h }
func (h *logLines) Handle(_ context.Context, r slog.Record) error {
	line := r.Message
	r.Attrs(func(a slog.Attr) bool {
		if a.Key == "error" || a.Key == "repeats" {
			line += " " + a.Key + "=" + a.Value.String()
		}
		return true
	})
	h.mu.Lock()
	defer h.mu.Unlock()
	h.lines = append(h.lines, line)
	return nil
}

func (h *logLines) all() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]string(nil), h.lines...)
}

func TestRepeatedErrorsCollapse(t *testing.T) {
	down := errors.New("connection refused")
	other := errors.New("too many clients")
	type step struct {
		at  time.Duration // since the start
		err error         // nil: a success
	}
	tests := []struct {
		name  string
		steps []step
		want  []string
	}{
		{"one failure is logged in full", []step{{0, down}, {time.Second, nil}},
			[]string{"claim failed error=connection refused"}},
		{"repeats are summed up when they stop",
			[]step{{0, down}, {time.Second, down}, {2 * time.Second, down}, {3 * time.Second, nil}, {4 * time.Second, nil}},
			[]string{"claim failed error=connection refused", "claim failed: the same error stopped repeating error=connection refused repeats=2"}},
		{"and once a minute while they last",
			[]step{{0, down}, {30 * time.Second, down}, {61 * time.Second, down}, {90 * time.Second, down}, {150 * time.Second, down}},
			[]string{"claim failed error=connection refused", "claim failed: the same error still failing error=connection refused repeats=2",
				"claim failed: the same error still failing error=connection refused repeats=2"}},
		{"another error is logged in full, after the first one's repeats",
			[]step{{0, down}, {time.Second, down}, {2 * time.Second, other}, {3 * time.Second, other}, {4 * time.Second, down}},
			[]string{"claim failed error=connection refused", "claim failed: the same error stopped repeating error=connection refused repeats=1",
				"claim failed error=too many clients", "claim failed: the same error stopped repeating error=too many clients repeats=1",
				"claim failed error=connection refused"}},
		{"after a success the same error is new again",
			[]step{{0, down}, {time.Second, nil}, {2 * time.Second, down}},
			[]string{"claim failed error=connection refused", "claim failed error=connection refused"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
			now := start
			h := &logLines{}
			r := &repeatedErrors{log: slog.New(h), msg: "claim failed", now: func() time.Time { return now }}
			for _, s := range tt.steps {
				now = start.Add(s.at)
				if s.err != nil {
					r.failed(s.err)
				} else {
					r.succeeded()
				}
			}
			if diff := cmp.Diff(tt.want, h.all()); diff != "" {
				t.Errorf("log (-want +got):\n%s", diff)
			}
		})
	}
}

// A pool whose claims all fail the same way (the database is down) logs
// the failure once, not once per poll, and sums the repeats up when the
// claims succeed again.
func TestPoolCollapsesRepeatedClaimFailures(t *testing.T) {
	const failures = 40
	h := &logLines{}
	var mu sync.Mutex
	claims := 0
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	p := &pool[int]{
		name: "verification", capacity: 2, interval: time.Millisecond, log: slog.New(h),
		claim: func(ctx context.Context, limit int) ([]int, error) {
			mu.Lock()
			defer mu.Unlock()
			claims++
			if claims <= failures {
				return nil, fmt.Errorf("claim cool_widget verifications: %w", errors.New("dial tcp 127.0.0.1:5432: connect: connection refused"))
			}
			cancel() // the database is back: one good claim, then stop
			return nil, nil
		},
		work: func(context.Context, int) {},
	}
	p.run(ctx)
	got := h.all()
	want := []string{
		"verification: claim failed error=claim cool_widget verifications: dial tcp 127.0.0.1:5432: connect: connection refused",
		fmt.Sprintf("verification: claim failed: the same error stopped repeating error=claim cool_widget verifications: dial tcp 127.0.0.1:5432: connect: connection refused repeats=%d", failures-1),
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("%d claims, log (-want +got):\n%s", claims, diff)
	}
}
