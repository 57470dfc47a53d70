package manifest

import (
	"errors"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestRoundTripIsByteForByte(t *testing.T) {
	want, err := os.ReadFile("testdata/full.yaml")
	if err != nil {
		t.Fatal(err)
	}
	m, err := Parse(want)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	got, err := m.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(lines(want), lines(got)); diff != "" {
		t.Errorf("Marshal(Parse(full.yaml)) differs (-want +got):\n%s", diff)
	}
}

func TestMarshalSortsAndDefaults(t *testing.T) {
	m := New("example.com/shop")
	m.Replicables = []Replicable{
		{Name: "Gizmo", Strategy: Repository, MigrationVersion: 20261122010205, Initialisms: []string{"URL", "ID"}},
		{Name: "CoolWidget", Strategy: Blob, MigrationVersion: 20261122010203},
	}
	data, err := m.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	if m.Replicables[0].Name != "Gizmo" {
		t.Error("Marshal reordered the caller's manifest")
	}
	back, err := Parse(data)
	if err != nil {
		t.Fatalf("Parse(Marshal()): %v\n%s", err, data)
	}
	want := m.Clone()
	want.Sort()
	if diff := cmp.Diff(want, back); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
	again, _ := back.Marshal()
	if string(again) != string(data) {
		t.Errorf("second Marshal differs:\n%s\nvs\n%s", data, again)
	}
}

func TestParseAppliesLayoutDefaults(t *testing.T) {
	m, err := Parse([]byte("version: 1\nmodule: example.com/x\nlayout:\n  docs: documentation\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := DefaultLayout
	want.Docs = "documentation"
	if diff := cmp.Diff(want, m.Layout); diff != "" {
		t.Errorf("layout (-want +got):\n%s", diff)
	}
}

// TestParseAcceptsLayouts: the layout checks refuse only directories the
// go command skips or that cannot name a package; docs and flags hold no
// Go, so a hidden or underscored directory is fine for them.
func TestParseAcceptsLayouts(t *testing.T) {
	for _, layout := range []string{
		"packages: geo", "packages: internal/geo_types", "packages: pkg/geo2", "packages: internal/geo-all/types",
		"migrations: db/migrations", "migrations: migrations", "packages: internal/vendor/geo",
		"docs: .gitlab/geo-docs", "docs: docs/_geo", "flags: .config/feature flags", "flags: testdata/flags",
	} {
		if _, err := Parse([]byte("version: 1\nmodule: example.com/x\nlayout:\n  " + layout + "\n")); err != nil {
			t.Errorf("%s: %v", layout, err)
		}
	}
}

func TestParseErrors(t *testing.T) {
	const head = "version: 1\nmodule: example.com/x\n"
	tests := []struct {
		name, yaml string
		want       []string // one substring per expected error line
	}{
		{"unknown top key", head + "replicable: []\n",
			[]string{`geogen.yaml:3: top level: unknown key "replicable" (did you mean "replicables"?`}},
		{"unknown replicable key names the key and the fix", head + "replicables:\n  - name: A\n    strategy: blob\n    migration_version: 1\n    plurl: as\n",
			[]string{`geogen.yaml:7: replicables[0]: unknown key "plurl" (did you mean "plural"?`}},
		{"unknown layout key", head + "layout:\n  pkgs: x\n",
			[]string{`layout: unknown key "pkgs" (known keys here: docs, flags, migrations, packages)`}},
		{"every problem at once", head + "bogus: 1\nlayout:\n  nope: 2\n",
			[]string{`unknown key "bogus"`, `unknown key "nope"`}},
		{"wrong shape", head + "replicables:\n  - name: A\n    strategy: blob\n    migration_version: soon\n",
			[]string{`geogen.yaml:6: replicables[0].migration_version: want a whole number, got "soon"`}},
		{"string expected", head + "replicables:\n  - name: [A]\n",
			[]string{`replicables[0].name: want a string`}},
		{"not a mapping", "- a\n- b\n",
			[]string{`want a mapping of keys to values, got a list`}},
		{"syntax", "version: [1\n",
			[]string{`not valid YAML`}},
		{"empty", "",
			[]string{`the file is empty (run`}},
		{"two documents", head + "---\nversion: 1\n",
			[]string{`more than one YAML document`}},
		{"conflict markers", head + "<<<<<<< HEAD\nreplicables: []\n=======\n>>>>>>> other\n",
			[]string{`geogen.yaml:3: the file has merge conflict markers (keep the replicables of both sides`}},
		{"missing version", "module: example.com/x\n",
			[]string{"version: missing (add `version: 1` at the top)"}},
		{"future version", "version: 2\nmodule: example.com/x\n",
			[]string{"version: version 2 is not supported (this geogen reads version 1"}},
		{"missing module", "version: 1\n",
			[]string{"module: missing (set it to the module path in go.mod"}},
		{"module URL", "version: 1\nmodule: https://example.com/x\n",
			[]string{`module: "https://example.com/x" is a URL`}},
		{"layout escapes", head + "layout:\n  docs: ../docs\n",
			[]string{`layout.docs: "../docs" leaves the project (use a directory inside the project, e.g. docs/geo)`}},
		{"layout absolute", head + "layout:\n  flags: /etc/flags\n",
			[]string{`layout.flags: "/etc/flags" is absolute`}},
		{"layout unclean", head + "layout:\n  packages: internal//geo\n",
			[]string{`layout.packages: "internal//geo" is not a clean path (want "internal/geo")`}},
		// Layout directories the go command skips, or that cannot name
		// a Go package, or that belong to geogen or git.
		{"packages hidden", head + "layout:\n  packages: .geo/types\n",
			[]string{`layout.packages: ".geo/types" is inside .geo, a directory the go command skips`}},
		{"packages underscore", head + "layout:\n  packages: internal/_geo\n",
			[]string{`layout.packages: "internal/_geo" is inside _geo, a directory the go command skips`}},
		{"packages testdata", head + "layout:\n  packages: internal/testdata\n",
			[]string{`layout.packages: "internal/testdata" is inside testdata, a directory the go command skips`}},
		{"migrations testdata parent", head + "layout:\n  migrations: testdata/migrations\n",
			[]string{`layout.migrations: "testdata/migrations" is inside testdata`}},
		{"packages vendor", head + "layout:\n  packages: vendor/geo\n",
			[]string{`layout.packages: "vendor/geo" is inside vendor, which the go command keeps for dependencies`}},
		{"packages space", head + "layout:\n  packages: internal/my geo\n",
			[]string{`layout.packages: "internal/my geo" ends in "my geo", which cannot be the name of an importable Go package`}},
		{"packages dash", head + "layout:\n  packages: internal/geo-types\n",
			[]string{`layout.packages: "internal/geo-types" ends in "geo-types", which cannot be`}},
		{"packages keyword", head + "layout:\n  packages: internal/type\n",
			[]string{`layout.packages: "internal/type" ends in "type", which cannot be`}},
		{"migrations main", head + "layout:\n  migrations: db/main\n",
			[]string{`layout.migrations: "db/main" ends in "main", which cannot be`}},
		{"migrations in geogen's directory", head + "layout:\n  migrations: .geogen\n",
			[]string{`layout.migrations: ".geogen" is inside .geogen, which geogen keeps for itself`}},
		{"docs in git's directory", head + "layout:\n  docs: .git/docs\n",
			[]string{`layout.docs: ".git/docs" is inside .git, which git keeps for itself`}},
		{"replicable problems", head + "replicables:\n  - name: A\n  - strategy: blob\n    migration_version: 5\n",
			[]string{
				"replicables[0] (A).strategy: missing (set `strategy: blob` or `strategy: repository`)",
				"replicables[0] (A).migration_version: missing",
				"replicables[1].name: missing (set it to the model name, e.g. CoolWidget)",
			}},
		{"migration version past a timestamp", head + "replicables:\n  - {name: A, strategy: blob, migration_version: 9223372036854775807}\n",
			[]string{`replicables[0] (A).migration_version: 9223372036854775807 has more than the 14 digits of a timestamp`}},
		{"upgrade version past a timestamp", head + "replicables:\n  - {name: A, strategy: blob, migration_version: 5, schema_upgrades: [{revision: 2, migration_version: 100000000000000}]}\n",
			[]string{`replicables[0] (A).schema_upgrades[0].migration_version: 100000000000000 has more than the 14 digits of a timestamp`}},
		{"bad strategy", head + "replicables:\n  - name: A\n    strategy: blobby\n    migration_version: 5\n",
			[]string{`replicables[0] (A).strategy: "blobby" is not a strategy (use blob or repository)`}},
		{"duplicate", head + "replicables:\n  - {name: A, strategy: blob, migration_version: 5}\n  - {name: A, strategy: blob, migration_version: 9}\n",
			[]string{`replicables[1] (A).name: A is listed twice (also replicables[0]) (remove one of the entries)`}},
		{"overlapping versions", head + "replicables:\n  - {name: A, strategy: blob, migration_version: 5}\n  - {name: B, strategy: blob, migration_version: 6}\n",
			[]string{`replicables (B).migration_version: 6 overlaps A's 5 (each type uses 2 consecutive versions) (use 7 or later`}},
		{"bad initialism", head + "replicables:\n  - {name: A, strategy: blob, migration_version: 5, initialisms: [L-FS]}\n",
			[]string{`replicables[0] (A).initialisms[0]: "L-FS" is not an initialism`}},
		{"second key without its source", head + "replicables:\n  - {name: A, strategy: blob, migration_version: 5, second_key: a2_id}\n",
			[]string{"replicables[0] (A).second_key_source: missing: the registry's a2_id is copied from a column of the model table (set second_key_source to that column, e.g. id)"}},
		{"second key options without the key", head + "replicables:\n  - {name: A, strategy: blob, migration_version: 5, second_key_source: id, second_key_unique: true}\n",
			[]string{
				"replicables[0] (A).second_key_source: is set without second_key",
				"replicables[0] (A).second_key_unique: is set without second_key",
			}},
		{"second key unique not a boolean", head + "replicables:\n  - {name: A, strategy: blob, migration_version: 5, second_key: a2_id, second_key_source: id, second_key_unique: yes please}\n",
			[]string{`replicables[0].second_key_unique: want true or false, got "yes please"`}},
		{"verification on the model and a state table", head + "replicables:\n  - {name: A, strategy: blob, migration_version: 5, verification_on_model: true, state_table: a_details, state_key: a_id, adopt_state_table: true, index_names: {state_pkey: a_details_pkey, state_verification_state: i_a_vs}}\n",
			[]string{
				"replicables[0] (A).state_table: a_details names a state table, but verification_on_model keeps the verification columns on the model table (remove state_table, or verification_on_model to keep a state table)",
				"replicables[0] (A).state_key: a_id names a state table",
				"replicables[0] (A).adopt_state_table: adopts a state table, but verification_on_model",
				"replicables[0] (A).index_names.state_pkey: a_details_pkey names a state table",
			}},
		{"bad lock", head + "generated:\n  ../x.go: {kind: mine, sha256: abc}\n",
			[]string{
				`generated["../x.go"]: "../x.go" leaves the project`,
				`generated["../x.go"].kind: "mine" is not owned or scaffold`,
				`generated["../x.go"].sha256: not a lowercase hex SHA-256`,
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.yaml))
			if err == nil {
				t.Fatal("Parse succeeded, want an error")
			}
			msg := err.Error()
			got := strings.Split(msg, "\n")
			if len(got) != len(tt.want) {
				t.Errorf("got %d error lines, want %d:\n%s", len(got), len(tt.want), msg)
			}
			for _, w := range tt.want {
				if !strings.Contains(msg, w) {
					t.Errorf("error lacks %q:\n%s", w, msg)
				}
			}
			var me *Error
			if !errors.As(err, &me) {
				t.Errorf("error is not a *manifest.Error: %T", err)
			}
		})
	}
}

func TestLoadMissing(t *testing.T) {
	if _, err := Load(t.TempDir()); !errors.Is(err, ErrNotFound) {
		t.Errorf("Load(empty dir) = %v, want ErrNotFound", err)
	}
}

func TestNextMigrationVersion(t *testing.T) {
	now := time.Date(2026, 11, 22, 1, 2, 3, 0, time.FixedZone("CET", 3600))
	m := New("example.com/x")
	if got, want := m.NextMigrationVersion(now), int64(20261122000203); got != want {
		t.Errorf("empty manifest: got %d, want %d (UTC)", got, want)
	}
	m.Replicables = []Replicable{
		{Name: "A", MigrationVersion: 20261122000203},
		{Name: "B", MigrationVersion: 20261122000205},
	}
	if got, want := m.NextMigrationVersion(now), int64(20261122000207); got != want {
		t.Errorf("same second twice: got %d, want %d", got, want)
	}
	if got, want := m.NextMigrationVersion(now.Add(time.Hour)), int64(20261122010203); got != want {
		t.Errorf("later: got %d, want %d", got, want)
	}
}

func TestEditDistance(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		want int
	}{{"", "", 0}, {"plurl", "plural", 1}, {"tabel", "table", 2}, {"abc", "", 3}} {
		if got := editDistance(tt.a, tt.b); got != tt.want {
			t.Errorf("editDistance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

func lines(b []byte) []string { return strings.SplitAfter(string(b), "\n") }

// The lock is written by hand for speed; it must be byte for byte what the
// YAML encoder writes.
func TestMarshalLockByHand(t *testing.T) {
	m := New("example.com/shop")
	m.Replicables = []Replicable{{Name: "CoolWidget", Strategy: Blob, MigrationVersion: 20261122010203}}
	for _, p := range []string{"internal/geo/coolwidget/descriptor.go", "docs/geo/status.md", "migrations/main/sqlite/20261122010203_create_cool_widgets.sql", "config/feature_flags/geo_cool_widget_replication.yml"} {
		m.Generated[p] = Entry{Kind: Owned, SHA256: Hash([]byte(p))}
	}
	m.Generated["internal/geo/coolwidget/selection.go"] = Entry{Kind: Scaffold, SHA256: Hash(nil)}
	got, err := m.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	want, err := encode(m.Clone())
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("hand-written lock differs from the encoder's (-encoder +hand):\n%s", diff)
	}
	empty := New("example.com/shop")
	got, _ = empty.Marshal()
	want, _ = encode(empty.Clone())
	if string(got) != string(want) {
		t.Errorf("empty lock: got\n%s\nwant\n%s", got, want)
	}
	// A path that needs quoting takes the encoder's path.
	m.Generated["odd: path"] = Entry{Kind: Owned, SHA256: Hash(nil)}
	got, _ = m.Marshal()
	want, _ = encode(m.Clone())
	if string(got) != string(want) {
		t.Errorf("quoted path: got\n%s\nwant\n%s", got, want)
	}
}

// keyLess must order paths exactly as the YAML encoder orders map keys.
func TestKeyOrderMatchesEncoder(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	const alphabet = "aZ_./-019"
	for round := 0; round < 200; round++ {
		m := New("example.com/shop")
		for range 12 {
			n := 1 + rng.IntN(8)
			b := []byte{"abXY"[rng.IntN(4)]}
			for range n {
				b = append(b, alphabet[rng.IntN(len(alphabet))])
			}
			b = append(b, ".go"...)
			m.Generated[string(b)] = Entry{Kind: Owned, SHA256: Hash(b)}
		}
		got, err := m.Marshal()
		if err != nil {
			t.Fatal(err)
		}
		want, err := encode(m.Clone())
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != string(want) {
			t.Fatalf("order differs from the encoder's:\n%s", cmp.Diff(string(want), string(got)))
		}
	}
}
