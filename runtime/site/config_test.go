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

// A type's own storage must be for a type of the site, of its strategy;
// a type without storage of any kind is refused. (TestTypeStorage in
// sitecmd runs sites with a type's own storage.)
func TestSitesCheckTypeStorage(t *testing.T) {
	blobs, err := blobstore.NewDir(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	db := &sqldb.DB{}
	types := []*replicable.Descriptor{testtypes.CoolWidget(), testtypes.Gizmo()}
	tests := []struct {
		name      string
		blobs     blobstore.Store
		repos     string
		typeBlobs map[string]blobstore.Store
		typeRepos map[string]string
		want      string
	}{
		{"unknown type", blobs, "/r", map[string]blobstore.Store{"widget": blobs}, nil, `TypeBlobs["widget"]: not a blob type of the site (its types: cool_widget, gizmo)`},
		{"blob store for a repository type", blobs, "/r", map[string]blobstore.Store{"gizmo": blobs}, nil, `TypeBlobs["gizmo"]: not a blob type`},
		{"repository root for a blob type", blobs, "/r", nil, map[string]string{"cool_widget": "/x"}, `TypeRepositories["cool_widget"]: not a repository type`},
		{"no storage for the blob type", nil, "/r", nil, nil, "cool_widget is a blob type"},
		{"no storage for the repository type", blobs, "", nil, nil, "gizmo is a repository type"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := site.NewPrimary(site.PrimaryConfig{Main: db, Blobs: tc.blobs, Repositories: tc.repos, TypeBlobs: tc.typeBlobs,
				TypeRepositories: tc.typeRepos, Types: types, Flags: flags.NewMemory(), Verifier: &geoauth.Verifier{}})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("NewPrimary: error %v, want one mentioning %q", err, tc.want)
			}
		})
	}
}
