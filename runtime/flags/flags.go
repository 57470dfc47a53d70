// Package flags answers whether a feature flag is on, and derives from the
// two flags of a replicable type whether replication and verification are
// enabled on a site.
//
// Each type has two flags: geo_<name>_replication turns replication on
// (events, sync, verification on secondaries), and geo_<name>_verification
// makes the primary checksum the type even while replication is off, so the
// checksums are ready when replication is turned on.
package flags

import (
	"sync"

	"github.com/geogen/geogen/runtime/replicable"
)

// Source tells whether a flag is on.
type Source interface {
	Enabled(name string) bool
}

// Memory is a Source held in memory, safe for concurrent use.
type Memory struct {
	mu sync.RWMutex
	on map[string]bool
}

// NewMemory returns a Memory with the given flags on.
func NewMemory(on ...string) *Memory {
	m := &Memory{on: map[string]bool{}}
	for _, n := range on {
		m.on[n] = true
	}
	return m
}

// Enabled reports whether the flag is on.
func (m *Memory) Enabled(name string) bool {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return m.on[name]
}

// Set turns a flag on or off.
func (m *Memory) Set(name string, on bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.on[name] = on
}

// Role is the role of the site asking.
type Role int

// Site roles.
const (
	Primary Role = iota + 1
	Secondary
)

// ReplicationEnabled reports whether the type replicates.
func ReplicationEnabled(src Source, d *replicable.Descriptor) bool {
	return src.Enabled(d.ReplicationFlag)
}

// VerificationEnabled reports whether the type is verified on a site of the
// given role: on the primary when either flag is on, on a secondary when
// replication is on.
func VerificationEnabled(src Source, d *replicable.Descriptor, role Role) bool {
	switch role {
	case Primary:
		return src.Enabled(d.ReplicationFlag) || src.Enabled(d.VerificationFlag)
	case Secondary:
		return src.Enabled(d.ReplicationFlag)
	}
	return false
}
