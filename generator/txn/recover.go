package txn

import (
	"fmt"
	"os"
	"path/filepath"
)

// Outcome is what Recover found and did.
type Outcome string

// The outcomes.
const (
	Nothing    Outcome = ""            // no interrupted transaction
	Discarded  Outcome = "discarded"   // interrupted before its commit point: nothing had changed
	RolledFwd  Outcome = "completed"   // interrupted after its commit point: carried out in full
	RolledBack Outcome = "rolled back" // interrupted while undoing a failure: undone in full
)

// Recover brings root back to a state of no transaction: it replays
// forward a transaction that was decided, finishes undoing one that was
// being undone, discards one that never got to its commit point, and
// removes every staging file. The caller holds root's Lock. It is
// idempotent: a crash during Recover is recovered by the next one.
func Recover(root string) (Outcome, error) {
	t := &tx{root: root, dir: txDir(root)}
	if !exists(t.dir) {
		return Nothing, nil
	}
	j, err := readJournal(t.dir)
	if err != nil {
		return Nothing, err
	}
	var out Outcome
	switch {
	case j == nil:
		out = Discarded
		if err := step("discard"); err != nil {
			return Nothing, err
		}
		if err := os.RemoveAll(t.dir); err != nil {
			return Nothing, fmt.Errorf("remove %s: %w", filepath.Join(Dir, "tx"), err)
		}
		return out, nil
	case j.State == stateCommit:
		out = RolledFwd
		if err := t.forward(j); err != nil {
			return Nothing, fmt.Errorf("completing an interrupted geogen command: %w (fix the cause and rerun; %s keeps what it needs)", err, filepath.Join(Dir, "tx"))
		}
	default:
		out = RolledBack
		if err := t.backward(j); err != nil {
			return Nothing, fmt.Errorf("undoing an interrupted geogen command: %w (fix the cause and rerun; %s keeps what it needs)", err, filepath.Join(Dir, "tx"))
		}
	}
	t.finish(j)
	if exists(t.dir) {
		return out, fmt.Errorf("recovered an interrupted geogen command (%s), but could not remove %s", out, filepath.Join(Dir, "tx"))
	}
	return out, nil
}

// Pending lists the staging files under root's state directory: none
// unless a transaction was interrupted and not yet recovered, or its
// clean-up failed.
func Pending(root string) ([]string, error) {
	entries, err := os.ReadDir(txDir(root))
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	out := make([]string, len(entries))
	for i, e := range entries {
		out[i] = Dir + "/tx/" + e.Name()
	}
	return out, nil
}
