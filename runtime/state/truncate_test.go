package state

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestTruncate(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"short", "boom", "boom"},
		{"exactly the limit", strings.Repeat("a", 255), strings.Repeat("a", 255)},
		{"one over", strings.Repeat("a", 256), strings.Repeat("a", 252) + "..."},
		{"counts characters not bytes", strings.Repeat("é", 255), strings.Repeat("é", 255)},
		{"multibyte over", strings.Repeat("é", 300), strings.Repeat("é", 252) + "..."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Truncate(tt.in, MessageLimit)
			if got != tt.want {
				t.Errorf("Truncate = %q (%d chars), want %d chars", got, utf8.RuneCountInString(got), utf8.RuneCountInString(tt.want))
			}
			if !utf8.ValidString(got) {
				t.Error("result is not valid UTF-8")
			}
		})
	}
}

func TestFailureMessage(t *testing.T) {
	if got := FailureMessage("Foo", errors.New("bar")); got != "Foo: bar" {
		t.Errorf("got %q", got)
	}
	if got := FailureMessage("Foo", nil); got != "Foo" {
		t.Errorf("got %q", got)
	}
	if got := FailureMessage(strings.Repeat("x", 250), errors.New("long error")); len(got) != 255 || !strings.HasSuffix(got, "...") {
		t.Errorf("got %d chars %q", len(got), got)
	}
}
