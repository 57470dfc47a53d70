package sdl

import "github.com/geogen/geogen/runtime/replicable"

// RegistryField is one field of a registry object type as the schema declares
// it. geographql resolves each by its name.
type RegistryField struct {
	Name        string
	Type        string // in SDL: "ID!", "Time"
	Description string // "%s" stands for the GraphQL type name
	Deprecated  string // the deprecation reason, if any
}

// RegistryFields returns the fields of d's registry type in SDL order:
// the global id, the type's foreign key field (ForeignKeyField), then the
// rest of SharedFields.
func RegistryFields(d *replicable.Descriptor) []RegistryField {
	fields := []RegistryField{SharedFields[0], ForeignKeyField(d)}
	return append(fields, SharedFields[1:]...)
}

// ForeignKeyField is d's own field of its registry type: the model
// record's id, named for the type (coolWidgetId).
func ForeignKeyField(d *replicable.Descriptor) RegistryField {
	return RegistryField{Name: d.GraphQLFKField, Type: "ID!", Description: "ID of the " + d.Title + "."}
}

// SharedFields are the fields every registry type has, in SDL order (the
// type's foreign key field comes second, after id).
var SharedFields = []RegistryField{
	{"id", "ID!", "ID of the %s", ""},
	{"state", "RegistryState", "Sync state of the %s", ""},
	{"retryCount", "Int", "Number of consecutive failed sync attempts of the %s", ""},
	{"lastSyncFailure", "String", "Error message during sync of the %s", ""},
	{"retryAt", "Time", "Timestamp after which the %s is resynced", ""},
	{"lastSyncedAt", "Time", "Timestamp of the most recent successful sync of the %s", ""},
	{"verifiedAt", "Time", "Timestamp of the most recent successful verification of the %s", ""},
	{"verificationRetryAt", "Time", "Timestamp after which the %s is reverified", ""},
	{"createdAt", "Time", "Timestamp when the %s was created", ""},
	{"verificationState", "VerificationStateEnum", "Verification state of the %s", ""},
	{"verificationRetryCount", "Int", "Number of consecutive failed verification attempts of the %s", ""},
	{"verificationStartedAt", "Time", "Timestamp when the verification of %s started", ""},
	{"verificationChecksum", "String", "The local checksum of the %s", ""},
	{"verificationChecksumMismatched", "String", "The expected checksum of the %s in case of mismatch.", ""},
	{"checksumMismatch", "Boolean", "Indicate if the checksums of the %s do not match on the primary and secondary.", ""},
	// GitLab deprecated the field in 17.10 and always returns null; the
	// column stays for the schema's sake.
	{"forceToRedownload", "Boolean", "Indicate if a forced redownload is to be performed.", "Not used since the registry no longer forces redownloads. Always null."},
	{"missingOnPrimary", "Boolean", "Indicate if the %s is missing on primary.", ""},
	// GraphQL's Int has 32 bits; a larger key is null here and complete in
	// the foreign key field, an ID.
	{"modelRecordId", "Int", "ID of the %s's model record.", ""},
	{"verificationFailure", "String", "Error message during verification of the %s", ""},
}
