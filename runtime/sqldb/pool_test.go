package sqldb

import (
	"context"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

// TestPoolBoundsAndShrinks: with a bound, concurrent statements never
// open more connections than it (the rest wait for one), and idle
// connections are closed after MaxIdleTime.
func TestPoolBoundsAndShrinks(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "x.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetPool(Pool{MaxOpen: 3, MaxIdle: 10, MaxIdleTime: 100 * time.Millisecond})
	if got := db.Stats().MaxOpenConnections; got != 3 {
		t.Fatalf("max open = %d, want 3", got)
	}
	// Hold as many connections as the bound allows, and ask for one
	// more: it must wait.
	for range 3 {
		conn, err := db.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
	}
	if got := db.Stats().OpenConnections; got != 3 {
		t.Fatalf("open = %d, want 3", got)
	}
	waitCtx, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel()
	if _, err := db.Conn(waitCtx); err == nil {
		t.Fatal("a fourth connection was opened beyond the bound")
	}
	if db.Stats().WaitCount == 0 {
		t.Error("the fourth caller did not wait")
	}
}

// TestPoolIdleConnectionsClose: after a burst, the pool shrinks to
// nothing once its connections have been idle for MaxIdleTime.
func TestPoolIdleConnectionsClose(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "x.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetPool(Pool{MaxOpen: 4, MaxIdle: 4, MaxIdleTime: 50 * time.Millisecond})
	var wg sync.WaitGroup
	start := make(chan struct{})
	for range 4 {
		wg.Go(func() {
			conn, err := db.Conn(ctx)
			if err != nil {
				t.Error(err)
				return
			}
			<-start
			conn.Close()
		})
	}
	for db.Stats().OpenConnections < 4 {
		time.Sleep(time.Millisecond)
	}
	close(start)
	wg.Wait()
	if got := db.Stats().Idle; got != 4 {
		t.Fatalf("idle after the burst = %d, want 4 kept for reuse", got)
	}
	deadline := time.Now().Add(30 * time.Second)
	for db.Stats().OpenConnections > 0 {
		if time.Now().After(deadline) {
			t.Fatalf("still %d connections open 30 s after the burst", db.Stats().OpenConnections)
		}
		time.Sleep(10 * time.Millisecond)
	}
	if db.Stats().MaxIdleTimeClosed == 0 {
		t.Error("no connection was closed for idleness")
	}
}
