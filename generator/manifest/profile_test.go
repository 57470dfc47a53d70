package manifest

import (
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// legacyLayout is a valid layout in the form of GitLab's older
// registries, for the cases below to break one thing at a time.
var legacyLayout = []string{
	"id integer NOT NULL",
	"cool_widget_id integer NOT NULL",
	"state smallint NOT NULL DEFAULT 0",
	"retry_count integer DEFAULT 0",
	"last_sync_failure varchar(255)",
	"retry_at timestamp without time zone",
	"last_synced_at timestamp without time zone",
	"created_at timestamp without time zone NOT NULL",
	"bytes bigint",
	"verified_at timestamp with time zone",
	"verification_started_at timestamp with time zone",
	"verification_retry_at timestamp with time zone",
	"verification_state smallint NOT NULL DEFAULT 0",
	"verification_retry_count integer",
	"verification_checksum bytea",
	"verification_checksum_mismatched bytea",
	"checksum_mismatch boolean",
	"verification_failure text",
	"force_to_redownload boolean NOT NULL DEFAULT false",
}

func TestRegistryProfileValidation(t *testing.T) {
	replace := func(old, new string) []string {
		out := slices.Clone(legacyLayout)
		i := slices.IndexFunc(out, func(s string) bool { return strings.HasPrefix(s, old+" ") })
		if new == "" {
			return slices.Delete(out, i, i+1)
		}
		out[i] = new
		return out
	}
	for _, c := range []struct {
		name     string
		strategy Strategy
		profile  RegistryProfile
		wantErr  []string // nil: valid
	}{
		{"zero", Blob, RegistryProfile{}, nil},
		{"sequence, no optional indexes, no missing_on_primary", Repository, RegistryProfile{ID: IDSequence, WithoutColumns: []string{"missing_on_primary"},
			WithoutIndexes: OptionalRegistryIndexes, VerificationIndexes: VerificationIndexesAnyState}, nil},
		{"legacy layout", Blob, RegistryProfile{ID: IDSequence, Columns: legacyLayout,
			ExtraIndexes: []ExtraIndex{{Name: "index_cool_widget_registry_on_bytes", Columns: []string{"bytes"}}}}, nil},
		{"unknown id", Blob, RegistryProfile{ID: "serial"}, []string{"registry_profile.id", `"serial" is not identity or sequence`}},
		{"unknown verification indexes", Blob, RegistryProfile{VerificationIndexes: "all"}, []string{`"all" is not synced or any_state`}},
		{"index the runtime needs", Blob, RegistryProfile{WithoutIndexes: []string{"registry_state"}},
			[]string{`"registry_state" is not an index a registry can do without`, "registry_pending_sync"}},
		{"checksum index of a blob", Blob, RegistryProfile{WithoutIndexes: []string{"registry_checksum_mismatch"}},
			[]string{"registry_checksum_mismatch is an index of repository registries only"}},
		{"force_to_redownload left out", Blob, RegistryProfile{WithoutColumns: []string{"force_to_redownload"}},
			[]string{"the runtime needs force_to_redownload", "a resync asked for while a sync runs", "only missing_on_primary may be left out"}},
		{"unknown column left out", Blob, RegistryProfile{WithoutColumns: []string{"bytes"}}, []string{`"bytes" is not a column of geogen's registry`}},
		{"layout and columns left out", Blob, RegistryProfile{Columns: legacyLayout, WithoutColumns: []string{"missing_on_primary"}},
			[]string{"registry_profile.without_columns: given with a column layout"}},
		{"column without a type", Blob, RegistryProfile{Columns: replace("bytes", "bytes")}, []string{"is not NAME TYPE"}},
		{"unknown type", Blob, RegistryProfile{Columns: replace("bytes", "bytes numeric")}, []string{`type "numeric" is not one geogen writes`}},
		{"bad default", Blob, RegistryProfile{Columns: replace("bytes", "bytes bigint DEFAULT now()")}, []string{`default "now()" is not a whole number`}},
		{"default of the wrong kind", Blob, RegistryProfile{Columns: replace("checksum_mismatch", "checksum_mismatch boolean DEFAULT 0")}, []string{"default 0 does not suit a boolean column"}},
		{"column twice", Blob, RegistryProfile{Columns: append(slices.Clone(legacyLayout), "bytes bigint")}, []string{"column bytes is listed twice"}},
		{"extra index unnamed", Blob, RegistryProfile{ExtraIndexes: []ExtraIndex{{Columns: []string{"state"}}}}, []string{"extra_indexes[0].name: missing"}},
		{"extra index twice", Blob, RegistryProfile{ExtraIndexes: []ExtraIndex{{Name: "ix", Columns: []string{"state"}}, {Name: "ix", Columns: []string{"retry_at"}}}},
			[]string{"ix is listed twice"}},
		{"extra index without columns", Blob, RegistryProfile{ExtraIndexes: []ExtraIndex{{Name: "ix"}}}, []string{"extra_indexes[0].columns: missing"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			m := New("example.com/shop")
			m.Replicables = []Replicable{{Name: "CoolWidget", Strategy: c.strategy, MigrationVersion: 20261122010203, RegistryProfile: c.profile}}
			err := m.Validate()
			if c.wantErr == nil {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil {
				t.Fatalf("valid, want an error saying %q", c.wantErr)
			}
			for _, w := range c.wantErr {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
		})
	}
}

// TestRegistryProfileCheck covers what the runtime needs of a layout:
// every case is a table the runtime would fail on.
func TestRegistryProfileCheck(t *testing.T) {
	replace := func(old, new string) []string {
		out := slices.Clone(legacyLayout)
		i := slices.IndexFunc(out, func(s string) bool { return strings.HasPrefix(s, old+" ") })
		if new == "" {
			return slices.Delete(out, i, i+1)
		}
		out[i] = new
		return out
	}
	for _, c := range []struct {
		name    string
		profile RegistryProfile
		wantErr []string // nil: nothing to report
	}{
		{"legacy layout", RegistryProfile{Columns: legacyLayout}, nil},
		{"geogen's layout", RegistryProfile{ExtraIndexes: []ExtraIndex{{Name: "ix", Columns: []string{"cool_widget_id", "retry_at"}}}}, nil},
		{"a runtime column missing", RegistryProfile{Columns: replace("verification_checksum", "")},
			[]string{"column verification_checksum is missing: the runtime reads and writes it"}},
		{"force_to_redownload missing", RegistryProfile{Columns: replace("force_to_redownload", "")},
			[]string{"column force_to_redownload is missing, and a resync asked for while a sync runs", "add it to the layout (at the end"}},
		{"the foreign key missing", RegistryProfile{Columns: replace("cool_widget_id", "")}, []string{"column cool_widget_id is missing"}},
		{"a string state", RegistryProfile{Columns: replace("state", "state character varying")},
			[]string{"column state is character varying, a type the runtime does not read or write as it", "stores the sync state as a number",
				"column state may be NULL", "column state has no DEFAULT 0"}},
		{"a short message column", RegistryProfile{Columns: replace("last_sync_failure", "last_sync_failure character varying(100)")},
			[]string{"column last_sync_failure is character varying(100)", "of at least 255 characters"}},
		{"a text id", RegistryProfile{Columns: replace("id", "id text NOT NULL")}, []string{"column id is text"}},
		{"id not first", RegistryProfile{Columns: append(slices.Clone(legacyLayout[1:]), legacyLayout[0])}, []string{"the layout starts with cool_widget_id"}},
		{"a counter NOT NULL without a default", RegistryProfile{Columns: replace("retry_count", "retry_count integer NOT NULL")},
			[]string{"column retry_count is NOT NULL without a default, and the runtime's INSERT leaves it out"}},
		{"a retry count starting above zero", RegistryProfile{Columns: replace("retry_count", "retry_count integer DEFAULT 1")}, []string{"column retry_count defaults to 1"}},
		{"a column of the table's own NOT NULL without a default", RegistryProfile{Columns: replace("bytes", "bytes bigint NOT NULL")},
			[]string{"column bytes of the table's own is NOT NULL without a default"}},
		{"an extra index over no such column", RegistryProfile{Columns: legacyLayout, ExtraIndexes: []ExtraIndex{{Name: "ix", Columns: []string{"success"}}}},
			[]string{"extra_indexes[0].columns[0]: success is not a column of the registry"}},
		{"an extra index over a column left out", RegistryProfile{WithoutColumns: []string{"missing_on_primary"}, ExtraIndexes: []ExtraIndex{{Name: "ix", Columns: []string{"missing_on_primary"}}}},
			[]string{"missing_on_primary is not a column of the registry"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			var got []string
			for _, e := range c.profile.Check("cool_widget_id") {
				got = append(got, e.Error())
			}
			all := strings.Join(got, "\n")
			if c.wantErr == nil && len(got) > 0 {
				t.Fatalf("problems reported for a valid profile:\n%s", all)
			}
			if c.wantErr != nil && len(got) == 0 {
				t.Fatalf("no problem reported, want %q", c.wantErr)
			}
			for _, w := range c.wantErr {
				if !strings.Contains(all, w) {
					t.Errorf("problems %q do not say %q", all, w)
				}
			}
		})
	}
}

func TestRegistryProfileHas(t *testing.T) {
	for _, c := range []struct {
		profile RegistryProfile
		column  string
		want    bool
	}{
		{RegistryProfile{}, "missing_on_primary", true},
		{RegistryProfile{WithoutColumns: []string{"missing_on_primary"}}, "missing_on_primary", false},
		{RegistryProfile{Columns: legacyLayout}, "missing_on_primary", false},
		{RegistryProfile{Columns: legacyLayout}, "bytes", true},
		{RegistryProfile{Columns: legacyLayout}, "force_to_redownload", true},
	} {
		if got := c.profile.Has(c.column); got != c.want {
			t.Errorf("%+v.Has(%s) = %v, want %v", c.profile, c.column, got, c.want)
		}
	}
}

func TestParseColumn(t *testing.T) {
	for _, c := range []struct {
		in   string
		want Column
	}{
		{"retry_count integer DEFAULT 0", Column{Name: "retry_count", Type: "integer", Default: "0"}},
		{"state smallint DEFAULT 0 NOT NULL", Column{Name: "state", Type: "smallint", NotNull: true, Default: "0"}},
		{"state smallint NOT NULL DEFAULT 0", Column{Name: "state", Type: "smallint", NotNull: true, Default: "0"}},
		{"msg VARCHAR(255)", Column{Name: "msg", Type: "character varying(255)"}},
		{"sha256 varchar", Column{Name: "sha256", Type: "character varying"}},
		{"at timestamp  without time zone not null", Column{Name: "at", Type: "timestamp without time zone", NotNull: true}},
		{"ok boolean NOT NULL DEFAULT FALSE", Column{Name: "ok", Type: "boolean", NotNull: true, Default: "false"}},
	} {
		got, err := ParseColumn(c.in)
		if err != nil || got != c.want {
			t.Errorf("ParseColumn(%q) = %+v, %v; want %+v", c.in, got, err, c.want)
		}
	}
}

// TestRegistryProfileRoundTrip: geogen rewrites geogen.yaml in its
// canonical form, which must keep every profile as it was.
func TestRegistryProfileRoundTrip(t *testing.T) {
	data, err := os.ReadFile("../../testdata/gitlab/geogen.yaml")
	if err != nil {
		t.Fatal(err)
	}
	m, err := Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	out, err := m.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	again, err := Parse(out)
	if err != nil {
		t.Fatalf("the canonical form does not parse: %v", err)
	}
	profiles := 0
	for i, r := range again.Replicables {
		if diff := cmp.Diff(m.Replicables[i].RegistryProfile, r.RegistryProfile); diff != "" {
			t.Errorf("%s: profile changed by a rewrite (-before +after):\n%s", r.Name, diff)
		}
		if !r.RegistryProfile.Zero() {
			profiles++
		}
	}
	if profiles != len(m.Replicables) {
		t.Errorf("%d of %d types have a profile after the rewrite, want all", profiles, len(m.Replicables))
	}
}
