package site

import (
	"context"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"
)

// A pass (untilIdle) must not end on an empty claim made while a worker was
// still busy: the work that worker finishes can make a row claimable again
// (an update consumed during a sync sends it back to pending).
func TestPoolPassClaimsWorkFreedDuringAnEmptyClaim(t *testing.T) {
	var mu sync.Mutex
	queue := []string{"first"}
	var claims int
	firstDone := make(chan struct{})
	p := &pool[string]{
		name:      "test",
		capacity:  2,
		interval:  10 * time.Millisecond,
		log:       slog.New(slog.NewTextHandler(io.Discard, nil)),
		untilIdle: true,
		claim: func(ctx context.Context, limit int) ([]string, error) {
			mu.Lock()
			claims++
			second := claims == 2
			mu.Unlock()
			if second {
				// The first item's worker is busy: let it finish (and
				// requeue work) while this claim is in flight, then give
				// the worker time to be counted idle again.
				<-firstDone
				time.Sleep(20 * time.Millisecond)
				return nil, nil
			}
			mu.Lock()
			defer mu.Unlock()
			n := min(limit, len(queue))
			out := queue[:n:n]
			queue = queue[n:]
			return out, nil
		},
		work: func(ctx context.Context, item string) {
			if item != "first" {
				return
			}
			for {
				mu.Lock()
				c := claims
				mu.Unlock()
				if c >= 2 {
					break
				}
				time.Sleep(time.Millisecond)
			}
			mu.Lock()
			queue = append(queue, "again")
			mu.Unlock()
			close(firstDone)
		},
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if got := p.run(ctx); got != 2 {
		t.Fatalf("a pass processed %d items, want 2 (the item requeued while a claim was in flight was left behind)", got)
	}
}
