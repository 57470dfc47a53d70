package blobstore

import (
	"errors"
	"strings"
	"testing"
)

func TestValidateKey(t *testing.T) {
	tests := []struct {
		key    string
		reason string // empty: valid
	}{
		{key: "a"},
		{key: "uploads/ab/cd/avatar.png"},
		{key: "lfs/objects/4d/7a/4d7a2146"},
		{key: ".hidden/file"},
		{key: "a/.tmp/file"}, // ".tmp" is not the reserved ".tmp-" prefix
		{key: "..a/b.."},
		{key: strings.Repeat("a", 255)},
		{key: "", reason: "empty key"},
		{key: "/etc/passwd", reason: "absolute path"},
		{key: "a//b", reason: "empty path segment"},
		{key: "a/", reason: "empty path segment"},
		{key: "./a", reason: `path segment "."`},
		{key: "a/../../b", reason: `path segment ".."`},
		{key: "..", reason: `path segment ".."`},
		{key: `a\b`, reason: "backslash"},
		{key: `..\..\x`, reason: "backslash"},
		{key: "a\x00b", reason: "NUL"},
		{key: "a/.tmp-123", reason: "reserved for temporary files"},
		{key: strings.Repeat("a", 256), reason: "longer than 255 bytes"},
		{key: strings.Repeat("abcdefg/", 130), reason: "longer than 1024 bytes"},
	}
	for _, tt := range tests {
		t.Run(tt.key, func(t *testing.T) {
			err := ValidateKey(tt.key)
			if tt.reason == "" {
				if err != nil {
					t.Fatalf("ValidateKey(%q) = %v, want nil", tt.key, err)
				}
				return
			}
			if err == nil {
				t.Fatalf("ValidateKey(%q) = nil, want error about %q", tt.key, tt.reason)
			}
			if !errors.Is(err, ErrInvalidKey) {
				t.Errorf("error %v does not match ErrInvalidKey", err)
			}
			if !strings.Contains(err.Error(), tt.reason) {
				t.Errorf("error %q does not mention %q", err, tt.reason)
			}
		})
	}
}
