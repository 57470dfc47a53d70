package sitecmd_test

import (
	"context"
	"strings"
	"testing"

	"github.com/geogen/geogen/runtime/sqldb"
)

// TestDoctorSaysWhatFixesAVerificationTable: with migrations pending,
// doctor's fix for the verification tables is geo migrate; with every
// migration applied, a table still lacking a column is the user's own
// to fix, and doctor says so instead of sending them to migrate again.
func TestDoctorSaysWhatFixesAVerificationTable(t *testing.T) {
	d := newDeployment(t)
	if code, out := d.geo(d.primary, "doctor"); code == 0 || !strings.Contains(out, "run geo migrate:") {
		t.Fatalf("doctor before migrate: exit %d\n%s", code, out)
	}
	d.mustGeo(d.primary, "migrate")
	ctx := context.Background()
	db, err := sqldb.Open(ctx, d.mainURL)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, "ALTER TABLE cool_widget_states DROP COLUMN verification_retry_count"); err != nil {
		t.Fatal(err)
	}
	code, out := d.geo(d.primary, "doctor")
	if code == 0 || !strings.Contains(out, "lacks the column verification_retry_count") || !strings.Contains(out, "every migration is applied: add what each line names with a migration of your own") {
		t.Errorf("doctor after a column was dropped: exit %d\n%s", code, out)
	}
}
