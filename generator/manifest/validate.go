package manifest

import (
	"encoding/hex"
	"fmt"
	"go/token"
	"path"
	"slices"
	"sort"
	"strings"
)

// Validate reports every problem with the manifest's content. Names are
// checked only for presence here: whether a name derives valid
// identifiers is the naming package's business, checked by the generator.
func (m *Manifest) Validate() error {
	var errs Errors
	add := func(field, problem, fix string) {
		errs = append(errs, &Error{Field: field, Problem: problem, Fix: fix})
	}
	switch {
	case m.Version == 0:
		add("version", "missing", "add `version: 1` at the top")
	case m.Version != CurrentVersion:
		add("version", fmt.Sprintf("version %d is not supported", m.Version),
			fmt.Sprintf("this geogen reads version %d; use the geogen release that wrote this file", CurrentVersion))
	}
	if problem := checkModulePath(m.Module); problem != "" {
		add("module", problem, "set it to the module path in go.mod, e.g. example.com/shop")
	}
	for _, d := range []struct {
		field, dir, example string
		goPackage           bool
	}{
		{"layout.packages", m.Layout.Packages, DefaultLayout.Packages, true},
		{"layout.migrations", m.Layout.Migrations, DefaultLayout.Migrations, true},
		{"layout.docs", m.Layout.Docs, DefaultLayout.Docs, false},
		{"layout.flags", m.Layout.Flags, DefaultLayout.Flags, false},
	} {
		problem := checkRelPath(d.dir)
		if problem == "" {
			problem = checkLayoutDir(d.dir, d.goPackage)
		}
		if problem != "" {
			add(d.field, problem, "use a directory inside the project, e.g. "+d.example)
		}
	}
	errs = append(errs, m.validateReplicables()...)
	errs = append(errs, m.validateLock()...)
	return errs.orNil()
}

func (m *Manifest) validateReplicables() Errors {
	var errs Errors
	seen := map[string]int{}
	for i, r := range m.Replicables {
		field := func(key string) string {
			if r.Name == "" {
				return fmt.Sprintf("replicables[%d].%s", i, key)
			}
			return fmt.Sprintf("replicables[%d] (%s).%s", i, r.Name, key)
		}
		add := func(key, problem, fix string) {
			errs = append(errs, &Error{Field: field(key), Problem: problem, Fix: fix})
		}
		if r.Name == "" {
			add("name", "missing", "set it to the model name, e.g. CoolWidget")
		} else if j, dup := seen[r.Name]; dup {
			add("name", fmt.Sprintf("%s is listed twice (also replicables[%d])", r.Name, j), "remove one of the entries")
		} else {
			seen[r.Name] = i
		}
		switch r.Strategy {
		case Blob, Repository:
		case "":
			add("strategy", "missing", "set `strategy: blob` or `strategy: repository`")
		default:
			add("strategy", fmt.Sprintf("%q is not a strategy", r.Strategy), "use blob or repository")
		}
		switch {
		case r.MigrationVersion <= 0:
			add("migration_version", "missing", "set a timestamp such as 20261122010203, later than every migration already applied")
		case r.MigrationVersion > MaxMigrationVersion:
			add("migration_version", fmt.Sprintf("%d has more than the 14 digits of a timestamp", r.MigrationVersion),
				"set a timestamp such as 20261122010203, later than every migration already applied")
		}
		validateSchema(r, add)
		validateOptions(r, add)
		validateRelease(r, add)
		validateProfile(r, add)
		for j, s := range r.Initialisms {
			if s == "" || strings.IndexFunc(s, func(c rune) bool { return !isASCIIAlnum(c) }) >= 0 {
				add(fmt.Sprintf("initialisms[%d]", j), fmt.Sprintf("%q is not an initialism", s), "use ASCII letters and digits only, e.g. LFS")
			}
		}
	}
	return append(errs, m.validateVersions()...)
}

