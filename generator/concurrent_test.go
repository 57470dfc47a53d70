package generator

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/geogen/geogen/generator/manifest"
)

// TestConcurrentNewThroughTheAPI adds types from many goroutines at once,
// each opening the project as its own command would (flock locks belong
// to the open file, so they exclude each other within a process too):
// every type arrives, no two share a migration version, even with one
// pinned clock, and check is clean.
func TestConcurrentNewThroughTheAPI(t *testing.T) {
	p := newProject(t)
	p.generate(nil, Options{})
	now := time.Date(2026, 11, 22, 1, 2, 3, 0, time.UTC)
	const n = 8
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() {
			errs[i] = func() error {
				s, err := Open(p.root, OpenOptions{Write: true, Wait: time.Minute, Render: p.render})
				if err != nil {
					return err
				}
				defer s.Close()
				np, err := s.PlanNew(NewRequest{Entry: manifest.Replicable{Name: fmt.Sprintf("Part%c", 'A'+i), Strategy: manifest.Blob}, Now: now})
				if err != nil {
					return err
				}
				if err := np.Refusal(); err != nil {
					return err
				}
				return np.Plan.Apply()
			}()
		})
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("new Part%c: %v", 'A'+i, err)
		}
	}
	m := p.manifest()
	if len(m.Replicables) != n+2 {
		t.Fatalf("%d types, want %d", len(m.Replicables), n+2)
	}
	used := map[int64]string{}
	for _, r := range m.Replicables {
		for k := range int64(manifest.VersionsPerType) {
			if other, dup := used[r.MigrationVersion+k]; dup {
				t.Errorf("%s and %s share migration version %d", other, r.Name, r.MigrationVersion+k)
			}
			used[r.MigrationVersion+k] = r.Name
		}
	}
	if r := p.check(); !r.Clean() {
		t.Errorf("check: %v", statuses(r))
	}
}
