package geographql

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/geogen/geogen/runtime/geographql/sdl"
	"github.com/geogen/geogen/runtime/replicable"
)

// DefaultGlobalIDApp is the application name of the GlobalIDs the schema
// writes unless WithGlobalIDApp names another. GitLab's are "gitlab".
const DefaultGlobalIDApp = "geogen"

// GlobalID returns the GraphQL id of a registry row with the default
// application name: "gid://geogen/Geo::CoolWidgetRegistry/42".
func GlobalID(d *replicable.Descriptor, registryID int64) string {
	return RegistryGlobalID{App: DefaultGlobalIDApp, Class: RegistryClassName(d), ID: registryID}.String()
}

// ParseGlobalID returns the registry id of a GlobalID of d's type, whatever
// its application name; ok is false for anything else (another type, a
// bare number, garbage).
func ParseGlobalID(d *replicable.Descriptor, id string) (registryID int64, ok bool) {
	g, err := ParseRegistryGlobalID(id)
	if err != nil || g.Class != RegistryClassName(d) {
		return 0, false
	}
	return g.ID, true
}

// RegistryClassName is the class a GlobalID of d's registries names, as
// GitLab names its registry models: "Geo::CoolWidgetRegistry".
func RegistryClassName(d *replicable.Descriptor) string { return sdl.RegistryClassName(d) }

// RegistryIDScalar is the GraphQL scalar of d's registry GlobalIDs, as
// GitLab names a GlobalIDType: "GeoCoolWidgetRegistryID".
func RegistryIDScalar(d *replicable.Descriptor) string { return sdl.RegistryIDScalar(d) }

// BaseRegistryIDScalar is the scalar of a GlobalID of any registry class.
const BaseRegistryIDScalar = sdl.BaseRegistryIDScalar

// RegistryGlobalID is a parsed registry GlobalID:
// gid://<App>/<Class>/<ID>. As a GraphQL input it is the value of every
// Geo…RegistryID scalar: a string that is not a well-formed GlobalID is
// refused while the arguments are read, before any resolver runs; whether
// Class is the one the argument wants is checked where it is used.
type RegistryGlobalID struct {
	App   string // any application name is accepted on input
	Class string // "Geo::CoolWidgetRegistry"
	ID    int64  // the registry row, > 0
}

// String returns the GlobalID in its URI form.
func (g RegistryGlobalID) String() string {
	return "gid://" + g.App + "/" + g.Class + "/" + strconv.FormatInt(g.ID, 10)
}

// ImplementsGraphQLType tells graphql-go which scalars the type reads:
// GeoBaseRegistryID and every Geo<Type>RegistryID.
func (RegistryGlobalID) ImplementsGraphQLType(name string) bool {
	return name == BaseRegistryIDScalar || (strings.HasPrefix(name, "Geo") && strings.HasSuffix(name, "RegistryID"))
}

// UnmarshalGraphQL reads a GlobalID argument.
func (g *RegistryGlobalID) UnmarshalGraphQL(input any) error {
	s, ok := input.(string)
	if !ok {
		return fmt.Errorf("a Geo registry GlobalID must be a string like \"gid://gitlab/Geo::CoolWidgetRegistry/1\", got %T", input)
	}
	parsed, err := ParseRegistryGlobalID(s)
	if err != nil {
		return err
	}
	*g = parsed
	return nil
}

// MarshalJSON writes the GlobalID as a JSON string.
func (g RegistryGlobalID) MarshalJSON() ([]byte, error) {
	return []byte(strconv.Quote(g.String())), nil
}

// ParseRegistryGlobalID parses gid://<app>/Geo::<Name>/<id>: app a host
// name's letters, digits, dots, dashes and underscores; the class one or
// more "::"-separated constant names under Geo; the id a positive decimal
// that fits 64 bits. Anything else (params, a fragment, spaces, another
// scheme, a missing part) is refused with an error that quotes the input.
func ParseRegistryGlobalID(s string) (RegistryGlobalID, error) {
	invalid := func(why string) (RegistryGlobalID, error) {
		return RegistryGlobalID{}, fmt.Errorf("%s is not a valid Global ID: %s (want gid://<app>/Geo::<Type>Registry/<id>)", quoteInput(s), why)
	}
	rest, ok := strings.CutPrefix(s, "gid://")
	if !ok {
		return invalid("it does not start with gid://")
	}
	parts := strings.Split(rest, "/")
	if len(parts) != 3 {
		return invalid("it has not exactly three parts after gid://")
	}
	app, class, id := parts[0], parts[1], parts[2]
	if !sdl.ValidGlobalIDApp(app) {
		return invalid("the application name is empty or has characters other than letters, digits, '.', '-' and '_'")
	}
	if !validClass(class) {
		return invalid("the class is not a Geo registry class name such as Geo::CoolWidgetRegistry")
	}
	if id == "" || strings.TrimFunc(id, isDigit) != "" {
		return invalid("the id is not a decimal number")
	}
	n, err := strconv.ParseInt(id, 10, 64)
	if err != nil || n <= 0 {
		return invalid("the id is not between 1 and 9223372036854775807")
	}
	return RegistryGlobalID{App: app, Class: class, ID: n}, nil
}

// validClass accepts Geo::Name(::Name)*, each Name a Ruby constant name.
func validClass(class string) bool {
	names := strings.Split(class, "::")
	if len(names) < 2 || names[0] != "Geo" {
		return false
	}
	for _, n := range names {
		if n == "" || n[0] < 'A' || n[0] > 'Z' || strings.TrimFunc(n, isNameRune) != "" {
			return false
		}
	}
	return true
}

func isDigit(r rune) bool    { return r >= '0' && r <= '9' }
func isLetter(r rune) bool   { return (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') }
func isNameRune(r rune) bool { return isLetter(r) || isDigit(r) || r == '_' }

// quoteInput quotes a client's value for an error message, cut short so
// that a huge argument does not make a huge error.
func quoteInput(s string) string {
	const max = 100
	if len(s) > max {
		return strconv.Quote(s[:max]) + "…"
	}
	return strconv.Quote(s)
}

// checkClass refuses a GlobalID of another class than d's, as GitLab's
// typed GlobalID arguments do.
func checkClass(d *replicable.Descriptor, g RegistryGlobalID) error {
	if g.Class != RegistryClassName(d) {
		return fmt.Errorf("%s does not represent an instance of %s", quoteInput(g.String()), RegistryClassName(d))
	}
	return nil
}

// nodeGlobalID is the GraphQL id of a Geo node: its number, as GitLab's
// GlobalIDs name a record by its database id, never by its name.
func nodeGlobalID(app string, n Node) string {
	return "gid://" + app + "/GeoNode/" + strconv.FormatInt(n.number(), 10)
}

// number is the node's geo_node_id (Node.ID).
func (n Node) number() int64 { return SiteNumber(n.ID, n.Primary) }

// SiteNumber is a site's geo_node_id in both the REST status API and
// GeoNode.id: id when configured, else 1 for a primary and 2 for a
// secondary.
func SiteNumber(id int64, primary bool) int64 {
	switch {
	case id != 0:
		return id
	case primary:
		return 1
	}
	return 2
}

// idNames writes the GlobalIDs of one type's registries.
type idNames struct {
	d   *replicable.Descriptor
	app string
}

func (n idNames) globalID(registryID int64) string {
	return RegistryGlobalID{App: n.app, Class: RegistryClassName(n.d), ID: registryID}.String()
}
