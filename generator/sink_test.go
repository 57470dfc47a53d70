package generator

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/geogen/geogen/generator/manifest"
	"github.com/geogen/geogen/generator/txn"
)

// project is a test project on disk: a root and the manifest as loaded.
type project struct {
	t     *testing.T
	root  string
	table []Artifact
}

func newProject(t *testing.T) *project {
	t.Helper()
	p := &project{t: t, root: t.TempDir(), table: syntheticTable()}
	m := testManifest()
	data, err := m.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	p.write(manifest.FileName, string(data))
	return p
}

func (p *project) manifest() *manifest.Manifest {
	p.t.Helper()
	m, err := manifest.Load(p.root)
	if err != nil {
		p.t.Fatal(err)
	}
	return m
}

// plan plans m (default: geogen.yaml as on disk) with opts.
func (p *project) plan(m *manifest.Manifest, opts Options) *Plan {
	p.t.Helper()
	if m == nil {
		m = p.manifest()
	}
	files, err := Generate(m, p.table)
	if err != nil {
		p.t.Fatal(err)
	}
	plan, err := NewPlan(p.root, m, files, opts)
	if err != nil {
		p.t.Fatal(err)
	}
	return plan
}

func (p *project) generate(m *manifest.Manifest, opts Options) *Plan {
	p.t.Helper()
	plan := p.plan(m, opts)
	if err := plan.Apply(); err != nil {
		p.t.Fatal(err)
	}
	return plan
}

func (p *project) check() *Report {
	p.t.Helper()
	m := p.manifest()
	files, err := Generate(m, p.table)
	if err != nil {
		p.t.Fatal(err)
	}
	r, err := Check(p.root, m, files)
	if err != nil {
		p.t.Fatal(err)
	}
	return r
}

func (p *project) write(rel, content string) {
	p.t.Helper()
	abs := filepath.Join(p.root, rel)
	if err := os.MkdirAll(filepath.Dir(abs), 0o755); err != nil {
		p.t.Fatal(err)
	}
	if err := os.WriteFile(abs, []byte(content), 0o644); err != nil {
		p.t.Fatal(err)
	}
}

func (p *project) read(rel string) string {
	p.t.Helper()
	b, err := os.ReadFile(filepath.Join(p.root, rel))
	if err != nil {
		p.t.Fatal(err)
	}
	return string(b)
}

func (p *project) exists(rel string) bool {
	_, err := os.Stat(filepath.Join(p.root, rel))
	return err == nil
}

func (p *project) tree() map[string]string { return readTree(p.t, p.root) }

// actions summarises a plan as "action path" lines, leaving out unchanged paths.
func actions(plan *Plan) []string {
	var out []string
	for _, c := range plan.Changes {
		if c.Action != Unchanged {
			out = append(out, string(c.Action)+" "+c.Path)
		}
	}
	return out
}

// statuses summarises a report as "status path" lines, leaving out ok paths.
func statuses(r *Report) []string {
	var out []string
	for _, f := range r.Files {
		if f.Status != OK {
			out = append(out, string(f.Status)+" "+f.Path)
		}
	}
	return out
}

func diffLines(t *testing.T, what string, want, got []string) {
	t.Helper()
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("%s (-want +got):\n%s", what, diff)
	}
}

const (
	cwModel  = "internal/geo/cool_widget/model.go"
	cwReadme = "internal/geo/cool_widget/README.md"
	cwHooks  = "internal/geo/cool_widget/hooks.go"
	cwMig    = "migrations/20261122010203_create_cool_widget.sql"
	gzModel  = "internal/geo/gizmo/model.go"
	gzReadme = "internal/geo/gizmo/README.md"
	gzHooks  = "internal/geo/gizmo/hooks.go"
	index    = "docs/geo/index.md"
)

