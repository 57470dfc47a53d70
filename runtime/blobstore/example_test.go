package blobstore_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/geogen/geogen/runtime/blobstore"
)

func Example() {
	root, _ := os.MkdirTemp("", "blobs")
	defer os.RemoveAll(root)
	store, err := blobstore.NewDir(root)
	if err != nil {
		panic(err)
	}
	ctx := context.Background()

	info, err := store.Put(ctx, "uploads/ab/hello.txt", strings.NewReader("hello"), blobstore.PutOptions{})
	fmt.Println(info.Size, info.SHA256, err)

	// A blob that does not have the expected checksum is not stored.
	_, err = store.Put(ctx, "uploads/ab/other.txt", strings.NewReader("tampered"), blobstore.PutOptions{ExpectedSHA256: info.SHA256})
	fmt.Println(errors.Is(err, blobstore.ErrChecksumMismatch))
	_, err = store.Stat(ctx, "uploads/ab/other.txt")
	fmt.Println(errors.Is(err, blobstore.ErrNotFound))
	// Output:
	// 5 2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824 <nil>
	// true
	// true
}
