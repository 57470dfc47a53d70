// Package testregistrable is the Registrable union of the runtime's test
// types (testtypes.CoolWidget and Gizmo), as geogen generates a project's:
// bind it with geographql.BindUnion.
package testregistrable

import (
	graphql "github.com/graph-gophers/graphql-go"

	"github.com/geogen/geogen/runtime/geographql"
)

// Registrable is the Registrable union of CoolWidget and Gizmo.
type Registrable geographql.Registrable

// CoolWidgetRegistry is a CoolWidget registry as a member of Registrable.
type CoolWidgetRegistry struct {
	geographql.RegistryObject
	CoolWidgetID graphql.ID `graphql:"coolWidgetId"`
}

// ToCoolWidgetRegistry returns r as a CoolWidgetRegistry, when it is one.
func (r *Registrable) ToCoolWidgetRegistry() (*CoolWidgetRegistry, bool) {
	if r.Type != "CoolWidgetRegistry" {
		return nil, false
	}
	return &CoolWidgetRegistry{RegistryObject: r.RegistryObject, CoolWidgetID: r.ForeignKey}, true
}

// GizmoRegistry is a Gizmo registry as a member of Registrable.
type GizmoRegistry struct {
	geographql.RegistryObject
	GizmoID graphql.ID `graphql:"gizmoId"`
}

// ToGizmoRegistry returns r as a GizmoRegistry, when it is one.
func (r *Registrable) ToGizmoRegistry() (*GizmoRegistry, bool) {
	if r.Type != "GizmoRegistry" {
		return nil, false
	}
	return &GizmoRegistry{RegistryObject: r.RegistryObject, GizmoID: r.ForeignKey}, true
}
