package naming

import "strings"

// pluralWords pluralizes the last word: [cool widget] → [cool widgets],
// [person] → [people].
func pluralWords(words []string) []string {
	out := append([]string(nil), words...)
	out[len(out)-1] = pluralWord(out[len(out)-1])
	return out
}

// pluralWord is the English plural of one lower-case word, as a person
// would write it: irregular nouns (person → people, criterion → criteria,
// leaf → leaves) come from irregularPlurals, nouns without a plural
// (sheep, metadata) stay as they are, and the regular rules cover the rest
// (box → boxes, city → cities, hero → heroes). A word that ends in a digit
// (widget2), and a mixed-case term such as ipv6, takes "s".
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
	return regularPlural(w)
}

// regularPlural applies the rules every English noun follows unless it is
// irregular.
func regularPlural(w string) string {
	n := len(w)
	last := w[n-1]
	var prev byte
	if n > 1 {
		prev = w[n-2]
	}
	switch {
	case strings.HasSuffix(w, "ch"), strings.HasSuffix(w, "sh"), last == 's', last == 'x':
		return w + "es"
	case last == 'z':
		// quiz → quizzes, fez → fezzes; waltz → waltzes.
		if n >= 3 && isVowel(prev) && !isVowel(w[n-3]) {
			return w + "zes"
		}
		return w + "es"
	case last == 'y' && !isVowel(prev):
		return w[:n-1] + "ies"
	case last == 'o' && oPluralEs[w]:
		return w + "es"
	}
	return w + "s"
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
