package naming

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"unicode"

	"github.com/geogen/geogen/runtime/replicable"
)

// checkRelationsDistinct refuses names that give two tables, indexes,
// constraints or sequences of the type one name: PostgreSQL keeps them in one namespace per schema (a state
// table named like the model table's primary key, cool_widgets_pkey, is
// one). Every clash is reported.
// With verification on the model table (onModel), the state table is the
// model table by design.
func (n *Names) checkRelationsDistinct(onModel bool, given map[string]string) error {
	type named struct{ what, value string }
	all := []named{
		{"model table", n.ModelTable},
		{"registry table", n.RegistryTable},
	}
	if !onModel {
		all = append(all, named{"state table", n.StateTable})
	}
	fields := reflect.TypeFor[Indexes]()
	keys := IndexKeys()
	var errs []error
	for i, ix := range n.Index.All() {
		label := indexLabel(fields.Field(i).Name)
		all = append(all, named{label, ix})
		// Tables are judged with the type's other SQL names (checkSQL);
		// an index, constraint or sequence shares their namespace.
		// A derived one of a table the runtime has is that table's
		// problem, reported once, with it.
		if _, set := given[keys[i]]; ix != "" && replicable.IsRuntimeRelation(ix) && (set || !replicable.IsRuntimeRelation(n.tableOf(keys[i]))) {
			errs = append(errs, &Error{Subject: fmt.Sprintf("%s %s of %s", label, ix, n.Input),
				Problem: "is a table, index or sequence the runtime creates itself, and PostgreSQL and SQLite keep them in one namespace",
				Fix:     fmt.Sprintf("give it another name: %s %s=%s_%s, say (%s in the manifest)", indexNamesOverride.flag, keys[i], n.Snake, keys[i], indexNamesOverride.key)})
		}
	}
	seen := make(map[string]string, len(all))
	for _, a := range all {
		if a.value == "" {
			continue // an index the type does not have
		}
		prev, dup := seen[a.value]
		if !dup {
			seen[a.value] = a.what
			continue
		}
		errs = append(errs, &Error{Subject: fmt.Sprintf("%s %s of %s", a.what, a.value, n.Input),
			Problem: "is also its " + prev + ", and PostgreSQL keeps tables, indexes, constraints and sequences in one namespace",
			Fix: "give the tables other names with " + tableOverride.flag + ", " + registryTableOverride.flag + " or " + stateTableOverride.flag +
				", or the index another with " + indexNamesOverride.key})
	}
	return errors.Join(errs...)
}

// indexLabel names a field of Indexes for people: ModelPkey is "model
// primary key", RegistryIDSeq "registry id sequence". Indexes.All lists
// the fields in order (TestIndexesAllListsEveryField).
func indexLabel(field string) string {
	var words []string
	start := 0
	for i, r := range field {
		if i > 0 && unicode.IsUpper(r) && !unicode.IsUpper(rune(field[i-1])) {
			words = append(words, strings.ToLower(field[start:i]))
			start = i
		}
	}
	words = append(words, strings.ToLower(field[start:]))
	label := strings.Join(words, " ")
	for _, r := range [][2]string{{"pkey", "primary key"}, {"id seq", "id sequence"}, {" fk", " foreign key"}} {
		label = strings.Replace(label, r[0], r[1], 1)
	}
	return label
}

// tableOf is the table an index_names key belongs to, by its prefix.
func (n *Names) tableOf(key string) string {
	switch {
	case strings.HasPrefix(key, "model_"):
		return n.ModelTable
	case strings.HasPrefix(key, "registry_"):
		return n.RegistryTable
	}
	return n.StateTable
}
