package generator

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/geogen/geogen/generator/manifest"
)

// RemovePlan is what `geogen remove` would do.
type RemovePlan struct {
	Name      string
	Plan      *Plan
	Conflicts []Change // what would leave the project broken: remove refuses
	Kept      []string // the type's files left on disk, now the user's
	// Others are files in the type's package directory that geogen never
	// wrote: they stay, and may use what remove deletes (the Descriptor),
	// which check cannot see, as it does not build the project.
	Others []string
}

// Refusal is the error that stops remove from writing, or nil.
func (rp *RemovePlan) Refusal() error {
	if len(rp.Conflicts) > 0 {
		return conflictError("remove "+rp.Name, rp.Conflicts)
	}
	return nil
}

// PlanRemove plans taking a type out of the project: its entry, the
// shared lists' rows, and its files nobody edited. all also deletes its
// migrations and the files the user edited.
func (s *Session) PlanRemove(name string, all bool) (*RemovePlan, error) {
	i := s.Manifest.Find(name)
	if i < 0 {
		return nil, unknownReplicable(s.Manifest, name)
	}
	before, err := s.Render(s.Manifest)
	if err != nil {
		return nil, err
	}
	var removing []File
	for _, f := range before {
		if f.Replicable == name {
			removing = append(removing, f)
		}
	}
	next := s.Manifest.Clone()
	next.Replicables = slices.Delete(next.Replicables, i, i+1)
	files, err := s.Render(next)
	if err != nil {
		return nil, err
	}
	plan, err := NewPlan(s.Root, next, files, Options{Removing: removing, RemoveRetained: all, OverwriteEdited: all})
	if err != nil {
		return nil, err
	}
	rp := &RemovePlan{Name: name, Plan: plan, Conflicts: conflicts(plan, name, false)}
	for _, c := range plan.Changes {
		if c.Action == Keep && c.Replicable == name {
			rp.Kept = append(rp.Kept, c.Path)
		}
	}
	rp.Others, err = othersIn(s.Root, removing)
	if err != nil {
		return nil, err
	}
	return rp, nil
}

// othersIn lists the files, other than the type's own (removing), in the
// directories that hold the type's Go files.
func othersIn(root string, removing []File) ([]string, error) {
	own := map[string]bool{}
	dirs := map[string]bool{}
	for _, f := range removing {
		own[f.Path] = true
		if path.Ext(f.Path) == ".go" {
			dirs[path.Dir(f.Path)] = true
		}
	}
	var out []string
	for _, dir := range slices.Sorted(maps.Keys(dirs)) {
		entries, err := os.ReadDir(filepath.Join(root, filepath.FromSlash(dir)))
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		for _, e := range entries {
			p := path.Join(dir, e.Name())
			if !own[p] && !strings.HasPrefix(e.Name(), ".") {
				out = append(out, p)
			}
		}
	}
	return out, nil
}

// unknownReplicable says a name is not in the manifest, and suggests the
// one that was probably meant.
func unknownReplicable(m *manifest.Manifest, name string) error {
	problem := fmt.Sprintf("no replicable %q in %s", name, manifest.FileName)
	if len(m.Replicables) == 0 {
		return refuse(problem, "the project has no types yet")
	}
	names := make([]string, len(m.Replicables))
	for i, r := range m.Replicables {
		names[i] = r.Name
		if strings.EqualFold(r.Name, name) || snakeFold(r.Name) == snakeFold(name) {
			return refuse(problem, fmt.Sprintf("did you mean %s?", r.Name))
		}
	}
	return refuse(problem, "geogen list shows them: "+strings.Join(names, ", "))
}

// snakeFold folds a name's case and separators: CoolWidget, cool_widget
// and cool-widget fold alike.
func snakeFold(s string) string {
	return strings.ToLower(strings.NewReplacer("_", "", "-", "", " ", "").Replace(s))
}
