package state

import "testing"

func TestReplicationNames(t *testing.T) {
	want := map[Replication]string{Pending: "pending", Started: "started", Synced: "synced", Failed: "failed"}
	for s, name := range want {
		if int16(s) < 0 || s.String() != name {
			t.Errorf("%d.String() = %q, want %q", s, s.String(), name)
		}
		for _, in := range []string{name, s.Enum()} {
			got, err := ParseReplication(in)
			if err != nil || got != s {
				t.Errorf("ParseReplication(%q) = %v, %v", in, got, err)
			}
		}
	}
	if _, err := ParseReplication("done"); err == nil {
		t.Error("ParseReplication accepted an unknown state")
	}
	if Replication(4).Valid() || !Failed.Valid() {
		t.Error("Valid is wrong at the edges")
	}
}

func TestVerificationNames(t *testing.T) {
	stored := map[Verification]int16{VerificationPending: 0, VerificationStarted: 1, VerificationSucceeded: 2, VerificationFailed: 3, VerificationDisabled: 4}
	for s, v := range stored {
		if int16(s) != v {
			t.Errorf("%s is stored as %d, want %d", s, int16(s), v)
		}
		for _, in := range []string{s.String(), s.Enum(), "verification_" + s.String()} {
			got, err := ParseVerification(in)
			if err != nil || got != s {
				t.Errorf("ParseVerification(%q) = %v, %v", in, got, err)
			}
		}
	}
	if _, err := ParseVerification("verified"); err == nil {
		t.Error("ParseVerification accepted an unknown state")
	}
}
