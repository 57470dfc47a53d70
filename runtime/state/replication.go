package state

import (
	"fmt"
	"strings"
)

// Replication is the sync state of a registry row (column "state").
type Replication int16

// Replication states, as stored.
const (
	Pending Replication = 0
	Started Replication = 1
	Synced  Replication = 2
	Failed  Replication = 3
)

// Replications lists every replication state in stored order.
var Replications = []Replication{Pending, Started, Synced, Failed}

// String returns the lower-case name: pending, started, synced, failed.
func (s Replication) String() string {
	switch s {
	case Pending:
		return "pending"
	case Started:
		return "started"
	case Synced:
		return "synced"
	case Failed:
		return "failed"
	}
	return fmt.Sprintf("replication(%d)", int16(s))
}

// Enum returns the GraphQL enum value: PENDING, STARTED, SYNCED, FAILED.
func (s Replication) Enum() string { return strings.ToUpper(s.String()) }

// Valid reports whether s is one of the four stored values.
func (s Replication) Valid() bool { return s >= Pending && s <= Failed }

// ParseReplication accepts a state name in any case ("synced", "SYNCED").
func ParseReplication(name string) (Replication, error) {
	for _, s := range Replications {
		if strings.EqualFold(name, s.String()) {
			return s, nil
		}
	}
	return 0, fmt.Errorf("unknown replication state %q (want one of pending, started, synced, failed)", name)
}
