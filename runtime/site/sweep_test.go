package site_test

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/geogen/geogen/runtime/geotest"
	"github.com/geogen/geogen/runtime/sqldb"
)

// TestRunSweepsStaleTempFiles: both sites remove, when they start and
// then periodically, the temporary blob files an interrupted write left
// behind, and keep those still being written (recently modified).
func TestRunSweepsStaleTempFiles(t *testing.T) {
	geotest.EachDialect(t, func(t *testing.T, dialect sqldb.Dialect) {
		opts := fastOptions
		opts.TempSweepInterval = 20 * time.Millisecond
		opts.StaleTempAge = time.Hour
		s := geotest.NewBlobSites(t, geotest.NewEnv(t, dialect, coolWidgets()), opts)
		leave := func(root, name string, age time.Duration) string {
			p := filepath.Join(root, "cool_widgets", name)
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, []byte("half a blob"), 0o644); err != nil {
				t.Fatal(err)
			}
			at := time.Now().Add(-age)
			if err := os.Chtimes(p, at, at); err != nil {
				t.Fatal(err)
			}
			return p
		}
		var stale, fresh []string
		for _, root := range []string{s.PrimaryBlobs.Root(), s.SecondaryBlobs.Root()} {
			stale = append(stale, leave(root, ".tmp-1-crashed", 2*time.Hour))
			fresh = append(fresh, leave(root, ".tmp-2-writing", time.Minute))
		}
		ctx, cancel := context.WithCancel(context.Background())
		var wg sync.WaitGroup
		wg.Go(func() { s.Primary.Run(ctx) })
		wg.Go(func() { s.Secondary.Run(ctx) })
		gone := func(p string) bool { _, err := os.Stat(p); return errors.Is(err, fs.ErrNotExist) }
		geotest.Eventually(t, 20*time.Second, "stale temporary files removed at start", func() bool {
			return gone(stale[0]) && gone(stale[1])
		})
		// One left while the sites run goes at a later sweep.
		later := leave(s.SecondaryBlobs.Root(), ".tmp-3-crashed-later", 2*time.Hour)
		geotest.Eventually(t, 20*time.Second, "a later stale file removed by a periodic sweep", func() bool { return gone(later) })
		cancel()
		wg.Wait()
		for _, p := range fresh {
			if gone(p) {
				t.Errorf("%s was removed while it could still be written", p)
			}
		}
	})
}
