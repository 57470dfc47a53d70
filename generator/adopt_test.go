package generator

import (
	"strings"
	"testing"
	"time"

	"github.com/geogen/geogen/generator/manifest"
)

// TestNewAdoptsOnlyKeptMigrationsItRenders: after remove keeps a type's
// migrations, new of a type creating the same tables takes their version
// back only when they are byte for byte what it renders; kept migrations
// of other columns (another foreign key, here) are refused, since adopting
// them leaves Go code naming a column the migrations never create.
func TestNewAdoptsOnlyKeptMigrationsItRenders(t *testing.T) {
	for _, tc := range []struct {
		name    string
		entry   manifest.Replicable
		adopted bool
	}{
		{name: "the same type", entry: manifest.Replicable{Name: "CoolWidget", Strategy: manifest.Blob}, adopted: true},
		{name: "another foreign key", entry: manifest.Replicable{Name: "CoolWidget", Strategy: manifest.Blob, ForeignKey: "item_id"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := newProject(t)
			p.table = tableNamedTable()
			p.generate(nil, Options{})
			s, err := Open(p.root, OpenOptions{Write: true, Wait: time.Minute, Render: p.render})
			if err != nil {
				t.Fatal(err)
			}
			rp, err := s.PlanRemove("CoolWidget", false)
			if err == nil {
				err = rp.Refusal()
			}
			if err == nil {
				err = rp.Plan.Apply()
			}
			s.Close()
			if err != nil {
				t.Fatal(err)
			}
			kept := "migrations/20261122010203_create_cool_widgets.sql"
			before := p.read(kept)

			s, err = Open(p.root, OpenOptions{Write: true, Wait: time.Minute, Render: p.render})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			np, err := s.PlanNew(NewRequest{Entry: tc.entry, Now: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)})
			if err != nil {
				t.Fatal(err)
			}
			adopted := np.Entry.MigrationVersion == 20261122010203
			if adopted != tc.adopted {
				t.Fatalf("migration version %d: adopted=%v, want %v (notes %v)", np.Entry.MigrationVersion, adopted, tc.adopted, np.Notes)
			}
			if err := np.Refusal(); (err == nil) != tc.adopted {
				t.Fatalf("refusal %v, want refused=%v", err, !tc.adopted)
			}
			if !tc.adopted {
				return
			}
			if err := np.Plan.Apply(); err != nil {
				t.Fatal(err)
			}
			if got := p.read(kept); got != before || !strings.Contains(got, np.Entry.ForeignKey) {
				t.Errorf("%s changed or lacks %s:\n%s", kept, np.Entry.ForeignKey, got)
			}
		})
	}
}
