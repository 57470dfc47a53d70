package cloud_test

import (
	"context"
	"strings"
	"testing"

	"gocloud.dev/blob/fileblob"
	_ "gocloud.dev/blob/memblob"

	"github.com/geogen/geogen/runtime/blobstore"
	"github.com/geogen/geogen/runtime/blobstore/cloud"
	"github.com/geogen/geogen/runtime/blobstore/storetest"
)

func TestConformance(t *testing.T) {
	tests := []struct {
		name string
		open func(t *testing.T) blobstore.Store
	}{
		{"memblob", func(t *testing.T) blobstore.Store {
			s, err := cloud.Open(context.Background(), "mem://")
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { s.Close() })
			return s
		}},
		{"fileblob", func(t *testing.T) blobstore.Store {
			b, err := fileblob.OpenBucket(t.TempDir(), &fileblob.Options{NoTempDir: true})
			if err != nil {
				t.Fatal(err)
			}
			s := cloud.New(b)
			t.Cleanup(func() { s.Close() })
			return s
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { storetest.Run(t, tt.open) })
	}
}

func TestStatReportsVerifiedChecksum(t *testing.T) {
	ctx := context.Background()
	s, err := cloud.Open(ctx, "mem://")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	data := []byte("verified content")
	sum := storetest.SHA256Hex(data)
	if _, err := s.Put(ctx, "checked", strings.NewReader(string(data)), blobstore.PutOptions{ExpectedSHA256: sum}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Put(ctx, "unchecked", strings.NewReader(string(data)), blobstore.PutOptions{}); err != nil {
		t.Fatal(err)
	}
	for key, want := range map[string]string{"checked": sum, "unchecked": ""} {
		info, err := s.Stat(ctx, key)
		if err != nil {
			t.Fatal(err)
		}
		if info.SHA256 != want {
			t.Errorf("stat %q: SHA256 = %q, want %q", key, info.SHA256, want)
		}
	}
}

func TestOpenUnknownScheme(t *testing.T) {
	_, err := cloud.Open(context.Background(), "nosuch://bucket")
	if err == nil || !strings.Contains(err.Error(), "driver") {
		t.Errorf("open with an unregistered scheme: err = %v, want one naming the missing driver", err)
	}
}
