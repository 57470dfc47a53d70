// Package emit renders the per-type and aggregate files of a geogen
// project: Go code with jennifer (so imports are exact and no goimports
// pass is needed) and SQL migrations from the templates package.
//
// Every function here is pure: names in, bytes out. The generator decides
// where the bytes go and whether a file may be written.
package emit
