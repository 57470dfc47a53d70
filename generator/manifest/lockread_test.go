package manifest

import (
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// lockCases are manifests whose lock the hand reader must either read as
// the YAML parser does or leave to it. byHand says which is expected.
func lockCases(t testing.TB) []struct {
	name, yaml string
	byHand     bool
} {
	full, err := os.ReadFile("testdata/full.yaml")
	if err != nil {
		t.Fatal(err)
	}
	big, err := manifest100().Marshal()
	if err != nil {
		t.Fatal(err)
	}
	const head = "version: 1\nmodule: example.com/x\n"
	const h1 = "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90"
	const h2 = "ffffeeeeddddccccbbbbaaaa9999888877776666555544443333222211110000"
	entry := func(p, kind, sum string) string {
		return "  " + p + ":\n    kind: " + kind + "\n    sha256: " + sum + "\n"
	}
	lock := "generated:\n" + entry("a/x.go", "owned", h1) + entry("b/y.sql", "scaffold", h2)
	return []struct {
		name, yaml string
		byHand     bool
	}{
		{"full.yaml", string(full), true},
		{"100 types", string(big), true},
		{"minimal", head + lock, true},
		{"comment before lock", head + "# note\n" + lock, true},
		{"block scalar before lock", head + "layout:\n  docs: |\n    x\n" + lock, true},

		{"comment in lock", head + lock + "  # note\n", false},
		{"blank line in lock", head + "generated:\n" + entry("a/x.go", "owned", h1) + "\n" + entry("b/y.sql", "owned", h2), false},
		{"no final newline", strings.TrimSuffix(head+lock, "\n"), false},
		{"duplicate path", head + "generated:\n" + entry("a/x.go", "owned", h1) + entry("a/x.go", "owned", h2), false},
		{"generated twice", head + "generated: {}\n" + lock, false},
		{"key after lock", head + lock + "replicables: []\n", false},
		{"lock alone", lock, false},
		{"document end before lock", head + "...\n" + lock, false},
		{"document start before lock", head + "---\n" + lock, false},
		{"flow root", "{version: 1, module: example.com/x}\n" + lock, false},
		{"indented root", "  version: 1\n  module: example.com/x\n" + lock, false},
		{"sequence root", "- a\n" + lock, false},
		{"quoted scalar across the lock", "version: 1\nmodule: \"example.com/x\n" + lock + "\"\n", false},
		{"flow across the lock", "version: 1\nlayout: {docs: x,\n" + lock + "}\n", false},
		{"unknown kind", head + "generated:\n" + entry("a/x.go", "mine", h1), false},
		{"uppercase hash", head + "generated:\n" + entry("a/x.go", "owned", strings.ToUpper(h1)), false},
		{"short hash", head + "generated:\n" + entry("a/x.go", "owned", h1[:10]), false},
		{"hash of digits", head + "generated:\n" + entry("a/x.go", "owned", strings.Repeat("12", 32)), false},
		{"hash that reads as a float", head + "generated:\n" + entry("a/x.go", "owned", strings.Repeat("1", 30)+"e"+strings.Repeat("2", 33)), false},
		{"hash that reads as binary", head + "generated:\n" + entry("a/x.go", "owned", "0b"+strings.Repeat("01", 31)), false},
		{"path outside", head + "generated:\n" + entry("../x.go", "owned", h1), false},
		{"path with a space", head + "generated:\n" + entry("a b.go", "owned", h1), false},
		{"keys swapped", head + "generated:\n  a/x.go:\n    sha256: " + h1 + "\n    kind: owned\n", false},
		{"extra key", head + "generated:\n" + entry("a/x.go", "owned", h1) + "    extra: 1\n", false},
		{"crlf", strings.ReplaceAll(head+lock, "\n", "\r\n"), false},
	}
}

func TestSplitLockAgreesWithParser(t *testing.T) {
	for _, tt := range lockCases(t) {
		t.Run(tt.name, func(t *testing.T) {
			data := []byte(tt.yaml)
			human, _, ok := splitLock(data)
			if ok {
				root, err := parseDocument(human)
				ok = err == nil && humanRootOK(root)
			}
			if ok != tt.byHand {
				t.Errorf("read by hand: %v, want %v", ok, tt.byHand)
			}
			agree(t, data)
		})
	}
}

// FuzzParseLockByHand: whatever the file, reading the lock by hand gives
// what the parser gives, manifest or error.
func FuzzParseLockByHand(f *testing.F) {
	for _, tt := range lockCases(f) {
		f.Add([]byte(tt.yaml))
	}
	f.Fuzz(agree)
}

func agree(t *testing.T, data []byte) {
	fast, fastErr := parse(data, true)
	slow, slowErr := parse(data, false)
	if (fastErr == nil) != (slowErr == nil) || fastErr != nil && fastErr.Error() != slowErr.Error() {
		t.Fatalf("errors differ:\nby hand: %v\nparser:  %v", fastErr, slowErr)
	}
	if diff := cmp.Diff(slow, fast); diff != "" {
		t.Fatalf("manifests differ (-parser +by hand):\n%s", diff)
	}
}
