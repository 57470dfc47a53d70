package geotest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/geogen/geogen/runtime/eventlog"
	"github.com/geogen/geogen/runtime/gitrepo"
	"github.com/geogen/geogen/runtime/registry"
	"github.com/geogen/geogen/runtime/replicable"
	"github.com/geogen/geogen/runtime/replicator"
	"github.com/geogen/geogen/runtime/site"
	"github.com/geogen/geogen/runtime/sqldb"
	"github.com/geogen/geogen/runtime/state"
	"github.com/geogen/geogen/runtime/verification"
)

// repositoryCase is one behaviour of 'a repository replicator'.
type repositoryCase struct {
	name string
	run  func(tb testing.TB, s *RepositorySites)
}

// repositoryCases are the suite's behaviours, in order.
var repositoryCases = []repositoryCase{
	{"created publishes one event and a state row", repoCreatedEvent},
	{"no events when replication is off or on a secondary", repoEventGating},
	{"updated publishes an event and re-verifies on the primary", repoUpdatedEvent},
	{"deleted publishes the relative repository path", repoDeletedEvent},
	{"created and updated are consumed only in scope", repoConsumeScope},
	{"an update during a sync is fetched again", repoUpdatedDuringSync},
	{"deleted is consumed after the record is gone, twice", repoConsumeDeleted},
	{"checksum and resource existence", repoChecksum},
	{"sync then verify", repoSyncAndVerify},
	{"an empty repository verifies", repoEmpty},
	{"verification waits for the primary's checksum", repoVerificationNotReady},
	{"missing on the primary", repoMissingOnPrimary},
	{"housekeeping after a sync", repoHousekeeping},
	{"a failed fetch is recorded", repoSyncFailure},
}

// RepositoryReplicator is the conformance suite 'a repository replicator'
// for cfg's type, run on every dialect against a real primary (its git
// endpoint on a loopback server) and secondary:
//
//   - creating a record publishes exactly one created event
//     ({model_record_id, correlation_id}) and a pending verification state
//     row; a push publishes updated and sets the primary's verification
//     pending again; deleting publishes deleted ({model_record_id,
//     repository_path}, relative to the root); no event when replication
//     is off, or on a secondary; the type is mutable;
//   - consuming created or updated creates the registry only for records
//     in scope; an updated event consumed while a sync runs sends the row
//     back to pending, that sync is not recorded as synced, and the next
//     one fetches the new refs;
//   - consuming deleted removes the mirror and the registry even after the
//     record is gone, and again without harm; a path leaving the
//     repository root is refused;
//   - the checksum is gitrepo.Checksum of the local repository (the
//     SHA-256 of nothing for an empty one); a missing repository is not
//     checksummable; resource existence follows the directory;
//   - a sync mirrors the repository (equal checksums) and verification
//     becomes pending when the primary has a checksum (disabled until its
//     checksum_succeeded event otherwise); the secondary then verifies it;
//   - a repository missing on the primary is synced with
//     missing_on_primary and nothing on disk; a later push syncs it;
//   - housekeeping (git gc --auto) runs after a sync unless the descriptor
//     disables it, and not for a repository missing on the primary;
//   - a failed fetch fails the sync with "Error syncing repository" and
//     leaves no clone behind.
func RepositoryReplicator(t *testing.T, cfg Config) {
	t.Helper()
	if cfg.Descriptor != nil && cfg.Descriptor.Strategy != replicable.Repository {
		t.Fatalf("geotest.RepositoryReplicator: %s has strategy %q, not repository", cfg.Descriptor.Name, cfg.Descriptor.Strategy)
	}
	if _, err := exec.LookPath("git"); err != nil {
		t.Fatalf("geotest.RepositoryReplicator: the repository strategy runs git, which is not installed: %v", err)
	}
	EachDialect(t, func(t *testing.T, dialect sqldb.Dialect) {
		for _, c := range repositoryCases {
			t.Run(c.name, func(t *testing.T) {
				c.run(t, NewRepositorySites(t, NewEnv(t, dialect, cfg), site.Options{PollInterval: 10 * time.Millisecond}))
			})
		}
	})
}

