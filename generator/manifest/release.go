package manifest

import (
	"fmt"
	"regexp"
)

// The stages of a type. A type is an experiment from `geogen new` until
// `geogen release`: its flags are off by default and its GraphQL field
// says it may change. Released, its replication flag is on by default
// and the docs list the version it was released in.
const (
	StageExperiment = "experiment"
	StageReleased   = "released"
)

// Released reports whether the type has been released.
func (r Replicable) Released() bool { return r.Stage == StageReleased }

// StageName is the type's stage, experiment when none is recorded.
func (r Replicable) StageName() string {
	if r.Released() {
		return StageReleased
	}
	return StageExperiment
}

// versionPattern is a release version: 1.4 or 1.4.2, each number without
// leading zeros, as semantic versions write them.
var versionPattern = regexp.MustCompile(`^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))?$`)

// CheckReleaseVersion reports why v cannot be a release version, or "".
func CheckReleaseVersion(v string) string {
	if !versionPattern.MatchString(v) {
		return fmt.Sprintf("%q is not a release version", v)
	}
	return ""
}

// validateRelease checks a type's stage and release version.
func validateRelease(r Replicable, add func(key, problem, fix string)) {
	switch r.Stage {
	case "", StageExperiment, StageReleased:
	default:
		add("stage", fmt.Sprintf("%q is not a stage", r.Stage), "use experiment (or leave it out) or released; geogen release NAME releases a type")
	}
	if r.ReleasedIn == "" {
		return
	}
	problem := CheckReleaseVersion(r.ReleasedIn)
	if !r.Released() {
		version := r.ReleasedIn
		if problem != "" {
			version = "MAJOR.MINOR"
		}
		add("released_in", "is set but the type is not released", "run geogen release "+r.Name+" --version "+version+", or remove released_in")
	}
	if problem != "" {
		add("released_in", problem, "use MAJOR.MINOR or MAJOR.MINOR.PATCH, quoted, e.g. \"1.4\"")
	}
}
