package naming

import (
	"strings"

	"github.com/jinzhu/inflection"
)

// pluralWords pluralizes the last word: [cool widget] → [cool widgets],
// [person] → [people].
func pluralWords(words []string) []string {
	out := append([]string(nil), words...)
	out[len(out)-1] = pluralWord(out[len(out)-1])
	return out
}

// pluralWord is the English plural of one lower-case word, as a person
// would write it. geogen's own rules come first: a word that ends in a
// digit (widget2) and a mixed-case term (ipv6) take "s"; nouns without a
// plural (sheep, metadata) and plurals already (people, data) stay as they
// are; irregular nouns (criterion → criteria, leaf → leaves) and compounds
// ending in one (salesperson) come from irregularPlurals; and the endings
// on which inflection's general rules misread a regular noun are settled
// here (see regularEnding). inflection, Rails' rules, gives the rest:
// widget → widgets, box → boxes, city → cities, matrix → matrices.
func pluralWord(w string) string {
	switch {
	case w == "":
		return w
	case isDigit(w[len(w)-1]):
		return w + "s"
	case uncountable[w] || pluralForms[w]:
		return w
	}
	if p, ok := irregularPlurals[w]; ok {
		return p
	}
	if _, ok := builtinTerms[w]; ok {
		if strings.HasSuffix(w, "s") {
			return w // "ios", "macos": no plural a person would write
		}
		return w + "s"
	}
	// Compounds written as one word keep their last part's plural:
	// salesperson → salespeople, grandchild → grandchildren, bookshelf →
	// bookshelves. Only parts that are never the end of an unrelated word
	// are listed (not "man": human, german).
	for _, part := range compoundTails {
		if stem, ok := strings.CutSuffix(w, part); ok && stem != "" {
			return stem + irregularPlurals[part]
		}
	}
	for _, r := range suffixRules {
		if stem, ok := strings.CutSuffix(w, r.from); ok && len(stem) >= r.minStem {
			return stem + r.to
		}
	}
	if p, ok := regularEnding(w); ok {
		return p
	}
	return inflection.Plural(w)
}

// regularEnding is the plural of a word whose ending inflection's general
// rules take for a sign of an irregular noun or of a plural already,
// which for the words that reach it (the irregular ones are in
// irregularPlurals) is wrong. inflection's rules cannot be corrected in
// place: they are one process-wide list, shared with every other package
// linked into the binary, and its irregular nouns match the end of any
// word (man → men would make human humen).
func regularEnding(w string) (string, bool) {
	n := len(w)
	last := w[n-1]
	switch {
	case last == 's':
		// inflection keeps gas, lens and bonus as plurals already, and
		// makes virus viri.
		return w + "es", true
	case last == 'z':
		// quiz → quizzes, fez → fezzes; waltz → waltzes (inflection: waltzs).
		if n >= 3 && isVowel(w[n-2]) && !isVowel(w[n-3]) {
			return w + "zes", true
		}
		return w + "es", true
	case last == 'o' && oPluralEs[w]:
		return w + "es", true
	case strings.HasSuffix(w, "ix"), strings.HasSuffix(w, "ex"):
		// inflection: reindex → reindices, as if every word ending in an
		// -ices noun were one; those nouns are irregularPlurals.
		return w + "es", true
	case last == 'f', strings.HasSuffix(w, "fe"):
		// inflection: safe → saves, golf → golves; the nouns that do take
		// -ves are irregularPlurals.
		return w + "s", true
	case strings.HasSuffix(w, "um"), last == 'a', strings.HasSuffix(w, "man"):
		// inflection: stadium → stadia, quota → quota, human → humen; the
		// Latin plurals people use are irregularPlurals, as are man and
		// woman.
		return w + "s", true
	}
	return "", false
}

func isVowel(c byte) bool { return strings.IndexByte("aeiou", c) >= 0 }

// pluralTitle pluralizes the last word of a title, keeping its case:
// "LFS Object" → "LFS Objects", "Person" → "People".
func pluralTitle(title string) string {
	i := strings.LastIndexByte(title, ' ') + 1
	last := title[i:]
	lower := strings.ToLower(last)
	switch {
	case last == strings.ToUpper(last) && lower != last:
		// An initialism: "Project URL" → "Project URLs".
		return title + "s"
	case last != lower && last != capitalize(lower):
		// A mixed-case term: "IPv6" → "IPv6s".
		return title[:i] + last + strings.TrimPrefix(pluralWord(lower), lower)
	}
	p := pluralWord(lower)
	if last != lower {
		p = capitalize(p)
	}
	return title[:i] + p
}

// suffixRule turns a word ending in from into one ending in to, when at
// least minStem bytes precede the ending.
type suffixRule struct {
	from, to string
	minStem  int
}

// suffixRules are the irregular endings that hold for every word with
// them: analysis → analyses, crisis → crises, axis → axes.
var suffixRules = []suffixRule{
	{"sis", "ses", 1}, // analysis, basis, diagnosis, thesis, synopsis
	{"xis", "xes", 1}, // axis
}
