package sdl

import (
	"fmt"
	"strings"

	"github.com/geogen/geogen/runtime/replicable"
)

// Type returns d's part of the schema: the registry object type, its
// connection and edge types, and the GeoNode field that lists registries.
// The result depends only on d, so generated code can embed it and
// the runtime can check the embedded copy is current.
func Type(d *replicable.Descriptor) string {
	t := d.GraphQLType
	var b strings.Builder
	fmt.Fprintf(&b, "\"\"\"Represents the Geo replication and verification state of a %s\"\"\"\n", d.Title)
	fmt.Fprintf(&b, "type %s {\n", t)
	for _, f := range RegistryFields(d) {
		desc := f.Description
		if strings.Contains(desc, "%s") {
			desc = fmt.Sprintf(desc, t)
		}
		fmt.Fprintf(&b, "  \"\"\"%s\"\"\"\n  %s: %s", desc, f.Name, f.Type)
		if f.Deprecated != "" {
			fmt.Fprintf(&b, " @deprecated(reason: %q)", f.Deprecated)
		}
		b.WriteString("\n")
	}
	b.WriteString("}\n\n")

	fmt.Fprintf(&b, "\"\"\"The connection type for %s.\"\"\"\ntype %sConnection {\n", t, t)
	b.WriteString("  \"\"\"Total count of collection. With a limit, counting stops at limit + 1.\"\"\"\n")
	fmt.Fprintf(&b, "  count(\n    \"\"\"Stop counting after this many rows (at most %d).\"\"\"\n    limit: Int\n  ): Int!\n", MaxCountLimit)
	fmt.Fprintf(&b, "  \"\"\"A list of edges.\"\"\"\n  edges: [%sEdge]\n", t)
	fmt.Fprintf(&b, "  \"\"\"A list of nodes.\"\"\"\n  nodes: [%s]\n", t)
	b.WriteString("  \"\"\"Information to aid in pagination.\"\"\"\n  pageInfo: PageInfo!\n}\n\n")

	fmt.Fprintf(&b, "\"\"\"An edge in a connection.\"\"\"\ntype %sEdge {\n", t)
	b.WriteString("  \"\"\"A cursor for use in pagination.\"\"\"\n  cursor: String!\n")
	fmt.Fprintf(&b, "  \"\"\"The item at the end of the edge.\"\"\"\n  node: %s\n}\n\n", t)

	fmt.Fprintf(&b, "\"\"\"A global identifier of a %s: gid://<app>/%s/<id>.\"\"\"\nscalar %s\n\n", t, RegistryClassName(d), RegistryIDScalar(d))
	b.WriteString("extend type GeoNode {\n")
	desc := "Find " + d.Title + " registries on this Geo node."
	if d.Experiment {
		desc += " " + ExperimentNote
	}
	fmt.Fprintf(&b, "  \"\"\"%s\"\"\"\n", desc)
	fmt.Fprintf(&b, "  %s(\n", d.GraphQLField)
	for _, a := range registriesArgDocs {
		fmt.Fprintf(&b, "    \"\"\"%s\"\"\"\n    %s\n", a[1], strings.ReplaceAll(a[0], "%s", RegistryIDScalar(d)))
	}
	fmt.Fprintf(&b, "  ): %sConnection\n}\n", t)
	return b.String()
}

// MaxCountLimit is the largest limit count(limit:) accepts.
const MaxCountLimit = 1000

// ExperimentNote ends the description of an experiment's GraphQL field,
// in the words GitLab's GraphQL reference uses for one.
const ExperimentNote = "**Status**: Experiment."

// registriesArgDocs are the arguments of every <type>Registries field.
var registriesArgDocs = [][2]string{
	{"ids: [%s!]", "Filters registries by their ID."},
	{"replicationState: ReplicationStateEnum", "Filters registries by their replication state."},
	{"verificationState: VerificationStateEnum", "Filters registries by their verification state."},
	{"keyword: String", "Filters registries by their attributes using a keyword."},
	{"sort: GeoRegistrySort", "Sort registries by given criteria."},
	{"after: String", "Returns the elements in the list that come after the specified cursor."},
	{"before: String", "Returns the elements in the list that come before the specified cursor."},
	{"first: Int", "Returns the first _n_ elements from the list."},
	{"last: Int", "Returns the last _n_ elements from the list."},
}
