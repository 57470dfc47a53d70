package metrics

import (
	"github.com/geogen/geogen/runtime/metrics/metricnames"
	"github.com/geogen/geogen/runtime/replicable"
)

// OldestUnsyncedSuffix names the status field of a type's oldest unsynced
// record, after "<plural>_". The admin API fills it: it needs both of a
// secondary's databases, so this package does not compute it.
const OldestUnsyncedSuffix = metricnames.OldestUnsyncedSuffix

// FieldNames returns d's thirteen status fields: cool_widgets_count …
// cool_widgets_verified_in_percentage.
func FieldNames(d *replicable.Descriptor) []string { return metricnames.FieldNames(d) }

// GaugeNames returns d's eleven gauges: geo_cool_widgets,
// geo_cool_widgets_checksum_total … geo_cool_widgets_checksum_mismatch.
func GaugeNames(d *replicable.Descriptor) []string { return metricnames.GaugeNames(d) }

// CheckNames returns the gauges and status fields that two types would
// share (see metricnames.CheckNames).
func CheckNames(descs []*replicable.Descriptor) []*replicable.NameProblem {
	return metricnames.CheckNames(descs)
}

// gaugeValues read each of metricnames.Gauges, by suffix, from a status;
// a nil value is not reported.
var gaugeValues = map[string]func(Status) *int64{
	"":                    func(s Status) *int64 { return s.Count },
	"checksum_total":      func(s Status) *int64 { return s.ChecksumTotalCount },
	"checksummed":         func(s Status) *int64 { return s.ChecksummedCount },
	"checksum_failed":     func(s Status) *int64 { return s.ChecksumFailedCount },
	"synced":              func(s Status) *int64 { return s.SyncedCount },
	"failed":              func(s Status) *int64 { return s.FailedCount },
	"registry":            func(s Status) *int64 { return s.RegistryCount },
	"verification_total":  func(s Status) *int64 { return s.VerificationTotalCount },
	"verified":            func(s Status) *int64 { return s.VerifiedCount },
	"verification_failed": func(s Status) *int64 { return s.VerificationFailedCount },
	"checksum_mismatch":   func(s Status) *int64 { return s.ChecksumMismatchCount },
}
