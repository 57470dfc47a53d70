package naming

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"unicode"

	"github.com/geogen/geogen/runtime/sqlname"
)

// A project adopting tables that already exist needs their indexes,
// constraints and sequences named as they are, and some were named by hand
// (GitLab abbreviated idx_vae_upl_registry_on_vae_upl_id from a name past
// PostgreSQL's 63 bytes). Options.IndexNames gives such names by key: the
// Indexes field in snake case, registry_fk for RegistryFK.

var indexesType = reflect.TypeFor[Indexes]()

// IndexKeys lists the keys of Options.IndexNames, in the order of the
// fields of Indexes.
func IndexKeys() []string {
	keys := make([]string, indexesType.NumField())
	for i := range keys {
		keys[i] = snakeField(indexesType.Field(i).Name)
	}
	return keys
}

// snakeField spells a Go field name in snake case, keeping an initialism
// one word: RegistryIDSeq is registry_id_seq, StateFKConstraint
// state_fk_constraint.
func snakeField(name string) string {
	r := []rune(name)
	var b strings.Builder
	for i, c := range r {
		if i > 0 && unicode.IsUpper(c) && (unicode.IsLower(r[i-1]) || i+1 < len(r) && unicode.IsLower(r[i+1])) {
			b.WriteByte('_')
		}
		b.WriteRune(unicode.ToLower(c))
	}
	return b.String()
}

// indexPosition is where a name of the key stands in a migration.
func indexPosition(key string) sqlname.Position {
	switch {
	case strings.HasSuffix(key, "_seq"):
		return sqlname.Sequence
	case strings.HasSuffix(key, "_pkey"), strings.HasSuffix(key, "_check"), strings.HasSuffix(key, "_constraint"):
		return sqlname.Constraint
	}
	return sqlname.Index
}

// checkIndexNames reports every unknown key and every name the databases
// would refuse.
func checkIndexNames(names map[string]string) error {
	keys := IndexKeys()
	given := make([]string, 0, len(names))
	for k := range names {
		given = append(given, k)
	}
	slices.Sort(given)
	var errs []error
	for _, k := range given {
		v := names[k]
		if !slices.Contains(keys, k) {
			fix := "use one of " + strings.Join(keys, ", ")
			if s := closestKey(k, keys); s != "" {
				fix = fmt.Sprintf("did you mean %s? %s", s, fix)
			}
			errs = append(errs, &Error{Subject: fmt.Sprintf("%s key %q", indexNamesOverride.key, k), Problem: "names no index, constraint or sequence", Fix: fix})
			continue
		}
		if p := sqlname.Problems(v, indexPosition(k)); len(p) > 0 {
			errs = append(errs, &Error{Subject: fmt.Sprintf("%s.%s %q", indexNamesOverride.key, k, v), Problem: strings.Join(p, "; it "),
				Fix: "give another name, at most 63 bytes of [a-z0-9_], e.g. idx_cw_registry_on_cw_id"})
		}
	}
	return errors.Join(errs...)
}

// closestKey returns the key sharing the longest prefix with k, when it
// shares more than its first word: the usual slip is a word spelled
// otherwise (registry_foreign_key for registry_fk).
func closestKey(k string, keys []string) string {
	best, bestN := "", 0
	for _, c := range keys {
		n := 0
		for n < len(k) && n < len(c) && k[n] == c[n] {
			n++
		}
		if n > bestN {
			best, bestN = c, n
		}
	}
	if first, _, _ := strings.Cut(k, "_"); bestN <= len(first)+1 {
		return ""
	}
	return best
}

// applyIndexNames puts the given names in place of the derived ones.
func (ix *Indexes) applyIndexNames(names map[string]string) {
	v := reflect.ValueOf(ix).Elem()
	for i, k := range IndexKeys() {
		if name, ok := names[k]; ok {
			v.Field(i).SetString(name)
		}
	}
}
