package metrics

import "github.com/geogen/geogen/runtime/replicable"

// fieldSuffixes are the status fields' names after "<plural>_", in the
// order the status documents them.
var fieldSuffixes = []string{
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
	names := make([]string, len(fieldSuffixes))
	for i, s := range fieldSuffixes {
		names[i] = d.StatusField(s)
	}
	return names
}

// gauge is one Prometheus gauge of a type: the name is the status field's
// with "_count" (or the "_total_count" of totals: "_total") dropped, as
// GitLab derives it.
type gauge struct {
	suffix string              // metric name suffix, "" for geo_<plural>
	help   string              // "%s" stands for the type's plural title
	value  func(Status) *int64 // nil: not reported
}

var gauges = []gauge{
	{"", "Number of %s on primary", func(s Status) *int64 { return s.Count }},
	{"checksum_total", "Number of %s to checksum on primary", func(s Status) *int64 { return s.ChecksumTotalCount }},
	{"checksummed", "Number of %s that successfully calculated the checksum on primary", func(s Status) *int64 { return s.ChecksummedCount }},
	{"checksum_failed", "Number of %s that failed to calculate the checksum on primary", func(s Status) *int64 { return s.ChecksumFailedCount }},
	{"synced", "Number of syncable %s synced on secondary", func(s Status) *int64 { return s.SyncedCount }},
	{"failed", "Number of syncable %s failed to sync on secondary", func(s Status) *int64 { return s.FailedCount }},
	{"registry", "Number of %s in the registry", func(s Status) *int64 { return s.RegistryCount }},
	{"verification_total", "Number of %s to attempt to verify on secondary", func(s Status) *int64 { return s.VerificationTotalCount }},
	{"verified", "Number of %s successfully verified on secondary", func(s Status) *int64 { return s.VerifiedCount }},
	{"verification_failed", "Number of %s that failed verification on secondary", func(s Status) *int64 { return s.VerificationFailedCount }},
	{"checksum_mismatch", "Number of %s whose checksum on secondary differs from the primary's", func(s Status) *int64 { return s.ChecksumMismatchCount }},
}

// GaugeNames returns d's eleven gauges: geo_cool_widgets,
// geo_cool_widgets_checksum_total … geo_cool_widgets_checksum_mismatch.
func GaugeNames(d *replicable.Descriptor) []string {
	names := make([]string, len(gauges))
	for i, g := range gauges {
		names[i] = d.MetricName(g.suffix)
	}
	return names
}
