package geographql

import (
	"context"
	"reflect"
	"strings"
)

// Helpers for the resolver structs built at run time. graphql-go matches a
// GraphQL field to a struct field by its `graphql` tag (with
// UseFieldResolvers); a field of func type is called with the context and
// the field's arguments, like a method.

var (
	contextType = reflect.TypeFor[context.Context]()
	errorType   = reflect.TypeFor[error]()
)

// structField returns an exported struct field that resolves the GraphQL
// field name. The Go name only has to be unique and exported: "G" + name.
func structField(name string, t reflect.Type) reflect.StructField {
	return reflect.StructField{
		Name: "G" + strings.ReplaceAll(name, "_", "U"),
		Type: t,
		Tag:  reflect.StructTag(`graphql:"` + name + `"`),
	}
}

// resultValues returns a resolver func's results: the value (of type t)
// and an error.
func resultValues(t reflect.Type, v reflect.Value, err error) []reflect.Value {
	if err != nil {
		return []reflect.Value{reflect.Zero(t), reflect.ValueOf(&err).Elem()}
	}
	return []reflect.Value{v, reflect.Zero(errorType)}
}