// consume applies every pending event on the secondary.
func consume(tb testing.TB, sec *site.Secondary) {
	tb.Helper()
	if _, err := sec.ConsumeEvents(context.Background()); err != nil {
		tb.Fatalf("consume events: %v", err)
	}
}

func repoRegistry(tb testing.TB, s *RepositorySites, id int64) registry.Record {
	tb.Helper()
	rec, err := s.Registry().Get(context.Background(), id)
	if err != nil {
		tb.Fatalf("registry of %d: %v", id, err)
	}
	return rec
}

// secondaryReplicatorOf builds a secondary replicator of d outside the
// site (a scoped or housekeeping-less copy of the type), with the sites'
// factory and mirror (nil: git from PATH).
func (s *RepositorySites) secondaryReplicatorOf(tb testing.TB, d *replicable.Descriptor, mirror *gitrepo.Mirror) (RepositoryReplicatorAPI, *registry.Store) {
	tb.Helper()
	r, reg := s.newSecondaryReplicator(tb, d, func(c *replicator.Config) { c.Mirror = mirror })
	return asRepository(tb, r), reg
}

func repoCreatedEvent(tb testing.TB, s *RepositorySites) {
	d := s.Env.Config.Descriptor
	id := s.CreateRepository(tb, 2)
	evs := events(tb, s.Env)
	if len(evs) != 1 {
		tb.Fatalf("events after one create = %+v, want exactly one", evs)
	}
	ev := evs[0]
	if ev.Name != d.Name || ev.Event != eventlog.Created {
		tb.Errorf("event = %s %s, want %s created", ev.Name, ev.Event, d.Name)
	}
	if got, ok := ev.Payload["model_record_id"].(float64); !ok || int64(got) != id {
		tb.Errorf("payload model_record_id = %v, want %d", ev.Payload["model_record_id"], id)
	}
	if cid, ok := ev.Payload["correlation_id"].(string); !ok || cid == "" {
		tb.Errorf("payload correlation_id = %#v, want a non-empty string", ev.Payload["correlation_id"])
	}
	it, err := s.PrimaryVerification().Get(context.Background(), id)
	if err != nil {
		tb.Fatalf("state row of the new record: %v", err)
	}
	if it.State != state.VerificationPending {
		tb.Errorf("new record's verification state = %v, want pending", it.State)
	}
	if s.PrimaryChecksum(tb, id) == nil {
		tb.Error("the new record's repository has no refs; its commits were not written")
	}
	if !d.Mutable() {
		tb.Errorf("%s is not mutable; repositories take pushes", d.Name)
	}
}

func repoEventGating(tb testing.TB, s *RepositorySites) {
	ctx := context.Background()
	d := s.Env.Config.Descriptor
	cases := []struct {
		name       string
		on         []string
		wantEvents int // created, updated, deleted
		wantState  bool
	}{
		{"replication on", []string{d.ReplicationFlag}, 3, true},
		{"verification flag only", []string{d.VerificationFlag}, 0, true},
		{"both off", nil, 0, false},
	}
	for _, c := range cases {
		s.Flags.Set(d.ReplicationFlag, false)
		s.Flags.Set(d.VerificationFlag, false)
		for _, f := range c.on {
			s.Flags.Set(f, true)
		}
		before := len(events(tb, s.Env))
		id := s.CreateRepository(tb, 1)
		_, err := s.PrimaryVerification().Get(ctx, id)
		if hasState := err == nil; hasState != c.wantState {
			tb.Errorf("%s: state row exists = %v (%v), want %v", c.name, hasState, err, c.wantState)
		}
		s.Push(tb, id, "main", "gated push")
		s.DestroyRepository(tb, id)
		if got := len(events(tb, s.Env)) - before; got != c.wantEvents {
			tb.Errorf("%s: events published by create, push and destroy = %d, want %d", c.name, got, c.wantEvents)
		}
	}

	s.Flags.Set(d.ReplicationFlag, true)
	id := s.CreateRepository(tb, 1)
	before := len(events(tb, s.Env))
	r := s.SecondaryReplicator(tb)
	for name, publish := range map[string]func(context.Context, sqldb.Querier, int64) (int64, error){
		"created": r.PublishCreated, "updated": r.PublishUpdated, "deleted": r.PublishDeleted,
	} {
		if n, err := publish(ctx, s.Env.Main, id); n != 0 || err != nil {
			tb.Errorf("publish %s on a secondary = %d, %v; want 0, nil", name, n, err)
		}
	}
	if err := r.AfterPush(ctx, id); err == nil {
		tb.Error("AfterPush on a secondary succeeded; pushes happen on the primary")
	}
	if got := len(events(tb, s.Env)) - before; got != 0 {
		tb.Errorf("a secondary published %d events", got)
	}
}

