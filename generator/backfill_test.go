package generator

import (
	"encoding/json"
	"fmt"
	"maps"
	"path"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/geogen/geogen/generator/manifest"
)

// tableNamedTable is the synthetic table with a migration per type named,
// as production's are, after the model table it creates, and holding the
// other table names: renaming any of them renames or changes it.
func tableNamedTable() []Artifact {
	table := slices.Clone(syntheticTable())
	for i := range table {
		if table[i].Name != "migration" {
			continue
		}
		table[i].When = nil
		table[i].Path = func(p *Project, t *Type) string {
			return path.Join(p.Layout.Migrations, fmt.Sprintf("%d_create_%s.sql", t.MigrationVersion, t.Names.ModelTable))
		}
		table[i].Render = func(p *Project, t *Type) ([]byte, error) {
			n := t.Names
			return fmt.Appendf(nil, "CREATE TABLE %s (id bigint);\nCREATE TABLE %s (%s bigint);\nCREATE TABLE %s (%s bigint);\n",
				n.ModelTable, n.RegistryTable, n.ForeignKey, n.StateTable, n.ForeignKey), nil
		}
	}
	return table
}

// TestGenerateRecordsDerivedNames: generate completes the entries of
// types an earlier geogen created (no plural, registry_table,
// state_table, foreign_key recorded) in the same transaction as the rest,
// renaming nothing, and a second generate changes nothing; a type whose
// migrations disagree with today's names is left as it is, for the
// refusal to explain.
func TestGenerateRecordsDerivedNames(t *testing.T) {
	pinned := func(r manifest.Replicable) manifest.Replicable { return must(PinDerivedNames(r)) }
	cw := manifest.Replicable{Name: "CoolWidget", Strategy: manifest.Blob, MigrationVersion: 20261122010203}
	gz := manifest.Replicable{Name: "Gizmo", Strategy: manifest.Repository, MigrationVersion: 20261122010205}
	leaf := manifest.Replicable{Name: "Leaf", Strategy: manifest.Blob, MigrationVersion: 20261122010207}
	edited := func(r manifest.Replicable, edit func(*manifest.Replicable)) manifest.Replicable { edit(&r); return r }
	for _, tc := range []struct {
		name string
		// written: the entries the files were generated from; old: the
		// entries geogen.yaml holds afterwards, as an earlier geogen
		// (or a hand edit) left them.
		written, old []manifest.Replicable
		wantRecorded []string
		refused      bool
	}{
		{name: "nothing recorded", written: []manifest.Replicable{cw, gz}, old: []manifest.Replicable{cw, gz},
			wantRecorded: []string{"CoolWidget", "Gizmo"}},
		{name: "plural given, the rest derived",
			written:      []manifest.Replicable{edited(cw, func(r *manifest.Replicable) { r.Plural = "cool_widgetz" })},
			old:          []manifest.Replicable{edited(cw, func(r *manifest.Replicable) { r.Plural = "cool_widgetz" })},
			wantRecorded: []string{"CoolWidget"}},
		{name: "table given, no plural",
			written:      []manifest.Replicable{edited(cw, func(r *manifest.Replicable) { r.Table = "widgets" })},
			old:          []manifest.Replicable{edited(cw, func(r *manifest.Replicable) { r.Table = "widgets" })},
			wantRecorded: []string{"CoolWidget"}},
		{name: "only the foreign key missing",
			written:      []manifest.Replicable{pinned(gz)},
			old:          []manifest.Replicable{edited(pinned(gz), func(r *manifest.Replicable) { r.ForeignKey = "" })},
			wantRecorded: []string{"Gizmo"}},
		{name: "every name recorded already", written: []manifest.Replicable{pinned(cw), pinned(gz)},
			old: []manifest.Replicable{pinned(cw), pinned(gz)}},
		{name: "the plural rules changed",
			written:      []manifest.Replicable{cw, edited(leaf, func(r *manifest.Replicable) { r.Plural = "leafs" })},
			old:          []manifest.Replicable{cw, leaf},
			wantRecorded: []string{"CoolWidget"}, refused: true},
		{name: "migration_version edited",
			written: []manifest.Replicable{cw, gz},
			old:     []manifest.Replicable{edited(cw, func(r *manifest.Replicable) { r.MigrationVersion = 20261122010209 }), gz},
			// The type's new migrations would be created beside the kept
			// ones: nothing is written, and its entry is not completed.
			wantRecorded: []string{"Gizmo"}, refused: true},
		{name: "registry table edited",
			written:      []manifest.Replicable{cw, gz},
			old:          []manifest.Replicable{edited(cw, func(r *manifest.Replicable) { r.RegistryTable = "widget_registry" }), gz},
			wantRecorded: []string{"Gizmo"}, refused: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := newProject(t)
			p.table = tableNamedTable()
			m := p.manifest()
			m.Replicables = tc.written
			p.generate(m, Options{})
			m = p.manifest()
			m.Replicables = tc.old
			data := must(m.Marshal())
			p.write(manifest.FileName, string(data))
			before := p.tree()

			plan := p.plan(nil, Options{})
			if !slices.Equal(plan.Recorded, tc.wantRecorded) {
				t.Errorf("recorded %v, want %v", plan.Recorded, tc.wantRecorded)
			}
			for _, r := range plan.Manifest.Replicables {
				complete := r.Plural != "" && r.RegistryTable != "" && r.StateTable != "" && r.ForeignKey != ""
				if recorded := slices.Contains(tc.wantRecorded, r.Name); recorded && !complete {
					t.Errorf("%s: entry to write %+v, want every derived name recorded", r.Name, r)
				} else if !recorded && !reflect.DeepEqual(r, tc.old[slices.IndexFunc(tc.old, func(o manifest.Replicable) bool { return o.Name == r.Name })]) {
					t.Errorf("%s: entry to write %+v, want it as it was", r.Name, r)
				}
			}
			if refusal := plan.Refusal("generate"); (refusal != nil) != tc.refused {
				t.Fatalf("refusal %v, want refused=%v", refusal, tc.refused)
			}
			r := p.check()
			if tc.refused {
				if _, ok := statusOf(r, manifest.FileName); ok {
					t.Errorf("check reports %s beside migrations that disagree with it", manifest.FileName)
				}
				if got := p.tree(); !maps.Equal(got, before) {
					t.Errorf("planning changed the disk")
				}
				return
			}
			st, _ := statusOf(r, manifest.FileName)
			if len(tc.wantRecorded) > 0 {
				// check says what generate would rewrite, and why.
				diffLines(t, "check", []string{"stale " + manifest.FileName}, statuses(r))
				if d := st.Detail; !strings.Contains(d, "records the plural") || !strings.Contains(d, tc.wantRecorded[0]) {
					t.Errorf("check's detail for %s: %q", manifest.FileName, d)
				}
			} else if !r.Clean() {
				t.Errorf("check: %v", statuses(r))
			}

			if err := plan.Apply(); err != nil {
				t.Fatal(err)
			}
			after := p.tree()
			for rel, content := range before {
				if rel != manifest.FileName && after[rel] != content {
					t.Errorf("%s changed: recording the names must rename nothing", rel)
				}
			}
			for _, name := range tc.wantRecorded {
				got := p.manifest().Replicables[p.manifest().Find(name)]
				want := pinned(tc.old[slices.IndexFunc(tc.old, func(r manifest.Replicable) bool { return r.Name == name })])
				if got.Plural != want.Plural || got.RegistryTable != want.RegistryTable || got.StateTable != want.StateTable || got.ForeignKey != want.ForeignKey || got.Table != want.Table {
					t.Errorf("%s: recorded %+v, want %+v", name, got, want)
				}
			}
			again := p.plan(nil, Options{})
			diffLines(t, "second generate", nil, actions(again))
			if len(again.Recorded) > 0 {
				t.Errorf("second generate records %v again", again.Recorded)
			}
			if r := p.check(); !r.Clean() {
				t.Errorf("check after generate: %v", statuses(r))
			}
		})
	}
}

