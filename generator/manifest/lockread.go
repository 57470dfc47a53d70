package manifest

import (
	"bytes"
	"strings"

	"go.yaml.in/yaml/v3"
)

// The lock is most of geogen.yaml (a hundred types lock some fifteen
// hundred files) and the YAML parser most of the time a pre-commit run
// spends reading it. Marshal writes the lock last and in one exact form;
// splitLock reads that form by hand, and leaves the parser the human
// part. It accepts only text that the parser would read into the same
// manifest, with no errors from the lock; anything else, even a comment
// or a blank line in the lock, goes to the parser whole, so messages and
// line numbers are the parser's. TestSplitLockAgreesWithParser holds the
// two readings together.

// lockKey is the line that opens the lock in the form Marshal writes.
const lockKey = "generated:\n"

// splitLock returns the text before the lock and the lock's entries, or
// ok false when the lock is not in Marshal's form.
func splitLock(data []byte) (human []byte, lock map[string]Entry, ok bool) {
	at := 0
	if !bytes.HasPrefix(data, []byte(lockKey)) {
		i := bytes.Index(data, []byte("\n"+lockKey))
		if i < 0 {
			return nil, nil, false
		}
		at = i + 1
	}
	human, rest := data[:at], data[at+len(lockKey):]
	if len(rest) == 0 || !plainHuman(human) {
		return nil, nil, false
	}
	lock = make(map[string]Entry, bytes.Count(rest, []byte("\n"))/3)
	for len(rest) > 0 {
		var p, kind, sum string
		var ok1, ok2, ok3 bool
		p, rest, ok1 = lockLine(rest, "  ", ":")
		kind, rest, ok2 = lockLine(rest, "    kind: ", "")
		sum, rest, ok3 = lockLine(rest, "    sha256: ", "")
		if !ok1 || !ok2 || !ok3 || !plainPath(p) || !plainHash(sum) {
			return nil, nil, false
		}
		if _, dup := lock[p]; dup {
			return nil, nil, false // the parser's error, not ours
		}
		switch k := Kind(kind); k {
		case Owned, Scaffold:
			lock[p] = Entry{Kind: k, SHA256: sum}
		default:
			return nil, nil, false
		}
	}
	return human, lock, true
}

// lockLine cuts one line "<prefix><value><suffix>\n" off text.
func lockLine(text []byte, prefix, suffix string) (value string, rest []byte, ok bool) {
	line, rest, found := bytes.Cut(text, []byte("\n"))
	if !found || !bytes.HasPrefix(line, []byte(prefix)) || !bytes.HasSuffix(line, []byte(suffix)) || len(line) < len(prefix)+len(suffix) {
		return "", nil, false
	}
	return string(line[len(prefix) : len(line)-len(suffix)]), rest, true
}

// plainHuman reports whether the lock can follow human as one more key
// of its top-level mapping: no document markers, which would put the
// lock in a document of its own. The rest (that human is a block mapping
// at the left margin without a generated key of its own) is checked on
// its parse, by humanRootOK.
func plainHuman(human []byte) bool {
	for line := range bytes.Lines(human) {
		if bytes.HasPrefix(line, []byte("---")) || bytes.HasPrefix(line, []byte("...")) || bytes.HasPrefix(line, []byte("%")) {
			return false
		}
	}
	return true
}

// humanRootOK reports whether root, the parse of the text before the
// lock, is a block mapping at the left margin without a generated key:
// then the lock lines are its next key, as the parser would read them.
func humanRootOK(root *yaml.Node) bool {
	if root.Kind != yaml.MappingNode || root.Style&yaml.FlowStyle != 0 || root.Column != 1 {
		return false
	}
	for i := 0; i < len(root.Content); i += 2 {
		if root.Content[i].Value == "generated" {
			return false
		}
	}
	return true
}

// plainPath reports whether the parser reads p, unquoted, as the string
// p: letters, digits and _ . / - only, starting with a letter, so that it
// can be no number, boolean, null or YAML syntax. It is Marshal's rule
// for writing a path unquoted.
func plainPath(p string) bool {
	if p == "" || !isLetter(p[0]) || !strings.Contains(p, ".") {
		return false
	}
	for i := 0; i < len(p); i++ {
		c := p[i]
		if !isLetter(c) && !(c >= '0' && c <= '9') && c != '_' && c != '.' && c != '/' && c != '-' {
			return false
		}
	}
	return true
}

// plainHash reports whether s is a lowercase hex SHA-256 that the parser
// reads as a string. One of a, c, d or f in it rules out every other
// reading (an integer such as 0b0110…, a float such as 123e45); the rare
// hash without one goes to the parser.
func plainHash(s string) bool {
	return isHex(s) && strings.ContainsAny(s, "acdf")
}
