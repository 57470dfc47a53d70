package generator

import (
	"github.com/geogen/geogen/generator/manifest"
	"github.com/rogpeppe/go-internal/diff"
)

// Report is check's verdict on every path geogen knows about.
type Report struct {
	Files []FileReport `json:"files"` // sorted by path
	// PluralChanges are the types whose clashing or diverged migrations
	// come from a plural rule that changed since they were written.
	PluralChanges []PluralChange `json:"plural_changes,omitempty"`
}

// FileReport is check's verdict on one path.
type FileReport struct {
	Path       string `json:"path"`
	Status     Status `json:"status"`
	Kind       Kind   `json:"kind,omitempty"`
	Replicable string `json:"replicable,omitempty"`
	Detail     string `json:"detail,omitempty"`
	// PluralChange: the status comes from one of Report.PluralChanges.
	PluralChange bool `json:"plural_change,omitempty"`
	// Diff is a unified diff from the disk (a/) to what generate would
	// write (b/); empty for ok files.
	Diff string `json:"diff,omitempty"`
}

// Check compares what Generate produced for m with the disk, changing
// nothing. It is the plan generate would carry out, seen as statuses.
func Check(root string, m *manifest.Manifest, files []File) (*Report, error) {
	p, err := NewPlan(root, m, files, Options{})
	if err != nil {
		return nil, err
	}
	return p.Report(), nil
}

// Report describes the plan as check statuses. geogen.yaml is reported
// stale only when it is the sole difference: any other drift is fixed by a
// generate that rewrites the lock anyway, and a line for it would be noise.
func (p *Plan) Report() *Report {
	otherDrift := false
	for i := range p.Changes {
		if p.Changes[i].Status != OK && p.Changes[i].Path != manifest.FileName {
			otherDrift = true
		}
	}
	r := &Report{Files: make([]FileReport, 0, len(p.Changes)), PluralChanges: p.PluralChanges}
	for i := range p.Changes {
		c := &p.Changes[i]
		fr := FileReport{Path: c.Path, Status: c.Status, Kind: c.Kind, Replicable: c.Replicable}
		if c.Path == manifest.FileName && otherDrift {
			fr.Status = OK
		}
		if fr.Status != OK {
			fr.Detail, fr.PluralChange = c.Reason, c.PluralChange
			fr.Diff = string(diff.Diff("a/"+c.Path, c.Have, "b/"+c.Path, c.Want))
		}
		r.Files = append(r.Files, fr)
	}
	return r
}

// Clean reports whether every path is OK.
func (r *Report) Clean() bool {
	for _, f := range r.Files {
		if f.Status != OK {
			return false
		}
	}
	return true
}

// Count returns how many paths have each status.
func (r *Report) Count() map[Status]int {
	n := map[Status]int{}
	for _, f := range r.Files {
		n[f.Status]++
	}
	return n
}
