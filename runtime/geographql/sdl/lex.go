package sdl

import (
	"fmt"
	"strconv"
	"strings"
)

type tokenKind int

const (
	tokEOF tokenKind = iota
	tokName
	tokPunct
	tokString // a string or block string; value holds its value
	tokNumber
)

type token struct {
	kind  tokenKind
	text  string // as written
	value string // of a string
	line  int
}

// lexer splits GraphQL source into tokens, skipping white space, commas
// and comments.
type lexer struct {
	src  string
	pos  int
	line int
}

func (l *lexer) next() (token, error) {
	for l.pos < len(l.src) {
		c := l.src[l.pos]
		switch {
		case c == '\n':
			l.line++
			l.pos++
		case c == ' ' || c == '\t' || c == '\r' || c == ',':
			l.pos++
		case c == '#':
			for l.pos < len(l.src) && l.src[l.pos] != '\n' {
				l.pos++
			}
		default:
			return l.token()
		}
	}
	return token{kind: tokEOF, line: l.line}, nil
}

func (l *lexer) token() (token, error) {
	start, line := l.pos, l.line
	c := l.src[l.pos]
	switch {
	case c == '_' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z':
		for l.pos < len(l.src) && isNameByte(l.src[l.pos]) {
			l.pos++
		}
		return token{kind: tokName, text: l.src[start:l.pos], line: line}, nil
	case c == '-' || c >= '0' && c <= '9':
		l.pos++
		for l.pos < len(l.src) && strings.IndexByte("0123456789.eE+-", l.src[l.pos]) >= 0 {
			l.pos++
		}
		return token{kind: tokNumber, text: l.src[start:l.pos], line: line}, nil
	case strings.HasPrefix(l.src[l.pos:], `"""`):
		return l.blockString()
	case c == '"':
		return l.string()
	case strings.HasPrefix(l.src[l.pos:], "..."):
		l.pos += 3
		return token{kind: tokPunct, text: "...", line: line}, nil
	case strings.IndexByte("!$&()-:=@[]{|}", c) >= 0:
		l.pos++
		return token{kind: tokPunct, text: string(c), line: line}, nil
	}
	return token{}, fmt.Errorf("sdl: line %d: unexpected character %q", line, c)
}

func isNameByte(c byte) bool {
	return c == '_' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
}

// blockString reads a """block string""", whose value is its text with
// the common indentation and the blank first and last lines removed, as
// the GraphQL specification's BlockStringValue says.
func (l *lexer) blockString() (token, error) {
	start, line := l.pos, l.line
	l.pos += 3
	// Most block strings hold no escaped quotes: the first """ ends them,
	// and their raw text is the source's.
	if end := strings.Index(l.src[l.pos:], `"""`); end >= 0 && !strings.HasSuffix(l.src[l.pos:l.pos+end], `\`) {
		raw := l.src[l.pos : l.pos+end]
		l.line += strings.Count(raw, "\n")
		l.pos += end + 3
		value := raw
		if strings.ContainsAny(raw, "\n\r") || strings.Trim(raw, " \t") == "" {
			value = blockStringValue(raw)
		}
		return token{kind: tokString, text: l.src[start:l.pos], value: value, line: line}, nil
	}
	var raw strings.Builder
	for {
		if l.pos >= len(l.src) {
			return token{}, fmt.Errorf("sdl: line %d: unterminated block string", line)
		}
		rest := l.src[l.pos:]
		switch {
		case strings.HasPrefix(rest, `"""`):
			l.pos += 3
			return token{kind: tokString, text: l.src[start:l.pos], value: blockStringValue(raw.String()), line: line}, nil
		case strings.HasPrefix(rest, `\"""`):
			raw.WriteString(`"""`)
			l.pos += 4
		default:
			if rest[0] == '\n' {
				l.line++
			}
			raw.WriteByte(rest[0])
			l.pos++
		}
	}
}

func blockStringValue(raw string) string {
	lines := strings.Split(strings.ReplaceAll(strings.ReplaceAll(raw, "\r\n", "\n"), "\r", "\n"), "\n")
	indent := -1
	for _, line := range lines[1:] {
		trimmed := strings.TrimLeft(line, " \t")
		if n := len(line) - len(trimmed); trimmed != "" && (indent < 0 || n < indent) {
			indent = n
		}
	}
	if indent > 0 {
		for i := 1; i < len(lines); i++ {
			if len(lines[i]) >= indent {
				lines[i] = lines[i][indent:]
			} else {
				lines[i] = strings.TrimLeft(lines[i], " \t")
			}
		}
	}
	blank := func(s string) bool { return strings.Trim(s, " \t") == "" }
	for len(lines) > 0 && blank(lines[0]) {
		lines = lines[1:]
	}
	for len(lines) > 0 && blank(lines[len(lines)-1]) {
		lines = lines[:len(lines)-1]
	}
	return strings.Join(lines, "\n")
}

// string reads a "string" on one line, with GraphQL's escapes.
func (l *lexer) string() (token, error) {
	start, line := l.pos, l.line
	l.pos++
	var b strings.Builder
	for {
		if l.pos >= len(l.src) || l.src[l.pos] == '\n' {
			return token{}, fmt.Errorf("sdl: line %d: unterminated string", line)
		}
		c := l.src[l.pos]
		switch c {
		case '"':
			l.pos++
			return token{kind: tokString, text: l.src[start:l.pos], value: b.String(), line: line}, nil
		case '\\':
			if l.pos+1 >= len(l.src) {
				return token{}, fmt.Errorf("sdl: line %d: unterminated string", line)
			}
			e := l.src[l.pos+1]
			l.pos += 2
			switch e {
			case '"', '\\', '/':
				b.WriteByte(e)
			case 'b':
				b.WriteByte('\b')
			case 'f':
				b.WriteByte('\f')
			case 'n':
				b.WriteByte('\n')
			case 'r':
				b.WriteByte('\r')
			case 't':
				b.WriteByte('\t')
			case 'u':
				if l.pos+4 > len(l.src) {
					return token{}, fmt.Errorf("sdl: line %d: bad escape", line)
				}
				r, err := strconv.ParseUint(l.src[l.pos:l.pos+4], 16, 32)
				if err != nil {
					return token{}, fmt.Errorf("sdl: line %d: bad escape \\u%s", line, l.src[l.pos:l.pos+4])
				}
				b.WriteRune(rune(r))
				l.pos += 4
			default:
				return token{}, fmt.Errorf("sdl: line %d: bad escape \\%c", line, e)
			}
		default:
			b.WriteByte(c)
			l.pos++
		}
	}
}
