package geotest

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/geogen/geogen/runtime/internal/testtypes"
	"github.com/geogen/geogen/runtime/sqldb"
)

// failureRecorder is a testing.TB that records failures instead of failing the
// test, so a test can check that a suite rejects a broken implementation.
type failureRecorder struct {
	testing.TB
	mu     sync.Mutex
	failed bool
	logs   []string
}

func (r *failureRecorder) fail(msg string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.failed = true
	r.logs = append(r.logs, msg)
}

func (r *failureRecorder) Error(args ...any)                 { r.fail(fmt.Sprint(args...)) }
func (r *failureRecorder) Errorf(format string, args ...any) { r.fail(fmt.Sprintf(format, args...)) }
func (r *failureRecorder) Fail()                             { r.fail("Fail called") }
func (r *failureRecorder) FailNow()                          { r.fail("FailNow called"); runtime.Goexit() }
func (r *failureRecorder) Fatal(args ...any)                 { r.fail(fmt.Sprint(args...)); runtime.Goexit() }
func (r *failureRecorder) Fatalf(format string, args ...any) {
	r.fail(fmt.Sprintf(format, args...))
	runtime.Goexit()
}
func (r *failureRecorder) Failed() bool { r.mu.Lock(); defer r.mu.Unlock(); return r.failed }

// expectReadSuiteFailure runs body against a failureRecorder and fails t unless the
// body reported a failure whose message contains want.
func expectReadSuiteFailure(t *testing.T, want string, body func(tb testing.TB)) {
	t.Helper()
	r := &failureRecorder{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		body(r)
	}()
	<-done
	if !r.failed {
		t.Fatalf("the suite passed a broken implementation")
	}
	for _, l := range r.logs {
		if strings.Contains(l, want) {
			return
		}
	}
	t.Fatalf("the suite failed, but not with %q; it said:\n%s", want, strings.Join(r.logs, "\n"))
}

// stateKeySuiteConfig is a type whose state table's key (upload_id) is
// not its registry's (file_id).
func stateKeySuiteConfig() Config {
	d := testtypes.Upload()
	return Config{
		Descriptor:         d,
		MainMigrations:     testtypes.MainMigrations(d),
		TrackingMigrations: testtypes.TrackingMigrations(d),
		CreateRecord: func(ctx context.Context, db sqldb.Querier, now time.Time) (int64, error) {
			return testtypes.CreateRecord(ctx, db, d, "upload", now)
		},
	}
}

func readSuiteConfig() Config {
	d := testtypes.CoolWidget()
	return Config{
		Descriptor:         d,
		MainMigrations:     testtypes.MainMigrations(d),
		TrackingMigrations: testtypes.TrackingMigrations(d),
		CreateRecord: func(ctx context.Context, db sqldb.Querier, now time.Time) (int64, error) {
			return testtypes.CreateRecord(ctx, db, d, "widget", now)
		},
	}
}
