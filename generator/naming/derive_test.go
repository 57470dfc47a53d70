package naming

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite testdata/names.golden.json from the current output")

// TestDeriveCoolWidget checks every name of the templates' example type
// against the names the templates spell out.
func TestDeriveCoolWidget(t *testing.T) {
	got, err := Derive("CoolWidget", Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := Names{
		Input: "CoolWidget",
		Snake: "cool_widget", SnakePlural: "cool_widgets",
		Camel: "CoolWidget", CamelPlural: "CoolWidgets",
		LowerCamel: "coolWidget", LowerCamelPlural: "coolWidgets",
		GoName: "CoolWidget", GoNamePlural: "CoolWidgets", GoLowerName: "coolWidget",
		Package: "coolwidget",
		Title:   "Cool Widget", TitlePlural: "Cool Widgets",
		ModelTable: "cool_widgets", RegistryTable: "cool_widget_registry",
		StateTable: "cool_widget_states", ForeignKey: "cool_widget_id", ModelKey: "id", StateKey: "cool_widget_id",
		ReplicationFlag: "geo_cool_widget_replication", VerificationFlag: "geo_cool_widget_verification",
		GraphQLType: "CoolWidgetRegistry", GraphQLField: "coolWidgetRegistries", GraphQLFKField: "coolWidgetId",
		MetricPrefix: "geo_cool_widgets", StatusPrefix: "cool_widgets", EnumKey: "COOL_WIDGET",
		Index: Indexes{
			ModelPkey:                        "cool_widgets_pkey",
			ModelIDSeq:                       "cool_widgets_id_seq",
			RegistryPkey:                     "cool_widget_registry_pkey",
			RegistryIDSeq:                    "cool_widget_registry_id_seq",
			RegistryFK:                       "index_cool_widget_registry_on_cool_widget_id",
			RegistryRetryAt:                  "index_cool_widget_registry_on_retry_at",
			RegistryState:                    "index_cool_widget_registry_on_state",
			RegistryLastSyncedAt:             "index_cool_widget_registry_on_last_synced_at",
			RegistryVerifiedAt:               "index_cool_widget_registry_on_verified_at",
			RegistryChecksumMismatch:         "index_cool_widget_registry_checksum_mismatch",
			RegistryFailedVerification:       "cool_widget_registry_failed_verification",
			RegistryNeedsVerification:        "cool_widget_registry_needs_verification",
			RegistryPendingVerification:      "cool_widget_registry_pending_verification",
			RegistryPendingSync:              "cool_widget_registry_pending_sync",
			RegistryNeedsSyncAgain:           "cool_widget_registry_needs_sync_again",
			RegistryLastSyncFailureCheck:     "check_cool_widget_registry_last_sync_failure",
			RegistryVerificationFailureCheck: "check_cool_widget_registry_verification_failure",
			StatePkey:                        "cool_widget_states_pkey",
			StateFKConstraint:                "fk_cool_widget_states_cool_widget_id",
			StateVerificationState:           "index_cool_widget_states_on_verification_state",
			StatePendingVerification:         "index_cool_widget_states_pending_verification",
			StateFailedVerification:          "index_cool_widget_states_failed_verification",
			StateNeedsVerification:           "index_cool_widget_states_needs_verification",
			StateVerificationFailureCheck:    "check_cool_widget_states_verification_failure",
		},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Derive(CoolWidget) (-want +got):\n%s", diff)
	}
}

// TestDeriveForms checks the forms each case is about; the golden file
// below pins every other name.
func TestDeriveForms(t *testing.T) {
	cases := []struct {
		input string
		opts  Options
		want  map[string]string // field path → value
	}{
		{"Gizmo", Options{}, map[string]string{
			"Snake": "gizmo", "SnakePlural": "gizmos", "Package": "gizmo", "GraphQLType": "GizmoRegistry",
			"GraphQLField": "gizmoRegistries", "GraphQLFKField": "gizmoId", "Title": "Gizmo", "TitlePlural": "Gizmos",
		}},
		{"PackageFile", Options{}, map[string]string{
			"Snake": "package_file", "ModelTable": "package_files", "Package": "packagefile",
			"GoName": "PackageFile", "GoLowerName": "packageFile", "Title": "Package File",
		}},
		{"MergeRequestDiff", Options{}, map[string]string{
			"Snake": "merge_request_diff", "SnakePlural": "merge_request_diffs", "LowerCamelPlural": "mergeRequestDiffs",
			"RegistryTable": "merge_request_diff_registry", "EnumKey": "MERGE_REQUEST_DIFF",
			"Index.RegistryFK": "index_merge_request_diff_registry_on_merge_request_diff_id",
		}},
		{"LfsObject", Options{}, map[string]string{
			"Snake": "lfs_object", "GoName": "LFSObject", "GoNamePlural": "LFSObjects", "GoLowerName": "lfsObject",
			"Camel": "LfsObject", "LowerCamel": "lfsObject", "GraphQLType": "LfsObjectRegistry",
			"GraphQLField": "lfsObjectRegistries", "Title": "LFS Object", "TitlePlural": "LFS Objects",
		}},
		{"LFSObject", Options{}, map[string]string{
			"Snake": "lfs_object", "GoName": "LFSObject", "Camel": "LfsObject", "LowerCamel": "lfsObject",
			"GraphQLType": "LfsObjectRegistry", "Package": "lfsobject",
		}},
		{"ProjectURL", Options{}, map[string]string{
			"Snake": "project_url", "GoName": "ProjectURL", "GoNamePlural": "ProjectURLs", "GoLowerName": "projectURL",
			"Camel": "ProjectUrl", "GraphQLType": "ProjectUrlRegistry", "Title": "Project URL", "TitlePlural": "Project URLs",
		}},
		{"SnippetRepository", Options{}, map[string]string{
			"SnakePlural": "snippet_repositories", "GoNamePlural": "SnippetRepositories", "TitlePlural": "Snippet Repositories",
			"MetricPrefix": "geo_snippet_repositories", "StatusPrefix": "snippet_repositories",
		}},
		{"ID", Options{}, map[string]string{"Snake": "id", "GoName": "ID", "GoLowerName": "id", "GoNamePlural": "IDs"}},
		// Digits stay with the word before them.
		{"Ci3Artifact", Options{}, map[string]string{
			"Snake": "ci3_artifact", "GoName": "Ci3Artifact", "LowerCamel": "ci3Artifact", "Package": "ci3artifact",
		}},
		{"Ci3Artifact", Options{Initialisms: []string{"CI"}}, map[string]string{"GoName": "CI3Artifact", "Camel": "Ci3Artifact"}},
		{"HTTP2Server", Options{}, map[string]string{"Snake": "http2_server", "GoName": "HTTP2Server", "Camel": "Http2Server"}},
		{"Widget2", Options{}, map[string]string{"Snake": "widget2", "SnakePlural": "widget2s", "TitlePlural": "Widget2s"}},
		// Irregular and uncountable plurals, as inflection knows them.
		{"Person", Options{}, map[string]string{
			"SnakePlural": "people", "ModelTable": "people", "CamelPlural": "People", "TitlePlural": "People",
			"MetricPrefix": "geo_people", "RegistryTable": "person_registry", "GraphQLField": "personRegistries",
		}},
		{"Octopus", Options{}, map[string]string{"SnakePlural": "octopi"}},
		{"Status", Options{}, map[string]string{"SnakePlural": "statuses"}},
		{"Analysis", Options{}, map[string]string{"SnakePlural": "analyses"}},
		{"MatrixIndex", Options{}, map[string]string{"SnakePlural": "matrix_indices", "GoNamePlural": "MatrixIndices"}},
		{"Sheep", Options{}, map[string]string{"SnakePlural": "sheep", "ModelTable": "sheep", "TitlePlural": "Sheep"}},
		{"ProjectEquipment", Options{}, map[string]string{"SnakePlural": "project_equipment", "MetricPrefix": "geo_project_equipment"}},
		// Go keywords and predeclared names.
		{"Type", Options{}, map[string]string{"Package": "types", "GoName": "Type", "GoLowerName": "typeRecord", "Snake": "type"}},
		{"Map", Options{}, map[string]string{"Package": "maps", "GoLowerName": "mapRecord"}},
		{"Main", Options{}, map[string]string{"Package": "mains", "GoLowerName": "main"}},
		{"Error", Options{}, map[string]string{"Package": "error", "GoLowerName": "errorRecord"}},
		{"String", Options{}, map[string]string{"Package": "string", "GoLowerName": "stringRecord"}},
		// A directory the go command skips in ./..., so go test ./...
		// would never run the type's tests.
		{"Testdata", Options{}, map[string]string{"Package": "testdatas", "Snake": "testdata"}},
		{"TestData", Options{Plural: "test_datasets"}, map[string]string{"Package": "testdatasets", "Snake": "test_data"}},
		{"Vendor", Options{}, map[string]string{"Package": "vendor"}},
		{"Internal", Options{}, map[string]string{"Package": "internal"}},
	}
	for _, c := range cases {
		t.Run(c.input, func(t *testing.T) {
			n, err := Derive(c.input, c.opts)
			if err != nil {
				t.Fatal(err)
			}
			for path, want := range c.want {
				if got := fieldByPath(t, n, path); got != want {
					t.Errorf("%s = %q, want %q", path, got, want)
				}
			}
		})
	}
}

// TestDeriveOverrides sets every option and checks that each wins and
// that the names built from it follow.
func TestDeriveOverrides(t *testing.T) {
	opts := Options{
		Plural:        "people",
		ModelTable:    "users",
		Title:         "Human Being",
		TitlePlural:   "Humans",
		RegistryTable: "human_registries",
		StateTable:    "user_verification_states",
		ForeignKey:    "user_id",
		Initialisms:   []string{"hr"},
	}
	n, err := Derive("HrPerson", opts)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"Snake": "hr_person", "SnakePlural": "people", "CamelPlural": "People", "LowerCamelPlural": "people",
		"GoName": "HRPerson", "GoNamePlural": "People", "GoLowerName": "hrPerson", "Package": "hrperson",
		"Title": "Human Being", "TitlePlural": "Humans",
		"ModelTable": "users", "RegistryTable": "human_registries", "StateTable": "user_verification_states",
		"ForeignKey": "user_id", "GraphQLFKField": "userId",
		"ReplicationFlag": "geo_hr_person_replication", "GraphQLType": "HrPersonRegistry",
		"GraphQLField": "hrPersonRegistries", "MetricPrefix": "geo_people", "StatusPrefix": "people",
		"Index.RegistryFK":        "index_human_registries_on_user_id",
		"Index.StateFKConstraint": "fk_user_verification_states_user_id",
		"Index.StatePkey":         "user_verification_states_pkey",
	}
	for path, w := range want {
		if got := fieldByPath(t, n, path); got != w {
			t.Errorf("%s = %q, want %q", path, got, w)
		}
	}
}

