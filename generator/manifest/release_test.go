package manifest

import (
	"strings"
	"testing"
)

func TestReleaseValidation(t *testing.T) {
	const head = "version: 1\nmodule: example.com/shop\nreplicables:\n  - name: CoolWidget\n    strategy: blob\n    migration_version: 20261122010203\n"
	for _, c := range []struct {
		name, extra, wantErr, stage string
	}{
		{"absent is an experiment", "", "", StageExperiment},
		{"experiment", "    stage: experiment\n", "", StageExperiment},
		{"released", "    stage: released\n", "", StageReleased},
		{"released in a version", "    stage: released\n    released_in: \"1.4.2\"\n", "", StageReleased},
		{"unknown stage", "    stage: beta\n", `"beta" is not a stage`, ""},
		{"version without release", "    released_in: \"1.4\"\n", "is set but the type is not released", ""},
		{"bad version", "    stage: released\n    released_in: v1\n", `"v1" is not a release version`, ""},
		{"version as a number", "    stage: released\n    released_in: 1.4\n", "want a string", ""},
		{"leading zero", "    stage: released\n    released_in: \"01.4\"\n", `"01.4" is not a release version`, ""},
		{"trailing newline", "    stage: released\n    released_in: \"1.4\\n\"\n", `"1.4\n" is not a release version`, ""},
		{"zero is a number", "    stage: released\n    released_in: \"0.10.0\"\n", "", StageReleased},
		// The fix of an entry not released must not repeat a version that
		// is not one: it would be a command that fails.
		{"bad version without release", "    released_in: \"1.4.x\"\n", "run geogen release CoolWidget --version MAJOR.MINOR", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			m, err := Parse([]byte(head + c.extra))
			if c.wantErr == "" {
				if err != nil {
					t.Fatal(err)
				}
				if got := m.Replicables[0].StageName(); got != c.stage {
					t.Errorf("StageName() = %q, want %q", got, c.stage)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), c.wantErr) {
				t.Fatalf("err = %v, want it to say %q", err, c.wantErr)
			}
		})
	}
}