func TestFirstGenerateCreatesEverythingThenNothing(t *testing.T) {
	p := newProject(t)
	diffLines(t, "check before generate", []string{
		"missing " + index, "missing " + cwReadme, "missing " + cwHooks, "missing " + cwModel,
		"missing " + gzReadme, "missing " + gzHooks, "missing " + gzModel, "missing " + cwMig,
	}, statuses(p.check()))

	plan := p.generate(nil, Options{})
	diffLines(t, "first generate", []string{
		"create " + index, "update geogen.yaml", "create " + cwReadme, "create " + cwHooks, "create " + cwModel,
		"create " + gzReadme, "create " + gzHooks, "create " + gzModel, "create " + cwMig,
	}, actions(plan))

	m := p.manifest()
	if len(m.Generated) != 8 {
		t.Errorf("lock has %d entries, want 8: %v", len(m.Generated), m.Generated)
	}
	if e := m.Generated[cwHooks]; e.Kind != ScaffoldOnce || e.SHA256 != manifest.Hash([]byte(p.read(cwHooks))) {
		t.Errorf("lock entry for %s = %+v", cwHooks, e)
	}
	diffLines(t, "second generate", nil, actions(p.plan(nil, Options{})))
	if r := p.check(); !r.Clean() {
		t.Errorf("check after generate: %v", statuses(r))
	}
	if pending, _ := txn.Pending(p.root); len(pending) > 0 {
		t.Errorf("staging left: %v", pending)
	}
}

func TestGenerateWritesOnlyChangedFiles(t *testing.T) {
	p := newProject(t)
	p.generate(nil, Options{})
	old := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	for rel := range p.tree() {
		if err := os.Chtimes(filepath.Join(p.root, rel), old, old); err != nil {
			t.Fatal(err)
		}
	}
	m := p.manifest()
	m.Replicables = append(m.Replicables, manifest.Replicable{Name: "Doohickey", Strategy: manifest.Repository, MigrationVersion: 20261122010207})
	plan := p.generate(m, Options{})
	diffLines(t, "actions", []string{
		"update " + index, "update geogen.yaml",
		"create internal/geo/doohickey/README.md", "create internal/geo/doohickey/hooks.go", "create internal/geo/doohickey/model.go",
	}, actions(plan))
	for _, rel := range []string{cwModel, cwHooks, gzModel, cwMig} {
		info, err := os.Stat(filepath.Join(p.root, rel))
		if err != nil {
			t.Fatal(err)
		}
		if !info.ModTime().Equal(old) {
			t.Errorf("%s was rewritten (mtime %v)", rel, info.ModTime())
		}
	}
}

func TestStaleHandEditedMissing(t *testing.T) {
	p := newProject(t)
	p.generate(nil, Options{})

	// The renderer changes: every unedited owned file is stale.
	p.table = withRender(p.table, "readme", func(_ *Project, t *Type) ([]byte, error) {
		return []byte(Header("x.md") + "# " + t.Names.Input + " v2\n"), nil
	})
	// The user edits one owned file, and deletes another.
	p.write(gzReadme, p.read(gzReadme)+"my note\n")
	if err := os.Remove(filepath.Join(p.root, gzModel)); err != nil {
		t.Fatal(err)
	}
	// And edits a scaffold-once file, which is theirs: never reported.
	p.write(cwHooks, p.read(cwHooks)+"// mine\n")

	r := p.check()
	diffLines(t, "check", []string{"stale " + cwReadme, "hand-edited " + gzReadme, "missing " + gzModel}, statuses(r))
	for _, f := range r.Files {
		if f.Path == cwReadme && !strings.Contains(f.Diff, "+# CoolWidget v2") {
			t.Errorf("stale diff lacks the new line:\n%s", f.Diff)
		}
		if f.Path == gzReadme && !strings.Contains(f.Diff, "-my note") {
			t.Errorf("hand-edited diff lacks the edit:\n%s", f.Diff)
		}
		if f.Path == gzModel && !strings.Contains(f.Diff, "+++ b/"+gzModel) {
			t.Errorf("missing file has no diff:\n%s", f.Diff)
		}
	}

	plan := p.generate(nil, Options{})
	diffLines(t, "generate", []string{"update geogen.yaml", "update " + cwReadme, "skip " + gzReadme, "create " + gzModel}, actions(plan))
	if !strings.HasSuffix(p.read(gzReadme), "my note\n") {
		t.Error("generate overwrote a hand-edited file")
	}
	if !strings.HasSuffix(p.read(cwHooks), "// mine\n") {
		t.Error("generate overwrote a scaffold-once file")
	}
	// The skip keeps its lock entry, so the edit is still reported.
	diffLines(t, "check after generate", []string{"hand-edited " + gzReadme}, statuses(p.check()))

	plan = p.generate(nil, Options{OverwriteEdited: true})
	diffLines(t, "forced", []string{"update geogen.yaml", "update " + gzReadme}, actions(plan))
	for _, c := range plan.Changes {
		if c.Path == gzReadme && !c.Forced {
			t.Error("overwriting a hand edit is not marked Forced")
		}
	}
	if r := p.check(); !r.Clean() {
		t.Errorf("check after forced generate: %v", statuses(r))
	}
}

