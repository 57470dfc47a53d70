package flags

import (
	"testing"

	"github.com/geogen/geogen/runtime/replicable"
)

func TestEnablement(t *testing.T) {
	d := &replicable.Descriptor{ReplicationFlag: "geo_x_replication", VerificationFlag: "geo_x_verification"}
	tests := []struct {
		on                              []string
		replication, primary, secondary bool
	}{
		{nil, false, false, false},
		{[]string{"geo_x_replication"}, true, true, true},
		{[]string{"geo_x_verification"}, false, true, false},
		{[]string{"geo_x_replication", "geo_x_verification"}, true, true, true},
	}
	for _, tt := range tests {
		src := NewMemory(tt.on...)
		if got := ReplicationEnabled(src, d); got != tt.replication {
			t.Errorf("%v: replication = %v", tt.on, got)
		}
		if got := VerificationEnabled(src, d, Primary); got != tt.primary {
			t.Errorf("%v: primary verification = %v", tt.on, got)
		}
		if got := VerificationEnabled(src, d, Secondary); got != tt.secondary {
			t.Errorf("%v: secondary verification = %v", tt.on, got)
		}
	}
	m := NewMemory()
	m.Set("geo_x_replication", true)
	if !ReplicationEnabled(m, d) {
		t.Error("Set did not turn the flag on")
	}
}
