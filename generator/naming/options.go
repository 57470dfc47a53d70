package naming

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
)

// override names one option the way a user sets it.
type override struct {
	flag string // --registry-table
	key  string // registry_table, in the manifest
}

func (o override) how() string { return "pass " + o.flag + " (" + o.key + " in the manifest)" }

var (
	pluralOverride           = override{"--plural", "plural"}
	tableOverride            = override{"--table", "table"}
	titleOverride            = override{"--title", "title"}
	titlePluralOverride      = override{"--title-plural", "title_plural"}
	registryTableOverride    = override{"--registry-table", "registry_table"}
	stateTableOverride       = override{"--state-table", "state_table"}
	foreignKeyOverride       = override{"--foreign-key", "foreign_key"}
	initialismOverride       = override{"--initialism", "initialisms"}
	indexNamesOverride       = override{"--index-name", "index_names"}
	modelKeyOverride         = override{"--model-key", "model_key"}
	stateKeyOverride         = override{"--state-key", "state_key"}
	secondKeyOverride        = override{"--second-key", "second_key"}
	secondKeySourceOverride  = override{"--second-key-source", "second_key_source"}
	replicationFlagOverride  = override{"--replication-flag", "replication_flag"}
	verificationFlagOverride = override{"--verification-flag", "verification_flag"}
	graphQLTypeOverride      = override{"--graphql-type", "graphql_type"}
	graphQLFieldOverride     = override{"--graphql-field", "graphql_field"}
)

// validate checks every override that is set and reports all problems.
func (o *Options) validate() error {
	var errs []error
	add := func(err error) {
		if err != nil {
			errs = append(errs, err)
		}
	}
	if o.Plural != "" {
		add(checkSnakeWords(o.Plural, pluralOverride, "cool_widgets"))
	}
	add(checkSQLName(o.ModelTable, tableOverride, "cool_widgets"))
	add(checkSQLName(o.RegistryTable, registryTableOverride, "cool_widget_registry"))
	add(checkSQLName(o.StateTable, stateTableOverride, "cool_widget_states"))
	add(checkSQLName(o.ForeignKey, foreignKeyOverride, "cool_widget_id"))
	if o.ForeignKey != "" && trackingColumns[o.ForeignKey] {
		add(&Error{Subject: fmt.Sprintf("foreign key %q", o.ForeignKey),
			Problem: "is already a column of the registry or state table",
			Fix:     foreignKeyOverride.how() + " with another name, e.g. cool_widget_id"})
	}
	add(checkSQLName(o.ModelKey, modelKeyOverride, "cool_widget_id"))
	add(checkSQLName(o.StateKey, stateKeyOverride, "cool_widget_id"))
	if o.StateKey != "" && trackingColumns[o.StateKey] {
		add(&Error{Subject: fmt.Sprintf("state key %q", o.StateKey),
			Problem: "is already a column of the state table",
			Fix:     stateKeyOverride.how() + " with another name, e.g. cool_widget_id"})
	}
	add(checkSQLName(o.SecondKey, secondKeyOverride, "project_repository_id"))
	add(checkSQLName(o.SecondKeySource, secondKeySourceOverride, "id"))
	if o.SecondKey != "" && trackingColumns[o.SecondKey] {
		add(&Error{Subject: fmt.Sprintf("second key %q", o.SecondKey),
			Problem: "is already a column of the registry table",
			Fix:     secondKeyOverride.how() + " with another name, e.g. project_repository_id"})
	}
	add(checkSQLName(o.ReplicationFlag, replicationFlagOverride, "geo_cool_widget_replication"))
	add(checkSQLName(o.VerificationFlag, verificationFlagOverride, "geo_cool_widget_verification"))
	add(checkGraphQLName(o.GraphQLType, graphQLTypeOverride, true, "CoolWidgetRegistry"))
	add(checkGraphQLName(o.GraphQLField, graphQLFieldOverride, false, "coolWidgetRegistries"))
	add(checkTitle(o.Title, titleOverride))
	add(checkTitle(o.TitlePlural, titlePluralOverride))
	for _, s := range o.Initialisms {
		add(checkInitialism(s))
	}
	add(checkIndexNames(o.IndexNames))
	return errors.Join(errs...)
}

