package naming

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestIdentifier(t *testing.T) {
	at63 := strings.Repeat("a", 63)
	long := "index_" + strings.Repeat("x", 60) + "_on_project_id"
	sum := func(s string) string { h := sha256.Sum256([]byte(s)); return hex.EncodeToString(h[:])[:8] }
	cases := []struct {
		name, in, want string
	}{
		{"short", "cool_widget_registry_pkey", "cool_widget_registry_pkey"},
		{"exactly 63 bytes", at63, at63},
		{"64 bytes", at63 + "b", at63[:54] + "_" + sum(at63+"b")},
		{"long", long, long[:54] + "_" + sum(long)},
		// The cut falls after underscores: they are dropped, not doubled.
		{"underscore at the cut", strings.Repeat("a", 50) + "_____" + strings.Repeat("c", 20),
			strings.Repeat("a", 50) + "_" + sum(strings.Repeat("a", 50)+"_____"+strings.Repeat("c", 20))},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := Identifier(c.in)
			if got != c.want {
				t.Errorf("Identifier(%q) = %q, want %q", c.in, got, c.want)
			}
			if len(got) > MaxIdentifier {
				t.Errorf("%q is %d bytes", got, len(got))
			}
		})
	}
}

func TestIdentifierKeepsCharactersWhole(t *testing.T) {
	in := strings.Repeat("a", 53) + "é" + strings.Repeat("b", 20) // é spans bytes 53 and 54
	got := Identifier(in)
	if !utf8.ValidString(got) || len(got) > MaxIdentifier {
		t.Errorf("Identifier(%q) = %q: invalid UTF-8 or too long", in, got)
	}
	if !strings.HasPrefix(got, strings.Repeat("a", 53)+"_") {
		t.Errorf("Identifier(%q) = %q, want the a's, then the hash", in, got)
	}
}

// TestIdentifierDistinct checks what PostgreSQL's own truncation gets
// wrong: names that differ only after byte 63 stay distinct.
func TestIdentifierDistinct(t *testing.T) {
	prefix := "index_" + strings.Repeat("very_long_", 6)
	a, b := Identifier(prefix+"on_project_id"), Identifier(prefix+"on_namespace_id")
	if a == b {
		t.Errorf("both names shorten to %q", a)
	}
}
