package naming

import (
	"sort"
	"strings"
)

// term is a word written in mixed case that people read as one word:
// OAuth, iOS, IPv6, GraphQL. A model name that contains one keeps it as a
// single word (OAuthToken is oauth + token, not o + auth + token).
type term struct {
	lower string // the word in snake_case names: "ios"
	title string // as people write it, in titles: "iOS"
	goID  string // in Go identifiers, which start exported words with a capital: "IOS"
}

// builtinTerms are the mixed-case technical words geogen knows, by their
// lower-case form.
var builtinTerms = termsOf(
	term{title: "OAuth", goID: "OAuth"},
	term{title: "OpenID", goID: "OpenID"},
	term{title: "OpenAPI", goID: "OpenAPI"},
	term{title: "GraphQL", goID: "GraphQL"},
	term{title: "PostgreSQL", goID: "PostgreSQL"},
	term{title: "MySQL", goID: "MySQL"},
	term{title: "NoSQL", goID: "NoSQL"},
	term{title: "SQLite", goID: "SQLite"},
	term{title: "IPv4", goID: "IPv4"},
	term{title: "IPv6", goID: "IPv6"},
	term{title: "iOS", goID: "IOS"},
	term{title: "iPadOS", goID: "IPadOS"},
	term{title: "macOS", goID: "MacOS"},
	term{title: "tvOS", goID: "TvOS"},
	term{title: "watchOS", goID: "WatchOS"},
	term{title: "iPhone", goID: "IPhone"},
	term{title: "iPad", goID: "IPad"},
	term{title: "eBPF", goID: "EBPF"},
	term{title: "gRPC", goID: "GRPC"},
	term{title: "GitHub", goID: "GitHub"},
	term{title: "GitLab", goID: "GitLab"},
	term{title: "JavaScript", goID: "JavaScript"},
	term{title: "TypeScript", goID: "TypeScript"},
	term{title: "WebAuthn", goID: "WebAuthn"},
	term{title: "WebSocket", goID: "WebSocket"},
	term{title: "DevOps", goID: "DevOps"},
	term{title: "PyPI", goID: "PyPI"},
	term{title: "NuGet", goID: "NuGet"},
	term{title: "YouTube", goID: "YouTube"},
	term{title: "LinkedIn", goID: "LinkedIn"},
	term{title: "PayPal", goID: "PayPal"},
	term{title: "WiFi", goID: "WiFi"},
	term{title: "DynamoDB", goID: "DynamoDB"},
	term{title: "MongoDB", goID: "MongoDB"},
	term{title: "CouchDB", goID: "CouchDB"},
	term{title: "ClickHouse", goID: "ClickHouse"},
	term{title: "BigQuery", goID: "BigQuery"},
)

func termsOf(ts ...term) map[string]term {
	m := make(map[string]term, len(ts))
	for _, t := range ts {
		t.lower = strings.ToLower(t.title)
		m[t.lower] = t
	}
	return m
}

// initialismTerm is a user's initialism as a term: one word in names,
// written in capitals in Go names and titles ("e2e" → E2E), or as given
// when it mixes cases ("K8s").
func initialismTerm(s string) term {
	spelled := s
	if s == strings.ToLower(s) || s == strings.ToUpper(s) {
		spelled = strings.ToUpper(s)
	}
	return term{lower: strings.ToLower(s), title: spelled, goID: capitalize(spelled)}
}

// vocabulary is the terms of one type: the built-in ones and the type's
// initialisms, which win over a built-in term with the same letters.
type vocabulary struct {
	byLower map[string]term
	longest []string // lower-case forms, longest first, for matching
}

func newVocabulary(initialisms []string) *vocabulary {
	if len(initialisms) == 0 {
		return defaultVocabulary
	}
	v := &vocabulary{byLower: make(map[string]term, len(builtinTerms)+len(initialisms))}
	for k, t := range builtinTerms {
		v.byLower[k] = t
	}
	for _, s := range initialisms {
		t := initialismTerm(s)
		v.byLower[t.lower] = t
	}
	v.sortTerms()
	return v
}

var defaultVocabulary = func() *vocabulary {
	v := &vocabulary{byLower: builtinTerms}
	v.sortTerms()
	return v
}()

func (v *vocabulary) sortTerms() {
	for k := range v.byLower {
		v.longest = append(v.longest, k)
	}
	sort.Slice(v.longest, func(i, j int) bool {
		a, b := v.longest[i], v.longest[j]
		if len(a) != len(b) {
			return len(a) > len(b)
		}
		return a < b
	})
}

// matchAt returns the length of the term that starts at seg[i] and ends
// where a word ends, or 0. A term matches whatever its case ("Oauth",
// "OAUTH"), but only as a whole word: at the start of seg or of a
// capitalized word, and followed by the end, a digit, or the next word's
// capital ("OAuthToken", "IOSDevice"; not the "ios" of "Radios").
func (v *vocabulary) matchAt(seg string, i int) int {
	if !wordStartsAt(seg, i) {
		return 0
	}
	for _, k := range v.longest {
		j := i + len(k)
		if j > len(seg) || !strings.EqualFold(seg[i:j], k) {
			continue
		}
		if wordEndsAt(seg, j) {
			return len(k)
		}
	}
	return 0
}

// wordStartsAt reports whether a word of seg can start at seg[i]: at the
// start, after a digit, at a capital after a lower-case letter, or at the
// last capital of a run that a lower-case letter follows ("HTTPServer").
func wordStartsAt(seg string, i int) bool {
	if i == 0 || isDigit(seg[i-1]) {
		return true
	}
	if !isUpper(seg[i]) {
		return false
	}
	return isLower(seg[i-1]) || i+1 < len(seg) && isLower(seg[i+1])
}

// wordEndsAt reports whether a word of seg can end just before seg[j].
func wordEndsAt(seg string, j int) bool {
	if j == len(seg) {
		return true
	}
	prev, next := seg[j-1], seg[j]
	switch {
	case isDigit(prev):
		return !isDigit(next)
	case isDigit(next):
		return true
	case isLower(prev):
		return !isLower(next)
	}
	// After a capital, the next word starts with a capital followed by a
	// lower-case letter: "IOSDevice", not "IOSTREAM".
	return isUpper(next) && j+1 < len(seg) && isLower(seg[j+1])
}

func isUpper(c byte) bool { return c >= 'A' && c <= 'Z' }
func isLower(c byte) bool { return c >= 'a' && c <= 'z' }
