package artifacts

import (
	"bytes"
	"encoding/json"
	"go/format"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/geogen/geogen/generator"
	"github.com/geogen/geogen/generator/manifest"
	"github.com/geogen/geogen/generator/telemetry"
)

func bothStrategies() *manifest.Manifest {
	m := manifest.New("example.com/shop")
	m.Replicables = []manifest.Replicable{
		{Name: "CoolWidget", Strategy: manifest.Blob, MigrationVersion: 20261122010203},
		{Name: "Gizmo", Strategy: manifest.Repository, MigrationVersion: 20261122010205},
	}
	return m
}

// Every owned file carries the generated header in its language's
// syntax, and no scaffold-once file carries it anywhere near its top.
func TestHeaders(t *testing.T) {
	for _, m := range []*manifest.Manifest{manifest.New("example.com/empty"), bothStrategies()} {
		files, err := generator.Generate(m, All())
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			switch f.Kind {
			case generator.Owned:
				if !generator.HasHeader(f.Path, f.Content) {
					t.Errorf("%s: owned, but does not begin with %q", f.Path, generator.Header(f.Path))
				}
			case generator.ScaffoldOnce:
				if bytes.Contains(f.Content, []byte(generator.HeaderText)) {
					t.Errorf("%s: scaffold-once, but carries %q", f.Path, generator.HeaderText)
				}
			}
		}
	}
}

func TestRowNamesAreUnique(t *testing.T) {
	seen := map[string]bool{}
	for _, a := range All() {
		if a.Name == "" || seen[a.Name] {
			t.Errorf("row name %q is empty or repeated", a.Name)
		}
		seen[a.Name] = true
		if a.Path == nil || a.Render == nil || a.Scope == 0 || a.Kind == "" {
			t.Errorf("row %q is incomplete", a.Name)
		}
	}
}

// The schema, the status page and the metrics page list exactly the
// fields and gauges of package telemetry.
func TestDocsFollowTelemetry(t *testing.T) {
	m := bothStrategies()
	files, err := generator.Generate(m, All())
	if err != nil {
		t.Fatal(err)
	}
	p, err := generator.NewProject(m)
	if err != nil {
		t.Fatal(err)
	}
	content := map[string]string{}
	for _, f := range files {
		content[f.Path] = string(f.Content)
	}
	var fields []string
	for _, typ := range p.Types {
		set := telemetry.For(typ.Names)
		for _, f := range set.Fields {
			fields = append(fields, f.Name)
			if !strings.Contains(content["docs/geo/status.md"], "`"+f.Name+"`") {
				t.Errorf("status.md lacks %s", f.Name)
			}
		}
		for _, g := range set.Gauges {
			if !strings.Contains(content["docs/geo/metrics.md"], "`"+g.Name+"`") {
				t.Errorf("metrics.md lacks %s", g.Name)
			}
		}
		for _, c := range set.Counters {
			if !strings.Contains(content["docs/geo/metrics.md"], "`"+c.Name+"`") {
				t.Errorf("metrics.md lacks %s", c.Name)
			}
		}
	}
	var schema struct {
		Properties map[string]json.RawMessage `json:"properties"`
	}
	if err := json.Unmarshal([]byte(content["docs/geo/status_schema.json"]), &schema); err != nil {
		t.Fatal(err)
	}
	var got []string
	for k := range schema.Properties {
		got = append(got, k)
	}
	slices.Sort(got)
	slices.Sort(fields)
	if diff := cmp.Diff(fields, got); diff != "" {
		t.Errorf("schema properties (-telemetry +schema):\n%s", diff)
	}
}

// Rows marked Formatted skip the engine's go/format pass, so their output
// must already be exactly what gofmt writes.
func TestGoFilesAreGofmtClean(t *testing.T) {
	files, err := generator.Generate(bothStrategies(), All())
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if !strings.HasSuffix(f.Path, ".go") {
			continue
		}
		formatted, err := format.Source(f.Content)
		if err != nil {
			t.Errorf("%s: %v", f.Path, err)
			continue
		}
		if !bytes.Equal(formatted, f.Content) {
			t.Errorf("%s is not gofmt-clean", f.Path)
		}
	}
}
