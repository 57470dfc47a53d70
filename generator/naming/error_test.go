package naming

import (
	"errors"
	"strings"
	"testing"
)

// TestDeriveErrors checks that every invalid name or override is refused
// with a message that names the problem and the fix.
func TestDeriveErrors(t *testing.T) {
	long := "ContainerRepositoryManifestBlobSignatureDetailRecordV" // snake form 58 bytes
	cases := []struct {
		name  string
		input string
		opts  Options
		want  []string // substrings of the message, problem and fix
	}{
		{"empty", "", Options{}, []string{"model name is empty", "CamelCase, e.g. CoolWidget"}},
		{"leading digit", "2Widget", Options{}, []string{`"2Widget" must start with a letter`, `try "Widget2"`}},
		{"leading digits and separator", "3d_model", Options{}, []string{"must start with a letter", `try "Model3d"`}},
		{"digits only", "123", Options{}, []string{"must start with a letter", "start it with a letter"}},
		{"non-ASCII", "Café", Options{}, []string{"non-ASCII character 'é'", "ASCII letters and digits"}},
		{"dot", "Cool.Widget", Options{}, []string{`contains '.'`, `e.g. "CoolWidget"`}},
		{"dollar", "Cool$Widget", Options{}, []string{`contains '$'`, `e.g. "CoolWidget"`}},
		{"leading underscore", "_CoolWidget", Options{}, []string{`snake-case name "_cool_widget"`, `try "CoolWidget"`}},
		{"trailing hyphen", "Cool-", Options{}, []string{`snake-case name "cool_"`, `try "Cool"`}},
		{"double underscore", "cool__widget", Options{}, []string{`"cool__widget", with a leading, trailing or doubled underscore`, `try "CoolWidget"`}},
		{"double space", "Cool  Widget", Options{}, []string{`"cool__widget"`}},
		{"leading space", " Cool", Options{}, []string{`"_cool"`}},
		{"separators only", "__", Options{}, []string{"has no letters"}},
		{"tables too long", long, Options{}, []string{
			"derived registry table container_repository_manifest_blob_signature_detail_record_v_registry of " + long + " is 69 bytes, more than PostgreSQL's 63",
			"pass --registry-table (registry_table in the manifest) with another name",
			"derived state table container_repository_manifest_blob_signature_detail_record_v_states of " + long + " is 67 bytes",
			"pass --state-table (state_table in the manifest)"}},
		{"table a key word of both databases", "Reference", Options{}, []string{
			"derived model table references of Reference is a reserved key word in PostgreSQL, which cannot name a table; it is a key word in SQLite",
			"pass --table (table in the manifest) with another name, or --plural when the plural is wrong"}},
		{"table a key word of SQLite", "Group", Options{}, []string{"derived model table groups of Group is a key word in SQLite"}},
		{"table a key word of PostgreSQL", "Overlap", Options{}, []string{"derived model table overlaps of Overlap is a reserved (can be function or type) key word in PostgreSQL"}},
		{"table of SQLite's own", "SqliteStat", Options{}, []string{"derived model table sqlite_stats of SqliteStat", "starts with sqlite_"}},
		{"table in PostgreSQL's catalog", "PgSetting", Options{}, []string{"derived model table pg_settings of PgSetting", "starts with pg_"}},
		{"a runtime table", "CoolWidget", Options{StateTable: "geo_events"}, []string{"state table geo_events of CoolWidget is a table, index or sequence the runtime creates itself", "--state-table"}},
		{"state table is the model table's primary key", "CoolWidget", Options{StateTable: "cool_widgets_pkey"}, []string{"model primary key cool_widgets_pkey of CoolWidget is also its state table"}},
		{"keyword package and plural", "Type", Options{Plural: "type"}, []string{`Go package name "type" is a Go keyword, and so is the plural`, "--plural"}},
		{"package go test skips, and plural", "TestData", Options{}, []string{`Go package name "testdata" is a directory go test ./... skips, and so is the plural`, "--plural"}},

		{"plural not snake", "Person", Options{Plural: "People"}, []string{`--plural "People" is not a lower-case SQL identifier`, "pass --plural (plural in the manifest) in snake_case"}},
		{"plural double underscore", "CoolWidget", Options{Plural: "cool__widgets"}, []string{"single underscores", "--plural"}},
		{"plural leading underscore", "CoolWidget", Options{Plural: "_cool_widgets"}, []string{"single underscores"}},
		{"plural word starting with a digit", "CoolWidget", Options{Plural: "cool_2widgets"}, []string{"each starting with a letter"}},
		{"table with capitals", "CoolWidget", Options{ModelTable: "CoolWidgets"}, []string{`--table "CoolWidgets"`, "pass --table (table in the manifest)"}},
		{"table reserved", "CoolWidget", Options{ModelTable: "user"}, []string{`model table user of CoolWidget is a reserved key word in PostgreSQL`}},
		{"table too long", "CoolWidget", Options{ModelTable: strings.Repeat("t", 64)}, []string{"is 64 bytes, more than PostgreSQL's 63", "--table"}},
		{"registry table hyphen", "CoolWidget", Options{RegistryTable: "cool-widget-registry"}, []string{`--registry-table "cool-widget-registry"`, "registry_table in the manifest"}},
		{"registry table too long", "CoolWidget", Options{RegistryTable: strings.Repeat("r", 70)}, []string{"70 bytes", "--registry-table"}},
		{"state table leading digit", "CoolWidget", Options{StateTable: "2states"}, []string{`--state-table "2states"`, "state_table in the manifest"}},
		{"state table too long", "CoolWidget", Options{StateTable: strings.Repeat("s", 64)}, []string{"64 bytes", "--state-table"}},
		{"foreign key is a column", "CoolWidget", Options{ForeignKey: "state"}, []string{`foreign key "state" is already a column`, "--foreign-key"}},
		{"foreign key without letters", "CoolWidget", Options{ForeignKey: "___"}, []string{`--foreign-key "___"`, "with a letter"}},
		{"foreign key too long", "CoolWidget", Options{ForeignKey: strings.Repeat("f", 64)}, []string{"64 bytes", "--foreign-key"}},
		{"title with a pipe", "CoolWidget", Options{Title: "Cool | Widget"}, []string{`--title "Cool | Widget" contains '|'`, "--title (title in the manifest)"}},
		{"title with a newline", "CoolWidget", Options{Title: "Cool\nWidget"}, []string{`contains '\n'`}},
		{"title padded", "CoolWidget", Options{Title: " Cool Widget"}, []string{"leading, trailing or doubled spaces"}},
		{"title plural doubled space", "CoolWidget", Options{TitlePlural: "Cool  Widgets"}, []string{`--title-plural "Cool  Widgets"`, "doubled spaces"}},
		{"initialism with a hyphen", "CoolWidget", Options{Initialisms: []string{"L-FS"}}, []string{`initialism "L-FS"`, "--initialism"}},
		{"initialism empty", "CoolWidget", Options{Initialisms: []string{""}}, []string{`initialism ""`}},
		{"initialism leading digit", "CoolWidget", Options{Initialisms: []string{"3D"}}, []string{`initialism "3D"`}},
		{"state table is the model table", "CoolWidget", Options{StateTable: "cool_widgets"}, []string{"state table cool_widgets of CoolWidget is also its model table", "--state-table"}},
		{"registry table is the state table", "CoolWidget", Options{RegistryTable: "cool_widget_states"}, []string{"state table cool_widget_states of CoolWidget is also its registry table"}},
		{"state key a state table column", "CoolWidget", Options{StateKey: "verification_state"}, []string{`state key "verification_state" is already a column of the state table`, "--state-key"}},
		{"state key with a hyphen", "CoolWidget", Options{StateKey: "upload-id"}, []string{`--state-key "upload-id"`, "state_key in the manifest"}},
		{"second key a registry column", "CoolWidget", Options{SecondKey: "state", SecondKeySource: "id"}, []string{`second key "state" is already a column of the registry table`, "--second-key"}},
		{"second key the foreign key", "CoolWidget", Options{SecondKey: "cool_widget_id", SecondKeySource: "id"}, []string{"second key cool_widget_id of CoolWidget is the registry's foreign key", "--second-key"}},
		{"second key source with a hyphen", "CoolWidget", Options{SecondKey: "widget_id", SecondKeySource: "ext-id"}, []string{`--second-key-source "ext-id"`, "second_key_source in the manifest"}},
		{"second key a key word", "CoolWidget", Options{SecondKey: "order", SecondKeySource: "id"}, []string{"second key order of CoolWidget is a reserved key word", "--second-key"}},
		{"model key with capitals", "CoolWidget", Options{ModelKey: "GroupId"}, []string{`--model-key "GroupId" is not a lower-case SQL identifier`, "model_key in the manifest"}},
		{"model key a key word", "CoolWidget", Options{ModelKey: "select"}, []string{"model key select of CoolWidget is a reserved key word in PostgreSQL", "--model-key"}},
		{"replication flag with a hyphen", "CoolWidget", Options{ReplicationFlag: "geo-cw"}, []string{`--replication-flag "geo-cw"`, "replication_flag in the manifest"}},
		{"verification flag with capitals", "CoolWidget", Options{VerificationFlag: "Geo_cw"}, []string{`--verification-flag "Geo_cw"`}},
		{"GraphQL type lower-case", "CoolWidget", Options{GraphQLType: "cwRegistry"}, []string{`--graphql-type "cwRegistry" is not ASCII letters and digits starting with a capital letter`, "like CoolWidgetRegistry"}},
		{"GraphQL type with an underscore", "CoolWidget", Options{GraphQLType: "Cw_Registry"}, []string{`--graphql-type "Cw_Registry"`}},
		{"GraphQL field capitalised", "CoolWidget", Options{GraphQLField: "CwRegistries"}, []string{`--graphql-field "CwRegistries" is not ASCII letters and digits starting with a lower-case letter`, "graphql_field in the manifest"}},
		{"index name key unknown", "CoolWidget", Options{IndexNames: map[string]string{"registry_foreign_key": "idx_cw"}},
			[]string{`index_names key "registry_foreign_key" names no index, constraint or sequence`, "did you mean registry_fk?", "state_pkey"}},
		{"index name key of no likeness", "CoolWidget", Options{IndexNames: map[string]string{"primary": "idx_cw"}},
			[]string{`index_names key "primary"`, "use one of model_pkey"}},
		{"index name with capitals", "CoolWidget", Options{IndexNames: map[string]string{"registry_fk": "Idx_CW"}},
			[]string{`index_names.registry_fk "Idx_CW" is not a lower-case SQL identifier`}},
		{"index name too long", "CoolWidget", Options{IndexNames: map[string]string{"state_pkey": strings.Repeat("p", 64)}},
			[]string{"index_names.state_pkey", "64 bytes, more than PostgreSQL's 63"}},
		{"sequence name a key word", "CoolWidget", Options{IndexNames: map[string]string{"registry_id_seq": "table"}},
			[]string{`index_names.registry_id_seq "table" is a reserved key word in PostgreSQL, which cannot name a sequence`}},
		{"index name another of the type's names", "CoolWidget", Options{IndexNames: map[string]string{"registry_state": "cool_widget_registry_pkey"}},
			[]string{"registry state cool_widget_registry_pkey of CoolWidget is also its registry primary key", "index_names"}},
		{"all override problems at once", "CoolWidget", Options{ModelTable: "Bad", ForeignKey: "id", Title: "A|B"},
			[]string{`--table "Bad"`, `foreign key "id" is already a column`, `--title "A|B"`}},
		{"all derived problems at once", "Reference", Options{StateTable: "geo_events", ForeignKey: "select"},
			[]string{"model table references", "state table geo_events", "foreign key select of Reference is a reserved key word"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Derive(c.input, c.opts)
			if err == nil {
				t.Fatalf("Derive(%q, %+v) succeeded", c.input, c.opts)
			}
			var nameErr *Error
			if !errors.As(err, &nameErr) {
				t.Errorf("error %T is not a *naming.Error", err)
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
}

func TestErrorMessage(t *testing.T) {
	e := &Error{Subject: `model name "2Widget"`, Problem: "must start with a letter", Fix: `try "Widget2"`}
	if got, want := e.Error(), `model name "2Widget" must start with a letter (try "Widget2")`; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestLeadingDigitFix(t *testing.T) {
	for in, want := range map[string]string{
		"2Widget":   `try "Widget2"`,
		"3d_model":  `try "Model3d"`,
		"42 Things": `try "Things42"`,
		"123":       "start it with a letter, e.g. Widget2",
		"1_2":       "start it with a letter, e.g. Widget2",
	} {
		if got := leadingDigitFix(in); got != want {
			t.Errorf("leadingDigitFix(%q) = %q, want %q", in, got, want)
		}
	}
}
