package site

import (
	"context"

	"github.com/geogen/geogen/runtime/eventlog"
	"github.com/geogen/geogen/runtime/flags"
)

// consumer returns the event log consumer of the secondary, created once
// so that the ids it is still waiting for (gaps) survive between polls.
func (s *Secondary) consumer() *eventlog.Consumer {
	s.consumerOnce.Do(func() {
		s.eventConsumer = &eventlog.Consumer{
			Main: s.main, Tracking: s.tracking, Handle: s.handleEvent, Clock: s.clock,
			Logger: s.log, BatchSize: s.opts.EventBatch,
		}
	})
	return s.eventConsumer
}

// handleEvent applies one event through its type's replicator. Events of
// unknown types, or of types whose replication is off here, are skipped.
func (s *Secondary) handleEvent(ctx context.Context, e eventlog.Event) error {
	t, ok := s.byName[e.ReplicableName]
	if !ok || !flags.ReplicationEnabled(s.flags, t.d) {
		s.log.Debug("event skipped", "event_id", e.ID, "replicable_name", e.ReplicableName, "event_name", e.EventName)
		return nil
	}
	if err := t.r.Consume(ctx, e); err != nil {
		return err
	}
	if e.EventName == eventlog.Created || e.EventName == eventlog.Updated {
		s.notifySync()
	}
	return nil
}

// ConsumeEvents applies every event the log holds beyond the saved
// position and returns how many it applied.
func (s *Secondary) ConsumeEvents(ctx context.Context) (int, error) {
	total := 0
	for {
		n, err := s.consumer().Poll(ctx)
		total += n
		if err != nil || n == 0 {
			return total, err
		}
	}
}

// runConsumer polls the event log until ctx ends: at once again after a
// poll that applied events, otherwise every PollInterval. While the
// databases are down every poll fails alike: the failure is logged once,
// its repeats summed up.
func (s *Secondary) runConsumer(ctx context.Context) error {
	errs := &repeatedErrors{log: s.log, msg: "event log poll failed"}
	for ctx.Err() == nil {
		n, err := s.consumer().Poll(ctx)
		logOutcome(ctx, errs, err)
		if n > 0 && err == nil {
			continue
		}
		sleep(ctx, s.opts.PollInterval)
	}
	return nil
}
