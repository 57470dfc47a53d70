package site_test

import (
	"strings"
	"testing"

	"github.com/geogen/geogen/runtime/blobstore"
	"github.com/geogen/geogen/runtime/flags"
	"github.com/geogen/geogen/runtime/geoauth"
	"github.com/geogen/geogen/runtime/internal/testtypes"
	"github.com/geogen/geogen/runtime/replicable"
	"github.com/geogen/geogen/runtime/site"
	"github.com/geogen/geogen/runtime/sqldb"
)

// A site refuses types whose names are not identifiers, or that share a
// name, before any of them reaches SQL.
func TestSitesRefuseInvalidTypes(t *testing.T) {
	injected := testtypes.CoolWidget()
	injected.RegistryTable = "cool_widget_registry; DROP TABLE cool_widgets"
	tests := []struct {
		name  string
		types []*replicable.Descriptor
		want  string
	}{
		{"a table name that is not an identifier", []*replicable.Descriptor{injected}, "RegistryTable"},
		{"the same type twice", []*replicable.Descriptor{testtypes.CoolWidget(), testtypes.CoolWidget()}, "both use"},
	}
	db := &sqldb.DB{}
	blobs, err := blobstore.NewDir(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := site.NewPrimary(site.PrimaryConfig{Main: db, Blobs: blobs, Types: tc.types, Flags: flags.NewMemory(),
				Verifier: &geoauth.Verifier{}})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("NewPrimary: error %v, want one mentioning %q", err, tc.want)
			}
			_, err = site.NewSecondary(site.SecondaryConfig{Main: db, Tracking: db, Blobs: blobs, Types: tc.types, Flags: flags.NewMemory()})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("NewSecondary: error %v, want one mentioning %q", err, tc.want)
			}
		})
	}
}
