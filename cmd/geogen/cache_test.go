package main

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// GEOGEN_CACHE chooses the render cache; an app built without a default
// directory (every test's) has none unless it names one.
func TestRenderCacheSetting(t *testing.T) {
	home := t.TempDir()
	explicit := filepath.Join(t.TempDir(), "cache")
	userDir := func() (string, error) { return home, nil }
	for _, tt := range []struct {
		name         string
		env          string
		userCacheDir func() (string, error)
		wantDir      string
		wantWarning  string
	}{
		{"default", "", userDir, filepath.Join(home, "geogen"), ""},
		{"no default directory", "", nil, "", ""},
		{"no home", "", func() (string, error) { return "", errors.New("$HOME is not defined") }, "", ""},
		{"off", "off", userDir, "", ""},
		{"a directory", explicit, userDir, explicit, ""},
		{"a relative directory", "cache", userDir, "", `GEOGEN_CACHE="cache" is not an absolute path`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var stderr strings.Builder
			a := &app{
				stderr: &stderr, now: time.Now, userCacheDir: tt.userCacheDir,
				getenv: func(k string) string { return map[string]string{cacheEnv: tt.env}[k] },
			}
			if got := a.renderCache().Dir(); got != tt.wantDir {
				t.Errorf("cache directory %q, want %q", got, tt.wantDir)
			}
			if tt.wantWarning == "" && stderr.Len() > 0 || !strings.Contains(stderr.String(), tt.wantWarning) {
				t.Errorf("stderr %q, want %q", stderr.String(), tt.wantWarning)
			}
		})
	}
}
