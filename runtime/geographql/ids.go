package geographql

import (
	"strconv"
	"strings"

	"github.com/geogen/geogen/runtime/replicable"
)

// GlobalID returns the GraphQL id of a registry row, in GitLab's form:
// "gid://geogen/Geo::CoolWidgetRegistry/42".
func GlobalID(d *replicable.Descriptor, registryID int64) string {
	return globalIDPrefix(d) + strconv.FormatInt(registryID, 10)
}

// ParseGlobalID returns the registry id of a GlobalID of d's type; ok is
// false for anything else (another type, a bare number, garbage).
func ParseGlobalID(d *replicable.Descriptor, id string) (registryID int64, ok bool) {
	rest, found := strings.CutPrefix(id, globalIDPrefix(d))
	if !found {
		return 0, false
	}
	n, err := strconv.ParseInt(rest, 10, 64)
	if err != nil || n <= 0 {
		return 0, false
	}
	return n, true
}

func globalIDPrefix(d *replicable.Descriptor) string {
	return "gid://geogen/Geo::" + d.GraphQLType + "/"
}

// nodeGlobalID is the GraphQL id of a Geo node.
func nodeGlobalID(n Node) string { return "gid://geogen/GeoNode/" + n.Name }
