package geographql

import (
	"fmt"
	"reflect"
	"strings"

	graphql "github.com/graph-gophers/graphql-go"

	"github.com/geogen/geogen/runtime/registry"
)

// The Registrable union is GitLab's type of the registry that
// geoRegistriesUpdate returns: any registry type of the schema. graphql-go
// resolves a union by calling To<Member>() on its resolver, one method per
// member type, and Go cannot make methods at run time. So the project's
// generated code declares the resolver type, with one method per type,
// over the runtime's Registrable (its underlying type), and binds it with
// BindUnion; the runtime converts a *Registrable into it.

// RegistryObject resolves the fields every registry object type has: all
// but the type's foreign key field. The registryFields table is the
// source of its values (registryObject fills it by tag), so the two cannot
// drift apart; a field of the SDL without one here fails NewSchema.
type RegistryObject struct {
	ID                             graphql.ID `graphql:"id"`
	State                          *string    `graphql:"state"`
	RetryCount                     *int32     `graphql:"retryCount"`
	LastSyncFailure                *string    `graphql:"lastSyncFailure"`
	RetryAt                        *Time      `graphql:"retryAt"`
	LastSyncedAt                   *Time      `graphql:"lastSyncedAt"`
	VerifiedAt                     *Time      `graphql:"verifiedAt"`
	VerificationRetryAt            *Time      `graphql:"verificationRetryAt"`
	CreatedAt                      *Time      `graphql:"createdAt"`
	VerificationState              *string    `graphql:"verificationState"`
	VerificationRetryCount         *int32     `graphql:"verificationRetryCount"`
	VerificationStartedAt          *Time      `graphql:"verificationStartedAt"`
	VerificationChecksum           *string    `graphql:"verificationChecksum"`
	VerificationChecksumMismatched *string    `graphql:"verificationChecksumMismatched"`
	ChecksumMismatch               *bool      `graphql:"checksumMismatch"`
	ForceToRedownload              *bool      `graphql:"forceToRedownload"`
	MissingOnPrimary               *bool      `graphql:"missingOnPrimary"`
	ModelRecordID                  *int32     `graphql:"modelRecordId"`
	VerificationFailure            *string    `graphql:"verificationFailure"`
}

// Registrable is one registry as the Registrable union holds it: the
// GraphQL name of its type, its shared fields and the value of its type's
// foreign key field. A project's union resolver is a type defined over it
// (type Registrable geographql.Registrable) whose To<Type> methods check
// Type and return the member.
type Registrable struct {
	Type string // the registry's GraphQL type: "CoolWidgetRegistry"
	RegistryObject
	ForeignKey graphql.ID // the value of the type's foreign key field (coolWidgetId)
}

// Union is the project's resolver type of the Registrable union, bound to
// the schema by BindUnion. The zero Union binds none: the schema then has
// no Registrable union, and geoRegistriesUpdate's payload no registry.
type Union struct {
	ptr reflect.Type // *U
}

// BindUnion binds U, the project's resolver of the Registrable union, to
// every binding, and returns them. U's underlying type must be Registrable
// and U must have a To<Type>() method for every type of the bindings,
// returning the member and whether the registry is of that type; NewSchema
// checks both. geogen generates U, in the package that lists the types.
func BindUnion[U any](bindings ...TypeBinding) []TypeBinding {
	u := Union{ptr: reflect.TypeFor[*U]()}
	for i := range bindings {
		bindings[i].Union = u
	}
	return bindings
}

// unionOf returns the union bound to every binding, or an error when they
// disagree or the bound type is not defined over Registrable.
func unionOf(types []TypeBinding) (Union, error) {
	if len(types) == 0 {
		return Union{}, nil
	}
	u := types[0].Union
	for _, b := range types[1:] {
		if b.Union != u {
			return Union{}, fmt.Errorf("the bindings of %s and %s bind different Registrable unions (%v, %v): bind one to all with BindUnion", types[0].Descriptor.GraphQLType, b.Descriptor.GraphQLType, u.ptr, b.Union.ptr)
		}
	}
	if u.ptr == nil {
		return u, nil
	}
	if u.ptr.Elem().Kind() != reflect.Struct || !reflect.TypeFor[*Registrable]().ConvertibleTo(u.ptr) {
		return Union{}, fmt.Errorf("the Registrable union %v is not defined over geographql.Registrable (type %s geographql.Registrable): run geogen generate", u.ptr.Elem(), u.ptr.Elem().Name())
	}
	var missing []string
	for _, b := range types {
		if _, ok := u.ptr.MethodByName("To" + b.Descriptor.GraphQLType); !ok {
			missing = append(missing, "To"+b.Descriptor.GraphQLType)
		}
	}
	if len(missing) > 0 {
		return Union{}, fmt.Errorf("the Registrable union %v has no method %s: run geogen generate", u.ptr.Elem(), strings.Join(missing, ", "))
	}
	return u, nil
}

// value returns r as the union's resolver.
func (u Union) value(r *Registrable) reflect.Value {
	return reflect.ValueOf(r).Convert(u.ptr)
}

// registrable returns the union's value of r, a registry of t.
func (t *registryType) registrable(r registry.Record) *Registrable {
	out := &Registrable{Type: t.binding.Descriptor.GraphQLType}
	o := reflect.ValueOf(&out.RegistryObject).Elem()
	for _, f := range t.fields {
		v := reflect.ValueOf(f.value(t.ids, r))
		if f.Name == t.binding.Descriptor.GraphQLFKField {
			out.ForeignKey = v.Interface().(graphql.ID)
			continue
		}
		o.Field(registryObjectIndex[f.Name]).Set(v)
	}
	return out
}

// registryObjectIndex maps a GraphQL field name to its RegistryObject
// field.
var registryObjectIndex = func() map[string]int {
	m := map[string]int{}
	t := reflect.TypeFor[RegistryObject]()
	for i := range t.NumField() {
		m[t.Field(i).Tag.Get("graphql")] = i
	}
	return m
}()