func statusOf(r *Report, p string) (FileReport, bool) {
	for _, f := range r.Files {
		if f.Path == p && f.Status != OK {
			return f, true
		}
	}
	return FileReport{}, false
}

// TestPluralChangeExplainedOncePerType: check names a plural change and
// its fix once for each type, in the report and in its JSON, while every
// migration it explains keeps its own status and a brief detail.
func TestPluralChangeExplainedOncePerType(t *testing.T) {
	leaf := manifest.Replicable{Name: "Leaf", Strategy: manifest.Blob, MigrationVersion: 20261122010203}
	cactus := manifest.Replicable{Name: "Cactus", Strategy: manifest.Blob, MigrationVersion: 20261122010205}
	gz := manifest.Replicable{Name: "Gizmo", Strategy: manifest.Repository, MigrationVersion: 20261122010207}
	for _, tc := range []struct {
		name    string
		written []manifest.Replicable // what the migrations were written from
		was     map[string]string     // types whose plural changed: the old plural
	}{
		{"one type", []manifest.Replicable{with(leaf, "leafs"), gz}, map[string]string{"Leaf": "leafs"}},
		{"two types", []manifest.Replicable{with(cactus, "cactus"), gz, with(leaf, "leafs")}, map[string]string{"Leaf": "leafs", "Cactus": "cactus"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := newProject(t)
			p.table = tableNamedTable()
			m := p.manifest()
			m.Replicables = tc.written
			p.generate(m, Options{})
			m = p.manifest()
			for i := range m.Replicables {
				if _, ok := tc.was[m.Replicables[i].Name]; ok {
					m.Replicables[i].Plural = ""
				}
			}
			p.write(manifest.FileName, string(must(m.Marshal())))

			r := p.check()
			if len(r.PluralChanges) != len(tc.was) {
				t.Fatalf("plural changes %+v, want one for each of %v", r.PluralChanges, tc.was)
			}
			js := string(must(json.Marshal(r)))
			for _, pc := range r.PluralChanges {
				if pc.Was != tc.was[pc.Replicable] {
					t.Errorf("%s: was %q, want %q", pc.Replicable, pc.Was, tc.was[pc.Replicable])
				}
				for _, say := range []string{pc.Problem(), pc.Fix()} {
					quoted := strings.Trim(string(must(json.Marshal(say))), `"`)
					if n := strings.Count(js, quoted); n != 1 {
						t.Errorf("the JSON report says %q %d times, want once", say, n)
					}
				}
				lines := 0
				for _, f := range r.Files {
					if f.Replicable != pc.Replicable || !f.PluralChange {
						continue
					}
					lines++
					if f.Status != Clash && f.Status != Diverged {
						t.Errorf("%s: status %s", f.Path, f.Status)
					}
					if f.Detail != pc.Brief() {
						t.Errorf("%s: detail %q, want %q", f.Path, f.Detail, pc.Brief())
					}
				}
				if lines < 2 {
					t.Errorf("%s: %d file lines marked with the plural change, want its clashing migrations", pc.Replicable, lines)
				}
			}
		})
	}
}

func with(r manifest.Replicable, plural string) manifest.Replicable { r.Plural = plural; return r }
