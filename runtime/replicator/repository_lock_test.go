package replicator

import (
	"context"
	"errors"
	"testing"
	"time"
)

func TestPathLocksSerialiseOnePathOnly(t *testing.T) {
	var p pathLocks
	ctx := context.Background()
	unlockA, err := p.lock(ctx, "a")
	if err != nil {
		t.Fatal(err)
	}
	// Another path is free.
	unlockB, err := p.lock(ctx, "b")
	if err != nil {
		t.Fatalf("lock b while a is held: %v", err)
	}
	unlockB()

	// The same path waits, and gives up when its context ends.
	waitCtx, cancel := context.WithTimeout(ctx, 20*time.Millisecond)
	defer cancel()
	if _, err := p.lock(waitCtx, "a"); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("lock a while held: err = %v, want DeadlineExceeded", err)
	}

	got := make(chan struct{})
	go func() {
		unlock, err := p.lock(ctx, "a")
		if err == nil {
			unlock()
		}
		close(got)
	}()
	select {
	case <-got:
		t.Fatal("a second holder got the lock while the first held it")
	case <-time.After(20 * time.Millisecond):
	}
	unlockA()
	<-got
	if n := len(p.locks); n != 0 {
		t.Errorf("%d lock entries left after every holder left, want 0", n)
	}
}