// CheckOptions reports what is wrong with the options of one entry that
// go together (a second key and its source, ...), for a command about
// to add the entry: what Validate would refuse when reading it back.
func CheckOptions(r Replicable) error {
	var errs Errors
	validateOptions(r, func(key, problem, fix string) {
		errs = append(errs, &Error{Field: r.Name + "." + key, Problem: problem, Fix: fix})
	})
	return errs.orNil()
}

// validateOptions checks the options of an entry that go together.
func validateOptions(r Replicable, add func(key, problem, fix string)) {
	validateSecondKey(r, add)
	validateVerificationTable(r, add)
}

// validateVerificationTable refuses what contradicts verification on the
// model table: there is no state table to name, key, adopt or index.
func validateVerificationTable(r Replicable, add func(key, problem, fix string)) {
	if !r.VerificationOnModel {
		return
	}
	const why = " names a state table, but verification_on_model keeps the verification columns on the model table"
	if r.StateTable != "" {
		add("state_table", r.StateTable+why, "remove state_table, or verification_on_model to keep a state table")
	}
	if r.StateKey != "" {
		add("state_key", r.StateKey+why, "remove state_key: the model key keys the verification columns")
	}
	if r.AdoptStateTable {
		add("adopt_state_table", "adopts a state table, but verification_on_model keeps the verification columns on the model table",
			"keep one: adopt_state_table for an existing state table, verification_on_model for columns on the model table")
	}
	for _, k := range []string{"state_pkey", "state_fk_constraint"} {
		if name, ok := r.IndexNames[k]; ok {
			add("index_names."+k, name+why, "remove it: the model table's own key stands for it")
		}
	}
}

// validateSecondKey checks that a second key comes with the model column
// that feeds it, and that its other keys do not come without it.
func validateSecondKey(r Replicable, add func(key, problem, fix string)) {
	switch {
	case r.SecondKey != "" && r.SecondKeySource == "":
		add("second_key_source", "missing: the registry's "+r.SecondKey+" is copied from a column of the model table",
			"set second_key_source to that column, e.g. id")
	case r.SecondKey == "" && r.SecondKeySource != "":
		add("second_key_source", "is set without second_key", "set second_key to the registry column it fills, or remove second_key_source")
	}
	if r.SecondKey == "" && r.SecondKeyUnique {
		add("second_key_unique", "is set without second_key", "set second_key to the registry column whose index is unique, or remove second_key_unique")
	}
}

// validateVersions rejects types whose migration versions overlap: goose
// refuses two migrations with one version in the same set.
func (m *Manifest) validateVersions() Errors {
	type span struct {
		name string
		v    int64
	}
	var spans []span
	for _, r := range m.Replicables {
		if r.MigrationVersion > 0 {
			spans = append(spans, span{r.Name, r.MigrationVersion})
		}
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i].v < spans[j].v })
	var errs Errors
	for i := 1; i < len(spans); i++ {
		a, b := spans[i-1], spans[i]
		if b.v < a.v+VersionsPerType {
			errs = append(errs, &Error{
				Field: "replicables (" + b.name + ").migration_version",
				Problem: fmt.Sprintf("%d overlaps %s's %d (each type uses %d consecutive versions)",
					b.v, a.name, a.v, VersionsPerType),
				Fix: fmt.Sprintf("use %d or later for whichever type has not been migrated yet", a.v+VersionsPerType),
			})
		}
	}
	return errs
}

func (m *Manifest) validateLock() Errors {
	if m.lockValid() {
		return nil
	}
	var errs Errors
	paths := make([]string, 0, len(m.Generated))
	for p := range m.Generated {
		paths = append(paths, p)
	}
	slices.Sort(paths)
	const fix = "this part is maintained by geogen: delete the entry and run geogen generate to rebuild it"
	for _, p := range paths {
		e := m.Generated[p]
		field := fmt.Sprintf("generated[%q]", p)
		if problem := checkRelPath(p); problem != "" {
			errs = append(errs, &Error{Field: field, Problem: problem, Fix: fix})
		}
		if e.Kind != Owned && e.Kind != Scaffold {
			errs = append(errs, &Error{Field: field + ".kind", Problem: fmt.Sprintf("%q is not owned or scaffold", e.Kind), Fix: fix})
		}
		if b, err := hex.DecodeString(e.SHA256); err != nil || len(b) != 32 || strings.ToLower(e.SHA256) != e.SHA256 {
			errs = append(errs, &Error{Field: field + ".sha256", Problem: "not a lowercase hex SHA-256", Fix: fix})
		}
	}
	return errs
}