func repoUpdatedEvent(tb testing.TB, s *RepositorySites) {
	ctx := context.Background()
	d := s.Env.Config.Descriptor
	id := s.CreateRepository(tb, 1)
	if n := s.Primary.VerifyAll(ctx); n != 1 {
		tb.Fatalf("primary verifications = %d, want 1", n)
	}
	old := s.PrimaryChecksum(tb, id)
	s.Push(tb, id, "main", "second commit")
	evs := events(tb, s.Env)
	last := evs[len(evs)-1]
	if last.Name != d.Name || last.Event != eventlog.Updated {
		tb.Fatalf("last event = %s %s, want %s updated", last.Name, last.Event, d.Name)
	}
	if got, ok := last.Payload["model_record_id"].(float64); !ok || int64(got) != id {
		tb.Errorf("updated payload model_record_id = %v, want %d", last.Payload["model_record_id"], id)
	}
	if cid, ok := last.Payload["correlation_id"].(string); !ok || cid == "" {
		tb.Errorf("updated payload correlation_id = %#v, want a non-empty string", last.Payload["correlation_id"])
	}
	it, err := s.PrimaryVerification().Get(ctx, id)
	if err != nil || it.State != state.VerificationPending {
		tb.Fatalf("primary verification after a push = %v (%v), want pending: its checksum is stale", it.State, err)
	}
	s.Primary.VerifyAll(ctx)
	it, err = s.PrimaryVerification().Get(ctx, id)
	want := s.PrimaryChecksum(tb, id)
	if err != nil || it.State != state.VerificationSucceeded || !bytes.Equal(it.Checksum, want) || bytes.Equal(want, old) {
		tb.Errorf("primary verification after the push: %v with %x (%v); want succeeded with the new checksum %x (old %x)",
			it.State, it.Checksum, err, want, old)
	}
}

func repoDeletedEvent(tb testing.TB, s *RepositorySites) {
	d := s.Env.Config.Descriptor
	id := s.CreateRepository(tb, 1)
	s.DestroyRepository(tb, id)
	evs := events(tb, s.Env)
	last := evs[len(evs)-1]
	if last.Name != d.Name || last.Event != eventlog.Deleted {
		tb.Fatalf("last event = %s %s, want %s deleted", last.Name, last.Event, d.Name)
	}
	rel := s.RelativePath(tb, id)
	if got, _ := last.Payload["model_record_id"].(float64); int64(got) != id || last.Payload["repository_path"] != rel {
		tb.Errorf("deleted payload = %v, want model_record_id %d and repository_path %q", last.Payload, id, rel)
	}
	if filepath.IsAbs(rel) || strings.HasPrefix(rel, "/") {
		tb.Errorf("repository_path %q is absolute, want relative to the repository root", rel)
	}
	if _, err := os.Stat(s.PrimaryPath(tb, id)); !errors.Is(err, os.ErrNotExist) {
		tb.Errorf("the primary's repository is still there after the record was destroyed (%v)", err)
	}
	if _, err := s.PrimaryVerification().Get(context.Background(), id); !errors.Is(err, verification.ErrNotFound) {
		tb.Errorf("state row after delete: err = %v, want ErrNotFound (deleted with the record)", err)
	}
}