// TestDeriveIndexNames checks that given index, constraint and sequence
// names replace the derived ones and leave the others derived.
func TestDeriveIndexNames(t *testing.T) {
	n, err := Derive("VulnerabilityArchiveExportUpload", Options{IndexNames: map[string]string{
		"registry_fk":                  "idx_vae_upl_registry_on_vae_upl_id",
		"registry_failed_verification": "idx_vae_upl_registry_failed_verification",
		"registry_id_seq":              "vae_upl_registry_id_seq",
		"state_fk_constraint":          "fk_vae_upl_states",
	}})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"Index.RegistryFK":                 "idx_vae_upl_registry_on_vae_upl_id",
		"Index.RegistryFailedVerification": "idx_vae_upl_registry_failed_verification",
		"Index.RegistryIDSeq":              "vae_upl_registry_id_seq",
		"Index.StateFKConstraint":          "fk_vae_upl_states",
		"Index.RegistryState":              "index_vulnerability_archive_export_upload_registry_on_state",
		"Index.RegistryPkey":               "vulnerability_archive_export_upload_registry_pkey",
	}
	for path, w := range want {
		if got := fieldByPath(t, n, path); got != w {
			t.Errorf("%s = %q, want %q", path, got, w)
		}
	}
}

// TestDeriveAdoptedNames checks the names a type may keep from before it
// was generated: its model key, flags and GraphQL names.
func TestDeriveAdoptedNames(t *testing.T) {
	n, err := Derive("GroupWikiRepository", Options{ModelKey: "group_id",
		ReplicationFlag: "geo_group_wiki_replication", VerificationFlag: "geo_group_wiki_verification",
		GraphQLType: "GroupWikiRegistry", GraphQLField: "groupWikiRegistries"})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"ModelKey": "group_id", "ReplicationFlag": "geo_group_wiki_replication", "VerificationFlag": "geo_group_wiki_verification",
		"GraphQLType": "GroupWikiRegistry", "GraphQLField": "groupWikiRegistries",
		"ForeignKey": "group_wiki_repository_id", "RegistryTable": "group_wiki_repository_registry",
	}
	for path, w := range want {
		if got := fieldByPath(t, n, path); got != w {
			t.Errorf("%s = %q, want %q", path, got, w)
		}
	}
	d, err := Derive("CoolWidget", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if d.ModelKey != "id" {
		t.Errorf("derived ModelKey = %q, want id", d.ModelKey)
	}
}