// checkSQLName accepts "" (no override) and lower-case SQL identifiers;
// checkSQL judges them further once every name is known.
func checkSQLName(v string, o override, example string) error {
	if v == "" {
		return nil
	}
	if !isSQLName(v) {
		return &Error{Subject: fmt.Sprintf("%s %q", o.flag, v), Problem: "is not a lower-case SQL identifier ([a-z_][a-z0-9_]* with a letter)",
			Fix: o.how() + " in snake_case, e.g. " + example}
	}
	return nil
}

// checkGraphQLName accepts "" and a GraphQL name in the case GraphQL
// gives a type (CoolWidgetRegistry) or a field (coolWidgetRegistries). A
// leading underscore is refused: names starting with __ are GraphQL's own,
// and GitLab's schema has no other.
func checkGraphQLName(v string, o override, upper bool, example string) error {
	if v == "" {
		return nil
	}
	ok := isLetter(v[0]) && (v[0] >= 'A' && v[0] <= 'Z') == upper
	for i := 1; ok && i < len(v); i++ {
		ok = isLetter(v[i]) || isDigit(v[i])
	}
	if !ok {
		first := "lower-case"
		if upper {
			first = "capital"
		}
		return &Error{Subject: fmt.Sprintf("%s %q", o.flag, v), Problem: "is not ASCII letters and digits starting with a " + first + " letter",
			Fix: o.how() + " like " + example}
	}
	return nil
}

// checkSnakeWords accepts snake-case words: a plural is split at its
// underscores to build the camel and Go plurals.
func checkSnakeWords(v string, o override, example string) error {
	if err := checkSQLName(v, o, example); err != nil {
		return err
	}
	for _, w := range strings.Split(v, "_") {
		if w == "" || isDigit(w[0]) {
			return &Error{Subject: fmt.Sprintf("%s %q", o.flag, v),
				Problem: "must be words joined by single underscores, each starting with a letter",
				Fix:     o.how() + " in snake_case, e.g. " + example}
		}
	}
	return nil
}

// isSQLName reports whether s is [a-z_][a-z0-9_]* with at least one
// letter, so that its camel form (the GraphQL foreign key field) is a name.
func isSQLName(s string) bool {
	letters := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c == '_' || (c >= 'a' && c <= 'z') || (i > 0 && isDigit(c))) {
			return false
		}
		letters = letters || c != '_' && !isDigit(c)
	}
	return letters
}

// titleMarks are the punctuation marks a title may contain. Titles appear
// in Go string literals, comments, Markdown tables and YAML, so marks with
// a meaning in any of them (| ` * # : " and the like) are left out.
const titleMarks = "-'.()/&,"

// checkTitle accepts "" and a single line of letters, digits, single
// spaces and titleMarks.
func checkTitle(v string, o override) error {
	if v == "" {
		return nil
	}
	subject := fmt.Sprintf("%s %q", o.flag, v)
	if strings.TrimSpace(v) != v || strings.Contains(v, "  ") {
		return &Error{Subject: subject, Problem: "has leading, trailing or doubled spaces", Fix: o.how() + " as words separated by single spaces"}
	}
	for _, r := range v {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != ' ' && !strings.ContainsRune(titleMarks, r) {
			return &Error{Subject: subject, Problem: fmt.Sprintf("contains %q", r),
				Fix: o.how() + " with letters, digits, spaces and " + titleMarks + " only"}
		}
	}
	return nil
}

func checkInitialism(s string) error {
	ok := s != "" && isLetter(s[0])
	for i := 0; ok && i < len(s); i++ {
		ok = isLetter(s[i]) || isDigit(s[i])
	}
	if !ok {
		return &Error{Subject: fmt.Sprintf("initialism %q", s), Problem: "is not ASCII letters and digits starting with a letter",
			Fix: initialismOverride.how() + " like LFS or S3"}
	}
	return nil
}
