package generator

import (
	"encoding/json"
	"fmt"
	"path"

	"github.com/geogen/geogen/generator/manifest"
	"github.com/geogen/geogen/generator/naming"
)

// PluralChange is a type whose model table was created under another
// plural than the one geogen derives for it today: a project made by an
// earlier geogen, whose plural rules differed (Leaf: leafs, now leaves),
// before geogen new recorded the plural in the manifest.
type PluralChange struct {
	Replicable string `json:"replicable"`
	Was        string `json:"was"` // the plural its migrations create tables under
	Now        string `json:"now"` // the plural geogen derives today
}

// Problem says what happened, for a refusal or check.
func (pc PluralChange) Problem() string {
	return fmt.Sprintf("the plural rules changed: %s's tables were generated as %s, and this geogen derives %s",
		pc.Replicable, pc.Was, pc.Now)
}

// Fix says the two ways through.
func (pc PluralChange) Fix() string {
	return fmt.Sprintf("add `plural: %s` to %s's entry in %s to keep them, then run geogen generate; or rename them with a follow-up migration (README's \"Renaming a table\")",
		pc.Was, pc.Replicable, manifest.FileName)
}

// Brief is the detail of each file the change explains: the
// explanation and its fix are said once for the type (Problem, Fix), not
// on every migration of it.
func (pc PluralChange) Brief() string {
	return fmt.Sprintf("the plural rules changed for %s (%s, now %s)", pc.Replicable, pc.Was, pc.Now)
}

// MarshalJSON gives check --json the explanation and the fix with the
// type, once.
func (pc PluralChange) MarshalJSON() ([]byte, error) {
	type fields PluralChange
	return json.Marshal(struct {
		fields
		Problem string `json:"problem"`
		Fix     string `json:"fix"`
	}{fields(pc), pc.Problem(), pc.Fix()})
}

// pluralChanges finds the types of m with neither plural nor table in
// the manifest whose first migration on disk, the one creating the model
// table (VERSION_create_TABLE.sql), creates a table under another name
// than the derived plural. Only a derived plural can change under the
// user's feet: an edited plural or table is the user's own doing.
func pluralChanges(migrations []string, m *manifest.Manifest) ([]PluralChange, error) {
	byVersion := map[int64]manifest.Replicable{}
	for _, r := range m.Replicables {
		if r.Plural == "" && r.Table == "" {
			byVersion[r.MigrationVersion] = r
		}
	}
	if len(byVersion) == 0 {
		return nil, nil
	}
	was := map[string]string{}
	for _, f := range migrations {
		v, table, created := createdOf(f)
		r, mine := byVersion[v]
		if !created || !mine {
			continue
		}
		n, err := naming.Derive(r.Name, NamingOptions(r))
		if err != nil || table == n.ModelTable || table == n.RegistryTable {
			continue // the registry table shares the version in the tracking set
		}
		was[r.Name] = table
	}
	var out []PluralChange
	for _, r := range m.Replicables {
		if table, ok := was[r.Name]; ok {
			n, _ := naming.Derive(r.Name, NamingOptions(r))
			out = append(out, PluralChange{Replicable: r.Name, Was: table, Now: n.SnakePlural})
		}
	}
	return out, nil
}

// explainPluralChanges keeps the plural changes that explain a clash or
// a divergence among the type's migrations, and gives those changes the
// change's brief in place of the generic reason; the explanation itself
// is the plan's, once per type.
func explainPluralChanges(changes []Change, found []PluralChange, m *manifest.Manifest) []PluralChange {
	var out []PluralChange
	for _, pc := range found {
		r := m.Replicables[m.Find(pc.Replicable)]
		explained := false
		for i := range changes {
			c := &changes[i]
			if c.Status != Clash && c.Status != Diverged {
				continue
			}
			v, _, ok := splitVersion(path.Base(c.Path))
			if !ok || !r.HoldsVersion(v) {
				continue
			}
			c.Reason = pc.Brief()
			c.PluralChange = true
			if c.Replicable == "" {
				c.Replicable = pc.Replicable
			}
			explained = true
		}
		if explained {
			out = append(out, pc)
		}
	}
	return out
}