// TestDeriveStateKey checks that a state key names the state table's key
// and its foreign key constraint, and leaves the registry's foreign key.
func TestDeriveStateKey(t *testing.T) {
	n, err := Derive("Upload", Options{RegistryTable: "file_registry", ForeignKey: "file_id", StateKey: "upload_id"})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"ForeignKey": "file_id", "StateKey": "upload_id", "GraphQLFKField": "fileId",
		"Index.RegistryFK": "index_file_registry_on_file_id", "Index.StateFKConstraint": "fk_upload_states_upload_id",
	}
	for path, w := range want {
		if got := fieldByPath(t, n, path); got != w {
			t.Errorf("%s = %q, want %q", path, got, w)
		}
	}
	if d, _ := Derive("Upload", Options{ForeignKey: "file_id"}); d.StateKey != "file_id" {
		t.Errorf("without a state key, StateKey = %q, want the foreign key file_id", d.StateKey)
	}
}

// TestDeriveSecondKey checks that a second key names its registry
// column, its source and its index, and that a type without one has no
// such index.
func TestDeriveSecondKey(t *testing.T) {
	n, err := Derive("ProjectWikiRepository", Options{ForeignKey: "project_id", SecondKey: "project_wiki_repository_id", SecondKeySource: "id"})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"SecondKey": "project_wiki_repository_id", "SecondKeySource": "id",
		// 69 bytes in full: shortened, as GitLab's hand-made name is.
		"Index.RegistrySecondKey": Identifier("index_project_wiki_repository_registry_on_project_wiki_repository_id"),
	}
	for path, w := range want {
		if got := fieldByPath(t, n, path); got != w {
			t.Errorf("%s = %q, want %q", path, got, w)
		}
	}
	if len(n.Index.RegistrySecondKey) > MaxIdentifier {
		t.Errorf("RegistrySecondKey %s is longer than %d bytes", n.Index.RegistrySecondKey, MaxIdentifier)
	}
	named, err := Derive("ProjectRepository", Options{ForeignKey: "project_id", SecondKey: "project_repository_id", SecondKeySource: "id",
		IndexNames: map[string]string{"registry_second_key": "idx_pr_registry_on_pr_id"}})
	if err != nil {
		t.Fatal(err)
	}
	if named.Index.RegistrySecondKey != "idx_pr_registry_on_pr_id" {
		t.Errorf("index_names.registry_second_key: RegistrySecondKey = %q", named.Index.RegistrySecondKey)
	}
	if d, _ := Derive("ProjectRepository", Options{}); d.SecondKey != "" || d.Index.RegistrySecondKey != "" {
		t.Errorf("without a second key: SecondKey %q, index %q, want none", d.SecondKey, d.Index.RegistrySecondKey)
	}
}

