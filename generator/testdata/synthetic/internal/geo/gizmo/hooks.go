// This file is yours: decide what Gizmo replicates.
package gizmo

const scope = ""