func repoConsumeScope(tb testing.TB, s *RepositorySites) {
	ctx := context.Background()
	in, out := s.CreateRepository(tb, 1), s.CreateRepository(tb, 1)
	scoped := *s.Env.Config.Descriptor
	scoped.Scope = fmt.Sprintf("%s <> %d", scoped.ModelKey, out)
	r, reg := s.secondaryReplicatorOf(tb, &scoped, nil)
	for _, event := range []string{eventlog.Created, eventlog.Updated} {
		for _, c := range []struct {
			id   int64
			want bool
		}{{in, true}, {out, false}, {out + 1000, false}} {
			if _, err := reg.Delete(ctx, c.id); err != nil {
				tb.Fatal(err)
			}
			ev := eventlog.Event{ReplicableName: scoped.Name, EventName: event, Payload: eventlog.Payload{ModelRecordID: c.id}}
			if err := r.Consume(ctx, ev); err != nil {
				tb.Fatalf("consume %s %d: %v", event, c.id, err)
			}
			rec, err := reg.Get(ctx, c.id)
			if got := err == nil; got != c.want {
				tb.Errorf("registry of %d after %s: exists = %v (%v), want %v", c.id, event, got, err, c.want)
			} else if got && rec.State != state.Pending {
				tb.Errorf("registry of %d after %s: %v, want pending", c.id, event, rec.State)
			}
		}
	}
}

func repoUpdatedDuringSync(tb testing.TB, s *RepositorySites) {
	ctx := context.Background()
	id := s.CreateRepository(tb, 1)
	consume(tb, s.Secondary)
	// The push lands after the primary advertised its refs to the first
	// fetch, and the secondary consumes its updated event before that
	// fetch finishes: the fetch brings the old refs.
	var fetches int
	var pushed string
	s.SetPrimaryHandler(func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			next.ServeHTTP(w, r)
			if !strings.HasSuffix(r.URL.Path, "/info/refs") {
				return
			}
			fetches++
			if fetches == 1 {
				// Consuming the event sends the row back to pending;
				// SyncAll's pool may claim it again at once (that sync
				// waits for this one), so the row is not looked at here:
				// two syncs and the new refs at the end prove both.
				pushed = s.Push(tb, id, "main", "pushed during the sync")
				consume(tb, s.Secondary)
			}
		})
	})
	n := s.Secondary.SyncAll(ctx)
	rec := repoRegistry(tb, s, id)
	got, _ := s.SecondaryChecksum(tb, id)
	if n != 2 || rec.State != state.Synced || !bytes.Equal(got, s.PrimaryChecksum(tb, id)) {
		tb.Errorf("after an update during the sync: %d syncs, registry %v (%s), mirror checksum %x; want 2 syncs (the second for the update), synced, %x (with %s)",
			n, rec.State, rec.LastSyncFailure, got, s.PrimaryChecksum(tb, id), pushed)
	}
}

