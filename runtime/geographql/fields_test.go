package geographql

import (
	"testing"

	"github.com/geogen/geogen/runtime/geographql/sdl"
)

// TestEverySharedFieldResolves: every field the schema declares for all
// registry types has a resolver, and every resolver a field.
func TestEverySharedFieldResolves(t *testing.T) {
	declared := map[string]bool{}
	for _, f := range sdl.SharedFields {
		declared[f.Name] = true
		if _, ok := sharedResolvers[f.Name]; !ok {
			t.Errorf("the shared registry field %s has no resolver", f.Name)
		}
	}
	for name := range sharedResolvers {
		if !declared[name] {
			t.Errorf("a resolver for %s, which the schema does not declare", name)
		}
	}
}
