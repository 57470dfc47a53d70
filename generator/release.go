package generator

import (
	"fmt"

	"github.com/geogen/geogen/generator/manifest"
)

// Released is what Release did to a type.
type Released struct {
	Replicable string
	Version    string // the version recorded, "" when none
	Was        string // the version recorded before, when it was already released
	Already    bool   // it was released before this call
	Changed    bool   // the manifest entry changed
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
	files, err := s.Render(next)
	if err != nil {
		return nil, Released{}, err
	}
	plan, err := NewPlan(s.Root, next, files, Options{})
	return plan, out, err
}
