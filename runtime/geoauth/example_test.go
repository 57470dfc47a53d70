package geoauth_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/geogen/geogen/runtime/geoauth"
)

func Example() {
	secret := []byte("shared secret of secondary-1 ...")

	// On the secondary: sign a request for one record.
	signer := &geoauth.Signer{AccessKey: "key-1", Secret: secret, Issuer: "secondary-1", Audience: "primary"}
	header, err := signer.Sign(geoauth.BlobScope("package_file", 42))
	if err != nil {
		panic(err)
	}

	// On the primary: verify it for the record the request asks for.
	verifier := &geoauth.Verifier{
		Keys:     geoauth.StaticKeys{"key-1": {Secret: secret, Site: "secondary-1"}},
		Audience: "primary",
	}
	caller, err := verifier.Verify(context.Background(), header, geoauth.BlobScope("package_file", 42))
	fmt.Println(caller.Site, err)

	// The same token does not open another record.
	_, err = verifier.Verify(context.Background(), header, geoauth.BlobScope("package_file", 43))
	var refused *geoauth.Error
	if errors.As(err, &refused) {
		fmt.Println(refused.HTTPStatus(), refused.Reason)
	}
	// Output:
	// secondary-1 <nil>
	// 403 wrong_scope
}
