package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/geogen/geogen/examples/widgets/internal/geo/coolwidget"
	"github.com/geogen/geogen/examples/widgets/internal/geo/gizmo"
	"github.com/geogen/geogen/runtime/state"
)

// stuckAfter is how long after the chaos a row it interrupted may still be
// started: its lease, the pass that finds expired leases (every half
// lease), and a margin for a loaded machine.
const stuckAfter = lease + lease/2 + 5*time.Second

// plan lists a run's rounds: the kills, then the other selected rounds
// once each. With both kill rounds selected every third kill is the
// primary's: a primary kill costs the most time (the syncs it cut off are
// retried after the framework's backoff, 16 s with the harness's options).
func plan(cfg config) []string {
	var kills, others []string
	for _, r := range cfg.rounds {
		if strings.HasPrefix(r, "kill-") {
			kills = append(kills, r)
		} else {
			others = append(others, r)
		}
	}
	var out []string
	for i := 0; len(kills) > 0 && i < cfg.kills; i++ {
		k := kills[0]
		if len(kills) > 1 && i%3 == 2 {
			k = kills[1]
		}
		out = append(out, k)
	}
	return append(out, others...)
}

func run(ctx context.Context, cfg config) error {
	rounds := plan(cfg)
	fmt.Printf("chaos: seed %d; %d rounds: %s\n", cfg.seed, len(rounds), strings.Join(rounds, " "))
	w, err := newWorld(ctx, cfg)
	if err != nil {
		return err
	}
	defer w.close()
	start := time.Now()
	if err := w.round(ctx, 0, "baseline"); err != nil {
		return w.failed(err)
	}
	for i, kind := range rounds {
		if err := w.round(ctx, i+1, kind); err != nil {
			return w.failed(err)
		}
	}
	if err := w.finish(ctx); err != nil {
		return w.failed(err)
	}
	fmt.Printf("chaos: PASS: %d rounds, %d blobs and %d repositories replicated, in %s (seed %d)\n",
		len(rounds), len(w.widgets), len(w.gizmos), time.Since(start).Round(time.Second), cfg.seed)
	return nil
}

// failed adds the end of both sites' logs to a round's error.
func (w *world) failed(err error) error {
	var b strings.Builder
	b.WriteString(err.Error())
	for _, p := range []*siteProcess{w.primary, w.secondary} {
		fmt.Fprintf(&b, "\n--- last lines of %s:\n%s", p.log, tail(p.log, 25))
	}
	return errors.New(b.String())
}

