// Package registrysort names the orders a registry list can be read in.
// The finder reads them as SQL and the GraphQL schema offers them as the
// GeoRegistrySort enum; both take them from here, and the generator,
// which documents the enum, can do so without linking a database driver.
package registrysort

// Sort is an order of registries: the GraphQL enum value names it.
type Sort string

// The orders.
const (
	IDAsc            Sort = "ID_ASC" // the default
	IDDesc           Sort = "ID_DESC"
	LastSyncedAtAsc  Sort = "LAST_SYNCED_AT_ASC"
	LastSyncedAtDesc Sort = "LAST_SYNCED_AT_DESC"
	VerifiedAtAsc    Sort = "VERIFIED_AT_ASC"
	VerifiedAtDesc   Sort = "VERIFIED_AT_DESC"
)

// All lists every order, the default first.
var All = []Sort{IDAsc, IDDesc, LastSyncedAtAsc, LastSyncedAtDesc, VerifiedAtAsc, VerifiedAtDesc}
