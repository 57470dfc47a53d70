package rendercache

import (
	"testing"

	"github.com/geogen/geogen/generator"
)

func TestEntryRoundTrip(t *testing.T) {
	k := [32]byte{1, 2, 3}
	for _, tt := range []struct {
		name  string
		files []generator.File
	}{
		{"no files", []generator.File{}},
		{"every field", []generator.File{
			{Path: "a/x.go", Content: []byte("package x\n"), Kind: generator.Owned, Replicable: "CoolWidget", Artifact: "descriptor", Sum: "8f9e0a"},
			{Path: "b/y.sql", Content: []byte("-- y\n"), Kind: generator.ScaffoldOnce, Artifact: "migration", Retain: true},
		}},
		{"empty and nil content", []generator.File{
			{Path: "empty", Content: []byte{}, Kind: generator.ScaffoldOnce},
			{Path: "nil", Kind: generator.ScaffoldOnce},
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := decodeEntry(k, encodeEntry(k, tt.files))
			if err != nil {
				t.Fatal(err)
			}
			if diff := diffFiles(tt.files, got); diff != "" {
				t.Errorf("round trip (-want +got):\n%s", diff)
			}
		})
	}
}

// Entries that could only come from a damaged or foreign file are
// refused even when their checksum holds: unsorted or repeated paths, an
// unknown kind.
func TestEntryRefusesImpossibleFiles(t *testing.T) {
	k := [32]byte{9}
	for _, tt := range []struct {
		name  string
		files []generator.File
	}{
		{"unsorted", []generator.File{{Path: "b", Kind: generator.Owned}, {Path: "a", Kind: generator.Owned}}},
		{"repeated", []generator.File{{Path: "a", Kind: generator.Owned}, {Path: "a", Kind: generator.Owned}}},
		{"unknown kind", []generator.File{{Path: "a", Kind: "mine"}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := decodeEntry(k, encodeEntry(k, tt.files)); err == nil {
				t.Error("decoded")
			}
		})
	}
}
