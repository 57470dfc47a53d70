package naming

import (
	"errors"
	"fmt"
	"strings"
)

// Derive checks a model name and the overrides for it and derives every
// name of the type. Errors are *Error values (several joined when several
// overrides are wrong) that say what to change.
//
// The result depends on nothing else, and one command asks for a type's
// names several times (to look up the render cache, to check the project,
// to explain its migrations), so results are kept for the process: see
// derived.
func Derive(input string, opts Options) (Names, error) {
	return derived.get(input, opts)
}

func derive(input string, opts Options) (Names, error) {
	if err := opts.validate(); err != nil {
		if _, werr := modelWords(input, defaultVocabulary); werr != nil {
			return Names{}, errors.Join(werr, err)
		}
		return Names{}, err
	}
	sp := newSpeller(opts.Initialisms)
	words, err := modelWords(input, sp.vocab)
	if err != nil {
		return Names{}, err
	}
	plural := pluralWords(words)
	if opts.Plural != "" {
		plural = strings.Split(opts.Plural, "_")
	}
	snake, snakePlural := strings.Join(words, "_"), strings.Join(plural, "_")
	n := Names{
		Input:            input,
		Snake:            snake,
		SnakePlural:      snakePlural,
		Camel:            camel(words),
		CamelPlural:      camel(plural),
		LowerCamel:       lowerCamel(words),
		LowerCamelPlural: lowerCamel(plural),
		GoName:           sp.goName(words),
		GoNamePlural:     sp.goName(plural),
		GoLowerName:      goLocalName(sp.goLowerName(words)),
		Title:            orDefault(opts.Title, sp.title(words)),
		TitlePlural:      opts.TitlePlural,
		ModelTable:       orDefault(opts.ModelTable, snakePlural),
		RegistryTable:    orDefault(opts.RegistryTable, snake+"_registry"),
		StateTable:       orDefault(opts.StateTable, snake+"_states"),
		ForeignKey:       orDefault(opts.ForeignKey, snake+"_id"),
		ModelKey:         orDefault(opts.ModelKey, "id"),
		StateKey:         orDefault(opts.StateKey, orDefault(opts.ForeignKey, snake+"_id")),
		SecondKey:        opts.SecondKey,
		SecondKeySource:  opts.SecondKeySource,
		ReplicationFlag:  orDefault(opts.ReplicationFlag, "geo_"+snake+"_replication"),
		VerificationFlag: orDefault(opts.VerificationFlag, "geo_"+snake+"_verification"),
		GraphQLType:      orDefault(opts.GraphQLType, camel(words)+"Registry"),
		GraphQLField:     orDefault(opts.GraphQLField, lowerCamel(words)+"Registries"),
		MetricPrefix:     "geo_" + snakePlural,
		StatusPrefix:     snakePlural,
		EnumKey:          strings.ToUpper(snake),
	}
	switch {
	case n.TitlePlural != "":
	case opts.Title != "":
		n.TitlePlural = pluralTitle(opts.Title)
	default:
		n.TitlePlural = sp.title(plural)
	}
	n.GraphQLFKField = lowerCamel(strings.FieldsFunc(n.ForeignKey, func(r rune) bool { return r == '_' }))
	if n.Package, err = packageName(words, plural); err != nil {
		return Names{}, err
	}
	if n.SecondKey != "" && n.SecondKey == n.ForeignKey {
		return Names{}, &Error{Subject: fmt.Sprintf("second key %s of %s", n.SecondKey, input),
			Problem: "is the registry's foreign key",
			Fix:     secondKeyOverride.how() + " naming another column, or remove it"}
	}
	if opts.VerificationOnModel {
		n.StateTable, n.StateKey = n.ModelTable, n.ModelKey
	}
	n.Index = indexesFor(n.ModelTable, n.RegistryTable, n.StateTable, n.ForeignKey, n.StateKey, n.SecondKey)
	n.Index.applyIndexNames(opts.IndexNames)
	if opts.VerificationOnModel {
		// No state table: the model table's own key and cascade stand
		// for the state table's.
		n.Index.StatePkey, n.Index.StateFKConstraint = "", ""
	}
	if err := errors.Join(n.checkSQL(opts), n.checkRelationsDistinct(opts.VerificationOnModel, opts.IndexNames)); err != nil {
		return Names{}, err
	}
	return n, nil
}

func orDefault(override, derived string) string {
	if override != "" {
		return override
	}
	return derived
}
