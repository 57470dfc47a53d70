package manifest

import (
	"strings"
	"testing"
)

func TestSchemaRevisionValidation(t *testing.T) {
	const head = "version: 1\nmodule: example.com/shop\nreplicables:\n  - name: CoolWidget\n    strategy: blob\n    migration_version: 20261122010203\n"
	for _, c := range []struct {
		name, extra string
		wantErr     string // "" means valid
		revision    int
	}{
		{"absent is the first revision", "", "", 1},
		{"current", "    schema_revision: 2\n", "", 2},
		{"upgraded", "    schema_upgrades:\n      - revision: 2\n        migration_version: 20261205000000\n", "", 2},
		{"unknown revision", "    schema_revision: 3\n", "3 is not a schema revision this geogen knows", 0},
		{"negative revision", "    schema_revision: -1\n", "-1 is not a schema revision", 0},
		{"upgrade skips a revision", "    schema_upgrades:\n      - revision: 3\n        migration_version: 20261205000000\n", "is 3, want 2", 0},
		{"upgrade of a current type", "    schema_revision: 2\n    schema_upgrades:\n      - revision: 2\n        migration_version: 20261205000000\n", "is 2, want 3", 0},
		{"upgrade before the type", "    schema_upgrades:\n      - revision: 2\n        migration_version: 20261122010204\n", "does not come after the type's first migrations", 0},
		{"upgrade not a number", "    schema_upgrades:\n      - revision: two\n        migration_version: 20261205000000\n", "want a whole number", 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			m, err := Parse([]byte(head + c.extra))
			if c.wantErr == "" {
				if err != nil {
					t.Fatal(err)
				}
				if got := m.Replicables[0].Revision(); got != c.revision {
					t.Errorf("Revision() = %d, want %d", got, c.revision)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), c.wantErr) {
				t.Fatalf("err = %v, want it to say %q", err, c.wantErr)
			}
		})
	}
}

func TestMaxMigrationVersionCountsUpgrades(t *testing.T) {
	m := New("example.com/shop")
	m.Replicables = []Replicable{
		{Name: "A", MigrationVersion: 100},
		{Name: "B", MigrationVersion: 50, SchemaUpgrades: []SchemaUpgrade{{Revision: 2, MigrationVersion: 300}}},
	}
	if got := m.MaxMigrationVersion(); got != 300 {
		t.Errorf("MaxMigrationVersion = %d, want 300", got)
	}
	m.Replicables = m.Replicables[:1]
	if got := m.MaxMigrationVersion(); got != 101 {
		t.Errorf("MaxMigrationVersion = %d, want 101 (a type uses two versions)", got)
	}
}
