package main

import (
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// heavyModules are the runtime's serving dependencies: database drivers,
// the GraphQL engine, the Prometheus client, migrations and object
// storage. geogen needs none of them to render, check or document a
// project (the names and the schema text it needs live in dependency-free
// packages the runtime uses too), and linking them made every geogen
// process three times larger and slower to start.
var heavyModules = []string{
	"github.com/jackc/pgx/v5",
	"modernc.org/sqlite",
	"modernc.org/libc",
	"github.com/prometheus/client_golang",
	"github.com/prometheus/client_model",
	"github.com/graph-gophers/graphql-go",
	"github.com/pressly/goose/v3",
	"gocloud.dev",
	"google.golang.org/grpc",
	"google.golang.org/protobuf",
	"github.com/golang-jwt/jwt/v5",
}

// TestGeogenLinksNoServingDependency lists the modules geogen's packages
// come from, as go build links them, and fails on any heavy one, naming
// the import chain that brings it in.
func TestGeogenLinksNoServingDependency(t *testing.T) {
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Fatal("the go command lists geogen's dependencies: ", err)
	}
	out, err := exec.Command(goBin, "list", "-deps", "-f", "{{.ImportPath}}|{{with .Module}}{{.Path}}{{end}}|{{join .Imports \" \"}}", ".").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	importers := map[string]string{} // package → a package importing it
	module := map[string]string{}
	var order []string
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		parts := strings.SplitN(line, "|", 3)
		if len(parts) != 3 {
			t.Fatalf("go list printed %q", line)
		}
		pkg := parts[0]
		module[pkg] = parts[1]
		order = append(order, pkg)
		for _, imp := range strings.Fields(parts[2]) {
			if _, ok := importers[imp]; !ok {
				importers[imp] = pkg
			}
		}
	}
	if len(order) == 0 {
		t.Fatal("go list listed no packages")
	}
	reported := map[string]bool{}
	for _, pkg := range order {
		m := module[pkg]
		if !slices.Contains(heavyModules, m) || reported[m] || module[importers[pkg]] == m {
			continue // reported from the module's entry point
		}
		reported[m] = true
		chain := []string{pkg}
		for p := importers[pkg]; p != "" && len(chain) < 20; p = importers[p] {
			chain = append(chain, p)
		}
		slices.Reverse(chain)
		t.Errorf("geogen links %s: %s", m, strings.Join(chain, " → "))
	}
}
