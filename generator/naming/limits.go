package naming

import "fmt"

// flagOverhead is what the longer feature flag adds to the snake name:
// "geo_" and "_verification".
const flagOverhead = len("geo_") + len("_verification")

// maxSnake is the longest snake name whose flags fit PostgreSQL's limit.
// Every other derived table, column and plural adds at most 9 bytes to
// the snake name ("_registry"; a plural adds at most 3), so they fit too;
// overrides are checked by Options.validate. Index names are shortened by
// Identifier instead.
const maxSnake = MaxIdentifier - flagOverhead

// checkLength refuses a model name whose feature flags PostgreSQL would
// truncate. The flags have no override: they are named after the model.
func (n *Names) checkLength() error {
	if len(n.Snake) <= maxSnake {
		return nil
	}
	return &Error{Subject: fmt.Sprintf("model name %q", n.Input),
		Problem: fmt.Sprintf("is too long: its feature flag %s would be %d bytes, more than PostgreSQL's %d",
			n.VerificationFlag, len(n.VerificationFlag), MaxIdentifier),
		Fix: fmt.Sprintf("use a model name whose snake_case form (%s) is at most %d bytes", n.Snake, maxSnake)}
}

// checkRelationsDistinct refuses overrides that give two tables, indexes
// or constraints of the type one name: PostgreSQL keeps them in one
// namespace per schema. Derived names never meet; overrides can.
func (n *Names) checkRelationsDistinct() error {
	type named struct{ what, value string }
	all := []named{
		{"model table", n.ModelTable},
		{"registry table", n.RegistryTable},
		{"state table", n.StateTable},
	}
	for _, ix := range n.Index.All() {
		all = append(all, named{"index or constraint", ix})
	}
	seen := make(map[string]string, len(all))
	for _, a := range all {
		if prev, dup := seen[a.value]; dup {
			return &Error{Subject: fmt.Sprintf("%s %s", a.what, a.value),
				Problem: "is also the " + prev + " of " + n.Input,
				Fix:     "give the tables different names with --table, --registry-table and --state-table"}
		}
		seen[a.value] = a.what
	}
	return nil
}
