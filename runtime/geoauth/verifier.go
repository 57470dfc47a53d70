package geoauth

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

const (
	// DefaultLeeway is the clock skew tolerated between sites.
	DefaultLeeway = 60 * time.Second
	// DefaultMaxTTL is the longest token lifetime (exp - iat) a Verifier
	// accepts by default: a leaked header stays useful for minutes at most.
	DefaultMaxTTL = 5 * time.Minute
	// MaxHeaderLen bounds the Authorization header; longer ones are refused
	// before any parsing.
	MaxHeaderLen = 4096
)

// Key is what a verifying site knows about an access key.
type Key struct {
	// Secret is the shared secret.
	Secret []byte
	// Site is the name of the site the key belongs to. When not empty, the
	// token's iss claim must equal it.
	Site string
}

// KeyStore finds the key for an access key. It returns an error matching
// ErrUnknownKey when the access key is unknown or its site is disabled;
// any other error is treated as a failure of the verifying site itself.
type KeyStore interface {
	LookupKey(ctx context.Context, accessKey string) (Key, error)
}

// StaticKeys is a KeyStore held in memory, keyed by access key.
type StaticKeys map[string]Key

// LookupKey implements KeyStore.
func (m StaticKeys) LookupKey(_ context.Context, accessKey string) (Key, error) {
	k, ok := m[accessKey]
	if !ok {
		return Key{}, ErrUnknownKey
	}
	return k, nil
}

// Caller is the verified sender of a request.
type Caller struct {
	AccessKey string
	// Site is the token's issuer.
	Site      string
	ExpiresAt time.Time
}

// Verifier checks Authorization headers made by a Signer. A Verifier is
// safe for concurrent use once configured.
type Verifier struct {
	// Keys finds the secret of an access key.
	Keys KeyStore
	// Audience is this site's name. When not empty, tokens must name it in
	// their aud claim.
	Audience string
	// Leeway is the clock skew tolerated on exp, nbf and iat. Zero means
	// DefaultLeeway; a negative value means none.
	Leeway time.Duration
	// MaxTTL is the longest exp - iat accepted. Zero means DefaultMaxTTL.
	MaxTTL time.Duration
	// Clock gives the verification time; nil means the system clock.
	Clock Clock
}

// Verify checks that header is a valid, unexpired token signed with a known
// access key's secret and granting exactly want.
//
// A refused token gives an *Error, which matches ErrUnauthenticated (401)
// or ErrForbidden (403). Any other error is a failure of the verifier (for
// example its KeyStore), not of the request: answer 500.
func (v *Verifier) Verify(ctx context.Context, header string, want Scope) (Caller, error) {
	if err := want.Validate(); err != nil {
		return Caller{}, fmt.Errorf("geoauth: verify: %w", err)
	}
	if v.Keys == nil {
		return Caller{}, errors.New("geoauth: verify: Verifier has no KeyStore")
	}
	refuse := func(r Reason, accessKey string, err error) (Caller, error) {
		return Caller{}, &Error{Reason: r, AccessKey: accessKey, Err: err}
	}

	if len(header) > MaxHeaderLen {
		return refuse(ReasonMalformed, "", fmt.Errorf("authorization header is %d bytes, more than %d", len(header), MaxHeaderLen))
	}
	scheme, credentials, ok := strings.Cut(header, " ")
	if !ok || !strings.EqualFold(scheme, Scheme) {
		return refuse(ReasonMalformed, "", fmt.Errorf("authorization header is not of the form %q", Scheme+" <access_key>:<token>"))
	}
	accessKey, token, ok := strings.Cut(credentials, ":")
	if !ok || token == "" {
		return refuse(ReasonMalformed, "", fmt.Errorf("authorization header is not of the form %q", Scheme+" <access_key>:<token>"))
	}
	if err := validAccessKey(accessKey); err != nil {
		return refuse(ReasonMalformed, "", err)
	}

	key, err := v.Keys.LookupKey(ctx, accessKey)
	if errors.Is(err, ErrUnknownKey) {
		return refuse(ReasonUnknownKey, accessKey, err)
	}
	if err != nil {
		return Caller{}, fmt.Errorf("geoauth: verify: look up access key %s: %w", accessKey, err)
	}
	if len(key.Secret) < MinSecretLen {
		return Caller{}, fmt.Errorf("geoauth: verify: secret for access key %s is shorter than %d bytes", accessKey, MinSecretLen)
	}

	clk := v.Clock
	if clk == nil {
		clk = systemClock{}
	}
	leeway := v.Leeway
	switch {
	case leeway == 0:
		leeway = DefaultLeeway
	case leeway < 0:
		leeway = 0
	}
	opts := []jwt.ParserOption{
		jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}),
		jwt.WithExpirationRequired(),
		jwt.WithIssuedAt(),
		jwt.WithLeeway(leeway),
		jwt.WithTimeFunc(clk.Now),
	}
	if v.Audience != "" {
		opts = append(opts, jwt.WithAudience(v.Audience))
	}
	if key.Site != "" {
		opts = append(opts, jwt.WithIssuer(key.Site))
	}
	var c claims
	parsed, err := jwt.NewParser(opts...).ParseWithClaims(token, &c, func(*jwt.Token) (any, error) {
		return key.Secret, nil
	})
	if err != nil {
		return refuse(reasonFor(parsed, err), accessKey, err)
	}

	if c.IssuedAt == nil {
		return refuse(ReasonMalformed, accessKey, errors.New("token has no iat claim"))
	}
	maxTTL := v.MaxTTL
	if maxTTL <= 0 {
		maxTTL = DefaultMaxTTL
	}
	if ttl := c.ExpiresAt.Sub(c.IssuedAt.Time); ttl > maxTTL {
		return refuse(ReasonLifetimeTooLong, accessKey, fmt.Errorf("token is valid for %s, more than %s", ttl, maxTTL))
	}

	if c.Data == "" {
		return refuse(ReasonMalformed, accessKey, errors.New("token has no data claim"))
	}
	var got Scope
	if err := json.Unmarshal([]byte(c.Data), &got); err != nil {
		return refuse(ReasonMalformed, accessKey, fmt.Errorf("data claim: %w", err))
	}
	if got != want {
		return refuse(ReasonWrongScope, accessKey, fmt.Errorf("token grants %s, request is for %s", got, want))
	}
	return Caller{AccessKey: accessKey, Site: c.Issuer, ExpiresAt: c.ExpiresAt.Time}, nil
}

// reasonFor maps a jwt parse error to a Reason.
func reasonFor(token *jwt.Token, err error) Reason {
	switch {
	case token != nil && token.Method != nil && token.Method.Alg() != jwt.SigningMethodHS256.Alg():
		return ReasonBadAlgorithm
	case errors.Is(err, jwt.ErrTokenUnverifiable):
		// An algorithm the library does not know.
		return ReasonBadAlgorithm
	case errors.Is(err, jwt.ErrTokenMalformed), errors.Is(err, jwt.ErrTokenRequiredClaimMissing):
		return ReasonMalformed
	case errors.Is(err, jwt.ErrTokenSignatureInvalid):
		return ReasonBadSignature
	case errors.Is(err, jwt.ErrTokenExpired):
		return ReasonExpired
	case errors.Is(err, jwt.ErrTokenNotValidYet), errors.Is(err, jwt.ErrTokenUsedBeforeIssued):
		return ReasonNotYetValid
	case errors.Is(err, jwt.ErrTokenInvalidIssuer):
		return ReasonWrongIssuer
	case errors.Is(err, jwt.ErrTokenInvalidAudience):
		return ReasonWrongAudience
	}
	return ReasonMalformed
}
