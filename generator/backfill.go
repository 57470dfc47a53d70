package generator

import (
	"fmt"
	"path"
	"strings"

	"github.com/geogen/geogen/generator/manifest"
)

// recordDerivedNames records in m (the manifest a plan will write) the
// plural, registry table, state table and foreign key of every type that
// lacks them, as geogen new records them for a type it creates: a type
// made before new recorded them stays exposed to a later change of the
// naming rules until they are written down. It returns the names of the
// types it completed.
//
// A type is completed only while its migrations agree with today's
// derivation: none of them clashes or diverged, and no plural change
// explains them. Otherwise recording today's names would turn a plural
// rule that changed under the user into an edit of geogen.yaml that looks
// like theirs, and the plan's refusal says what to do instead.
func recordDerivedNames(m *manifest.Manifest, changes []Change, plurals []PluralChange) ([]string, error) {
	disagree := map[string]bool{}
	for _, pc := range plurals {
		disagree[pc.Replicable] = true
	}
	for _, c := range changes {
		if c.Status != Clash && c.Status != Diverged {
			continue
		}
		if c.Replicable != "" {
			disagree[c.Replicable] = true
		}
		// A clashing file already on disk has no type of its own in
		// the plan: its version says whose range it falls in.
		if v, _, ok := splitVersion(path.Base(c.Path)); ok {
			for _, r := range m.Replicables {
				if r.HoldsVersion(v) {
					disagree[r.Name] = true
				}
			}
		}
	}
	var done []string
	for i := range m.Replicables {
		r := &m.Replicables[i]
		if disagree[r.Name] || (r.Plural != "" && r.RegistryTable != "" && (r.StateTable != "" || r.VerificationOnModel) && r.ForeignKey != "") {
			continue
		}
		pinned, err := PinDerivedNames(*r)
		if err != nil {
			return nil, err
		}
		*r = pinned
		done = append(done, r.Name)
	}
	return done, nil
}

// recordedReason is check's line for a geogen.yaml that differs only by
// the names recordDerivedNames adds.
func recordedReason(types []string) string {
	return fmt.Sprintf("generate records the plural, registry_table, state_table and foreign_key geogen derives for %s, so that a later geogen's naming rules never rename their tables",
		strings.Join(types, ", "))
}