func repoConsumeDeleted(tb testing.TB, s *RepositorySites) {
	ctx := context.Background()
	id := s.CreateRepository(tb, 1)
	consume(tb, s.Secondary)
	if n := s.Secondary.SyncAll(ctx); n != 1 {
		tb.Fatalf("syncs run = %d, want 1", n)
	}
	if _, ok := s.SecondaryChecksum(tb, id); !ok {
		tb.Fatal("repository not on the secondary after its sync")
	}
	s.DestroyRepository(tb, id)
	consume(tb, s.Secondary)
	if _, err := os.Stat(s.SecondaryPath(tb, id)); !errors.Is(err, os.ErrNotExist) {
		tb.Errorf("mirror still on the secondary after the deleted event (%v)", err)
	}
	if _, err := s.Registry().Get(ctx, id); !errors.Is(err, registry.ErrNotFound) {
		tb.Errorf("registry after the deleted event: err = %v, want ErrNotFound", err)
	}
	// Replayed with the record long gone: nothing left to do, no error.
	r := s.SecondaryReplicator(tb)
	ev := eventlog.Event{ReplicableName: s.Env.Config.Descriptor.Name, EventName: eventlog.Deleted,
		Payload: eventlog.Payload{ModelRecordID: id, RepositoryPath: s.RelativePath(tb, id)}}
	if err := r.Consume(ctx, ev); err != nil {
		tb.Errorf("deleted event consumed again: %v", err)
	}
	// A path that leaves the root is refused, and nothing is removed.
	outside := filepath.Join(filepath.Dir(s.SecondaryRoot), "outside")
	if err := os.MkdirAll(outside, 0o755); err != nil {
		tb.Fatal(err)
	}
	ev.Payload.RepositoryPath = "../outside"
	if err := r.Consume(ctx, ev); err == nil {
		tb.Error("a deleted event with repository_path ../outside was accepted")
	}
	if _, err := os.Stat(outside); err != nil {
		tb.Errorf("a deleted event removed a directory outside the repository root: %v", err)
	}
}

func repoChecksum(tb testing.TB, s *RepositorySites) {
	ctx := context.Background()
	r := s.PrimaryReplicator(tb)
	for _, commits := range []int{2, 0} {
		id := s.CreateRepository(tb, commits)
		want := s.PrimaryChecksum(tb, id)
		if want == nil {
			want = replicator.EmptyRepositoryChecksum()
		}
		sum, err := r.Checksum(ctx, id)
		if err != nil || !bytes.Equal(sum, want) || len(sum) != 32 {
			tb.Errorf("checksum with %d commits = %x, %v; want %x", commits, sum, err, want)
		}
		if ok, err := r.ResourceExists(ctx, id); !ok || err != nil {
			tb.Errorf("resource exists = %v, %v; want true", ok, err)
		}
		if err := os.RemoveAll(s.PrimaryPath(tb, id)); err != nil {
			tb.Fatal(err)
		}
		if _, err := r.Checksum(ctx, id); !errors.Is(err, replicator.ErrNotChecksummable) {
			tb.Errorf("checksum of a missing repository: err = %v, want ErrNotChecksummable", err)
		}
		if ok, err := r.ResourceExists(ctx, id); ok || err != nil {
			tb.Errorf("resource exists without a repository = %v, %v; want false", ok, err)
		}
	}
	if empty := replicator.EmptyRepositoryChecksum(); fmt.Sprintf("%x", empty) != "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" {
		tb.Errorf("empty repository checksum = %x, want the SHA-256 of no input", empty)
	}
}

// syncAndVerify verifies on the primary, syncs and verifies on the
// secondary, and checks both sites agree.
func syncAndVerify(tb testing.TB, s *RepositorySites, id int64) {
	tb.Helper()
	ctx := context.Background()
	if n := s.Primary.VerifyAll(ctx); n != 1 {
		tb.Fatalf("primary verifications = %d, want 1", n)
	}
	if it, err := s.PrimaryVerification().Get(ctx, id); err != nil || it.State != state.VerificationSucceeded {
		tb.Fatalf("primary verification: %v (%s, %v), want succeeded", it.State, it.Failure, err)
	}
	consume(tb, s.Secondary)
	s.Secondary.SyncAll(ctx)
	rec := repoRegistry(tb, s, id)
	if rec.State != state.Synced || rec.VerificationState != state.VerificationPending {
		tb.Fatalf("after sync: state %v (%s), verification %v; want synced, pending (the primary has a checksum)",
			rec.State, rec.LastSyncFailure, rec.VerificationState)
	}
	got, _ := s.SecondaryChecksum(tb, id)
	if !bytes.Equal(got, s.PrimaryChecksum(tb, id)) {
		tb.Fatalf("mirror checksum %x, primary %x", got, s.PrimaryChecksum(tb, id))
	}
	if n := s.Secondary.VerifyAll(ctx); n != 1 {
		tb.Fatalf("secondary verifications = %d, want 1", n)
	}
	rec = repoRegistry(tb, s, id)
	primary, err := s.PrimaryVerification().Get(ctx, id)
	if err != nil {
		tb.Fatal(err)
	}
	if rec.VerificationState != state.VerificationSucceeded || !bytes.Equal(rec.VerificationChecksum, primary.Checksum) {
		tb.Errorf("after verification: %v (%s) with checksum %x, want succeeded with the primary's %x",
			rec.VerificationState, rec.VerificationFailure, rec.VerificationChecksum, primary.Checksum)
	}
	s.AssertNoTempClones(tb)
}

