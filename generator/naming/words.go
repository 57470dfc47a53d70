package naming

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/iancoleman/strcase"
)

// isSeparator reports whether c separates words in a model name.
func isSeparator(c byte) bool { return c == '_' || c == '-' || c == ' ' }

func isDigit(c byte) bool  { return c >= '0' && c <= '9' }
func isLetter(c byte) bool { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') }

// modelWords checks a model name and splits it into lower-case words.
func modelWords(input string, vocab *vocabulary) ([]string, error) {
	subject := fmt.Sprintf("model name %q", input)
	if input == "" {
		return nil, &Error{Subject: "model name", Problem: "is empty", Fix: "give the model's name in CamelCase, e.g. CoolWidget"}
	}
	for i := 0; i < len(input); {
		r, size := utf8.DecodeRuneInString(input[i:])
		c := input[i]
		switch {
		case r >= utf8.RuneSelf:
			return nil, &Error{Subject: subject, Problem: fmt.Sprintf("contains the non-ASCII character %q", r),
				Fix: "use ASCII letters and digits, e.g. CoolWidget"}
		case !isLetter(c) && !isDigit(c) && !isSeparator(c):
			return nil, &Error{Subject: subject, Problem: fmt.Sprintf("contains %q, which cannot appear in a table or Go name", r),
				Fix: fmt.Sprintf("use letters and digits in CamelCase, e.g. %q", suggestion(input))}
		}
		i += size
	}
	segments := strings.FieldsFunc(input, func(r rune) bool { return r < utf8.RuneSelf && isSeparator(byte(r)) })
	if len(segments) == 0 {
		return nil, &Error{Subject: subject, Problem: "has no letters", Fix: "give the model's name in CamelCase, e.g. CoolWidget"}
	}
	if strings.Join(segments, "_") != strings.Map(unifySeparator, input) {
		return nil, &Error{Subject: subject,
			Problem: fmt.Sprintf("would give the snake-case name %q, with a leading, trailing or doubled underscore", rawSnake(input)),
			Fix:     fmt.Sprintf("try %q", suggestion(input))}
	}
	if isDigit(input[0]) {
		return nil, &Error{Subject: subject, Problem: "must start with a letter", Fix: leadingDigitFix(input)}
	}
	var words []string
	for _, seg := range segments {
		words = appendSegment(words, seg, vocab)
	}
	return words, nil
}

// rawSnake is the snake form of a name with misplaced separators, for
// the error message that rejects it.
func rawSnake(input string) string {
	parts := strings.Split(strings.Map(unifySeparator, input), "_")
	for i, p := range parts {
		if p != "" {
			parts[i] = strings.Join(appendSegment(nil, p, defaultVocabulary), "_")
		}
	}
	return strings.Join(parts, "_")
}

func unifySeparator(r rune) rune {
	if r < utf8.RuneSelf && isSeparator(byte(r)) {
		return '_'
	}
	return r
}

// appendSegment splits a run of letters and digits into words and
// appends them to words: a term of vocab is one word wherever it stands
// ("OAuthToken" is oauth + token), a version after capitals is one
// ("APIv2Key" is api + v2 + key), and appendWords splits the rest.
func appendSegment(words []string, seg string, vocab *vocabulary) []string {
	start := 0
	for i := 0; i < len(seg); {
		if n := vocab.matchAt(seg, i); n > 0 {
			words = appendWords(words, seg[start:i])
			words = append(words, strings.ToLower(seg[i:i+n]))
			i += n
			start = i
			continue
		}
		if versionAt(seg, i) {
			words = appendWords(words, seg[start:i])
			start = i
		}
		i++
	}
	return appendWords(words, seg[start:])
}

// versionAt reports whether a version such as "v2" starts at seg[i] after
// a capital: the v of "APIv2".
func versionAt(seg string, i int) bool {
	return seg[i] == 'v' && i > 0 && isUpper(seg[i-1]) && i+1 < len(seg) && isDigit(seg[i+1])
}

// appendWords splits a run of letters and digits at its case changes, as
// strcase does, and appends the words to words. Digits join the word
// before them, even across a separator: strcase.ToSnake gives
// "ci_3_artifact" for Ci3Artifact, whose words are ci3 and artifact, and
// widget_2 is widget2 like Widget2, so that every spelling of one camel
// name gives one snake name.
func appendWords(words []string, seg string) []string {
	if seg == "" {
		return words
	}
	for _, piece := range strings.Split(strcase.ToSnake(seg), "_") {
		if len(words) > 0 && isAllDigits(piece) {
			words[len(words)-1] += piece
			continue
		}
		words = append(words, piece)
	}
	return words
}

func isAllDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return s != ""
}

// suggestion is the CamelCase form of the letters and digits of s, for
// error messages.
func suggestion(s string) string {
	clean := strings.Map(func(r rune) rune {
		if r < utf8.RuneSelf && (isLetter(byte(r)) || isDigit(byte(r))) {
			return r
		}
		return ' '
	}, s)
	return strcase.ToCamel(strings.Join(strings.Fields(clean), " "))
}

// leadingDigitFix proposes moving the leading digits, or the whole first
// word when words are separated, to the end: "2Widget" becomes "Widget2",
// "3d_model" becomes "Model3d".
func leadingDigitFix(input string) string {
	head, rest := input, ""
	if i := strings.IndexFunc(input, func(r rune) bool { return r < utf8.RuneSelf && isSeparator(byte(r)) }); i > 0 {
		head, rest = input[:i], input[i+1:]
	} else {
		n := 0
		for n < len(input) && isDigit(input[n]) {
			n++
		}
		head, rest = input[:n], input[n:]
	}
	front := suggestion(rest)
	if front == "" || !isLetter(front[0]) {
		return "start it with a letter, e.g. Widget2"
	}
	return fmt.Sprintf("try %q", front+head)
}
