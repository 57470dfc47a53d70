package geoauth

import (
	"errors"
	"fmt"
)

// Scope is the one resource a token grants access to: either a record of a
// replicable type (a blob) or a repository.
//
// It is carried JSON-encoded in the token's "data" claim, as
// {"replicable_name":"package_file","replicable_id":42} or
// {"scope":"group/project"}.
type Scope struct {
	ReplicableName string `json:"replicable_name,omitempty"`
	ReplicableID   int64  `json:"replicable_id,omitempty"`
	// Repository is the repository's path, for git transfers.
	Repository string `json:"scope,omitempty"`
}

// BlobScope is the scope of one record of a replicable type.
func BlobScope(replicableName string, id int64) Scope {
	return Scope{ReplicableName: replicableName, ReplicableID: id}
}

// RepositoryScope is the scope of one repository.
func RepositoryScope(path string) Scope {
	return Scope{Repository: path}
}

// Validate reports whether s names exactly one resource.
func (s Scope) Validate() error {
	switch {
	case s.Repository != "" && (s.ReplicableName != "" || s.ReplicableID != 0):
		return errors.New("geoauth: scope names both a repository and a record")
	case s.Repository != "":
		return nil
	case s.ReplicableName == "":
		return errors.New("geoauth: scope names no replicable or repository")
	case s.ReplicableID <= 0:
		return fmt.Errorf("geoauth: scope for %s has invalid record id %d", s.ReplicableName, s.ReplicableID)
	}
	return nil
}

func (s Scope) String() string {
	if s.Repository != "" {
		return "repository " + s.Repository
	}
	return fmt.Sprintf("%s/%d", s.ReplicableName, s.ReplicableID)
}
