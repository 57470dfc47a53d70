package siteconfig

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var projectTypes = Needs{BlobTypes: []string{"attachment", "upload"}, RepositoryTypes: []string{"project_repository"}}

func TestTypeStorage(t *testing.T) {
	tests := []struct {
		name      string
		file      string
		env       map[string]string
		sets      []string
		want      map[string]string
		wantBlobs map[string]string // BlobStorageOf / RepositoryStorageOf by type
	}{
		{
			name:      "file",
			file:      validPrimary + "storage: {blobs: /srv/blobs, repositories: /srv/repos, types: {upload: \"s3://bucket/uploads\", project_repository: /srv/project}}\n",
			want:      map[string]string{"upload": "s3://bucket/uploads", "project_repository": "/srv/project"},
			wantBlobs: map[string]string{"attachment": "/srv/blobs", "upload": "s3://bucket/uploads", "project_repository": "/srv/project"},
		},
		{
			name:      "environment and --set over the file",
			file:      validPrimary + "storage: {blobs: /srv/blobs, repositories: /srv/repos, types: {upload: /file}}\n",
			env:       map[string]string{"GEO_STORAGE_TYPES_UPLOAD": "/env", "GEO_STORAGE_TYPES_PROJECT_REPOSITORY": "/env-repos"},
			sets:      []string{"storage.types.attachment=/set"},
			want:      map[string]string{"upload": "/env", "project_repository": "/env-repos", "attachment": "/set"},
			wantBlobs: map[string]string{"attachment": "/set", "upload": "/env", "project_repository": "/env-repos"},
		},
		{
			name:      "every blob type its own: storage.blobs not needed",
			file:      strings.Replace(validPrimary, "storage: {blobs: /srv/blobs}", "storage: {repositories: /srv/repos, types: {attachment: /a, upload: /u}}", 1),
			want:      map[string]string{"attachment": "/a", "upload": "/u"},
			wantBlobs: map[string]string{"attachment": "/a", "upload": "/u", "project_repository": "/srv/repos"},
		},
		{
			name:      "types with every entry commented out",
			file:      validPrimary + "storage: {blobs: /srv/blobs, repositories: /srv/repos}\nstorage:\n  types:\n    # upload: /u\n",
			wantBlobs: map[string]string{"attachment": "/srv/blobs", "upload": "/srv/blobs", "project_repository": "/srv/repos"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			file, _ := write(t, tt.file)
			getenv, environ := env(tt.env)
			c, err := Load(Sources{File: file, Getenv: getenv, Environ: environ, Sets: tt.sets}, projectTypes)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, c.TypeStorage, cmpEmptyMap); diff != "" {
				t.Errorf("TypeStorage (-want +got):\n%s", diff)
			}
			got := map[string]string{
				"attachment": c.BlobStorageOf("attachment"), "upload": c.BlobStorageOf("upload"),
				"project_repository": c.RepositoryStorageOf("project_repository"),
			}
			if diff := cmp.Diff(tt.wantBlobs, got); diff != "" {
				t.Errorf("storage of each type (-want +got):\n%s", diff)
			}
		})
	}
}

var cmpEmptyMap = cmp.FilterValues(func(a, b map[string]string) bool { return len(a) == 0 && len(b) == 0 }, cmp.Ignore())

func TestTypeStorageProblems(t *testing.T) {
	tests := []struct {
		name string
		file string
		env  map[string]string
		sets []string
		want []string
	}{
		{
			name: "unknown type names the known ones",
			file: validPrimary + "storage: {repositories: /srv/repos, types: {atachment: /a}}\n",
			want: []string{`storage.types.atachment: the project has no type "atachment" (its types: attachment, project_repository, upload)`},
		},
		{
			name: "unknown type from the environment and --set",
			env:  map[string]string{"GEO_STORAGE_TYPES_WIDGET": "/w"},
			sets: []string{"storage.types.gadget=/g"},
			file: validPrimary + "storage: {repositories: /srv/repos}\n",
			want: []string{`storage.types.gadget: the project has no type "gadget"`, `storage.types.widget: the project has no type "widget"`},
		},
		{
			name: "repository type in object storage",
			file: validPrimary + "storage: {repositories: /srv/repos, types: {project_repository: \"s3://bucket/repos\"}}\n",
			want: []string{`storage.types.project_repository: "s3://bucket/repos" is a URL; a repository type's storage is a directory`},
		},
		{
			name: "empty entry",
			file: validPrimary + "storage: {repositories: /srv/repos, types: {upload: \"\"}}\n",
			want: []string{"storage.types.upload: empty"},
		},
		{
			name: "an entry that is a mapping",
			file: validPrimary + "storage: {repositories: /srv/repos, types: {upload: [a, b]}}\n",
			want: []string{"storage.types.upload must be a single value"},
		},
		{
			name: "blob types left without storage are named",
			file: strings.Replace(validPrimary, "storage: {blobs: /srv/blobs}", "storage: {types: {upload: /u}}", 1),
			want: []string{"storage.blobs: missing (a directory or an object storage URL for the blob types attachment;",
				"storage.repositories: missing (a directory for the repository types project_repository;"},
		},
		{
			name: "repository type sharing the blobs' directory",
			file: validPrimary + "storage: {repositories: /srv/repos, types: {project_repository: /srv/blobs}}\n",
			want: []string{"storage.types.project_repository: same directory as storage.blobs"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			file, _ := write(t, tt.file)
			getenv, environ := env(tt.env)
			_, err := Load(Sources{File: file, Getenv: getenv, Environ: environ, Sets: tt.sets}, projectTypes)
			problems, ok := err.(Problems)
			if !ok {
				t.Fatalf("err = %v, want Problems", err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("missing problem %q in:\n%s", w, err)
				}
			}
			if len(problems) != len(tt.want) {
				t.Errorf("%d problems, want %d:\n%s", len(problems), len(tt.want), err)
			}
		})
	}
}

// The example lists the project's types under storage.types, commented
// out; uncommenting one gives that type its own storage.
func TestExampleTypeStorage(t *testing.T) {
	ex := Example([]string{"attachment"}, []string{"project_repository"})
	for _, w := range []string{TypeStorageDoc, "  types:\n", "    # attachment: s3://bucket/attachment\n", "    # project_repository: data/project_repository\n"} {
		if !strings.Contains(ex, w) {
			t.Errorf("the example lacks %q:\n%s", w, ex)
		}
	}
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "secrets"), 0o700); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"site_secret", "admin_token"} {
		if err := os.WriteFile(filepath.Join(dir, "secrets", k), []byte("0123456789abcdef-example"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	file := filepath.Join(dir, "geo.yml")
	uncommented := strings.Replace(ex, "# project_repository: data/project_repository", "project_repository: data/project_repository", 1)
	if err := os.WriteFile(file, []byte(uncommented), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	c, err := Load(Sources{File: file, Getenv: func(string) string { return "" }, Environ: func() []string { return nil }},
		Needs{BlobTypes: []string{"attachment"}, RepositoryTypes: []string{"project_repository"}})
	if err != nil {
		t.Fatal(err)
	}
	if got := c.RepositoryStorageOf("project_repository"); got != "data/project_repository" {
		t.Errorf("project_repository's storage = %q, want the uncommented entry", got)
	}
}
