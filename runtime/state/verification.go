package state

import (
	"fmt"
	"strings"
)

// Verification is the verification state of a state-table row on the
// primary or of a registry row on a secondary (column "verification_state").
type Verification int16

// Verification states, as stored.
const (
	VerificationPending   Verification = 0
	VerificationStarted   Verification = 1
	VerificationSucceeded Verification = 2
	VerificationFailed    Verification = 3
	VerificationDisabled  Verification = 4
)

// Verifications lists every verification state in stored order.
var Verifications = []Verification{VerificationPending, VerificationStarted, VerificationSucceeded, VerificationFailed, VerificationDisabled}

// String returns the name without the "verification_" prefix: pending,
// started, succeeded, failed, disabled.
func (s Verification) String() string {
	switch s {
	case VerificationPending:
		return "pending"
	case VerificationStarted:
		return "started"
	case VerificationSucceeded:
		return "succeeded"
	case VerificationFailed:
		return "failed"
	case VerificationDisabled:
		return "disabled"
	}
	return fmt.Sprintf("verification(%d)", int16(s))
}

// Enum returns the GraphQL enum value: PENDING … DISABLED.
func (s Verification) Enum() string { return strings.ToUpper(s.String()) }

// Valid reports whether s is one of the five stored values.
func (s Verification) Valid() bool { return s >= VerificationPending && s <= VerificationDisabled }

// ParseVerification accepts a state name in any case, with or without the
// "verification_" prefix.
func ParseVerification(name string) (Verification, error) {
	n := strings.TrimPrefix(strings.ToLower(name), "verification_")
	for _, s := range Verifications {
		if n == s.String() {
			return s, nil
		}
	}
	return 0, fmt.Errorf("unknown verification state %q (want one of pending, started, succeeded, failed, disabled)", name)
}
