package main

import (
	"context"
	"strings"
	"sync"
	"time"

	"github.com/geogen/geogen/runtime/sqldb"
)

// connSampler counts the connections of every site process to the
// cluster (pg_stat_activity, by application_name, which names the site and
// which run of its process it is) five times a second, and keeps the largest count of
// each site's processes since the last take. A count is the smaller of
// two samples in a row: PostgreSQL ends the backend of a closed
// connection a moment after the client closed it, so a pool that replaces
// an idle connection can show one more for that moment, but a pool that
// holds more than its bound shows them in every sample.
type connSampler struct {
	url    string
	cancel context.CancelFunc
	done   chan struct{}

	mu   sync.Mutex
	max  map[string]int // by site: "chaos-primary", "chaos-secondary"
	last map[string]int // by process: the previous sample
}

func startConnSampler(ctx context.Context, url string) *connSampler {
	ctx, cancel := context.WithCancel(ctx)
	s := &connSampler{url: url, cancel: cancel, done: make(chan struct{}), max: map[string]int{}}
	go s.run(ctx)
	return s
}

func (s *connSampler) run(ctx context.Context) {
	defer close(s.done)
	var db *sqldb.DB
	defer func() {
		if db != nil {
			db.Close()
		}
	}()
	tick := time.NewTicker(200 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		if db == nil {
			var err error
			if db, err = sqldb.Open(ctx, s.url); err != nil {
				db = nil // the cluster is down: try again at the next tick
				continue
			}
			db.SetMaxOpenConns(1)
		}
		counts, err := s.count(ctx, db)
		if err != nil {
			continue
		}
		s.mu.Lock()
		for app, n := range counts {
			site := siteOf(app)
			s.max[site] = max(s.max[site], min(n, s.last[app]))
		}
		s.last = counts
		s.mu.Unlock()
	}
}

func (s *connSampler) count(ctx context.Context, db *sqldb.DB) (map[string]int, error) {
	rows, err := db.QueryContext(ctx, "SELECT application_name, count(*) FROM pg_stat_activity WHERE backend_type = 'client backend' GROUP BY application_name")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var app string
		var n int
		if err := rows.Scan(&app, &n); err != nil {
			return nil, err
		}
		out[app] = n
	}
	return out, rows.Err()
}

// take returns the largest counts since the last take and starts again.
func (s *connSampler) take() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := s.max
	s.max = map[string]int{}
	return out
}

func (s *connSampler) close() {
	s.cancel()
	<-s.done
}

// siteOf is the site an application_name belongs to: "chaos-primary-3"
// is the primary's third run.
func siteOf(app string) string {
	if i := strings.LastIndexByte(app, '-'); i > 0 && strings.Count(app, "-") == 2 {
		return app[:i]
	}
	return app
}
