package rendercache

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/geogen/geogen/generator"
	"github.com/geogen/geogen/generator/manifest"
)

func testRecord() *generator.CleanRecord {
	return &generator.CleanRecord{
		Layout: manifest.DefaultLayout,
		Files: []generator.RecordedFile{
			{Path: "docs/geo/index.md", Sum: [32]byte{1}},
			{Path: "internal/geo/cool_widget/model.go", Sum: [32]byte{2, 3}},
		},
		Migrations: []string{"migrations/20261122010203_create_cool_widgets.sql"},
		Checked:    3, Locked: 2,
	}
}

// A record comes back as it was kept, for the same geogen.yaml only, and
// only from the same program.
func TestRecallWhatWasRemembered(t *testing.T) {
	c := testCache(t)
	manifestBytes := []byte("module: example.com/shop\n")
	want := testRecord()
	c.Remember(manifestBytes, want)
	got, ok := c.Recall(manifestBytes)
	if !ok {
		t.Fatal("a record kept a moment ago was not recalled")
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("recalled record (-want +got):\n%s", diff)
	}
	if _, ok := c.Recall([]byte("module: example.com/shop\n\n")); ok {
		t.Error("recalled for another geogen.yaml")
	}
	if _, ok := open(c.dir, "another-identity").Recall(manifestBytes); ok {
		t.Error("recalled by another build")
	}
	var off *Cache
	off.Remember(manifestBytes, want)
	if _, ok := off.Recall(manifestBytes); ok {
		t.Error("a cache that is off recalled")
	}
}

// A damaged record file (cut short, a flipped byte, renamed to another
// key) is a miss, never a record that says something else.
func TestDamagedRecordIsAMiss(t *testing.T) {
	manifestBytes := []byte("module: example.com/shop\n")
	for _, tt := range []struct {
		name   string
		damage func(data []byte) []byte
	}{
		{"cut short", func(d []byte) []byte { return d[:len(d)/2] }},
		{"empty", func([]byte) []byte { return nil }},
		{"a flipped byte", func(d []byte) []byte { d[len(d)/2] ^= 0x10; return d }},
		{"another key's", func([]byte) []byte {
			k := [32]byte{7}
			return encodeClean(k, testRecord())
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c := testCache(t)
			c.Remember(manifestBytes, testRecord())
			p := c.path(c.cleanKey(manifestBytes), cleanSuffix)
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, tt.damage(data), 0o644); err != nil {
				t.Fatal(err)
			}
			if r, ok := c.Recall(manifestBytes); ok {
				t.Errorf("recalled %+v from a damaged file", r)
			}
		})
	}
}

// Records are pruned with the render entries.
func TestRecordsArePruned(t *testing.T) {
	c := testCache(t)
	c.maxEntries = 2
	for i := range 4 {
		c.Remember([]byte{byte(i)}, testRecord())
	}
	matches, err := filepath.Glob(filepath.Join(c.dir, "*"+cleanSuffix))
	if err != nil {
		t.Fatal(err)
	}
	if len(matches) != 2 {
		t.Errorf("%d records kept, want 2", len(matches))
	}
}
