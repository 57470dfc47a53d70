package manifest

import (
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"
)

// checkShape walks the YAML tree against the Go type it will decode into
// and reports every unknown key and every value of the wrong shape, with
// the field's path and line. yaml.v3's own strict mode stops at the first
// problem and speaks in Go type names ("cannot unmarshal !!str into
// int64"); people editing geogen.yaml should not need to know Go.
func checkShape(n *yaml.Node, t reflect.Type, field string) Errors {
	if n.Kind == yaml.AliasNode {
		return Errors{{Line: n.Line, Field: field, Problem: "YAML aliases are not supported", Fix: "write the value out"}}
	}
	switch t.Kind() {
	case reflect.Struct:
		if n.Kind != yaml.MappingNode {
			return Errors{wrongShape(n, field, "a mapping of keys to values")}
		}
		return checkStruct(n, t, field)
	case reflect.Map:
		if n.Kind != yaml.MappingNode {
			return Errors{wrongShape(n, field, "a mapping of keys to values")}
		}
		errs := duplicateKeys(n, field)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			errs = append(errs, checkShape(v, t.Elem(), join(field, k.Value))...)
		}
		return errs
	case reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			if isNull(n) {
				return nil
			}
			return Errors{wrongShape(n, field, "a list")}
		}
		var errs Errors
		for i, item := range n.Content {
			errs = append(errs, checkShape(item, t.Elem(), fmt.Sprintf("%s[%d]", field, i))...)
		}
		return errs
	case reflect.Int, reflect.Int64:
		if n.Kind != yaml.ScalarNode || n.Tag != "!!int" {
			return Errors{wrongShape(n, field, "a whole number")}
		}
		if _, err := strconv.ParseInt(strings.ReplaceAll(n.Value, "_", ""), 0, 64); err != nil {
			return Errors{wrongShape(n, field, "a whole number that fits in 64 bits")}
		}
		return nil
	case reflect.Bool:
		if n.Kind != yaml.ScalarNode || n.Tag != "!!bool" {
			return Errors{wrongShape(n, field, "true or false")}
		}
		return nil
	case reflect.String:
		if n.Kind != yaml.ScalarNode || (n.Tag != "!!str" && !isNull(n)) {
			return Errors{wrongShape(n, field, "a string (quote it if it looks like a number or a boolean)")}
		}
		return nil
	}
	return nil
}

func checkStruct(n *yaml.Node, t reflect.Type, field string) Errors {
	k := keysOf(t)
	errs := duplicateKeys(n, field)
	for i := 0; i+1 < len(n.Content); i += 2 {
		key, v := n.Content[i], n.Content[i+1]
		ft, ok := k.fields[key.Value]
		if !ok {
			errs = append(errs, unknownKey(key, field, k.known))
			continue
		}
		errs = append(errs, checkShape(v, ft, join(field, key.Value))...)
	}
	return errs
}

// structKeys are the YAML keys of a struct type: each one's field type,
// and all of them in order, for the message about an unknown key.
type structKeys struct {
	fields map[string]reflect.Type
	known  []string
}

// structKeysOf keeps the keys of each struct type once they are read:
// a manifest checks the same few types once per replicable, and reading
// the tags again each time was a fifth of parsing a large manifest.
var structKeysOf sync.Map // reflect.Type → *structKeys

func keysOf(t reflect.Type) *structKeys {
	if k, ok := structKeysOf.Load(t); ok {
		return k.(*structKeys)
	}
	k := &structKeys{fields: map[string]reflect.Type{}}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if name == "" || name == "-" {
			continue
		}
		k.fields[name] = f.Type
		k.known = append(k.known, name)
	}
	sort.Strings(k.known)
	structKeysOf.Store(t, k)
	return k
}

func unknownKey(k *yaml.Node, field string, known []string) *Error {
	fix := "known keys here: " + strings.Join(known, ", ")
	if s := closest(k.Value, known); s != "" {
		fix = fmt.Sprintf("did you mean %q? %s", s, fix)
	}
	where := field
	if where == "" {
		where = "top level"
	}
	return &Error{Line: k.Line, Field: where, Problem: fmt.Sprintf("unknown key %q", k.Value), Fix: fix}
}

func wrongShape(n *yaml.Node, field, want string) *Error {
	got := "a mapping"
	switch n.Kind {
	case yaml.ScalarNode:
		got = strconv.Quote(n.Value)
	case yaml.SequenceNode:
		got = "a list"
	}
	return &Error{Line: n.Line, Field: field, Problem: "want " + want + ", got " + got}
}

func isNull(n *yaml.Node) bool { return n.Kind == yaml.ScalarNode && n.Tag == "!!null" }

func join(field, key string) string {
	if field == "" {
		return key
	}
	if strings.ContainsAny(key, "./[]") {
		return fmt.Sprintf("%s[%q]", field, key)
	}
	return field + "." + key
}

// closest returns the known key within two edits of s, if there is exactly
// one best candidate: the usual typo of a hand-edited key.
func closest(s string, known []string) string {
	best, bestD := "", 3
	for _, k := range known {
		if d := editDistance(s, k); d < bestD {
			best, bestD = k, d
		} else if d == bestD {
			best = ""
		}
	}
	return best
}

// editDistance is the Levenshtein distance between a and b.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// duplicateKeys reports every key of mapping n that appears again: a
// merge that kept both sides, or a paste. YAML forbids it, and which of
// the two a reader keeps is a guess geogen does not make.
func duplicateKeys(n *yaml.Node, field string) Errors {
	var errs Errors
	first := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		if line, dup := first[k.Value]; dup {
			where := join(field, k.Value)
			errs = append(errs, &Error{Line: k.Line, Field: where,
				Problem: fmt.Sprintf("%q appears twice (first at line %d)", k.Value, line),
				Fix:     "keep one of them"})
			continue
		}
		first[k.Value] = k.Line
	}
	return errs
}
