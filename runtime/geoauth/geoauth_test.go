package geoauth

import (
	"context"
	"encoding/base64"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

const (
	testKey    = "secondary-1-key"
	testSecret = "0123456789abcdef0123456789abcdef"
)

var t0 = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func fixedClock(t time.Time) *fakeClock { return &fakeClock{now: t} }

func testSigner() *Signer {
	return &Signer{
		AccessKey: testKey,
		Secret:    []byte(testSecret),
		Issuer:    "secondary-1",
		Audience:  "primary",
		Clock:     fixedClock(t0),
	}
}

func testVerifier(now time.Time) *Verifier {
	return &Verifier{
		Keys: StaticKeys{
			testKey:     {Secret: []byte(testSecret), Site: "secondary-1"},
			"other-key": {Secret: []byte("another secret of 32 bytes......")},
		},
		Audience: "primary",
		Clock:    fixedClock(now),
	}
}

func mustSign(t *testing.T, s *Signer, scope Scope) string {
	t.Helper()
	h, err := s.Sign(scope)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// handMade builds a header around a token whose parts are given as JSON,
// signed (or not) by sign.
func handMade(accessKey, headerJSON, claimsJSON string, sign func(signingInput string) []byte) string {
	enc := base64.RawURLEncoding
	input := enc.EncodeToString([]byte(headerJSON)) + "." + enc.EncodeToString([]byte(claimsJSON))
	return Scheme + " " + accessKey + ":" + input + "." + enc.EncodeToString(sign(input))
}

func hmacSign(secret string) func(string) []byte {
	return func(input string) []byte {
		sig, err := jwt.SigningMethodHS256.Sign(input, []byte(secret))
		if err != nil {
			panic(err)
		}
		return sig
	}
}

func TestVerify(t *testing.T) {
	blob := BlobScope("package_file", 42)
	repo := RepositoryScope("group/project")
	validClaims := `{"data":"{\"replicable_name\":\"package_file\",\"replicable_id\":42}","iat":` +
		itoa(t0.Unix()) + `,"exp":` + itoa(t0.Add(time.Minute).Unix()) + `,"aud":"primary","iss":"secondary-1"}`

	tests := []struct {
		name   string
		header func(t *testing.T) string
		now    time.Time
		want   Scope
		reason Reason // empty: accepted
	}{
		{
			name:   "valid",
			header: func(t *testing.T) string { return mustSign(t, testSigner(), blob) },
			now:    t0.Add(30 * time.Second),
			want:   blob,
		},
		{
			name:   "valid repository scope",
			header: func(t *testing.T) string { return mustSign(t, testSigner(), repo) },
			now:    t0,
			want:   repo,
		},
		{
			name: "hand-made HS256 token accepted",
			header: func(*testing.T) string {
				return handMade(testKey, `{"alg":"HS256","typ":"JWT"}`, validClaims, hmacSign(testSecret))
			},
			now:  t0,
			want: blob,
		},
		{
			name:   "expired but within leeway",
			header: func(t *testing.T) string { return mustSign(t, testSigner(), blob) },
			now:    t0.Add(time.Minute + 59*time.Second),
			want:   blob,
		},
		{
			name:   "issued in the future within leeway",
			header: func(t *testing.T) string { return mustSign(t, testSigner(), blob) },
			now:    t0.Add(-50 * time.Second),
			want:   blob,
		},
		{
			name:   "expired beyond leeway",
			header: func(t *testing.T) string { return mustSign(t, testSigner(), blob) },
			now:    t0.Add(time.Minute + 61*time.Second),
			want:   blob,
			reason: ReasonExpired,
		},
		{
			name:   "issued in the future beyond leeway",
			header: func(t *testing.T) string { return mustSign(t, testSigner(), blob) },
			now:    t0.Add(-2 * time.Minute),
			want:   blob,
			reason: ReasonNotYetValid,
		},
		{
			name: "forged with another secret",
			header: func(t *testing.T) string {
				s := testSigner()
				s.Secret = []byte("not the shared secret, but long enough")
				return mustSign(t, s, blob)
			},
			now:    t0,
			want:   blob,
			reason: ReasonBadSignature,
		},
		{
			name: "signature of another token",
			header: func(t *testing.T) string {
				a := mustSign(t, testSigner(), blob)
				b := mustSign(t, testSigner(), BlobScope("package_file", 43))
				return a[:strings.LastIndex(a, ".")] + b[strings.LastIndex(b, "."):]
			},
			now:    t0,
			want:   blob,
			reason: ReasonBadSignature,
		},
		{
			name:   "wrong record",
			header: func(t *testing.T) string { return mustSign(t, testSigner(), BlobScope("package_file", 43)) },
			now:    t0,
			want:   blob,
			reason: ReasonWrongScope,
		},
		{
			name:   "wrong replicable",
			header: func(t *testing.T) string { return mustSign(t, testSigner(), BlobScope("upload", 42)) },
			now:    t0,
			want:   blob,
			reason: ReasonWrongScope,
		},
		{
			name:   "blob token used for a repository",
			header: func(t *testing.T) string { return mustSign(t, testSigner(), blob) },
			now:    t0,
			want:   repo,
			reason: ReasonWrongScope,
		},
		{
			name: "alg none",
			header: func(*testing.T) string {
				return handMade(testKey, `{"alg":"none","typ":"JWT"}`, validClaims, func(string) []byte { return nil })
			},
			now:    t0,
			want:   blob,
			reason: ReasonBadAlgorithm,
		},
		{
			name: "alg none via the library",
			header: func(t *testing.T) string {
				c := claims{Data: `{"replicable_name":"package_file","replicable_id":42}`, RegisteredClaims: jwt.RegisteredClaims{
					IssuedAt: jwt.NewNumericDate(t0), ExpiresAt: jwt.NewNumericDate(t0.Add(time.Minute)),
				}}
				s, err := jwt.NewWithClaims(jwt.SigningMethodNone, c).SignedString(jwt.UnsafeAllowNoneSignatureType)
				if err != nil {
					t.Fatal(err)
				}
				return Scheme + " " + testKey + ":" + s
			},
			now:    t0,
			want:   blob,
			reason: ReasonBadAlgorithm,
		},
		{
			// Algorithm confusion: an RS256 header with an HMAC of the
			// shared secret must not be accepted.
			name: "RS256 header",
			header: func(*testing.T) string {
				return handMade(testKey, `{"alg":"RS256","typ":"JWT"}`, validClaims, hmacSign(testSecret))
			},
			now:    t0,
			want:   blob,
			reason: ReasonBadAlgorithm,
		},
		{
			name: "HS512",
			header: func(*testing.T) string {
				return handMade(testKey, `{"alg":"HS512","typ":"JWT"}`, validClaims, hmacSign(testSecret))
			},
			now:    t0,
			want:   blob,
			reason: ReasonBadAlgorithm,
		},
		{
			name: "unknown algorithm",
			header: func(*testing.T) string {
				return handMade(testKey, `{"alg":"XX999","typ":"JWT"}`, validClaims, hmacSign(testSecret))
			},
			now:    t0,
			want:   blob,
			reason: ReasonBadAlgorithm,
		},
		{
			name: "oversized header",
			header: func(*testing.T) string {
				return Scheme + " " + testKey + ":" + strings.Repeat("a.", MaxHeaderLen)
			},
			now:    t0,
			want:   blob,
			reason: ReasonMalformed,
		},
		{
			name: "unknown access key",
			header: func(t *testing.T) string {
				s := testSigner()
				s.AccessKey = "nobody"
				return mustSign(t, s, blob)
			},
			now:    t0,
			want:   blob,
			reason: ReasonUnknownKey,
		},
		{
			name:   "empty header",
			header: func(*testing.T) string { return "" },
			now:    t0,
			want:   blob,
			reason: ReasonMalformed,
		},
		{
			name: "bearer scheme",
			header: func(t *testing.T) string {
				return "Bearer " + strings.TrimPrefix(mustSign(t, testSigner(), blob), Scheme+" ")
			},
			now:    t0,
			want:   blob,
			reason: ReasonMalformed,
		},
		{
			name:   "no access key separator",
			header: func(*testing.T) string { return Scheme + " justatoken" },
			now:    t0,
			want:   blob,
			reason: ReasonMalformed,
		},
		{
			name:   "garbage token",
			header: func(*testing.T) string { return Scheme + " " + testKey + ":not.a.jwt" },
			now:    t0,
			want:   blob,
			reason: ReasonMalformed,
		},
		{
			name: "no exp",
			header: func(*testing.T) string {
				return handMade(testKey, `{"alg":"HS256"}`, `{"data":"{\"replicable_name\":\"package_file\",\"replicable_id\":42}","iat":`+itoa(t0.Unix())+`,"aud":"primary","iss":"secondary-1"}`, hmacSign(testSecret))
			},
			now:    t0,
			want:   blob,
			reason: ReasonMalformed,
		},
		{
			name: "no data",
			header: func(*testing.T) string {
				return handMade(testKey, `{"alg":"HS256"}`, `{"iat":`+itoa(t0.Unix())+`,"exp":`+itoa(t0.Unix()+60)+`,"aud":"primary","iss":"secondary-1"}`, hmacSign(testSecret))
			},
			now:    t0,
			want:   blob,
			reason: ReasonMalformed,
		},
		{
			name: "data not JSON",
			header: func(*testing.T) string {
				return handMade(testKey, `{"alg":"HS256"}`, `{"data":"package_file/42","iat":`+itoa(t0.Unix())+`,"exp":`+itoa(t0.Unix()+60)+`,"aud":"primary","iss":"secondary-1"}`, hmacSign(testSecret))
			},
			now:    t0,
			want:   blob,
			reason: ReasonMalformed,
		},
		{
			name: "lifetime too long",
			header: func(t *testing.T) string {
				s := testSigner()
				s.TTL = time.Hour
				return mustSign(t, s, blob)
			},
			now:    t0,
			want:   blob,
			reason: ReasonLifetimeTooLong,
		},
		{
			name: "wrong audience",
			header: func(t *testing.T) string {
				s := testSigner()
				s.Audience = "another-primary"
				return mustSign(t, s, blob)
			},
			now:    t0,
			want:   blob,
			reason: ReasonWrongAudience,
		},
		{
			name: "issuer is not the key's site",
			header: func(t *testing.T) string {
				s := testSigner()
				s.Issuer = "secondary-2"
				return mustSign(t, s, blob)
			},
			now:    t0,
			want:   blob,
			reason: ReasonWrongIssuer,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			header := tt.header(t)
			caller, err := testVerifier(tt.now).Verify(context.Background(), header, tt.want)
			if tt.reason == "" {
				if err != nil {
					t.Fatalf("Verify: %v, want success", err)
				}
				if caller.AccessKey != testKey || caller.Site != "secondary-1" {
					t.Errorf("caller = %+v", caller)
				}
				return
			}
			var ae *Error
			if !errors.As(err, &ae) {
				t.Fatalf("Verify error = %v (%T), want *Error with reason %s", err, err, tt.reason)
			}
			if ae.Reason != tt.reason {
				t.Errorf("reason = %s, want %s (%v)", ae.Reason, tt.reason, err)
			}
			wantStatus, wantKind := http.StatusUnauthorized, ErrUnauthenticated
			if tt.reason == ReasonWrongScope {
				wantStatus, wantKind = http.StatusForbidden, ErrForbidden
			}
			if ae.HTTPStatus() != wantStatus {
				t.Errorf("status = %d, want %d", ae.HTTPStatus(), wantStatus)
			}
			if !errors.Is(err, wantKind) {
				t.Errorf("error %v does not match %v", err, wantKind)
			}
			if strings.Contains(err.Error(), testSecret) {
				t.Errorf("error message contains the secret: %v", err)
			}
		})
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func TestSignClaims(t *testing.T) {
	h := mustSign(t, testSigner(), BlobScope("upload", 7))
	token := h[strings.Index(h, ":")+1:]
	var c claims
	if _, _, err := jwt.NewParser().ParseUnverified(token, &c); err != nil {
		t.Fatal(err)
	}
	if c.Data != `{"replicable_name":"upload","replicable_id":7}` {
		t.Errorf("data claim = %s", c.Data)
	}
	if got := c.ExpiresAt.Sub(c.IssuedAt.Time); got != DefaultTTL {
		t.Errorf("lifetime = %s, want %s", got, DefaultTTL)
	}
	if !c.NotBefore.Equal(t0) || c.Issuer != "secondary-1" || len(c.Audience) != 1 || c.Audience[0] != "primary" || c.ID == "" {
		t.Errorf("claims = %+v", c)
	}
}

func TestSignRejects(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(*Signer)
		scope  Scope
	}{
		{name: "short secret", mutate: func(s *Signer) { s.Secret = []byte("short") }, scope: BlobScope("upload", 1)},
		{name: "empty access key", mutate: func(s *Signer) { s.AccessKey = "" }, scope: BlobScope("upload", 1)},
		{name: "colon in access key", mutate: func(s *Signer) { s.AccessKey = "a:b" }, scope: BlobScope("upload", 1)},
		{name: "empty scope", mutate: func(*Signer) {}, scope: Scope{}},
		{name: "zero id", mutate: func(*Signer) {}, scope: BlobScope("upload", 0)},
		{name: "record and repository", mutate: func(*Signer) {}, scope: Scope{ReplicableName: "upload", ReplicableID: 1, Repository: "g/p"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := testSigner()
			tt.mutate(s)
			if h, err := s.Sign(tt.scope); err == nil {
				t.Errorf("Sign = %q, want error", h)
			}
		})
	}
}

type failingKeys struct{}

func (failingKeys) LookupKey(context.Context, string) (Key, error) {
	return Key{}, errors.New("database is down")
}

func TestVerifierFailureIsNotARefusal(t *testing.T) {
	v := &Verifier{Keys: failingKeys{}, Clock: fixedClock(t0)}
	_, err := v.Verify(context.Background(), mustSign(t, testSigner(), BlobScope("upload", 1)), BlobScope("upload", 1))
	var ae *Error
	if err == nil || errors.As(err, &ae) {
		t.Fatalf("Verify error = %v, want a plain error (a 500, not a 401)", err)
	}
	if _, err := testVerifier(t0).Verify(context.Background(), "x", Scope{}); err == nil || errors.As(err, &ae) {
		t.Fatalf("Verify with an invalid wanted scope = %v, want a plain error", err)
	}
}