// TestDeriveVerificationOnModel checks that verification on the model
// table makes the model table the state table, keyed by the model key,
// with its verification indexes named after it and no state table key or
// foreign key constraint.
func TestDeriveVerificationOnModel(t *testing.T) {
	n, err := Derive("PipelineArtifact", Options{VerificationOnModel: true, ModelKey: "artifact_id"})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"StateTable": "pipeline_artifacts", "StateKey": "artifact_id", "ForeignKey": "pipeline_artifact_id",
		"Index.StateVerificationState": "index_pipeline_artifacts_on_verification_state",
		"Index.StatePkey":              "", "Index.StateFKConstraint": "",
	}
	for path, w := range want {
		if got := fieldByPath(t, n, path); got != w {
			t.Errorf("%s = %q, want %q", path, got, w)
		}
	}
}

// TestIndexKeys pins the keys of Options.IndexNames: they are manifest
// keys, so renaming a field of Indexes must not change them unnoticed.
func TestIndexKeys(t *testing.T) {
	want := []string{"model_pkey", "model_id_seq", "registry_pkey", "registry_id_seq", "registry_fk",
		"registry_retry_at", "registry_state", "registry_last_synced_at", "registry_verified_at",
		"registry_checksum_mismatch", "registry_failed_verification", "registry_needs_verification",
		"registry_pending_verification", "registry_pending_sync", "registry_needs_sync_again",
		"registry_last_sync_failure_check", "registry_verification_failure_check", "registry_second_key",
		"state_pkey", "state_fk_constraint", "state_verification_state", "state_pending_verification",
		"state_failed_verification", "state_needs_verification", "state_verification_failure_check"}
	if diff := cmp.Diff(want, IndexKeys()); diff != "" {
		t.Errorf("IndexKeys (-want +got):\n%s", diff)
	}
}

