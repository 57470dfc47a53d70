// Package telemetry lists what a replicable type reports about itself:
// the fields of the site status (the JSON every site publishes), the
// Prometheus gauges derived from them, and the counters a secondary keeps
// of what its own checks found.
//
// The list lives here, in one function, so that the generated docs, the
// generated status schema and the runtime that fills the status can be
// compared against a single source by a test, instead of three copies
// drifting apart as GitLab's did.
package telemetry

import (
	"strings"

	"github.com/geogen/geogen/generator/naming"
)

// Type is the JSON type of a status field.
type Type string

// The field types.
const (
	// Count is a whole number, or null where the site does not compute it
	// (the checksum counts when verification is off).
	Count Type = "count"
	// Percentage is a float from 0 to 100, unrounded; 0 when the
	// denominator is 0.
	Percentage Type = "percentage"
	// UnixTime is seconds since the epoch, or -1 when there is nothing to
	// report.
	UnixTime Type = "unix_time"
)

// Field is one status field.
type Field struct {
	Name        string // "cool_widgets_synced_count"
	Type        Type
	Site        string // which site computes it: "primary", "secondary" or "both"
	Description string
}

// Gauge is one Prometheus gauge.
type Gauge struct {
	Name        string // "geo_cool_widgets_synced"
	Field       string // the status field it is set from
	Description string
}

// Counter is one Prometheus counter, counted by a running site as things
// happen rather than set from the status.
type Counter struct {
	Name        string   // "geo_cool_widgets_checksum_mismatches_total"
	Label       string   // its label besides url: "check"
	Values      []string // the label's values, each a series from 0
	Description string
}

// Set is everything one type reports.
type Set struct {
	Fields   []Field   // the status fields, in the order GitLab lists them
	Gauges   []Gauge   // one per count field
	Counters []Counter // a secondary's own
}

// For returns the status fields and gauges of the type with names n.
func For(n naming.Names) Set {
	p, tp := n.StatusPrefix, n.TitlePlural
	f := func(suffix string, typ Type, site, desc string) Field {
		return Field{Name: p + suffix, Type: typ, Site: site, Description: strings.ReplaceAll(desc, "{}", tp)}
	}
	fields := []Field{
		f("_count", Count, "both", "Number of {} to replicate: on the primary, the records in scope; on a secondary, its registry rows"),
		f("_checksum_total_count", Count, "primary", "Number of {} the primary checksums (null while verification is off)"),
		f("_checksummed_count", Count, "primary", "Number of {} checksummed on the primary (null while verification is off)"),
		f("_checksum_failed_count", Count, "primary", "Number of {} that failed to checksum on the primary (null while verification is off)"),
		f("_synced_count", Count, "secondary", "Number of {} synced to the secondary"),
		f("_failed_count", Count, "secondary", "Number of {} that failed to sync to the secondary"),
		f("_registry_count", Count, "secondary", "Number of {} in the secondary's registry"),
		f("_verification_total_count", Count, "secondary", "Number of synced {} the secondary verifies (null while verification is off)"),
		f("_verified_count", Count, "secondary", "Number of {} verified on the secondary (null while verification is off)"),
		f("_verification_failed_count", Count, "secondary", "Number of {} that failed verification on the secondary (null while verification is off)"),
		f("_checksum_mismatch_count", Count, "secondary", "Number of {} whose checksum on the secondary differed from the primary's at the last verification, until a verification succeeds again (null while verification is off)"),
		f("_synced_in_percentage", Percentage, "secondary", "Percentage of the secondary's registry rows of {} that are synced"),
		f("_verified_in_percentage", Percentage, "secondary", "Percentage of the secondary's registry rows of {} that are verified"),
		f("_oldest_unsynced_time", UnixTime, "secondary", "Unix time of the oldest of the {} not yet synced to the secondary, or -1 when all are synced"),
	}
	var gauges []Gauge
	for _, fd := range fields {
		// GitLab's rule: every count field becomes a gauge named like the
		// field, with the metric prefix and without the _count suffix. The
		// unsynced time is left out: it is a timestamp, not a count.
		if base, ok := strings.CutSuffix(fd.Name, "_count"); ok {
			name := n.MetricPrefix + strings.TrimPrefix(base, p)
			gauges = append(gauges, Gauge{Name: name, Field: fd.Name, Description: fd.Description})
		}
	}
	counters := []Counter{{
		Name:   n.MetricPrefix + "_checksum_mismatches_total",
		Label:  "check",
		Values: []string{"checksum", "integrity", "size", "missing"},
		Description: strings.ReplaceAll("Number of times the secondary found its own copy of one of its {} damaged, by the check that found it: "+
			"checksum (the verification's checksum differs from the primary's), integrity (git reports the mirror corrupt), "+
			"size (the frequent existence check found a blob of another size than its sync stored) or missing (the copy is gone); "+
			"each is recorded as a failed verification and synced again. Counted since the process started.", "{}", tp),
	}}
	return Set{Fields: fields, Gauges: gauges, Counters: counters}
}