func TestForeignFileAtOwnedPath(t *testing.T) {
	p := newProject(t)
	p.write(cwModel, "package mine\n") // no header, not in the lock: not geogen's
	diffLines(t, "check", []string{"hand-edited " + cwModel}, filter(statuses(p.check()), cwModel))
	plan := p.generate(nil, Options{})
	diffLines(t, "generate", []string{"skip " + cwModel}, filter(actions(plan), cwModel))
	if p.read(cwModel) != "package mine\n" {
		t.Error("a file geogen did not write was overwritten")
	}
	if _, ok := p.manifest().Generated[cwModel]; ok {
		t.Error("a file geogen did not write entered the lock")
	}
}

// TestLostLockEntryCountsAsEdited: a file the lock does not list whose
// bytes differ from the render is the user's, even with geogen's header
// (a lock lost in a merge, or deleted to "fix" a conflict): generate
// leaves it alone and check says why, until --overwrite-edited.
func TestLostLockEntryCountsAsEdited(t *testing.T) {
	p := newProject(t)
	p.generate(nil, Options{})
	p.write(cwReadme, p.read(cwReadme)+"my note\n")
	m := p.manifest()
	m.Generated = map[string]manifest.Entry{} // the whole lock, lost
	if err := os.WriteFile(filepath.Join(p.root, manifest.FileName), must(m.Marshal()), 0o644); err != nil {
		t.Fatal(err)
	}
	diffLines(t, "check", []string{"hand-edited " + cwReadme}, statuses(p.check()))
	plan := p.generate(nil, Options{})
	diffLines(t, "generate", []string{"update geogen.yaml", "skip " + cwReadme}, actions(plan))
	if !strings.Contains(p.read(cwReadme), "my note") {
		t.Fatal("generate overwrote a hand edit whose lock entry was lost")
	}
	for _, c := range plan.Changes {
		if c.Path == cwReadme && !strings.Contains(c.Reason, "lock does not list it") {
			t.Errorf("reason = %q", c.Reason)
		}
	}
	// The files whose bytes match are locked again.
	if len(p.manifest().Generated) < 7 {
		t.Errorf("lock not rebuilt: %v", p.manifest().Generated)
	}
	diffLines(t, "overwrite", []string{"update geogen.yaml", "update " + cwReadme}, actions(p.generate(nil, Options{OverwriteEdited: true})))
}

func TestScaffoldOnce(t *testing.T) {
	p := newProject(t)
	p.generate(nil, Options{})
	p.table = withRender(p.table, "hooks", func(_ *Project, t *Type) ([]byte, error) {
		return []byte("// yours\npackage " + t.Names.Snake + "\n\nconst scope = \"v2\"\n"), nil
	})
	// A changed scaffold renderer does not touch existing files.
	diffLines(t, "generate after renderer change", nil, actions(p.plan(nil, Options{})))

	// new --force rewrites unedited ones, skips edited ones.
	p.write(gzHooks, p.read(gzHooks)+"// mine\n")
	rewrite := func(f *File) bool { return f.Kind == ScaffoldOnce }
	plan := p.generate(nil, Options{Rewrite: rewrite})
	diffLines(t, "force", []string{"update geogen.yaml", "update " + cwHooks, "skip " + gzHooks}, actions(plan))

	// A scaffold-once file that was deleted is missing (the type's code
	// needs it), and generate writes it again from the current render.
	if err := os.Remove(filepath.Join(p.root, cwHooks)); err != nil {
		t.Fatal(err)
	}
	diffLines(t, "check after delete", []string{"missing " + cwHooks}, statuses(p.check()))
	diffLines(t, "force after delete", []string{"create " + cwHooks, "skip " + gzHooks}, actions(p.plan(nil, Options{Rewrite: rewrite})))
	diffLines(t, "generate after delete", []string{"create " + cwHooks}, actions(p.generate(nil, Options{})))
	if !strings.Contains(p.read(cwHooks), `"v2"`) {
		t.Error("the restored file is not the current render")
	}
	diffLines(t, "check after restore", nil, statuses(p.check()))
}

