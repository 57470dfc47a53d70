package generator

import (
	"strings"

	"github.com/geogen/geogen/generator/manifest"
	"github.com/geogen/geogen/generator/txn"
)

// Apply writes the plan as one transaction (see package txn): afterwards,
// and after any interruption followed by the next command's recovery,
// the project holds every change or none: never half a type, never a lock
// that disagrees with the files. geogen.yaml is written last, so that it
// only records files already in place.
//
// Files whose bytes do not change are not touched, so their modification
// times, and the Go build cache keyed on them, survive.
func (p *Plan) Apply() error {
	var changes []txn.Change
	var manifestChange *txn.Change
	for i := range p.Changes {
		c := &p.Changes[i]
		if !c.Writes() {
			continue
		}
		// What the plan read is what it decided on: a Create found no
		// file, the others the bytes in Have. A plan made without
		// reading (init's undo) has neither, and is not verified.
		tc := txn.Change{Path: c.Path, Content: c.Want, Delete: c.Action == Delete,
			Verify: c.Action == Create || c.Have != nil, Expect: c.Have}
		if c.Path == manifest.FileName {
			manifestChange = &tc
			continue
		}
		changes = append(changes, tc)
	}
	if manifestChange != nil {
		changes = append(changes, *manifestChange)
	}
	if len(changes) == 0 {
		return nil
	}
	return txn.Apply(p.Root, changes)
}

// Staging names of geogen releases that staged next to each target
// (".geogen-123.tmp", ".geogen-123.old"). Staging now happens under
// .geogen/tx; check still reports these, and generate removes the .tmp
// ones, so that a project such a release left half-written is noticed.
const (
	legacyStagePrefix = ".geogen-"
	legacyStageSuffix = ".tmp"
	legacyAsideSuffix = ".old"
)

func isStaging(name string) bool {
	return strings.HasPrefix(name, legacyStagePrefix) && (strings.HasSuffix(name, legacyStageSuffix) || strings.HasSuffix(name, legacyAsideSuffix))
}
