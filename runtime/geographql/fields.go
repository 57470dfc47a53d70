package geographql

import (
	"encoding/hex"
	"math"
	"reflect"
	"strconv"
	"time"

	graphql "github.com/graph-gophers/graphql-go"

	"github.com/geogen/geogen/runtime/registry"
	"github.com/geogen/geogen/runtime/replicable"
)

// registryField is one field of a registry object type. The table below is
// the single source of both the SDL (TypeSDL) and the resolver struct, so
// the two cannot drift apart.
type registryField struct {
	name        string // GraphQL name
	sdlType     string
	description string // "%s" stands for the GraphQL type name
	deprecated  string // deprecation reason, if any
	goType      reflect.Type
	value       func(n idNames, r registry.Record) any // a value of goType
}

var (
	idType     = reflect.TypeFor[graphql.ID]()
	stringPtr  = reflect.TypeFor[*string]()
	int32Ptr   = reflect.TypeFor[*int32]()
	boolPtr    = reflect.TypeFor[*bool]()
	timePtr    = reflect.TypeFor[*graphql.Time]()
	nilString  = (*string)(nil)
	nilBoolean = (*bool)(nil)
)

// registryFields returns the fields of d's registry type in SDL order: the
// global id, the type's foreign key field, then the fields every registry
// type shares.
func registryFields(d *replicable.Descriptor) []registryField {
	fk := registryField{
		name: d.GraphQLFKField, sdlType: "ID!", description: "ID of the " + d.Title + ".", goType: idType,
		value: func(_ idNames, r registry.Record) any {
			return graphql.ID(strconv.FormatInt(r.ModelRecordID, 10))
		},
	}
	fields := []registryField{sharedFields[0], fk}
	return append(fields, sharedFields[1:]...)
}

var sharedFields = []registryField{
	{"id", "ID!", "ID of the %s", "", idType,
		func(n idNames, r registry.Record) any { return graphql.ID(n.globalID(r.ID)) }},
	{"state", "RegistryState", "Sync state of the %s", "", stringPtr,
		func(_ idNames, r registry.Record) any { return ptr(r.State.Enum()) }},
	{"retryCount", "Int", "Number of consecutive failed sync attempts of the %s", "", int32Ptr,
		func(_ idNames, r registry.Record) any { return int32Of(int64(r.RetryCount)) }},
	{"lastSyncFailure", "String", "Error message during sync of the %s", "", stringPtr,
		func(_ idNames, r registry.Record) any { return optString(r.LastSyncFailure) }},
	{"retryAt", "Time", "Timestamp after which the %s is resynced", "", timePtr,
		func(_ idNames, r registry.Record) any { return optTime(r.RetryAt) }},
	{"lastSyncedAt", "Time", "Timestamp of the most recent successful sync of the %s", "", timePtr,
		func(_ idNames, r registry.Record) any { return optTime(r.LastSyncedAt) }},
	{"verifiedAt", "Time", "Timestamp of the most recent successful verification of the %s", "", timePtr,
		func(_ idNames, r registry.Record) any { return optTime(r.VerifiedAt) }},
	{"verificationRetryAt", "Time", "Timestamp after which the %s is reverified", "", timePtr,
		func(_ idNames, r registry.Record) any { return optTime(r.VerificationRetryAt) }},
	{"createdAt", "Time", "Timestamp when the %s was created", "", timePtr,
		func(_ idNames, r registry.Record) any { return optTime(&r.CreatedAt) }},
	{"verificationState", "VerificationStateEnum", "Verification state of the %s", "", stringPtr,
		func(_ idNames, r registry.Record) any { return ptr(r.VerificationState.Enum()) }},
	{"verificationRetryCount", "Int", "Number of consecutive failed verification attempts of the %s", "", int32Ptr,
		func(_ idNames, r registry.Record) any { return int32Of(int64(r.VerificationRetryCount)) }},
	{"verificationStartedAt", "Time", "Timestamp when the verification of %s started", "", timePtr,
		func(_ idNames, r registry.Record) any { return optTime(r.VerificationStartedAt) }},
	{"verificationChecksum", "String", "The local checksum of the %s", "", stringPtr,
		func(_ idNames, r registry.Record) any { return optHex(r.VerificationChecksum) }},
	{"verificationChecksumMismatched", "String", "The expected checksum of the %s in case of mismatch.", "", stringPtr,
		func(_ idNames, r registry.Record) any { return optHex(r.VerificationChecksumMismatched) }},
	{"checksumMismatch", "Boolean", "Indicate if the checksums of the %s do not match on the primary and secondary.", "", boolPtr,
		func(_ idNames, r registry.Record) any { return ptr(r.ChecksumMismatch) }},
	// GitLab deprecated the field in 17.10 and always returns null; the
	// column stays for the schema's sake.
	{"forceToRedownload", "Boolean", "Indicate if a forced redownload is to be performed.", "Not used since the registry no longer forces redownloads. Always null.", boolPtr,
		func(_ idNames, _ registry.Record) any { return nilBoolean }},
	{"missingOnPrimary", "Boolean", "Indicate if the %s is missing on primary.", "", boolPtr,
		func(_ idNames, r registry.Record) any { return ptr(r.MissingOnPrimary) }},
	// GraphQL's Int has 32 bits; a larger key is null here and complete in
	// the foreign key field, an ID.
	{"modelRecordId", "Int", "ID of the %s's model record.", "", int32Ptr,
		func(_ idNames, r registry.Record) any { return int32Of(r.ModelRecordID) }},
	{"verificationFailure", "String", "Error message during verification of the %s", "", stringPtr,
		func(_ idNames, r registry.Record) any { return optString(r.VerificationFailure) }},
}

func ptr[T any](v T) *T { return &v }

func int32Of(n int64) *int32 {
	if n < math.MinInt32 || n > math.MaxInt32 {
		return nil
	}
	return ptr(int32(n))
}

func optString(s string) *string {
	if s == "" {
		return nilString
	}
	return &s
}

func optHex(b []byte) *string {
	if b == nil {
		return nilString
	}
	return ptr(hex.EncodeToString(b))
}

func optTime(t *time.Time) *graphql.Time {
	if t == nil {
		return nil
	}
	return &graphql.Time{Time: t.UTC()}
}
