// Package geoauth signs and verifies the short-lived tokens one site
// presents to another, such as a secondary asking the primary for a blob.
//
// A token is a JWT signed with HS256 using the secret the two sites share
// for the requesting site's access key. Its "data" claim names the one
// resource it grants access to (a [Scope]: a replicable name and record id,
// or a repository path), and it expires after about a minute. It travels in
// the Authorization header:
//
//	Authorization: GL-Geo <access_key>:<jwt>
//
// [Signer] produces such headers; [Verifier] checks them for one expected
// scope and returns an [*Error] whose [Reason] tells an unauthenticated
// request (HTTP 401: malformed, unknown key, bad signature or algorithm,
// expired) from a forbidden one (HTTP 403: a valid token for another
// resource).
//
// Verification only accepts HS256 (never "none" or an asymmetric algorithm
// presented with the shared secret), requires exp and iat, allows a clock
// skew leeway of 60 seconds by default, bounds the token lifetime and
// bounds the header length before parsing anything.
package geoauth
