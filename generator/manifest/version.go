package manifest

import (
	"strconv"
	"time"
)

// MigrationVersionAt is the migration version for the given instant:
// YYYYMMDDhhmmss in UTC, the form goose and Rails use.
func MigrationVersionAt(t time.Time) int64 {
	v, _ := strconv.ParseInt(t.UTC().Format("20060102150405"), 10, 64)
	return v
}

// NextMigrationVersion returns the first version at or after the clock's
// version whose VersionsPerType consecutive versions no existing type
// uses. Two types created within the same second (scripts, tests) would
// otherwise share a version.
func (m *Manifest) NextMigrationVersion(now time.Time) int64 {
	v := MigrationVersionAt(now)
	for {
		clash := false
		for _, r := range m.Replicables {
			if v < r.MigrationVersion+VersionsPerType && r.MigrationVersion < v+VersionsPerType {
				v = r.MigrationVersion + VersionsPerType
				clash = true
			}
		}
		if !clash {
			return v
		}
	}
}