func repoSyncAndVerify(tb testing.TB, s *RepositorySites) {
	syncAndVerify(tb, s, s.CreateRepository(tb, 3))
}

func repoEmpty(tb testing.TB, s *RepositorySites) {
	id := s.CreateRepository(tb, 0)
	syncAndVerify(tb, s, id)
	if rec := repoRegistry(tb, s, id); !bytes.Equal(rec.VerificationChecksum, replicator.EmptyRepositoryChecksum()) {
		tb.Errorf("empty repository verified with %x, want the empty checksum", rec.VerificationChecksum)
	}
}

func repoVerificationNotReady(tb testing.TB, s *RepositorySites) {
	ctx := context.Background()
	id := s.CreateRepository(tb, 1)
	consume(tb, s.Secondary)
	s.Secondary.SyncAll(ctx)
	if rec := repoRegistry(tb, s, id); rec.State != state.Synced || rec.VerificationState != state.VerificationDisabled {
		tb.Fatalf("synced before the primary verified: state %v, verification %v; want synced, disabled", rec.State, rec.VerificationState)
	}
	s.Primary.VerifyAll(ctx) // publishes checksum_succeeded
	consume(tb, s.Secondary)
	if rec := repoRegistry(tb, s, id); rec.VerificationState != state.VerificationPending {
		tb.Fatalf("after checksum_succeeded: verification %v, want pending", rec.VerificationState)
	}
	s.Secondary.VerifyAll(ctx)
	if rec := repoRegistry(tb, s, id); rec.VerificationState != state.VerificationSucceeded {
		tb.Errorf("after verification: %v (%s), want succeeded", rec.VerificationState, rec.VerificationFailure)
	}
}

func repoMissingOnPrimary(tb testing.TB, s *RepositorySites) {
	ctx := context.Background()
	id := s.CreateRepository(tb, 1)
	if err := os.RemoveAll(s.PrimaryPath(tb, id)); err != nil {
		tb.Fatal(err)
	}
	consume(tb, s.Secondary)
	s.Secondary.SyncAll(ctx)
	rec := repoRegistry(tb, s, id)
	if rec.State != state.Synced || !rec.MissingOnPrimary || rec.VerificationState != state.VerificationDisabled {
		tb.Fatalf("after syncing a repository missing on the primary: state %v (%s), missing_on_primary %v, verification %v; want synced, true, disabled",
			rec.State, rec.LastSyncFailure, rec.MissingOnPrimary, rec.VerificationState)
	}
	if _, ok := s.SecondaryChecksum(tb, id); ok {
		t := s.SecondaryPath(tb, id)
		tb.Errorf("a repository missing on the primary exists on the secondary at %s", t)
	}
	s.AssertNoTempClones(tb)

	// The repository comes back with a push: the next sync fetches it.
	if err := gitrepo.Init(ctx, s.PrimaryPath(tb, id)); err != nil {
		tb.Fatal(err)
	}
	s.Push(tb, id, "main", "restored")
	consume(tb, s.Secondary)
	s.Secondary.SyncAll(ctx)
	rec = repoRegistry(tb, s, id)
	got, _ := s.SecondaryChecksum(tb, id)
	if rec.State != state.Synced || rec.MissingOnPrimary || !bytes.Equal(got, s.PrimaryChecksum(tb, id)) {
		tb.Errorf("after the repository came back: state %v, missing_on_primary %v, mirror %x; want synced, false, %x",
			rec.State, rec.MissingOnPrimary, got, s.PrimaryChecksum(tb, id))
	}
}

