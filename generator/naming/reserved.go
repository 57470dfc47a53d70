package naming

// goKeywords cannot be package names or identifiers.
var goKeywords = setOf(
	"break", "case", "chan", "const", "continue", "default", "defer", "else",
	"fallthrough", "for", "func", "go", "goto", "if", "import", "interface",
	"map", "package", "range", "return", "select", "struct", "switch", "type", "var",
)

// unimportablePackages are package names that compile as a package clause
// but cannot be imported: main is a command, and an import named init is
// rejected by the compiler.
var unimportablePackages = setOf("main", "init")

// ignoredPackageDirs are directory names the go command leaves out of
// ./... : a type's package there would build, but `go test ./...` and
// `go vet ./...` would never reach its tests.
var ignoredPackageDirs = setOf("testdata")

// goPredeclared are the universe scope's names. A local variable with one
// of these names shadows it for the rest of the function.
var goPredeclared = setOf(
	"any", "bool", "byte", "comparable", "complex64", "complex128", "error",
	"float32", "float64", "int", "int8", "int16", "int32", "int64", "rune",
	"string", "uint", "uint8", "uint16", "uint32", "uint64", "uintptr",
	"true", "false", "iota", "nil",
	"append", "cap", "clear", "close", "complex", "copy", "delete", "imag",
	"len", "make", "max", "min", "new", "panic", "print", "println", "real", "recover",
)

// trackingColumns are the columns the generated registry and state tables
// already have besides the foreign key (templates/sql), which the foreign
// key therefore cannot be named.
var trackingColumns = setOf(
	"id", "created_at", "last_synced_at", "retry_at", "verified_at",
	"verification_started_at", "verification_retry_at", "state", "verification_state",
	"retry_count", "verification_retry_count", "checksum_mismatch", "force_to_redownload",
	"missing_on_primary", "verification_checksum", "verification_checksum_mismatched",
	"verification_failure", "last_sync_failure",
)

func setOf(names ...string) map[string]bool {
	set := make(map[string]bool, len(names))
	for _, n := range names {
		set[n] = true
	}
	return set
}
