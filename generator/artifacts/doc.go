// Package artifacts is the table of everything geogen produces for a
// project: one generator.Artifact row per output, in the style of ent's
// template list. Adding an output is adding a row to All.
//
// The renderers in this package cover the outputs that are neither Go
// code nor migrations: the feature flag definitions of each type and the
// aggregate documentation (data types, metrics, status fields and the
// status JSON schema).
package artifacts
