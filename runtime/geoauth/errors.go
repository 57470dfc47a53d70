package geoauth

import (
	"errors"
	"net/http"
)

var (
	// ErrUnauthenticated matches every Error whose Reason means the request
	// did not prove who sent it (HTTP 401).
	ErrUnauthenticated = errors.New("geoauth: unauthenticated")
	// ErrForbidden matches every Error whose Reason means the sender is
	// known but the token does not grant what was asked (HTTP 403).
	ErrForbidden = errors.New("geoauth: forbidden")
	// ErrUnknownKey is returned by a KeyStore for an access key it does not
	// know or that belongs to a disabled site.
	ErrUnknownKey = errors.New("geoauth: unknown access key")
)

// Reason says why a token was refused. It is meant for logs and metrics;
// responses should not tell the caller more than the status code.
type Reason string

// Reasons a Verifier refuses a token.
const (
	ReasonMalformed       Reason = "malformed"         // header or token cannot be parsed, or a required claim is missing
	ReasonUnknownKey      Reason = "unknown_key"       // the access key is not known (or its site is disabled)
	ReasonBadAlgorithm    Reason = "bad_algorithm"     // the token is not HS256
	ReasonBadSignature    Reason = "bad_signature"     // forged, or signed with another secret
	ReasonExpired         Reason = "expired"           // exp is past, beyond the leeway
	ReasonNotYetValid     Reason = "not_yet_valid"     // nbf or iat is in the future, beyond the leeway
	ReasonLifetimeTooLong Reason = "lifetime_too_long" // exp is further from iat than the verifier allows
	ReasonWrongIssuer     Reason = "wrong_issuer"      // iss is not the site the access key belongs to
	ReasonWrongAudience   Reason = "wrong_audience"    // aud is not this site
	ReasonWrongScope      Reason = "wrong_scope"       // a valid token for another resource
)

// HTTPStatus returns 403 for ReasonWrongScope and 401 for every other
// reason.
func (r Reason) HTTPStatus() int {
	if r == ReasonWrongScope {
		return http.StatusForbidden
	}
	return http.StatusUnauthorized
}

// Error is a refused token. It matches ErrUnauthenticated or ErrForbidden
// with errors.Is, according to its Reason.
type Error struct {
	Reason Reason
	// AccessKey is the access key the header named, if it could be parsed.
	AccessKey string
	// Err is the underlying detail, for logs.
	Err error
}

func (e *Error) Error() string {
	s := e.kind().Error() + ": " + string(e.Reason)
	if e.AccessKey != "" {
		s += " (access key " + e.AccessKey + ")"
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// HTTPStatus is the status a server should answer with: 401 or 403.
func (e *Error) HTTPStatus() int { return e.Reason.HTTPStatus() }

// Unwrap returns ErrUnauthenticated or ErrForbidden, and the detail.
func (e *Error) Unwrap() []error {
	if e.Err == nil {
		return []error{e.kind()}
	}
	return []error{e.kind(), e.Err}
}

func (e *Error) kind() error {
	if e.Reason.HTTPStatus() == http.StatusForbidden {
		return ErrForbidden
	}
	return ErrUnauthenticated
}
