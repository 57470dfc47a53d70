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

// initialisms is the set of upper-case initialisms for one type: the
// defaults plus the type's own.
type initialisms map[string]bool

func newInitialisms(extra []string) initialisms {
	if len(extra) == 0 {
		return defaultInitialismSet
	}
	set := make(initialisms, len(defaultInitialismSet)+len(extra))
	for s := range defaultInitialismSet {
		set[s] = true
	}
	for _, s := range extra {
		set[strings.ToUpper(s)] = true
	}
	return set
}

// goWord writes a lower-case word as it appears in a Go identifier:
// "url" → "URL", "http2" → "HTTP2", "urls" → "URLs", "widget" → "Widget".
func (ini initialisms) goWord(w string) string {
	up := strings.ToUpper(w)
	if ini[up] {
		return up
	}
	// An initialism followed by a version number: HTTP2, S3 with S given.
	if stem := strings.TrimRight(up, "0123456789"); stem != up && ini[stem] {
		return up
	}
	// The plural of an initialism: URLs, IDs.
	if stem, ok := strings.CutSuffix(up, "S"); ok && ini[stem] {
		return stem + "s"
	}
	return capitalize(w)
}

// goName joins words into an exported Go identifier: LFSObject.
func (ini initialisms) goName(words []string) string {
	var b strings.Builder
	for _, w := range words {
		b.WriteString(ini.goWord(w))
	}
	return b.String()
}

// goLowerName joins words into an unexported Go identifier, the first
// word all lower case: lfsObject, projectURL, id.
func (ini initialisms) goLowerName(words []string) string {
	return words[0] + ini.goName(words[1:])
}

// title joins words for people: "LFS Object", "Cool Widgets".
func (ini initialisms) title(words []string) string {
	out := make([]string, len(words))
	for i, w := range words {
		out[i] = ini.goWord(w)
	}
	return strings.Join(out, " ")
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
