package generator

import (
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/geogen/geogen/generator/manifest"
	"github.com/geogen/geogen/generator/txn"
)

// TestApplyKeepsFilesChangedSincePlanning: a file saved by an editor or
// another program after a command read the project (while it renders and
// stages) is never overwritten or deleted: the command writes nothing
// and says which file changed, whatever the change the plan had for it.
func TestApplyKeepsFilesChangedSincePlanning(t *testing.T) {
	for _, tc := range []struct {
		name string
		// plan: prepares the project and returns the manifest to plan
		// (nil: geogen.yaml as on disk); meanwhile edits the disk after
		// planning; changed is the path the error names.
		plan      func(p *project) *manifest.Manifest
		meanwhile func(p *project)
		changed   string
	}{
		{
			name:      "geogen.yaml saved by hand (an update)",
			plan:      func(p *project) *manifest.Manifest { return withDoohickey(p.manifest()) },
			meanwhile: func(p *project) { p.write(manifest.FileName, p.read(manifest.FileName)+"# my note\n") },
			changed:   manifest.FileName,
		},
		{
			name: "a stale owned file edited (an update)",
			plan: func(p *project) *manifest.Manifest {
				p.table = withRender(p.table, "readme", func(_ *Project, t *Type) ([]byte, error) {
					return []byte(Header("x.md") + "# " + t.Names.Input + " v2\n"), nil
				})
				return nil
			},
			meanwhile: func(p *project) { p.write(cwReadme, p.read(cwReadme)+"my note\n") },
			changed:   cwReadme,
		},
		{
			name:      "a file created where the plan creates one",
			plan:      func(p *project) *manifest.Manifest { return withDoohickey(p.manifest()) },
			meanwhile: func(p *project) { p.write("internal/geo/doohickey/hooks.go", "package doohickey // mine\n") },
			changed:   "internal/geo/doohickey/hooks.go",
		},
		{
			name: "an orphaned owned file edited (a delete)",
			plan: func(p *project) *manifest.Manifest {
				m := p.manifest()
				m.Replicables = m.Replicables[:1]
				return m
			},
			meanwhile: func(p *project) { p.write(gzModel, p.read(gzModel)+"// mine\n") },
			changed:   gzModel,
		},
		{
			name: "a file the plan updates deleted",
			plan: func(p *project) *manifest.Manifest { return withDoohickey(p.manifest()) },
			meanwhile: func(p *project) {
				if err := os.Remove(filepath.Join(p.root, index)); err != nil {
					t.Fatal(err)
				}
			},
			changed: index,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := newProject(t)
			p.generate(nil, Options{})
			plan := p.plan(tc.plan(p), Options{})
			tc.meanwhile(p)
			before := p.tree()
			err := plan.Apply()
			if err == nil || !strings.Contains(err.Error(), tc.changed+" changed on disk") {
				t.Fatalf("apply: %v, want an error naming %s", err, tc.changed)
			}
			if !maps.Equal(p.tree(), before) {
				t.Errorf("apply changed the project")
			}
			if pending, _ := txn.Pending(p.root); len(pending) > 0 {
				t.Errorf("staging left: %v", pending)
			}
		})
	}
}

func withDoohickey(m *manifest.Manifest) *manifest.Manifest {
	m.Replicables = append(m.Replicables, manifest.Replicable{Name: "Doohickey", Strategy: manifest.Repository, MigrationVersion: 20261122010207})
	return m
}

// TestApplyKeepsSymlinks: a file geogen must rewrite that is a symbolic
// link (geogen.yaml kept elsewhere, a shared document) is not replaced by
// a plain file, which would leave the link's target behind: the command
// writes nothing and says what to do. Deleting a link geogen no longer
// produces removes the link alone.
func TestApplyKeepsSymlinks(t *testing.T) {
	for _, tc := range []struct {
		name    string
		link    string // the path made a link to a copy of itself
		plan    func(p *project) *manifest.Manifest
		refused bool
	}{
		{"geogen.yaml updated", manifest.FileName, func(p *project) *manifest.Manifest { return withDoohickey(p.manifest()) }, true},
		{"an owned file updated", index, func(p *project) *manifest.Manifest { return withDoohickey(p.manifest()) }, true},
		{"an owned file deleted", gzModel, func(p *project) *manifest.Manifest {
			m := p.manifest()
			m.Replicables = m.Replicables[:1]
			return m
		}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := newProject(t)
			p.generate(nil, Options{})
			target := filepath.Join(t.TempDir(), "target")
			content := p.read(tc.link)
			if err := os.WriteFile(target, []byte(content), 0o644); err != nil {
				t.Fatal(err)
			}
			link := filepath.Join(p.root, filepath.FromSlash(tc.link))
			if err := os.Remove(link); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink(target, link); err != nil {
				t.Fatal(err)
			}
			before := p.tree()
			err := p.plan(tc.plan(p), Options{}).Apply()
			if got, _ := os.ReadFile(target); string(got) != content {
				t.Errorf("the link's target changed")
			}
			if !tc.refused {
				if err != nil {
					t.Fatal(err)
				}
				if _, err := os.Lstat(link); err == nil {
					t.Errorf("the link is still there")
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.link+" is a symbolic link") {
				t.Fatalf("apply: %v, want an error naming the link", err)
			}
			if info, err := os.Lstat(link); err != nil || info.Mode()&os.ModeSymlink == 0 {
				t.Errorf("the link was replaced: %v", err)
			}
			if !maps.Equal(p.tree(), before) {
				t.Errorf("apply changed the project")
			}
		})
	}
}
