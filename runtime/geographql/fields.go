package geographql

import (
	"encoding/hex"
	"math"
	"reflect"
	"strconv"

	graphql "github.com/graph-gophers/graphql-go"

	"github.com/geogen/geogen/runtime/geographql/sdl"
	"github.com/geogen/geogen/runtime/registry"
	"github.com/geogen/geogen/runtime/replicable"
)

// registryField is one field of a registry object type: its declaration
// (sdl.RegistryFields, the source of the SDL too) and its resolver, so
// the SDL and the resolver struct cannot drift apart.
type registryField struct {
	sdl.RegistryField
	goType reflect.Type
	value  func(n idNames, r registry.Record) any // a value of goType
}

// fieldResolver is how a registry field is resolved.
type fieldResolver struct {
	goType reflect.Type
	value  func(n idNames, r registry.Record) any
}

var (
	idType     = reflect.TypeFor[graphql.ID]()
	stringPtr  = reflect.TypeFor[*string]()
	int32Ptr   = reflect.TypeFor[*int32]()
	boolPtr    = reflect.TypeFor[*bool]()
	timePtr    = reflect.TypeFor[*Time]()
	nilString  = (*string)(nil)
	nilBoolean = (*bool)(nil)
)

// registryFields returns the fields of d's registry type in SDL order,
// each with its resolver: the type's foreign key field, and the shared
// fields by name (TestEverySharedFieldResolves keeps the table whole).
func registryFields(d *replicable.Descriptor) []registryField {
	var out []registryField
	for _, f := range sdl.RegistryFields(d) {
		r, ok := sharedResolvers[f.Name]
		if f == sdl.ForeignKeyField(d) {
			r, ok = foreignKeyResolver, true
		}
		if !ok {
			panic("geographql: no resolver of the registry field " + f.Name)
		}
		out = append(out, registryField{RegistryField: f, goType: r.goType, value: r.value})
	}
	return out
}

var foreignKeyResolver = fieldResolver{idType, func(_ idNames, r registry.Record) any {
	return graphql.ID(strconv.FormatInt(r.ModelRecordID, 10))
}}

// sharedResolvers resolve sdl.SharedFields.
var sharedResolvers = map[string]fieldResolver{
	"id":                             {idType, func(n idNames, r registry.Record) any { return graphql.ID(n.globalID(r.ID)) }},
	"state":                          {stringPtr, func(_ idNames, r registry.Record) any { return ptr(r.State.Enum()) }},
	"retryCount":                     {int32Ptr, func(_ idNames, r registry.Record) any { return int32Of(int64(r.RetryCount)) }},
	"lastSyncFailure":                {stringPtr, func(_ idNames, r registry.Record) any { return optString(r.LastSyncFailure) }},
	"retryAt":                        {timePtr, func(_ idNames, r registry.Record) any { return optTime(r.RetryAt) }},
	"lastSyncedAt":                   {timePtr, func(_ idNames, r registry.Record) any { return optTime(r.LastSyncedAt) }},
	"verifiedAt":                     {timePtr, func(_ idNames, r registry.Record) any { return optTime(r.VerifiedAt) }},
	"verificationRetryAt":            {timePtr, func(_ idNames, r registry.Record) any { return optTime(r.VerificationRetryAt) }},
	"createdAt":                      {timePtr, func(_ idNames, r registry.Record) any { return optTime(&r.CreatedAt) }},
	"verificationState":              {stringPtr, func(_ idNames, r registry.Record) any { return ptr(r.VerificationState.Enum()) }},
	"verificationRetryCount":         {int32Ptr, func(_ idNames, r registry.Record) any { return int32Of(int64(r.VerificationRetryCount)) }},
	"verificationStartedAt":          {timePtr, func(_ idNames, r registry.Record) any { return optTime(r.VerificationStartedAt) }},
	"verificationChecksum":           {stringPtr, func(_ idNames, r registry.Record) any { return optHex(r.VerificationChecksum) }},
	"verificationChecksumMismatched": {stringPtr, func(_ idNames, r registry.Record) any { return optHex(r.VerificationChecksumMismatched) }},
	"checksumMismatch":               {boolPtr, func(_ idNames, r registry.Record) any { return ptr(r.ChecksumMismatch) }},
	// Deprecated, and always null.
	"forceToRedownload": {boolPtr, func(_ idNames, _ registry.Record) any { return nilBoolean }},
	"missingOnPrimary":  {boolPtr, func(_ idNames, r registry.Record) any { return ptr(r.MissingOnPrimary) }},
	// Null for a key beyond GraphQL's 32-bit Int.
	"modelRecordId":       {int32Ptr, func(_ idNames, r registry.Record) any { return int32Of(r.ModelRecordID) }},
	"verificationFailure": {stringPtr, func(_ idNames, r registry.Record) any { return optString(r.VerificationFailure) }},
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
