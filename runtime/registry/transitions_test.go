package registry_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/geogen/geogen/runtime/geotest"
	"github.com/geogen/geogen/runtime/internal/readtest"
	"github.com/geogen/geogen/runtime/internal/testtypes"
	"github.com/geogen/geogen/runtime/registry"
	"github.com/geogen/geogen/runtime/sqldb"
	"github.com/geogen/geogen/runtime/state"
)

// TestTransitions drives every event from every state, as the state
// machine of §b allows them: start from anything but started, failed and
// pending from anything, synced only from started.
func TestTransitions(t *testing.T) {
	type event struct {
		name string
		do   func(ctx context.Context, s *registry.Store, id int64, startedAt time.Time) error
	}
	start := event{"start", func(ctx context.Context, s *registry.Store, id int64, _ time.Time) error {
		_, err := s.Start(ctx, id)
		return err
	}}
	fail := event{"failed", func(ctx context.Context, s *registry.Store, id int64, _ time.Time) error {
		return s.Failed(ctx, id, "boom", nil, registry.FailOptions{})
	}}
	resync := event{"resync", func(ctx context.Context, s *registry.Store, id int64, _ time.Time) error {
		return s.Resync(ctx, id)
	}}
	synced := event{"synced", func(ctx context.Context, s *registry.Store, id int64, startedAt time.Time) error {
		ok, err := s.Synced(ctx, id, startedAt, registry.SyncedOptions{})
		if err == nil && !ok {
			return errNotApplied
		}
		return err
	}}
	tests := []struct {
		from    state.Replication
		event   event
		want    state.Replication
		wantErr error
	}{
		{state.Pending, start, state.Started, nil},
		{state.Started, start, state.Started, registry.ErrInvalidTransition},
		{state.Synced, start, state.Started, nil},
		{state.Failed, start, state.Started, nil},
		{state.Pending, fail, state.Failed, nil},
		{state.Started, fail, state.Failed, nil},
		{state.Synced, fail, state.Failed, nil},
		{state.Failed, fail, state.Failed, nil},
		{state.Pending, resync, state.Pending, nil},
		{state.Started, resync, state.Started, nil}, // marked: the running sync ends in pending
		{state.Synced, resync, state.Pending, nil},
		{state.Failed, resync, state.Pending, nil},
		{state.Started, synced, state.Synced, nil},
		{state.Pending, synced, state.Pending, errNotApplied},
		{state.Failed, synced, state.Failed, errNotApplied},
	}
	geotest.EachDialect(t, func(t *testing.T, dialect sqldb.Dialect) {
		e := geotest.NewEnv(t, dialect, readtest.Config(testtypes.CoolWidget()))
		s := registry.NewStore(e.Tracking, e.Config.Descriptor, e.Clock)
		ctx := context.Background()
		for _, tc := range tests {
			t.Run(tc.from.String()+"/"+tc.event.name, func(t *testing.T) {
				startedAt := e.Clock.Now().Add(-time.Minute)
				rec := geotest.InsertRegistry(t, e, registry.Record{State: tc.from, LastSyncedAt: &startedAt})
				err := tc.event.do(ctx, s, rec.ModelRecordID, startedAt)
				if !errors.Is(err, tc.wantErr) {
					t.Fatalf("%s from %v: error %v, want %v", tc.event.name, tc.from, err, tc.wantErr)
				}
				got, err := s.Get(ctx, rec.ModelRecordID)
				if err != nil {
					t.Fatal(err)
				}
				if got.State != tc.want {
					t.Errorf("%s from %v: state %v, want %v", tc.event.name, tc.from, got.State, tc.want)
				}
			})
		}
	})
}

var errNotApplied = errors.New("synced did not apply")