// TestDeriveTitlePlural covers the plural of a Title override when no
// TitlePlural is given.
func TestDeriveTitlePlural(t *testing.T) {
	for title, want := range map[string]string{
		"LFS File":       "LFS Files",
		"Project URL":    "Project URLs",
		"Person":         "People",
		"Snippet Repo 2": "Snippet Repo 2s",
	} {
		n, err := Derive("Thing", Options{Title: title})
		if err != nil {
			t.Fatal(err)
		}
		if n.TitlePlural != want {
			t.Errorf("title %q: TitlePlural = %q, want %q", title, n.TitlePlural, want)
		}
	}
}

// TestDeriveSpellings checks that every spelling of one name gives the
// same names.
func TestDeriveSpellings(t *testing.T) {
	groups := [][]string{
		{"CoolWidget", "cool_widget", "cool-widget", "Cool Widget", "coolWidget", "Cool_Widget", "cool widget"},
		{"LfsObject", "LFSObject", "lfs_object", "LFS Object"},
		{"Widget2", "widget2", "widget_2", "Widget 2"},
	}
	for _, g := range groups {
		first, err := Derive(g[0], Options{})
		if err != nil {
			t.Fatal(err)
		}
		for _, in := range g[1:] {
			n, err := Derive(in, Options{})
			if err != nil {
				t.Fatalf("%q: %v", in, err)
			}
			n.Input = first.Input
			if diff := cmp.Diff(first, n); diff != "" {
				t.Errorf("%q and %q differ (-%s +%s):\n%s", g[0], in, g[0], in, diff)
			}
		}
	}
}

