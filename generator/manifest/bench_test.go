package manifest

import (
	"fmt"
	"testing"
)

// manifest100 is the manifest of a project of 100 types with a lock
// shaped like the one generate writes for it: some 1,400 files here,
// against the 1,557 of the real thing.
func manifest100() *Manifest {
	m := New("example.com/shop")
	for i := range 100 {
		name := fmt.Sprintf("Part%c%c", 'A'+i/26, 'a'+i%26)
		snake := fmt.Sprintf("part_%c%c", 'a'+i/26, 'a'+i%26)
		v := 20261122010203 + int64(i)*VersionsPerType*100
		s := Blob
		if i%2 == 1 {
			s = Repository
		}
		m.Replicables = append(m.Replicables, Replicable{Name: name, Strategy: s, MigrationVersion: v})
		pkg := "internal/geo/" + snake[:4] + snake[5:]
		paths := []string{
			pkg + "/descriptor.go", pkg + "/registry.go", pkg + "/finder.go", pkg + "/graphql.go",
			pkg + "/conformance_test.go", pkg + "/selection.go", pkg + "/fixtures_test.go",
			"config/feature_flags/geo_" + snake + "_replication.yml", "config/feature_flags/geo_" + snake + "_verification.yml",
		}
		for _, db := range []string{"main/postgres", "main/sqlite", "tracking/postgres", "tracking/sqlite"} {
			paths = append(paths, fmt.Sprintf("migrations/%s/%d_create_%ss.sql", db, v, snake))
		}
		if s == Blob {
			paths = append(paths, pkg+"/replicator.go")
		}
		for j, p := range paths {
			k := Owned
			if j >= 5 && j < 7 || j >= 9 && j < 13 {
				k = Scaffold
			}
			m.Generated[p] = Entry{Kind: k, SHA256: Hash([]byte(p))}
		}
	}
	for _, p := range []string{"internal/geo/replicables.go", "internal/geo/replicables_test.go", "migrations/migrations.go",
		"docs/geo/data_types.md", "docs/geo/metrics.md", "docs/geo/status.md", "docs/geo/status_schema.json"} {
		m.Generated[p] = Entry{Kind: Owned, SHA256: Hash([]byte(p))}
	}
	return m
}

func BenchmarkParse100(b *testing.B) {
	data, err := manifest100().Marshal()
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := Parse(data); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkMarshal100(b *testing.B) {
	m := manifest100()
	for b.Loop() {
		if _, err := m.Marshal(); err != nil {
			b.Fatal(err)
		}
	}
}
