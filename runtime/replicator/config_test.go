package replicator_test

import (
	"strings"
	"testing"

	"github.com/geogen/geogen/runtime/blobstore"
	"github.com/geogen/geogen/runtime/flags"
	"github.com/geogen/geogen/runtime/internal/testtypes"
	"github.com/geogen/geogen/runtime/replicator"
	"github.com/geogen/geogen/runtime/sqldb"
)

// Both strategies refuse an incomplete configuration with an error that
// names what is missing.
func TestNewRefusesIncompleteConfig(t *testing.T) {
	store, err := blobstore.NewDir(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	blob, repo := testtypes.CoolWidget(), testtypes.Gizmo()
	db := &sqldb.DB{}
	primary := func(c replicator.Config) replicator.Config {
		c.Role, c.Flags, c.Main = flags.Primary, flags.NewMemory(), db
		return c
	}
	tests := []struct {
		name string
		cfg  replicator.Config
		new  func(replicator.Config) error
		want string
	}{
		{"blob without descriptor", primary(replicator.Config{Store: store}), newBlob, "blob replicator: Descriptor is nil"},
		{"blob with a repository type", primary(replicator.Config{Descriptor: repo, Store: store}), newBlob, `has strategy "repository", not blob`},
		{"blob without a role", replicator.Config{Descriptor: blob, Flags: flags.NewMemory(), Main: db, Store: store}, newBlob, "Role must be"},
		{"blob without a store", primary(replicator.Config{Descriptor: blob}), newBlob, "Store (this site's blob store) is required"},
		{"repository without a root", primary(replicator.Config{Descriptor: repo}), newRepository, "RepositoryRoot (the directory of this site's repositories) is required"},
		{"blob secondary without registry", replicator.Config{Descriptor: blob, Role: flags.Secondary, Flags: flags.NewMemory(), Main: db, Store: store},
			newBlob, "on a secondary: Registry and Verification are required"},
		{"blob primary, complete", primary(replicator.Config{Descriptor: blob, Store: store}), newBlob, ""},
		{"repository primary, complete", primary(replicator.Config{Descriptor: repo, RepositoryRoot: t.TempDir()}), newRepository, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.new(tc.cfg)
			switch {
			case tc.want == "" && err != nil:
				t.Errorf("error %v, want none", err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Errorf("error %v, want one containing %q", err, tc.want)
			}
		})
	}
}

func newBlob(c replicator.Config) error       { _, err := replicator.NewBlob(c); return err }
func newRepository(c replicator.Config) error { _, err := replicator.NewRepository(c); return err }