// goldenCases are pinned whole in testdata/names.golden.json; review the
// file when -update changes it.
var goldenCases = []struct {
	input string
	opts  Options
}{
	{"CoolWidget", Options{}},
	{"Gizmo", Options{}},
	{"PackageFile", Options{}},
	{"MergeRequestDiff", Options{}},
	{"LfsObject", Options{}},
	{"ProjectURL", Options{}},
	{"SnippetRepository", Options{}},
	{"Person", Options{}},
	{"Sheep", Options{}},
	{"Ci3Artifact", Options{}},
	{"Type", Options{}},
	{"ContainerRepositoryManifestBlobSignature", Options{}},
	// Plurals people expect, one or more of each class.
	{"Cactus", Options{}},
	{"Criterion", Options{}},
	{"Leaf", Options{}},
	{"Knife", Options{}},
	{"Child", Options{}},
	{"Mouse", Options{}},
	{"Datum", Options{}},
	{"SearchIndex", Options{}},
	{"Matrix", Options{}},
	{"Analysis", Options{}},
	{"Vertex", Options{}},
	{"Phenomenon", Options{}},
	{"Curriculum", Options{}},
	{"Nucleus", Options{}},
	{"Hero", Options{}},
	{"Quiz", Options{}},
	{"Status", Options{}},
	{"Virus", Options{}},
	{"Chief", Options{}},
	{"Metadata", Options{}},
	{"Salesperson", Options{}},
	{"Policy", Options{}},
	{"Box", Options{}},
	{"Leaf", Options{Plural: "leafs"}},
	// Mixed-case acronyms and initialisms.
	{"OAuthApplication", Options{}},
	{"iOSBuild", Options{}},
	{"IPv6Address", Options{}},
	{"APIv2Key", Options{}},
	{"GraphQLQuery", Options{}},
	{"MacOSImage", Options{}},
	{"EBPFProgram", Options{}},
	{"E2ETest", Options{Initialisms: []string{"E2E"}}},
	{"K8sCluster", Options{Initialisms: []string{"K8s"}}},
	{"GpgKey", Options{Initialisms: []string{"GPG"}}},
	{"HTTPSCertificate", Options{}},
}