// lockValid is validateLock's verdict without its messages: a lock of
// thousands of entries is checked on every run, and is almost always
// valid, so the sorting and the field names wait for a problem.
func (m *Manifest) lockValid() bool {
	for p, e := range m.Generated {
		if checkRelPath(p) != "" || e.Kind != Owned && e.Kind != Scaffold || !isHex(e.SHA256) {
			return false
		}
	}
	return true
}

// checkRelPath returns what is wrong with a slash-separated path that must
// stay inside the project, or "".
func checkRelPath(p string) string {
	switch {
	case p == "":
		return "empty"
	case strings.Contains(p, `\`):
		return fmt.Sprintf("%q uses backslashes", p)
	case path.IsAbs(p) || (len(p) > 1 && p[1] == ':'):
		return fmt.Sprintf("%q is absolute", p)
	case path.Clean(p) != p || p == ".":
		return fmt.Sprintf("%q is not a clean path (want %q)", p, path.Clean(p))
	case p == ".." || strings.HasPrefix(p, "../"):
		return fmt.Sprintf("%q leaves the project", p)
	}
	return ""
}

// MaxMigrationVersion is the largest migration version geogen takes: the
// largest 14-digit timestamp (YYYYMMDDhhmmss). A type counts up from its
// version, so an unbounded one would wrap around to negative versions.
const MaxMigrationVersion = 99999999999999

// checkLayoutDir returns what is wrong with a clean layout directory, or
// "": geogen's and git's own directories are no place for its files, and
// a directory holding Go packages (goPackage) must be one the go command
// builds and tests, named so that its last element is the package name.
func checkLayoutDir(dir string, goPackage bool) string {
	elems := strings.Split(dir, "/")
	if first := elems[0]; first == ".geogen" || first == ".git" {
		return fmt.Sprintf("%q is inside %s, which %s keeps for itself", dir, first, map[string]string{".geogen": "geogen", ".git": "git"}[first])
	}
	if !goPackage {
		return ""
	}
	for _, e := range elems {
		if strings.HasPrefix(e, ".") || strings.HasPrefix(e, "_") || e == "testdata" {
			return fmt.Sprintf("%q is inside %s, a directory the go command skips: go build and go test ./... would not reach the packages there", dir, e)
		}
	}
	if elems[0] == "vendor" {
		return fmt.Sprintf("%q is inside vendor, which the go command keeps for dependencies", dir)
	}
	if base := elems[len(elems)-1]; !token.IsIdentifier(base) || base == "main" || base == "init" {
		return fmt.Sprintf("%q ends in %q, which cannot be the name of an importable Go package", dir, base)
	}
	return ""
}

// checkModulePath returns what is wrong with a Go module path, or "". It
// catches the mistakes people make by hand (spaces, a URL, a trailing
// slash); the go command remains the final judge.
func checkModulePath(mod string) string {
	switch {
	case mod == "":
		return "missing"
	case strings.Contains(mod, "://"):
		return fmt.Sprintf("%q is a URL, not a module path", mod)
	case strings.HasPrefix(mod, "/") || strings.HasSuffix(mod, "/") || strings.Contains(mod, "//"):
		return fmt.Sprintf("%q has an empty path element", mod)
	}
	for _, c := range mod {
		if !isASCIIAlnum(c) && !strings.ContainsRune("./-_~+", c) {
			return fmt.Sprintf("%q contains %q, which a module path cannot", mod, c)
		}
	}
	for _, elem := range strings.Split(mod, "/") {
		if elem == "." || elem == ".." {
			return fmt.Sprintf("%q has a %q element", mod, elem)
		}
	}
	return ""
}

func isASCIIAlnum(c rune) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}