func TestTypeAddedByHandGetsItsScaffold(t *testing.T) {
	p := newProject(t)
	m := manifest.New("example.com/shop")
	m.Replicables = []manifest.Replicable{{Name: "Gizmo", Strategy: manifest.Repository, MigrationVersion: 20261122010205}}
	p.generate(m, Options{})
	// Someone adds CoolWidget to geogen.yaml by hand and runs generate.
	m = p.manifest()
	m.Replicables = testManifest().Replicables
	diffLines(t, "generate", []string{
		"update " + index, "update geogen.yaml", "create " + cwReadme, "create " + cwHooks, "create " + cwModel, "create " + cwMig,
	}, actions(p.plan(m, Options{})))
}

func TestPruneRemovedType(t *testing.T) {
	p := newProject(t)
	p.generate(nil, Options{})
	p.write(cwReadme, p.read(cwReadme)+"my note\n")
	p.write(cwHooks, p.read(cwHooks)+"// mine\n")

	// CoolWidget is deleted from geogen.yaml by hand.
	m := p.manifest()
	m.Replicables = slices.DeleteFunc(m.Replicables, func(r manifest.Replicable) bool { return r.Name == "CoolWidget" })
	if err := os.WriteFile(filepath.Join(p.root, manifest.FileName), must(m.Marshal()), 0o644); err != nil {
		t.Fatal(err)
	}
	diffLines(t, "check", []string{
		"stale " + index, "extra " + cwReadme, "extra " + cwModel,
	}, statuses(p.check()))

	plan := p.generate(nil, Options{})
	diffLines(t, "generate", []string{
		"update " + index, "update geogen.yaml", "keep " + cwReadme, "keep " + cwHooks, "delete " + cwModel, "keep " + cwMig,
	}, actions(plan))
	if p.exists(cwModel) || !p.exists(cwReadme) || !p.exists(cwHooks) || !p.exists(cwMig) {
		t.Error("prune deleted the wrong files")
	}
	lock := p.manifest().Generated
	if _, ok := lock[cwReadme]; !ok {
		t.Error("the kept hand-edited owned file left the lock, so check would stop reporting it")
	}
	if _, ok := lock[cwHooks]; ok {
		t.Error("a kept scaffold-once file stayed in the lock")
	}
	diffLines(t, "check after prune", []string{"extra " + cwReadme}, statuses(p.check()))

	// Once the user deletes it, all is clean and the lock forgets it.
	if err := os.Remove(filepath.Join(p.root, cwReadme)); err != nil {
		t.Fatal(err)
	}
	p.generate(nil, Options{})
	if r := p.check(); !r.Clean() {
		t.Errorf("check: %v", statuses(r))
	}
}

