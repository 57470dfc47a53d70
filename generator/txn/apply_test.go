package txn

import (
	"os"
	"path/filepath"
	"testing"
)

// TestApplyVerifiesWhatTheCallerRead: Apply commits only when every
// verified target holds exactly the bytes the caller read (nil: no
// file), so a file saved meanwhile, longer, shorter or created, is never
// overwritten; and it writes each file with its target's permissions.
func TestApplyVerifiesWhatTheCallerRead(t *testing.T) {
	for _, tc := range []struct {
		name   string
		disk   *string // nil: no file
		expect []byte
		ok     bool
	}{
		{"same bytes", ptr("abc"), []byte("abc"), true},
		{"longer on disk", ptr("abcd"), []byte("abc"), false},
		{"shorter on disk", ptr("ab"), []byte("abc"), false},
		{"other bytes", ptr("abd"), []byte("abc"), false},
		{"empty as read", ptr(""), []byte{}, true},
		{"empty, read as missing", ptr(""), nil, false},
		{"missing as read", nil, nil, true},
		{"created meanwhile", ptr("x"), nil, false},
		{"deleted meanwhile", nil, []byte("abc"), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			root := t.TempDir()
			target := filepath.Join(root, "f.txt")
			if tc.disk != nil {
				if err := os.WriteFile(target, []byte(*tc.disk), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			err := Apply(root, []Change{{Path: "f.txt", Content: []byte("new"), Verify: true, Expect: tc.expect}})
			if (err == nil) != tc.ok {
				t.Fatalf("Apply: %v, want success %v", err, tc.ok)
			}
			got, rerr := os.ReadFile(target)
			switch {
			case tc.ok && string(got) != "new":
				t.Fatalf("f.txt holds %q, want the new content (%v)", got, rerr)
			case !tc.ok && tc.disk == nil && rerr == nil:
				t.Fatalf("f.txt was written: %q", got)
			case !tc.ok && tc.disk != nil && string(got) != *tc.disk:
				t.Fatalf("f.txt holds %q, want it left as %q", got, *tc.disk)
			}
			if tc.ok && tc.disk != nil {
				if info, err := os.Stat(target); err != nil || info.Mode().Perm() != 0o600 {
					t.Fatalf("f.txt's permissions: %v %v, want the old file's 0600", info.Mode(), err)
				}
			}
			if pending, err := Pending(root); err != nil || len(pending) > 0 {
				t.Fatalf("staging left: %v %v", pending, err)
			}
		})
	}
}

func ptr(s string) *string { return &s }
