package naming

import (
	"errors"
	"fmt"
)

// checkRelationsDistinct refuses names that give two tables, indexes,
// constraints or sequences of the type one name: PostgreSQL keeps them in one namespace per schema (a state
// table named like the model table's primary key, cool_widgets_pkey, is
// one). Every clash is reported.
func (n *Names) checkRelationsDistinct() error {
	type named struct{ what, value string }
	all := []named{
		{"model table", n.ModelTable},
		{"registry table", n.RegistryTable},
		{"state table", n.StateTable},
	}
	indexNames := []string{
		"model primary key", "model id sequence",
		"registry primary key", "registry id sequence", "registry foreign key index", "registry retry_at index",
		"registry state index", "registry failed verification index", "registry needs verification index",
		"registry pending verification index", "registry pending sync index", "registry needs sync again index",
		"registry last sync failure check", "registry verification failure check",
		"state primary key", "state foreign key constraint", "state verification state index",
		"state pending verification index", "state failed verification index", "state needs verification index",
		"state verification failure check",
	}
	for i, ix := range n.Index.All() {
		all = append(all, named{indexNames[i], ix})
	}
	var errs []error
	seen := make(map[string]string, len(all))
	for _, a := range all {
		prev, dup := seen[a.value]
		if !dup {
			seen[a.value] = a.what
			continue
		}
		errs = append(errs, &Error{Subject: fmt.Sprintf("%s %s of %s", a.what, a.value, n.Input),
			Problem: "is also its " + prev + ", and PostgreSQL keeps tables, indexes, constraints and sequences in one namespace",
			Fix:     "give the tables other names with " + tableOverride.flag + ", " + registryTableOverride.flag + " or " + stateTableOverride.flag})
	}
	return errors.Join(errs...)
}
