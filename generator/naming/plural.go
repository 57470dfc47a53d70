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

// pluralWord is the English plural of one word. inflection knows the
// irregular (person, child) and uncountable (sheep, equipment) nouns; its
// rules only match words that end in a letter, so a word ending in a
// digit takes "s" here, as Rails does: widget2 → widget2s.
func pluralWord(w string) string {
	if w != "" && isDigit(w[len(w)-1]) {
		return w + "s"
	}
	return inflection.Plural(w)
}

// pluralTitle pluralizes the last word of a title, keeping its case:
// "LFS Object" → "LFS Objects", "Person" → "People".
func pluralTitle(title string) string {
	i := strings.LastIndexByte(title, ' ') + 1
	last := title[i:]
	if last == strings.ToUpper(last) && strings.ToLower(last) != last {
		// An initialism: "Project URL" → "Project URLs".
		return title + "s"
	}
	return title[:i] + pluralWord(last)
}
