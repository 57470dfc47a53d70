package naming

import "strings"

// defaultInitialisms are written in capitals in Go identifiers: the list
// Go's linters use, plus LFS, which GitLab's replicable types need.
var defaultInitialisms = []string{
	"ACL", "API", "ASCII", "CPU", "CSS", "DNS", "EOF", "GUID", "HTML", "HTTP", "HTTPS",
	"ID", "IP", "JSON", "LFS", "LHS", "QPS", "RAM", "RHS", "RPC", "SLA", "SMTP", "SQL",
	"SSH", "TCP", "TLS", "TTL", "UDP", "UI", "UID", "UUID", "URI", "URL", "UTF8", "VM",
	"XML", "XMPP", "XSRF", "XSS",
}

var defaultInitialismSet = func() map[string]bool {
	set := make(map[string]bool, len(defaultInitialisms))
	for _, s := range defaultInitialisms {
		set[s] = true
	}
	return set
}()

// speller writes a type's lower-case words as Go identifiers and titles:
// its initialisms in capitals, its mixed-case terms as people write them.
type speller struct {
	caps  map[string]bool // upper-case initialisms: the defaults and the type's own
	vocab *vocabulary     // mixed-case terms and the type's initialisms
}

func newSpeller(extra []string) speller {
	sp := speller{caps: defaultInitialismSet, vocab: newVocabulary(extra)}
	if len(extra) == 0 {
		return sp
	}
	sp.caps = make(map[string]bool, len(defaultInitialismSet)+len(extra))
	for s := range defaultInitialismSet {
		sp.caps[s] = true
	}
	for _, s := range extra {
		sp.caps[strings.ToUpper(s)] = true
	}
	return sp
}

// goWord writes a lower-case word as it appears in a Go identifier:
// "url" → "URL", "http2" → "HTTP2", "urls" → "URLs", "ios" → "IOS",
// "widget" → "Widget".
func (sp speller) goWord(w string) string {
	if t, ok := sp.vocab.byLower[w]; ok {
		return t.goID
	}
	if stem := strings.TrimRight(w, "0123456789"); stem != w {
		if t, ok := sp.vocab.byLower[stem]; ok {
			return t.goID + w[len(stem):] // OAuth2
		}
	}
	up := strings.ToUpper(w)
	if sp.caps[up] {
		return up
	}
	// An initialism followed by a version number: HTTP2, S3 with S given.
	if stem := strings.TrimRight(up, "0123456789"); stem != up && sp.caps[stem] {
		return up
	}
	// The plural of an initialism or term: URLs, IDs, IPv6s.
	if stem, ok := strings.CutSuffix(w, "s"); ok {
		if t, ok := sp.vocab.byLower[stem]; ok {
			return t.goID + "s"
		}
		if sp.caps[strings.ToUpper(stem)] {
			return strings.ToUpper(stem) + "s"
		}
	}
	return capitalize(w)
}

// titleWord writes a lower-case word for people: as goWord does, except
// that a mixed-case term keeps its own spelling ("iOS", not "IOS") and a
// version is written as one ("v2").
func (sp speller) titleWord(w string) string {
	if t, ok := sp.vocab.byLower[w]; ok {
		return t.title
	}
	if stem := strings.TrimRight(w, "0123456789"); stem != w {
		if t, ok := sp.vocab.byLower[stem]; ok {
			return t.title + w[len(stem):]
		}
	}
	if stem, ok := strings.CutSuffix(w, "s"); ok {
		if t, ok := sp.vocab.byLower[stem]; ok {
			return t.title + "s"
		}
	}
	if isVersion(w) {
		return w
	}
	return sp.goWord(w)
}

// goName joins words into an exported Go identifier: LFSObject,
// APIv2Key.
func (sp speller) goName(words []string) string {
	return sp.goWord(words[0]) + sp.goTail(words[1:])
}

// goLowerName joins words into an unexported Go identifier, the first
// word all lower case: lfsObject, projectURL, id.
func (sp speller) goLowerName(words []string) string {
	return words[0] + sp.goTail(words[1:])
}

// goTail writes the words after the first of a Go identifier; a version
// stays lower case there, so that it reads as one: APIv2Key.
func (sp speller) goTail(words []string) string {
	var b strings.Builder
	for _, w := range words {
		if isVersion(w) {
			b.WriteString(w)
		} else {
			b.WriteString(sp.goWord(w))
		}
	}
	return b.String()
}

// title joins words for people: "LFS Object", "Cool Widgets", "iOS App".
func (sp speller) title(words []string) string {
	out := make([]string, len(words))
	for i, w := range words {
		out[i] = sp.titleWord(w)
	}
	return strings.Join(out, " ")
}

// isVersion reports whether w is a version word such as "v2".
func isVersion(w string) bool {
	return len(w) > 1 && w[0] == 'v' && isAllDigits(w[1:])
}

// camel joins words in plain camel case, ignoring initialisms, as GitLab's
// GraphQL names do: LfsObject.
func camel(words []string) string {
	var b strings.Builder
	for _, w := range words {
		b.WriteString(capitalize(w))
	}
	return b.String()
}

// lowerCamel is camel with the first word in lower case: lfsObject.
func lowerCamel(words []string) string { return words[0] + camel(words[1:]) }

func capitalize(w string) string {
	if w == "" || w[0] < 'a' || w[0] > 'z' {
		return w
	}
	return string(w[0]-'a'+'A') + w[1:]
}
