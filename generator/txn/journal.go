package txn

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// journal is the decided transaction, as .geogen/tx/journal records it.
type journal struct {
	// State is commit (carry it out; recovery replays it forward) or
	// abort (undo it; recovery finishes the rollback).
	State string `json:"state"`
	// Dirs are the directories the transaction makes, parents first.
	Dirs []string `json:"dirs,omitempty"`
	Ops  []op     `json:"ops"`
}

const (
	stateCommit = "commit"
	stateAbort  = "abort"
)

// op is one target of the transaction. Every file named here lives in
// the transaction's directory.
type op struct {
	Path   string `json:"path"`             // slash-separated, relative to the root
	Stage  string `json:"stage,omitempty"`  // the new content; "" deletes Path
	Backup string `json:"backup,omitempty"` // where Path's old content goes; "" when Path did not exist
}

const journalName = "journal"

// write records j durably: a new file, fsynced, renamed over the old
// journal, and the directory fsynced, so that a crash leaves either the
// old journal or the new one, whole.
func (j *journal) write(dir string) error {
	data, err := json.Marshal(j)
	if err != nil {
		return err
	}
	tmp := filepath.Join(dir, journalName+".tmp")
	h, err := createFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, data, 0o644)
	if err != nil {
		return err
	}
	if err := h.syncClose(); err != nil {
		return err
	}
	if err := os.Rename(tmp, filepath.Join(dir, journalName)); err != nil {
		return err
	}
	return syncDir(dir)
}

// readJournal reads dir's journal; a missing one is (nil, nil).
func readJournal(dir string) (*journal, error) {
	data, err := os.ReadFile(filepath.Join(dir, journalName))
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var j journal
	if err := json.Unmarshal(data, &j); err != nil || (j.State != stateCommit && j.State != stateAbort) || !j.inside() {
		// Written whole or not at all, so this is not a crash: someone
		// edited it. Guessing could lose files either way.
		return nil, fmt.Errorf("%s is damaged; compare the files listed in it with the project by hand, then delete %s",
			filepath.Join(Dir, "tx", journalName), filepath.Join(Dir, "tx"))
	}
	return &j, nil
}

// inside reports whether every path j names is one Apply could have
// written: a clean path in the project, and staging names in the
// transaction's own directory. Recovery moves and deletes what the
// journal names, so it must never follow one out of the project.
func (j *journal) inside() bool {
	for _, d := range j.Dirs {
		if checkPath(d) != nil {
			return false
		}
	}
	for _, o := range j.Ops {
		if checkPath(o.Path) != nil || !stagingName(o.Stage, ".new") || !stagingName(o.Backup, ".old") {
			return false
		}
	}
	return true
}

// stagingName reports whether name is empty or a staging file's name as
// Apply makes them: the change's index and suffix.
func stagingName(name, suffix string) bool {
	if name == "" {
		return true
	}
	n, ok := strings.CutSuffix(name, suffix)
	if !ok || n == "" {
		return false
	}
	for _, c := range n {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
