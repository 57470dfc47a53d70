package geoauth

import (
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

const (
	// Scheme is the Authorization scheme of site-to-site requests.
	Scheme = "GL-Geo"
	// DefaultTTL is how long a signed token is valid.
	DefaultTTL = time.Minute
	// MinSecretLen is the shortest secret Signer and Verifier accept.
	MinSecretLen = 16
)

// Clock tells the time. runtime/clock's System and Fake implement it.
type Clock interface {
	Now() time.Time
}

type systemClock struct{}

func (systemClock) Now() time.Time { return time.Now() }

// claims is the token's payload. Data holds the Scope as a JSON string, as
// GitLab encodes it.
type claims struct {
	Data string `json:"data"`
	jwt.RegisteredClaims
}

// Signer makes the Authorization headers a site sends to another.
// A Signer is safe for concurrent use once configured.
type Signer struct {
	// AccessKey identifies the shared secret to the verifying site.
	AccessKey string
	// Secret is the shared secret, at least MinSecretLen bytes.
	Secret []byte
	// Issuer is this site's name (the iss claim); may be empty.
	Issuer string
	// Audience is the receiving site's name (the aud claim); may be empty.
	Audience string
	// TTL is how long tokens are valid; zero means DefaultTTL.
	TTL time.Duration
	// Clock gives the issue time; nil means the system clock.
	Clock Clock
}

// Sign returns an Authorization header value, "GL-Geo <access_key>:<jwt>",
// granting access to scope only.
func (s *Signer) Sign(scope Scope) (string, error) {
	if err := scope.Validate(); err != nil {
		return "", err
	}
	if err := validAccessKey(s.AccessKey); err != nil {
		return "", fmt.Errorf("geoauth: sign: %w", err)
	}
	if len(s.Secret) < MinSecretLen {
		return "", fmt.Errorf("geoauth: sign: secret for access key %s is shorter than %d bytes", s.AccessKey, MinSecretLen)
	}
	data, err := json.Marshal(scope)
	if err != nil {
		return "", fmt.Errorf("geoauth: sign: %w", err)
	}
	ttl := s.TTL
	if ttl <= 0 {
		ttl = DefaultTTL
	}
	clk := s.Clock
	if clk == nil {
		clk = systemClock{}
	}
	now := clk.Now()
	c := claims{
		Data: string(data),
		RegisteredClaims: jwt.RegisteredClaims{
			Issuer:    s.Issuer,
			ExpiresAt: jwt.NewNumericDate(now.Add(ttl)),
			IssuedAt:  jwt.NewNumericDate(now),
			NotBefore: jwt.NewNumericDate(now),
			ID:        rand.Text(),
		},
	}
	if s.Audience != "" {
		c.Audience = jwt.ClaimStrings{s.Audience}
	}
	token, err := jwt.NewWithClaims(jwt.SigningMethodHS256, c).SignedString(s.Secret)
	if err != nil {
		return "", fmt.Errorf("geoauth: sign: %w", err)
	}
	return Scheme + " " + s.AccessKey + ":" + token, nil
}

// validAccessKey rejects keys that cannot be carried in the header.
func validAccessKey(key string) error {
	switch {
	case key == "":
		return errors.New("empty access key")
	case len(key) > 255:
		return errors.New("access key longer than 255 bytes")
	case strings.ContainsAny(key, ": \t\r\n"):
		return fmt.Errorf("access key %q contains a colon or white space", key)
	}
	return nil
}