// recordingGit writes a git wrapper that logs each command line to a file
// and runs the real git, and returns the wrapper and the log's path.
func recordingGit(tb testing.TB) (string, string) {
	tb.Helper()
	if runtime.GOOS == "windows" {
		tb.Skip("the git wrapper that records commands is a POSIX shell script")
	}
	git, err := exec.LookPath("git")
	if err != nil {
		tb.Fatal(err)
	}
	if git, err = filepath.Abs(git); err != nil {
		tb.Fatal(err)
	}
	dir := tb.TempDir()
	log := filepath.Join(dir, "commands.log")
	script := fmt.Sprintf("#!/bin/sh\necho \"$*\" >> '%s'\nexec '%s' \"$@\"\n", log, git)
	wrapper := filepath.Join(dir, "git")
	if err := os.WriteFile(wrapper, []byte(script), 0o755); err != nil {
		tb.Fatal(err)
	}
	return wrapper, log
}

func repoHousekeeping(tb testing.TB, s *RepositorySites) {
	ctx := context.Background()
	d := s.Env.Config.Descriptor
	enabled, disabled := *d, *d
	enabled.HousekeepingDisabled, disabled.HousekeepingDisabled = false, true
	present, missing := s.CreateRepository(tb, 1), s.CreateRepository(tb, 1)
	if err := os.RemoveAll(s.PrimaryPath(tb, missing)); err != nil {
		tb.Fatal(err)
	}
	for _, c := range []struct {
		name string
		d    *replicable.Descriptor
		id   int64
		want bool
	}{
		{"enabled", &enabled, present, true},
		{"disabled by the descriptor", &disabled, present, false},
		{"missing on the primary", &enabled, missing, false},
	} {
		git, log := recordingGit(tb)
		r, reg := s.secondaryReplicatorOf(tb, c.d, &gitrepo.Mirror{Git: git})
		if _, err := reg.Create(ctx, c.id); err != nil {
			tb.Fatal(err)
		}
		if err := replicator.Sync(ctx, r, c.id); err != nil {
			tb.Fatalf("%s: sync: %v", c.name, err)
		}
		commands, err := os.ReadFile(log)
		if err != nil {
			tb.Fatalf("%s: git was never run: %v", c.name, err)
		}
		if got := strings.Contains(string(commands), " gc --auto"); got != c.want {
			tb.Errorf("%s: housekeeping ran = %v, want %v; git ran:\n%s", c.name, got, c.want, commands)
		}
	}
}

func repoSyncFailure(tb testing.TB, s *RepositorySites) {
	ctx := context.Background()
	id := s.CreateRepository(tb, 1)
	consume(tb, s.Secondary)
	s.SetPrimaryHandler(func(http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			http.Error(w, "the primary is having a bad day", http.StatusInternalServerError)
		})
	})
	s.Secondary.SyncAll(ctx)
	rec := repoRegistry(tb, s, id)
	if rec.State != state.Failed || rec.RetryCount != 1 || !strings.HasPrefix(rec.LastSyncFailure, replicator.FailureRepositorySync) || rec.MissingOnPrimary {
		tb.Errorf("after a failed fetch: state %v, retries %d, failure %q, missing %v; want failed, 1, %q…, false",
			rec.State, rec.RetryCount, rec.LastSyncFailure, rec.MissingOnPrimary, replicator.FailureRepositorySync)
	}
	if _, ok := s.SecondaryChecksum(tb, id); ok {
		tb.Error("a failed clone left a mirror")
	}
	s.AssertNoTempClones(tb)
}
