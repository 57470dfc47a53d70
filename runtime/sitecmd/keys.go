package sitecmd

import (
	"context"
	"errors"

	"github.com/geogen/geogen/runtime/geoauth"
	"github.com/geogen/geogen/runtime/siteconfig"
)

// sharedKeys is the primary's KeyStore: every site holds the one shared
// secret, and its access key is its name (the token's issuer must be
// that name).
type sharedKeys struct{ secret []byte }

func (k sharedKeys) LookupKey(_ context.Context, accessKey string) (geoauth.Key, error) {
	if accessKey == "" {
		return geoauth.Key{}, errors.New("empty access key")
	}
	return geoauth.Key{Secret: k.secret, Site: accessKey}, nil
}

// primaryAudience is the aud claim of tokens for a primary.
const primaryAudience = "primary"

func verifier(cfg siteconfig.Config) *geoauth.Verifier {
	return &geoauth.Verifier{Keys: sharedKeys{[]byte(cfg.SiteSecret.Reveal())}, Audience: primaryAudience}
}

func signer(cfg siteconfig.Config) *geoauth.Signer {
	return &geoauth.Signer{AccessKey: cfg.SiteName, Secret: []byte(cfg.SiteSecret.Reveal()), Issuer: cfg.SiteName, Audience: primaryAudience}
}