func TestDeriveGolden(t *testing.T) {
	got := map[string]Names{}
	for _, c := range goldenCases {
		n, err := Derive(c.input, c.opts)
		if err != nil {
			t.Fatalf("%s: %v", c.input, err)
		}
		key := c.input
		if c.opts.Plural != "" {
			key += " --plural " + c.opts.Plural
		}
		for _, s := range c.opts.Initialisms {
			key += " --initialism " + s
		}
		got[key] = n
	}
	path := filepath.Join("testdata", "names.golden.json")
	if *update {
		data, err := json.MarshalIndent(got, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, append(data, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	var want map[string]Names
	if err := json.Unmarshal(data, &want); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("names differ from %s (-want +got; run go test -update if the change is intended):\n%s", path, diff)
	}
}

// TestDeriveLongName checks a model name whose index names exceed
// PostgreSQL's limit: each is shortened to at most MaxIdentifier bytes,
// stays distinct from the others, and is the same on every run.
func TestDeriveLongName(t *testing.T) {
	const input = "ContainerRepositoryManifestBlobSignature" // 40 characters
	n, err := Derive(input, Options{})
	if err != nil {
		t.Fatal(err)
	}
	again, _ := Derive(input, Options{})
	if diff := cmp.Diff(n, again); diff != "" {
		t.Errorf("second Derive differs:\n%s", diff)
	}
	full := indexNamesUnshortened(n.ModelTable, n.RegistryTable, n.StateTable, n.ForeignKey)
	seen := map[string]bool{}
	shortened := 0
	for i, name := range n.Index.All() {
		if len(name) > MaxIdentifier {
			t.Errorf("%s is %d bytes", name, len(name))
		}
		if seen[name] {
			t.Errorf("%s appears twice", name)
		}
		seen[name] = true
		if name != full[i] {
			shortened++
			if !strings.HasPrefix(full[i], strings.TrimSuffix(name[:len(name)-hashDigits-1], "_")) {
				t.Errorf("%s does not start like %s", name, full[i])
			}
		}
	}
	if shortened == 0 {
		t.Fatal("no index name was shortened; the case tests nothing")
	}
	if n.Index.RegistryFK != "index_container_repository_manifest_blob_signature_reg_ab54777e" {
		t.Errorf("RegistryFK = %s; a changed shortening renames indexes of existing databases", n.Index.RegistryFK)
	}
}

// TestDeriveLongNameNeedsOnlyShortTables checks that the length of a
// model name binds only through its SQL identifiers: a name whose tables
// are given short names is accepted, however long its feature flags and
// GraphQL names grow, and its index names still fit.
func TestDeriveLongNameNeedsOnlyShortTables(t *testing.T) {
	input := strings.Repeat("a", 70) + "_widget"
	if _, err := Derive(input, Options{}); err == nil {
		t.Fatal("the derived 77-byte tables were accepted")
	}
	n, err := Derive(input, Options{ModelTable: "widgets", RegistryTable: "widget_registry", StateTable: "widget_states", ForeignKey: "widget_id"})
	if err != nil {
		t.Fatal(err)
	}
	if len(n.VerificationFlag) <= MaxIdentifier {
		t.Fatalf("flag %s is short: the case tests nothing", n.VerificationFlag)
	}
	for _, name := range n.Index.All() {
		if len(name) > MaxIdentifier {
			t.Errorf("%s is %d bytes", name, len(name))
		}
	}
}

func TestIndexesAllListsEveryField(t *testing.T) {
	n, err := Derive("CoolWidget", Options{})
	if err != nil {
		t.Fatal(err)
	}
	v := reflect.ValueOf(n.Index)
	var fields []string
	for i := 0; i < v.NumField(); i++ {
		fields = append(fields, v.Field(i).String())
	}
	if diff := cmp.Diff(fields, n.Index.All()); diff != "" {
		t.Errorf("Indexes.All and the struct's fields differ (-fields +All):\n%s", diff)
	}
}

// indexNamesUnshortened spells out the index naming pattern again, without
// Identifier, in the order of Indexes.All.
func indexNamesUnshortened(m, r, s, fk string) []string {
	return []string{
		m + "_pkey", m + "_id_seq",
		r + "_pkey", r + "_id_seq", "index_" + r + "_on_" + fk, "index_" + r + "_on_retry_at",
		"index_" + r + "_on_state",
		"index_" + r + "_on_last_synced_at", "index_" + r + "_on_verified_at", "index_" + r + "_checksum_mismatch",
		r + "_failed_verification", r + "_needs_verification",
		r + "_pending_verification", r + "_pending_sync", r + "_needs_sync_again",
		"check_" + r + "_last_sync_failure", "check_" + r + "_verification_failure",
		"", // no second key
		s + "_pkey", "fk_" + s + "_" + fk, "index_" + s + "_on_verification_state",
		"index_" + s + "_pending_verification", "index_" + s + "_failed_verification",
		"index_" + s + "_needs_verification", "check_" + s + "_verification_failure",
	}
}

// fieldByPath reads a string field of n such as "Snake" or
// "Index.RegistryFK", failing the test for a path that does not exist.
func fieldByPath(t *testing.T, n Names, path string) string {
	t.Helper()
	v := reflect.ValueOf(n)
	for _, part := range strings.Split(path, ".") {
		v = v.FieldByName(part)
		if !v.IsValid() {
			t.Fatalf("Names has no field %s", path)
		}
	}
	return v.String()
}
