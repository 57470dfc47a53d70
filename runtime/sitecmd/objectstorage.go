package sitecmd

import (
	"context"
	"fmt"
	"net/url"
	"sort"
	"strings"
	"sync"

	"github.com/geogen/geogen/runtime/blobstore"
)

// ObjectStorageOpener opens a blob store by URL.
type ObjectStorageOpener func(ctx context.Context, url string) (blobstore.Store, error)

var (
	openersMu sync.Mutex
	openers   = map[string]ObjectStorageOpener{}
)

// RegisterObjectStorage makes storage.blobs URLs with the scheme open
// with open. The binary links no object storage library by itself; a
// project that keeps blobs in object storage adds a file to cmd/geo:
//
//	import (
//		"github.com/geogen/geogen/runtime/blobstore/cloud"
//		_ "gocloud.dev/blob/s3blob"
//	)
//
//	func init() {
//		sitecmd.RegisterObjectStorage("s3", func(ctx context.Context, url string) (blobstore.Store, error) {
//			return cloud.Open(ctx, url)
//		})
//	}
func RegisterObjectStorage(scheme string, open ObjectStorageOpener) {
	openersMu.Lock()
	defer openersMu.Unlock()
	openers[scheme] = open
}

// openObjectStorage opens a bucket by URL with its scheme's opener.
func openObjectStorage(ctx context.Context, key, location string) (blobstore.Store, func(), error) {
	u, err := url.Parse(location)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", key, err)
	}
	openersMu.Lock()
	open, ok := openers[u.Scheme]
	var known []string
	for s := range openers {
		known = append(known, s)
	}
	openersMu.Unlock()
	if !ok {
		sort.Strings(known)
		return nil, nil, fmt.Errorf("%s: no object storage registered for %s:// (registered: %s); "+
			"add a file to cmd/geo that calls sitecmd.RegisterObjectStorage(%q, …) (see its documentation), or use a directory",
			key, u.Scheme, orNone(known), u.Scheme)
	}
	s, err := open(ctx, location)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", key, err)
	}
	closeFn := func() {}
	if c, ok := s.(interface{ Close() error }); ok {
		closeFn = func() { c.Close() }
	}
	return s, closeFn, nil
}

func orNone(s []string) string {
	if len(s) == 0 {
		return "none"
	}
	return strings.Join(s, ", ")
}
