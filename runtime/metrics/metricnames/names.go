// Package metricnames names what a site reports of each replicable type:
// the status fields of its site status, its Prometheus gauges and a
// secondary's counter of the damaged copies its checks found. The
// metrics package reports them; the generator checks that no two types
// share one, without linking the Prometheus client.
package metricnames

import (
	"fmt"

	"github.com/geogen/geogen/runtime/replicable"
)

// OldestUnsyncedSuffix names the status field of a type's oldest unsynced
// record, after "<plural>_". The admin API fills it: it needs both of a
// secondary's databases, so the metrics package does not compute it.
const OldestUnsyncedSuffix = "oldest_unsynced_time"

// FieldSuffixes are the status fields' names after "<plural>_", in the
// order the status documents them.
var FieldSuffixes = []string{
	"count",
	"checksum_total_count",
	"checksummed_count",
	"checksum_failed_count",
	"synced_count",
	"failed_count",
	"registry_count",
	"verification_total_count",
	"verified_count",
	"verification_failed_count",
	"checksum_mismatch_count",
	"synced_in_percentage",
	"verified_in_percentage",
}

// FieldNames returns d's thirteen status fields: cool_widgets_count …
// cool_widgets_verified_in_percentage.
func FieldNames(d *replicable.Descriptor) []string {
	names := make([]string, len(FieldSuffixes))
	for i, s := range FieldSuffixes {
		names[i] = d.StatusField(s)
	}
	return names
}

// Gauge is one Prometheus gauge of a type: the name is the status field's
// with "_count" (or the "_total_count" of totals: "_total") dropped, as
// GitLab derives it.
type Gauge struct {
	Suffix string // metric name suffix, "" for geo_<plural>
	Help   string // "%s" stands for the type's plural title
}

// Gauges are every type's gauges, in the order they are documented.
var Gauges = []Gauge{
	{"", "Number of %s on primary"},
	{"checksum_total", "Number of %s to checksum on primary"},
	{"checksummed", "Number of %s that successfully calculated the checksum on primary"},
	{"checksum_failed", "Number of %s that failed to calculate the checksum on primary"},
	{"synced", "Number of syncable %s synced on secondary"},
	{"failed", "Number of syncable %s failed to sync on secondary"},
	{"registry", "Number of %s in the registry"},
	{"verification_total", "Number of %s to attempt to verify on secondary"},
	{"verified", "Number of %s successfully verified on secondary"},
	{"verification_failed", "Number of %s that failed verification on secondary"},
	{"checksum_mismatch", "Number of %s whose checksum on secondary differs from the primary's"},
}

// GaugeNames returns d's eleven gauges: geo_cool_widgets,
// geo_cool_widgets_checksum_total … geo_cool_widgets_checksum_mismatch.
func GaugeNames(d *replicable.Descriptor) []string {
	names := make([]string, len(Gauges))
	for i, g := range Gauges {
		names[i] = d.MetricName(g.Suffix)
	}
	return names
}

// ChecksumMismatchesSuffix names a type's counter of the damaged copies a
// secondary's own checks found, after "geo_<plural>_". Counters end in
// _total (Prometheus' rule); the name keeps clear of the checksum_mismatch
// gauge's, which counts the copies mismatched now, where the counter
// counts every detection since the process started.
const ChecksumMismatchesSuffix = "checksum_mismatches_total"

// CounterNames returns d's counters: geo_cool_widgets_checksum_mismatches_total.
func CounterNames(d *replicable.Descriptor) []string {
	return []string{d.MetricName(ChecksumMismatchesSuffix)}
}

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
		for _, c := range CounterNames(d) {
			claim(d, "Prometheus counter", c)
		}
		for _, f := range append(FieldNames(d), d.StatusField(OldestUnsyncedSuffix)) {
			claim(d, "status field", f)
		}
	}
	return problems
}
