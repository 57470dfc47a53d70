package artifacts

import (
	"os"
	"path"
	"regexp"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/geogen/geogen/generator"
	"github.com/geogen/geogen/generator/manifest"
)

// TestPreCommitHooksSeeEveryFile checks that each shipped pre-commit hook
// runs when any file geogen writes changes, of every kind (Go, SQL,
// Markdown, JSON, YAML) and the manifest: a hand edit of a generated doc
// must trigger geogen-check too. pre-commit matches `files` with Python's
// re.search; the patterns use only syntax Go's regexp shares.
func TestPreCommitHooksSeeEveryFile(t *testing.T) {
	data, err := os.ReadFile("../../.pre-commit-hooks.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var hooks []struct {
		ID    string `yaml:"id"`
		Files string `yaml:"files"`
	}
	if err := yaml.Unmarshal(data, &hooks); err != nil {
		t.Fatal(err)
	}
	files, err := generator.Generate(bothStrategies(), All())
	if err != nil {
		t.Fatal(err)
	}
	paths := []string{manifest.FileName}
	kinds := map[string]bool{}
	for _, f := range files {
		paths = append(paths, f.Path)
		kinds[path.Ext(f.Path)] = true
	}
	for _, want := range []string{".go", ".sql", ".md", ".json", ".yml"} {
		if !kinds[want] {
			t.Errorf("the project has no %s file: the test covers less than it says", want)
		}
	}
	if len(hooks) < 2 {
		t.Fatalf("read %d hooks", len(hooks))
	}
	for _, h := range hooks {
		re, err := regexp.Compile(h.Files)
		if err != nil {
			t.Fatalf("%s: files %q: %v", h.ID, h.Files, err)
		}
		for _, p := range paths {
			if !re.MatchString(p) {
				t.Errorf("hook %s does not run when %s changes (files: %s)", h.ID, p, h.Files)
			}
		}
	}
}