func TestRemoveType(t *testing.T) {
	for _, tt := range []struct {
		name string
		all  bool
		want []string
		left []string
	}{
		{"keeps edited and retained", false,
			[]string{"update " + index, "update geogen.yaml", "keep " + cwReadme, "keep " + cwHooks, "delete " + cwModel, "keep " + cwMig},
			[]string{cwReadme, cwHooks, cwMig}},
		{"all", true,
			[]string{"update " + index, "update geogen.yaml", "delete " + cwReadme, "delete " + cwHooks, "delete " + cwModel, "delete " + cwMig},
			nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := newProject(t)
			p.generate(nil, Options{})
			p.write(cwReadme, p.read(cwReadme)+"my note\n")
			p.write(cwHooks, p.read(cwHooks)+"// mine\n")

			before := p.manifest()
			files, err := Generate(before, p.table)
			if err != nil {
				t.Fatal(err)
			}
			var removing []File
			for _, f := range files {
				if f.Replicable == "CoolWidget" {
					removing = append(removing, f)
				}
			}
			after := before.Clone()
			after.Replicables = after.Replicables[1:]
			plan := p.generate(after, Options{Removing: removing, RemoveRetained: tt.all, OverwriteEdited: tt.all})
			diffLines(t, "remove", tt.want, actions(plan))
			var left []string
			for rel := range p.tree() {
				if strings.Contains(rel, "cool_widget") {
					left = append(left, rel)
				}
			}
			slices.Sort(left)
			want := slices.Clone(tt.left)
			slices.Sort(want)
			diffLines(t, "files left", want, left)
			if !tt.all && !p.exists("internal/geo/cool_widget") {
				t.Error("directory with kept files removed")
			}
			if tt.all && p.exists("internal/geo/cool_widget") {
				t.Error("empty package directory left behind")
			}
		})
	}
}

func TestRemoveDeletesUneditedScaffold(t *testing.T) {
	p := newProject(t)
	p.generate(nil, Options{})
	before := p.manifest()
	files := must(Generate(before, p.table))
	var removing []File
	for _, f := range files {
		if f.Replicable == "CoolWidget" {
			removing = append(removing, f)
		}
	}
	after := before.Clone()
	after.Replicables = after.Replicables[1:]
	plan := p.generate(after, Options{Removing: removing})
	diffLines(t, "remove", []string{
		"update " + index, "update geogen.yaml", "delete " + cwReadme, "delete " + cwHooks, "delete " + cwModel, "keep " + cwMig,
	}, actions(plan))
	for _, c := range plan.Changes {
		if c.Path == cwMig && !strings.Contains(c.Reason, "migration") {
			t.Errorf("kept migration's reason = %q", c.Reason)
		}
	}
}

func TestUntrackedGeneratedFileIsExtra(t *testing.T) {
	p := newProject(t)
	p.generate(nil, Options{})
	p.write("internal/geo/old/thing.go", "// Code generated by geogen. DO NOT EDIT.\n\npackage old\n")
	p.write("internal/geo/old/mine.go", "package old\n")
	p.write("internal/geo/old/other.go", "// Code generated by sqlc. DO NOT EDIT.\npackage old\n")
	diffLines(t, "check", []string{"extra internal/geo/old/thing.go"}, statuses(p.check()))
	plan := p.generate(nil, Options{})
	diffLines(t, "generate", []string{"keep internal/geo/old/thing.go"}, actions(plan))
	if !p.exists("internal/geo/old/thing.go") {
		t.Error("an untracked file was deleted")
	}
}

func TestDirectoryInTheWay(t *testing.T) {
	p := newProject(t)
	if err := os.MkdirAll(filepath.Join(p.root, cwModel), 0o755); err != nil {
		t.Fatal(err)
	}
	m := p.manifest()
	_, err := NewPlan(p.root, m, must(Generate(m, p.table)), Options{})
	if err == nil || !strings.Contains(err.Error(), cwModel+" is a directory") {
		t.Fatalf("err = %v", err)
	}
}

func TestApplyFailsOnUnwritableDirectory(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root ignores directory permissions")
	}
	p := newProject(t)
	p.generate(nil, Options{})
	before := p.tree()
	dir := filepath.Join(p.root, "internal/geo/gizmo")
	if err := os.Chmod(dir, 0o555); err != nil {
		t.Fatal(err)
	}
	defer os.Chmod(dir, 0o755)
	p.table = withRender(p.table, "readme", func(_ *Project, t *Type) ([]byte, error) {
		return []byte(Header("x.md") + "v2\n"), nil
	})
	if err := p.plan(nil, Options{}).Apply(); err == nil {
		t.Fatal("Apply succeeded in a read-only directory")
	}
	if diff := cmp.Diff(before, p.tree()); diff != "" {
		t.Errorf("the project changed (-before +after):\n%s", diff)
	}
}

func filter(lines []string, substr string) []string {
	var out []string
	for _, l := range lines {
		if strings.Contains(l, substr) {
			out = append(out, l)
		}
	}
	return out
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
