package naming

import (
	"strings"
	"testing"

	"github.com/geogen/geogen/runtime/replicable"
)

// TestRuntimeRelationsAreRefusedEverywhere gives every table, index and
// sequence name the runtime creates itself to every place a type's own
// relation names come from (the three tables and each index_names key)
// and expects each refused with the override that fixes it: PostgreSQL
// and SQLite keep tables, indexes and sequences in one namespace, so any
// of them would make the site's migrate command fail.
func TestRuntimeRelationsAreRefusedEverywhere(t *testing.T) {
	places := []struct {
		what string
		opts func(name string) Options
		fix  string
	}{
		{"model table", func(n string) Options { return Options{ModelTable: n} }, "--table"},
		{"registry table", func(n string) Options { return Options{RegistryTable: n} }, "--registry-table"},
		{"state table", func(n string) Options { return Options{StateTable: n} }, "--state-table"},
	}
	for _, key := range IndexKeys() {
		places = append(places, struct {
			what string
			opts func(name string) Options
			fix  string
		}{"index_names." + key, func(n string) Options { return Options{IndexNames: map[string]string{key: n}} }, "--index-name " + key + "="})
	}
	checked := 0
	for _, name := range replicable.RuntimeRelations() {
		for _, p := range places {
			_, err := Derive("CoolWidget", p.opts(name))
			if err == nil {
				t.Errorf("%s %s: accepted, but the runtime creates %s itself", p.what, name, name)
				continue
			}
			checked++
			if strings.HasPrefix(name, "sqlite_") {
				continue // refused for its prefix, which both databases keep
			}
			if msg := err.Error(); !strings.Contains(msg, "the runtime creates itself") || !strings.Contains(msg, p.fix) {
				t.Errorf("%s %s: %v\nwant it named as the runtime's, with the fix %q", p.what, name, err, p.fix)
			}
		}
	}
	if checked < 3*len(replicable.RuntimeRelations()) {
		t.Fatalf("only %d refusals checked", checked)
	}
}
