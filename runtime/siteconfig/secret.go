package siteconfig

import (
	"fmt"
	"log/slog"
	"os"
	"strings"
)

// Secret is a value that is never printed or logged: String, Format and
// LogValue all show [redacted]. Reveal returns it.
type Secret struct {
	value string
	// File and Env say where it comes from: a file's content (without
	// its trailing newline) or an environment variable.
	File string
	Env  string
}

const redacted = "[redacted]"

// Reveal returns the secret.
func (s Secret) Reveal() string { return s.value }

// IsSet reports whether the secret has a value.
func (s Secret) IsSet() bool { return s.value != "" }

// String implements fmt.Stringer without showing the value.
func (s Secret) String() string { return redacted }

// GoString keeps %#v from showing the value.
func (s Secret) GoString() string { return redacted }

// LogValue implements slog.LogValuer without showing the value.
func (s Secret) LogValue() slog.Value { return slog.StringValue(redacted) }

// MarshalText keeps encoders (JSON, YAML) from showing the value.
func (s Secret) MarshalText() ([]byte, error) { return []byte(redacted), nil }

// resolve reads the secret from its file or variable, unless a value was
// given directly (an environment override). It returns a problem, or "".
func (s *Secret) resolve(key string, getenv func(string) string) string {
	switch {
	case s.value != "":
		return ""
	case s.File != "" && s.Env != "":
		return fmt.Sprintf("%s: both file and env are set; keep one", key)
	case s.File != "":
		data, err := os.ReadFile(s.File)
		if err != nil {
			return fmt.Sprintf("%s.file: %v (create the file, or point %s.file at it)", key, err, key)
		}
		s.value = strings.TrimRight(string(data), "\r\n")
		if s.value == "" {
			return fmt.Sprintf("%s.file: %s is empty (write the secret into it)", key, s.File)
		}
	case s.Env != "":
		s.value = getenv(s.Env)
		if s.value == "" {
			return fmt.Sprintf("%s.env: environment variable %s is not set (export it, or use %s.file)", key, s.Env, key)
		}
	}
	return ""
}
