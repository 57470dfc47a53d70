package generator

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/geogen/geogen/generator/manifest"
)

// Released is what Release did to a type.
type Released struct {
	Replicable string
	Version    string // the version recorded, "" when none
	Was        string // the version recorded before, when it was already released
	Already    bool   // it was released before this call
	Changed    bool   // the manifest entry changed
	// Conflicts are the files release has to change that the user
	// edited: writing the others without them would leave, say, a
	// released descriptor beside a GraphQL schema still marked as an
	// experiment, which fails the project's tests. Release refuses.
	Conflicts []Change
}

// Refusal is the error that stops release from writing, or nil.
func (r Released) Refusal() error {
	if len(r.Conflicts) == 0 {
		return nil
	}
	var b strings.Builder
	fmt.Fprintf(&b, "release %s would leave %d file(s) in a state geogen cannot build on, so nothing was written:", r.Replicable, len(r.Conflicts))
	for _, c := range r.Conflicts {
		fmt.Fprintf(&b, "\n  %s: hand-edited, and releasing changes it", c.Path)
	}
	return refuse(b.String(), "move your changes into files of your own, run geogen generate --overwrite-edited, then release again")
}

// Release returns a copy of m in which the named type is released, in
// version when one is given: its replication flag on by default, its
// GraphQL field no longer an experiment, and the docs listing it as
// released. Releasing a released type again changes nothing, unless a
// different version is given, which replaces the recorded one. An
// unknown type or a malformed version is an error.
func Release(m *manifest.Manifest, name, version string) (*manifest.Manifest, Released, error) {
	i := m.Find(name)
	if i < 0 {
		return nil, Released{}, refuse(fmt.Sprintf("no replicable %s in %s", name, manifest.FileName), "geogen list shows the types")
	}
	if version != "" {
		if problem := manifest.CheckReleaseVersion(version); problem != "" {
			return nil, Released{}, refuse("--version "+problem, "give MAJOR.MINOR or MAJOR.MINOR.PATCH, e.g. --version 1.4")
		}
	}
	next := m.Clone()
	r := &next.Replicables[i]
	out := Released{Replicable: name, Already: r.Released(), Was: r.ReleasedIn}
	if !r.Released() {
		r.Stage = manifest.StageReleased
		out.Changed = true
	}
	if version != "" && version != r.ReleasedIn {
		r.ReleasedIn = version
		out.Changed = true
	}
	out.Version = r.ReleasedIn
	return next, out, nil
}

// PlanRelease is geogen release: the manifest with the type released and
// the plan that writes it with every file that changes with it.
func (s *Session) PlanRelease(name, version string) (*Plan, Released, error) {
	next, out, err := Release(s.Manifest, name, version)
	if err != nil {
		return nil, Released{}, err
	}
	before, err := s.Render(s.Manifest)
	if err != nil {
		return nil, Released{}, err
	}
	files, err := s.Render(next)
	if err != nil {
		return nil, Released{}, err
	}
	plan, err := NewPlan(s.Root, next, files, Options{})
	if err != nil {
		return nil, Released{}, err
	}
	out.Conflicts = editedAndChanged(plan, before)
	return plan, out, nil
}

// editedAndChanged lists the files plan leaves alone because the user
// edited them, and whose rendering differs from before's: the ones the
// command needed to change. A file edited by hand that the command
// renders as before stays as it was, whatever the command does.
func editedAndChanged(plan *Plan, before []File) []Change {
	was := make(map[string][]byte, len(before))
	for _, f := range before {
		was[f.Path] = f.Content
	}
	var out []Change
	for _, c := range plan.Changes {
		if c.Action != Skip || c.Status == Clash {
			continue
		}
		if old, ok := was[c.Path]; !ok || !bytes.Equal(old, c.Want) {
			out = append(out, c)
		}
	}
	return out
}