func tail(path string, n int) string {
	raw, err := os.ReadFile(path)
	if err != nil {
		return err.Error()
	}
	lines := strings.Split(strings.TrimRight(string(raw), "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}

// chaos is what a round did and when, for its checks.
type chaos struct {
	what string
	// at is when the chaos struck: rows started before it and still
	// started at stuckCheck are stuck.
	at         time.Time
	stuckCheck time.Time
	disk       []diskCheck // records whose copies on disk are checked
}

// round creates a batch of records, breaks something, and checks that
// replication converges.
func (w *world) round(ctx context.Context, n int, kind string) error {
	w.conns.take()
	b, err := w.createBatch(ctx)
	if err != nil {
		return fmt.Errorf("round %d (%s): %w", n, kind, err)
	}
	c := chaos{at: time.Now()}
	for _, id := range b.widgets {
		c.disk = append(c.disk, diskCheck{coolwidget.Descriptor, id})
	}
	for _, id := range append(b.gizmos, b.pushed) {
		if id != 0 {
			c.disk = append(c.disk, diskCheck{gizmo.Descriptor, id})
		}
	}
	switch kind {
	case "baseline":
		c.what = "none"
	case "kill-secondary":
		err = w.kill(ctx, w.secondary, b, &c)
	case "kill-primary":
		err = w.kill(ctx, w.primary, b, &c)
	case "pg-outage":
		err = w.outage(ctx, &c)
	case "corrupt-blobs":
		err = w.corruptBlobs(ctx, b, &c)
	case "corrupt-mirrors":
		err = w.corruptMirrors(ctx, b, &c)
	default:
		err = fmt.Errorf("no round %q", kind)
	}
	if err == nil {
		err = w.await(ctx, &c)
	}
	if err != nil {
		return fmt.Errorf("round %d (%s; %s; chaos: %s): %w", n, kind, b, c.what, err)
	}
	conns := w.conns.take()
	fmt.Printf("round %2d %-15s converged in %6s | %s | chaos: %s | connections at most: primary %d, secondary %d\n",
		n, kind, time.Since(c.at).Round(10*time.Millisecond), b, c.what, conns["chaos-primary"], conns["chaos-secondary"])
	for _, site := range []string{"chaos-primary", "chaos-secondary"} {
		if conns[site] > siteConnections[site] {
			return fmt.Errorf("round %d (%s): the %s site held %d database connections, more than its bound of %d",
				n, kind, strings.TrimPrefix(site, "chaos-"), conns[site], siteConnections[site])
		}
	}
	return nil
}

// await polls until replication converges, failing when a row stays
// started past its lease, a site exits by itself, or the round times out;
// then no temporary file may be left.
func (w *world) await(ctx context.Context, c *chaos) error {
	if c.stuckCheck.IsZero() {
		c.stuckCheck = c.at.Add(stuckAfter)
	}
	deadline := time.Now().Add(w.cfg.timeout)
	stuckChecked := false
	last := ""
	for {
		for _, p := range []*siteProcess{w.primary, w.secondary} {
			if _, err := p.running(); err != nil {
				return err
			}
		}
		now := time.Now()
		if !stuckChecked && now.After(c.stuckCheck) {
			stuck, err := w.startedBefore(ctx, c.at)
			if err != nil {
				return err
			}
			if len(stuck) > 0 {
				return fmt.Errorf("%d rows still started %s after the chaos (lease %s), e.g. %s started at %s",
					len(stuck), now.Sub(c.at).Round(time.Second), lease, stuck[0].where, stuck[0].since.Format(time.RFC3339Nano))
			}
			stuckChecked = true
		}
		ok, why, err := w.converged(ctx, c.disk)
		if err != nil {
			return err
		}
		if ok {
			break
		}
		last = why
		if now.After(deadline) {
			stuck, _ := w.startedBefore(ctx, now)
			return fmt.Errorf("not converged %s after the chaos: %s; %d rows in started", now.Sub(c.at).Round(time.Second), last, len(stuck))
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(250 * time.Millisecond):
		}
	}
	if err := w.secondaryLog.check(); err != nil {
		return err
	}
	// What an interrupted write left must be swept once stale.
	sweptBy := c.at.Add(staleTempAge + tempSweepInterval + 5*time.Second)
	for {
		left, err := w.tempFiles()
		if err != nil {
			return err
		}
		if len(left) == 0 {
			return nil
		}
		if time.Now().After(sweptBy) {
			return fmt.Errorf("converged, but %d temporary files are left %s after the chaos: %s",
				len(left), time.Since(c.at).Round(time.Second), strings.Join(left[:min(5, len(left))], ", "))
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(250 * time.Millisecond):
		}
	}
}

// kill SIGKILLs a site at a random point of the batch's replication and
// starts it again after a random pause.
func (w *world) kill(ctx context.Context, p *siteProcess, b batch, c *chaos) error {
	point, err := w.killPoint(ctx, p, b)
	if err != nil {
		return err
	}
	if err := p.kill(); err != nil {
		return err
	}
	c.at = time.Now()
	pause := time.Duration(w.rng.IntN(1000)) * time.Millisecond
	c.what = fmt.Sprintf("%s SIGKILLed %s, restarted %s later", p.name, point, pause)
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-time.After(pause):
	}
	if err := p.start(); err != nil {
		return err
	}
	if p == w.primary {
		return waitListening(ctx, p.cfg.Listen)
	}
	return nil
}

// killPoint waits for a random moment of the replication: a random delay
// after the batch, the moment the secondary writes a blob (its temporary
// file exists) or clones a repository (its temporary clone exists), or the
// moment the primary starts a verification. It says which.
func (w *world) killPoint(ctx context.Context, p *siteProcess, b batch) (string, error) {
	var what string
	var seen func() (bool, error)
	switch w.rng.IntN(4) {
	case 0:
		delay := time.Duration(w.rng.IntN(1500)) * time.Millisecond
		time.Sleep(delay)
		return fmt.Sprintf("%s after the batch", delay), nil
	case 1:
		what = "while the secondary wrote a blob"
		seen = hasEntry(filepath.Join(w.dir, "secondary-blobs", coolwidget.Descriptor.Plural), ".tmp-")
	case 2:
		what = "while the secondary cloned a repository"
		seen = hasEntry(filepath.Join(w.dir, "secondary-repos", gizmo.Descriptor.Plural), ".tmp-clone-")
	default:
		what = "while the primary verified"
		q := fmt.Sprintf("SELECT (SELECT count(*) FROM %s WHERE verification_state = %d) + (SELECT count(*) FROM %s WHERE verification_state = %d)",
			coolwidget.Descriptor.StateTable, state.VerificationStarted, gizmo.Descriptor.StateTable, state.VerificationStarted)
		seen = func() (bool, error) {
			var n int
			err := w.main.QueryRowContext(ctx, q).Scan(&n)
			return n > 0, err
		}
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		ok, err := seen()
		if err != nil {
			return "", err
		}
		if ok {
			return what, nil
		}
		if time.Now().After(deadline) {
			// The moment passed before the harness looked: the round
			// still kills, later.
			return "10 s after the batch (the moment " + what + " was missed)", nil
		}
		time.Sleep(time.Millisecond)
	}
}

// hasEntry reports whether dir has an entry whose name starts with prefix.
func hasEntry(dir, prefix string) func() (bool, error) {
	return func() (bool, error) {
		entries, err := os.ReadDir(dir)
		if errors.Is(err, os.ErrNotExist) {
			return false, nil
		}
		for _, e := range entries {
			if strings.HasPrefix(e.Name(), prefix) {
				return true, nil
			}
		}
		return false, err
	}
}

// outage stops PostgreSQL for 10 s at a random point of the batch's
// replication, fast (clients disconnected) or immediate (a crash), and
// starts it again. The sites must ride it out without a restart.
func (w *world) outage(ctx context.Context, c *chaos) error {
	delay := time.Duration(w.rng.IntN(1500)) * time.Millisecond
	mode := []string{"fast", "immediate"}[w.rng.IntN(2)]
	time.Sleep(delay)
	c.at = time.Now()
	if err := w.pg.stop(ctx, mode); err != nil {
		return err
	}
	time.Sleep(10 * time.Second)
	if err := w.pg.start(ctx); err != nil {
		return err
	}
	c.stuckCheck = time.Now().Add(stuckAfter)
	c.what = fmt.Sprintf("PostgreSQL stopped (%s) %s after the batch, started again 10 s later", mode, delay)
	return nil
}

// corruptBlobs lets the batch converge, then flips a byte in one of the
// secondary's blobs, truncates another and deletes a third.
func (w *world) corruptBlobs(ctx context.Context, b batch, c *chaos) error {
	if err := w.await(ctx, c); err != nil {
		return fmt.Errorf("before the corruption: %w", err)
	}
	_, view := w.blobReplicators()
	ids := pick(w, w.widgets, 3, b.largeWidget)
	var done []string
	for i, id := range ids {
		key, err := view.BlobKey(ctx, id)
		if err != nil {
			return err
		}
		path, err := w.secondaryBlobs.Path(key)
		if err != nil {
			return err
		}
		switch i {
		case 0:
			err = flipByte(w, path)
			done = append(done, fmt.Sprintf("flipped a byte of %d", id))
		case 1:
			var st os.FileInfo
			if st, err = os.Stat(path); err == nil {
				err = os.Truncate(path, st.Size()/2)
			}
			done = append(done, fmt.Sprintf("truncated %d", id))
		default:
			err = os.Remove(path)
			done = append(done, fmt.Sprintf("deleted %d", id))
		}
		if err != nil {
			return err
		}
		c.disk = append(c.disk, diskCheck{coolwidget.Descriptor, id})
	}
	c.at = time.Now()
	c.stuckCheck = c.at.Add(stuckAfter)
	c.what = "secondary blobs: " + strings.Join(done, ", ")
	return nil
}

// corruptMirrors lets the batch converge, then deletes one of the
// secondary's mirrors, damages the objects of another and points a ref of
// a third at an object that does not exist.
func (w *world) corruptMirrors(ctx context.Context, b batch, c *chaos) error {
	if err := w.await(ctx, c); err != nil {
		return fmt.Errorf("before the corruption: %w", err)
	}
	_, view := w.repositoryReplicators()
	ids := pick(w, w.gizmos, 3, b.largeGizmo)
	var done []string
	for i, id := range ids {
		path, err := view.Path(ctx, id)
		if err != nil {
			return err
		}
		switch i {
		case 0:
			err = os.RemoveAll(path)
			done = append(done, fmt.Sprintf("deleted %d", id))
		case 1:
			var obj string
			if obj, err = largestObjectFile(path); err == nil {
				err = flipByte(w, obj)
			}
			done = append(done, fmt.Sprintf("damaged an object file of %d", id))
		default:
			err = os.WriteFile(filepath.Join(path, "refs", "heads", "main"), []byte(strings.Repeat("0123456789", 4)+"\n"), 0o644)
			done = append(done, fmt.Sprintf("broke the main branch of %d", id))
		}
		if err != nil {
			return err
		}
		c.disk = append(c.disk, diskCheck{gizmo.Descriptor, id})
	}
	c.at = time.Now()
	c.stuckCheck = c.at.Add(stuckAfter)
	c.what = "secondary mirrors: " + strings.Join(done, ", ")
	return nil
}

// pick chooses n distinct ids of all, first among them first when not 0.
func pick(w *world, all []int64, n int, first int64) []int64 {
	var out []int64
	if first != 0 {
		out = append(out, first)
	}
	for _, i := range w.rng.Perm(len(all)) {
		if len(out) == n {
			break
		}
		if !slices.Contains(out, all[i]) {
			out = append(out, all[i])
		}
	}
	return out
}

// flipByte inverts one byte of a file at a random offset.
func flipByte(w *world, path string) error {
	if err := os.Chmod(path, 0o644); err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	if st.Size() == 0 {
		return fmt.Errorf("%s is empty: nothing to flip", path)
	}
	off := w.rng.Int64N(st.Size())
	b := make([]byte, 1)
	if _, err := f.ReadAt(b, off); err != nil {
		return err
	}
	b[0] ^= 0xff
	if _, err := f.WriteAt(b, off); err != nil {
		return err
	}
	return f.Close()
}

// largestObjectFile is the biggest pack or loose object of a repository.
func largestObjectFile(repo string) (string, error) {
	var best string
	var size int64 = -1
	err := filepath.WalkDir(filepath.Join(repo, "objects"), func(path string, e os.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		if filepath.Ext(path) == ".idx" || filepath.Ext(path) == ".rev" || strings.Contains(path, "info") {
			return nil
		}
		st, err := e.Info()
		if err != nil {
			return err
		}
		if st.Size() > size {
			best, size = path, st.Size()
		}
		return nil
	})
	if err == nil && best == "" {
		err = fmt.Errorf("%s has no object file", repo)
	}
	return best, err
}

// finish checks every record's copy on the secondary's disk, that no
// temporary file is left, and that both sites shut down cleanly.
func (w *world) finish(ctx context.Context) error {
	c := chaos{at: time.Now(), what: "none"}
	for _, id := range w.widgets {
		c.disk = append(c.disk, diskCheck{coolwidget.Descriptor, id})
	}
	for _, id := range w.gizmos {
		c.disk = append(c.disk, diskCheck{gizmo.Descriptor, id})
	}
	if err := w.await(ctx, &c); err != nil {
		return fmt.Errorf("final check of every record on disk: %w", err)
	}
	for _, p := range []*siteProcess{w.secondary, w.primary} {
		if _, err := p.running(); err != nil {
			return err
		}
		if err := p.stop(); err != nil {
			return err
		}
		if p.err != nil {
			return fmt.Errorf("%s exited with %v after SIGTERM; see %s", p.name, p.err, p.log)
		}
	}
	return nil
}
