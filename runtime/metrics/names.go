package metrics

import (
	"fmt"

	"github.com/geogen/geogen/runtime/replicable"
)

// OldestUnsyncedSuffix names the status field of a type's oldest unsynced
// record, after "<plural>_". The admin API fills it: it needs both of a
// secondary's databases, so this package does not compute it.
const OldestUnsyncedSuffix = "oldest_unsynced_time"

// CheckNames returns the gauges and status fields that two types would
// share: a type whose plural is another's plus a suffix ("widgets_synced"
// beside "widgets") would export geo_widgets_synced twice, and a
// Prometheus registry refuses that.
func CheckNames(descs []*replicable.Descriptor) []*replicable.NameProblem {
	var problems []*replicable.NameProblem
	type owned struct{ typ, kind string }
	seen := map[string]owned{}
	claim := func(d *replicable.Descriptor, kind, name string) {
		if prev, ok := seen[name]; ok && prev.typ != d.Name {
			problems = append(problems, &replicable.NameProblem{Types: []string{prev.typ, d.Name}, Field: "Plural", Name: name,
				Reason: fmt.Sprintf("is a %s of both (of %s as a %s)", kind, prev.typ, prev.kind)})
			return
		}
		seen[name] = owned{d.Name, kind}
	}
	for _, d := range descs {
		if d == nil {
			continue
		}
		for _, g := range GaugeNames(d) {
			claim(d, "Prometheus gauge", g)
		}
		for _, f := range append(FieldNames(d), d.StatusField(OldestUnsyncedSuffix)) {
			claim(d, "status field", f)
		}
	}
	return problems
}
