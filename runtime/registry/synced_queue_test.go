package registry

import (
	"slices"
	"testing"
)

// TestSyncedQueueTake checks how a leader picks its batch: from the head,
// at most maxSyncedBatch calls, one per record; what it leaves keeps its
// order for the next leader.
func TestSyncedQueueTake(t *testing.T) {
	ids := func(cs []*syncedCall) []int64 {
		var out []int64
		for _, c := range cs {
			out = append(out, c.id)
		}
		return out
	}
	calls := func(ids ...int64) []*syncedCall {
		var out []*syncedCall
		for _, id := range ids {
			out = append(out, &syncedCall{id: id, done: make(chan struct{})})
		}
		return out
	}
	var many []int64
	for i := range maxSyncedBatch + 3 {
		many = append(many, int64(i+1))
	}
	tests := []struct {
		name      string
		waiting   []int64
		wantBatch []int64
		wantRest  []int64
	}{
		{"one", []int64{7}, []int64{7}, nil},
		{"several", []int64{3, 1, 2}, []int64{3, 1, 2}, nil},
		{"same record twice", []int64{5, 6, 5, 7, 5}, []int64{5, 6, 7}, []int64{5, 5}},
		{"more than a batch", many, many[:maxSyncedBatch], many[maxSyncedBatch:]},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			q := &syncedQueue{waiting: calls(tc.waiting...), leading: true}
			batch := q.take()
			if got := ids(batch); !slices.Equal(got, tc.wantBatch) {
				t.Errorf("batch %v, want %v", got, tc.wantBatch)
			}
			if got := ids(q.waiting); !slices.Equal(got, tc.wantRest) {
				t.Errorf("left waiting %v, want %v", got, tc.wantRest)
			}
		})
	}
}

// TestSyncedQueueHandOver checks that leading passes to the first waiting
// call, and ends when nobody waits.
func TestSyncedQueueHandOver(t *testing.T) {
	q := &syncedQueue{}
	first := &syncedCall{id: 1, done: make(chan struct{})}
	if !q.join(first) {
		t.Fatal("the first call does not lead")
	}
	second := &syncedCall{id: 2, done: make(chan struct{})}
	if q.join(second) {
		t.Fatal("a call leads while another does")
	}
	if batch := q.take(); len(batch) != 2 {
		t.Fatalf("batch of %d, want 2", len(batch))
	}
	third := &syncedCall{id: 3, done: make(chan struct{})}
	if q.join(third) {
		t.Fatal("a call leads while another does")
	}
	q.handOver()
	select {
	case <-third.done:
		if !third.lead {
			t.Fatal("the waiting call was woken without the lead")
		}
	default:
		t.Fatal("the waiting call was not woken")
	}
	q.take()
	q.handOver()
	if q.leading {
		t.Fatal("still leading with nobody waiting")
	}
	if !q.join(&syncedCall{id: 4, done: make(chan struct{})}) {
		t.Fatal("a call after the queue emptied does not lead")
	}
}
