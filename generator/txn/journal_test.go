package txn

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRecoverFollowsNoJournalOutOfTheProject: recovery moves and deletes
// what the journal names, so a journal naming anything Apply could not
// have written (a path outside the project or in .geogen, a staging name
// outside the transaction's directory) is refused as damaged, and
// nothing is touched.
func TestRecoverFollowsNoJournalOutOfTheProject(t *testing.T) {
	for _, tc := range []struct {
		name    string
		journal string
		damaged bool
	}{
		{"path leaves the project", `{"state":"commit","ops":[{"path":"../victim.txt","backup":"0.old"}]}`, true},
		{"absolute path", `{"state":"commit","ops":[{"path":"/VICTIM","backup":"0.old"}]}`, true},
		{"path inside .geogen", `{"state":"commit","ops":[{"path":".geogen/lock","backup":"0.old"}]}`, true},
		{"unclean path", `{"state":"commit","ops":[{"path":"a/../../victim.txt","backup":"0.old"}]}`, true},
		{"backup outside the transaction", `{"state":"abort","ops":[{"path":"a.txt","backup":"../../../victim.txt"}]}`, true},
		{"stage outside the transaction", `{"state":"commit","ops":[{"path":"a.txt","stage":"../../../victim.txt"}]}`, true},
		{"stage of another kind", `{"state":"commit","ops":[{"path":"a.txt","stage":"0.old"}]}`, true},
		{"directory leaves the project", `{"state":"abort","dirs":["../victimdir"],"ops":[]}`, true},
		{"a journal Apply writes", `{"state":"abort","dirs":["d"],"ops":[{"path":"d/a.txt","stage":"0.new"},{"path":"b.txt","stage":"1.new","backup":"1.old"}]}`, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			outer := t.TempDir()
			root := filepath.Join(outer, "project")
			victim := filepath.Join(outer, "victim.txt")
			for _, d := range []string{filepath.Join(root, Dir, "tx"), filepath.Join(outer, "victimdir")} {
				if err := os.MkdirAll(d, 0o755); err != nil {
					t.Fatal(err)
				}
			}
			if err := os.WriteFile(victim, []byte("keep me\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(root, Dir, "tx", journalName), []byte(tc.journal), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := Recover(root)
			if got := err != nil && strings.Contains(err.Error(), "is damaged"); got != tc.damaged {
				t.Fatalf("Recover: %v, want damaged=%v", err, tc.damaged)
			}
			if data, err := os.ReadFile(victim); err != nil || string(data) != "keep me\n" {
				t.Errorf("the file outside the project: %q, %v", data, err)
			}
			if _, err := os.Stat(filepath.Join(outer, "victimdir")); err != nil {
				t.Errorf("the directory outside the project: %v", err)
			}
		})
	}
}
