package sitecmd_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/geogen/geogen/runtime/blobstore"
	"github.com/geogen/geogen/runtime/registry"
	"github.com/geogen/geogen/runtime/sitecmd"
	"github.com/geogen/geogen/runtime/sqldb"
	"github.com/geogen/geogen/runtime/state"
)

// stuckStore is a blob store whose writes block until unstuck, ignoring
// their context when deaf: a sync that cannot stop in time.
type stuckStore struct {
	blobstore.Store
	deaf    bool
	writing atomic.Int64
	unstuck chan struct{}
}

func (s *stuckStore) Put(ctx context.Context, key string, r io.Reader, opts blobstore.PutOptions) (blobstore.Info, error) {
	s.writing.Add(1)
	if s.deaf {
		<-s.unstuck
		return blobstore.Info{}, fmt.Errorf("unstuck")
	}
	select {
	case <-s.unstuck:
		return blobstore.Info{}, fmt.Errorf("unstuck")
	case <-ctx.Done():
		return blobstore.Info{}, ctx.Err()
	}
}

var (
	stuckMu     sync.Mutex
	stuckStores = map[string]*stuckStore{}
)

func init() {
	sitecmd.RegisterObjectStorage("stuck", func(ctx context.Context, url string) (blobstore.Store, error) {
		stuckMu.Lock()
		defer stuckMu.Unlock()
		s, ok := stuckStores[url]
		if !ok {
			return nil, fmt.Errorf("no stuck store %s", url)
		}
		return s, nil
	})
}

// TestShutdownGivesWorkBack stops a secondary while its syncs are in
// flight. Syncs that stop when told are given back at once and the site
// exits 0; syncs that do not stop within shutdown_timeout have their
// claims given back by the site, which says so and exits 1. Either way
// every row is pending again, not started until its lease expires.
func TestShutdownGivesWorkBack(t *testing.T) {
	for _, deaf := range []bool{false, true} {
		t.Run(map[bool]string{false: "in time", true: "past the timeout"}[deaf], func(t *testing.T) {
			d := newDeployment(t)
			dir := t.TempDir()
			inner, err := blobstore.NewDir(dir)
			if err != nil {
				t.Fatal(err)
			}
			url := "stuck://" + t.Name()
			store := &stuckStore{Store: inner, deaf: deaf, unstuck: make(chan struct{})}
			stuckMu.Lock()
			stuckStores[url] = store
			stuckMu.Unlock()
			defer close(store.unstuck) // the deaf writes end with the test
			body, err := os.ReadFile(d.secondary)
			if err != nil {
				t.Fatal(err)
			}
			d.write(d.secondary, strings.Replace(string(body), "storage: {blobs: "+quote(filepath.Join(d.dir, "secondary-blobs"))+"}",
				"storage: {blobs: "+quote(url)+"}", 1)+"timeouts: {lease: 10m}\n")
			d.write(d.secondary, strings.Replace(readFile(t, d.secondary), "shutdown_timeout: 1m", "shutdown_timeout: 300ms", 1))

			ctx, stopPrimary := context.WithCancel(context.Background())
			defer func() {
				stopPrimary()
				d.running.Wait()
			}()
			d.mustGeo(d.primary, "migrate")
			d.mustGeo(d.secondary, "migrate")
			d.mustGeo(d.primary, "flags", "enable", "geo_cool_widget_replication")
			d.start(ctx, "primary", d.primary)
			app, _ := d.application(ctx)
			createWidgets(t, ctx, app, 4)

			secondaryCtx, stopSecondary := context.WithCancel(context.Background())
			var out bytes.Buffer
			exited := make(chan int, 1)
			go func() {
				exited <- sitecmd.Run(secondaryCtx, d.project, []string{"-c", d.secondary, "secondary"}, &out, &out)
			}()
			eventually(t, "every sync to be in flight", func() bool { return store.writing.Load() == 4 })
			stopSecondary() // SIGTERM
			var code int
			select {
			case code = <-exited:
			case <-time.After(time.Minute):
				t.Fatal("the secondary did not exit")
			}

			wantCode, wantLog := 0, "" // a clean stop prints nothing at log.level error
			if deaf {
				wantCode, wantLog = 1, "in-flight work did not finish within shutdown_timeout 300ms; 4 claims given back to be retried"
			}
			if code != wantCode || !strings.Contains(out.String(), wantLog) {
				t.Fatalf("exit %d, want %d with %q:\n%s", code, wantCode, wantLog, out.String())
			}
			tracking, err := sqldb.Open(context.Background(), "sqlite:"+filepath.Join(d.dir, "tracking.db"))
			if err != nil {
				t.Fatal(err)
			}
			defer tracking.Close()
			desc := d.project.Types[0]
			var pending, given int
			q := fmt.Sprintf("SELECT COUNT(*), COALESCE(SUM(CASE WHEN last_sync_failure = $1 THEN 1 ELSE 0 END), 0) FROM %s WHERE state = %d", desc.RegistryTable, state.Pending)
			if err := tracking.QueryRowContext(context.Background(), q, registry.FailureShutdown).Scan(&pending, &given); err != nil {
				t.Fatal(err)
			}
			if pending != 4 || given != 4 {
				t.Fatalf("%d rows pending, %d of them given back; want all 4 given back, none left started", pending, given)
			}
		})
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
