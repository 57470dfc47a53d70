package emit

import (
	"fmt"

	"github.com/dave/jennifer/jen"
)

// Suite is one conformance suite of runtime/geotest that every type of a
// strategy must pass.
type Suite struct {
	Func     string // geotest function and test name suffix
	Strategy string // "" for every strategy
	What     string // the behaviour, for the test's comment

	// StateTable marks a suite of the separate state table, which a type
	// keeping its verification columns on the model table has not.
	StateTable bool
}

// Suites lists the conformance suites generated tests call, in the order
// the tests appear.
var Suites = []Suite{
	{Func: "FrameworkRegistry", What: "the registry's replication state machine, retries and batch selection"},
	{Func: "VerifiableRegistry", What: "the registry's verification state machine on a secondary"},
	{Func: "ModelWithSeparateVerificationState", What: "the state table: backfill, cascade and scope", StateTable: true},
	{Func: "VerifiableReplicator", What: "checksums on the primary, comparison and mismatch on a secondary"},
	{Func: "FrameworkRegistryFinder", What: "the admin finder's filters, sorting and pagination"},
	{Func: "RegistryType", What: "the GraphQL registry object and its fields"},
	{Func: "RegistriesResolver", What: "the GeoNode connection field, its arguments and authorization"},
	{Func: "GetsRegistriesFor", What: "querying registries through GeoNode end to end"},
	{Func: "RegistryActions", What: "an administrator's resync and reverify of one registry, and checksum of one record"},
	{Func: "BulkJobs", What: "resync, reverify and checksum of many rows as resumable, deduplicated bulk jobs"},
	{Func: "RegistryMutations", What: "the geoRegistriesUpdate and geoRegistriesBulkUpdate mutations on the registries"},
	{Func: "BlobReplicator", Strategy: "blob", What: "events, sync, verification and deletion of blobs between a primary and a secondary"},
	{Func: "RepositoryReplicator", Strategy: "repository", What: "events, mirroring, verification and deletion of repositories between a primary and a secondary"},
}

// Conformance renders conformance_test.go: one test per suite, each a
// single call into the runtime, run against real databases.
func Conformance(t Type, migrationsPath string) ([]byte, error) {
	n := t.Names
	f := newFile(n.Package)
	f.ImportName(migrationsPath, lastSegment(migrationsPath))
	f.Comment(fmt.Sprintf("conformance describes %s to the runtime's conformance suites. createRecord is", n.Title))
	f.Comment("the fixture in fixtures_test.go, which is yours to adapt.")
	f.Func().Id("conformance").Params().Qual(pkgGeotest, "Config").Block(
		jen.Return(jen.Qual(pkgGeotest, "Config").Values(jen.Dict{
			jen.Id("Descriptor"):         jen.Id("Descriptor"),
			jen.Id("MainMigrations"):     jen.Qual(migrationsPath, "Main"),
			jen.Id("TrackingMigrations"): jen.Qual(migrationsPath, "Tracking"),
			jen.Id("CreateRecord"):       jen.Id("createRecord"),
		})),
	)
	for _, s := range Suites {
		if s.Strategy != "" && s.Strategy != t.Strategy || s.StateTable && t.VerificationOnModel {
			continue
		}
		f.Line()
		f.Comment(fmt.Sprintf("Test%s checks %s.", s.Func, s.What))
		f.Func().Id("Test" + s.Func).Params(jen.Id("t").Op("*").Qual("testing", "T")).Block(
			jen.Qual(pkgGeotest, s.Func).Call(jen.Id("t"), jen.Id("conformance").Call()),
		)
	}
	return render(f)
}
