package metrics

import "github.com/geogen/geogen/runtime/replicable"

// Status is one type's figures on one site. Nil means "not reported":
// primary figures on a secondary and the reverse, and every figure of a
// type that is disabled on the site.
type Status struct {
	Descriptor *replicable.Descriptor

	Count               *int64 // primary: model records in scope; secondary: registry rows
	ChecksumTotalCount  *int64 // primary: verification state rows
	ChecksummedCount    *int64 // primary: verification succeeded
	ChecksumFailedCount *int64 // primary: verification failed

	SyncedCount   *int64 // secondary: registries synced
	FailedCount   *int64 // secondary: registries failed
	RegistryCount *int64 // secondary: all registries

	VerificationTotalCount  *int64 // secondary: synced registries whose verification is not disabled
	VerifiedCount           *int64 // secondary: synced and verification succeeded
	VerificationFailedCount *int64 // secondary: synced and verification failed
	// ChecksumMismatchCount is, on a secondary, the registries whose last
	// verification found a checksum different from the primary's, synced
	// or not (a mismatch fails the sync, so the copy is downloaded again):
	// the flag stays until a verification succeeds, so damage found by the
	// secondary's own schedule shows here until it is repaired.
	ChecksumMismatchCount *int64
}

// SyncedInPercentage is SyncedCount / RegistryCount × 100, unrounded; 0
// when there is no registry.
func (s Status) SyncedInPercentage() float64 { return percentage(s.SyncedCount, s.RegistryCount) }

// VerifiedInPercentage is VerifiedCount / RegistryCount × 100, unrounded; 0
// when there is no registry. The denominator is the registry count, not
// the verification total, as GitLab computes it.
func (s Status) VerifiedInPercentage() float64 {
	return percentage(s.VerifiedCount, s.RegistryCount)
}

func percentage(part, whole *int64) float64 {
	if part == nil || whole == nil || *whole == 0 {
		return 0
	}
	return float64(*part) / float64(*whole) * 100
}

// Field is one named status figure: nil, an int64 count or a float64
// percentage.
type Field struct {
	Name  string
	Value any
}

// Fields returns the thirteen status fields in FieldNames order.
func (s Status) Fields() []Field {
	values := []any{
		count(s.Count), count(s.ChecksumTotalCount), count(s.ChecksummedCount), count(s.ChecksumFailedCount),
		count(s.SyncedCount), count(s.FailedCount), count(s.RegistryCount),
		count(s.VerificationTotalCount), count(s.VerifiedCount), count(s.VerificationFailedCount), count(s.ChecksumMismatchCount),
		s.SyncedInPercentage(), s.VerifiedInPercentage(),
	}
	names := FieldNames(s.Descriptor)
	out := make([]Field, len(names))
	for i, n := range names {
		out[i] = Field{Name: n, Value: values[i]}
	}
	return out
}

// Map returns the fields as a map, ready for a JSON status document.
func (s Status) Map() map[string]any {
	m := map[string]any{}
	for _, f := range s.Fields() {
		m[f.Name] = f.Value
	}
	return m
}

// count turns a nil count into an untyped nil, so JSON shows null.
func count(n *int64) any {
	if n == nil {
		return nil
	}
	return *n
}
