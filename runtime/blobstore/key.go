package blobstore

import (
	"fmt"
	"strings"
)

const (
	// maxKeyLen bounds a key well below PATH_MAX once joined to a root.
	maxKeyLen = 1024
	// maxSegmentLen is NAME_MAX on the common Linux filesystems.
	maxSegmentLen = 255
)

// KeyError reports a key that cannot name a blob. It matches ErrInvalidKey
// with errors.Is.
type KeyError struct {
	Key    string
	Reason string
}

func (e *KeyError) Error() string {
	return fmt.Sprintf("blobstore: invalid key %q: %s (keys are relative slash-separated paths such as \"uploads/ab/cd/file.bin\")", e.Key, e.Reason)
}

// Unwrap returns ErrInvalidKey.
func (e *KeyError) Unwrap() error { return ErrInvalidKey }

// ValidateKey reports whether key can name a blob. A key is a relative path
// of one or more segments separated by "/": it must not be empty or longer
// than 1024 bytes, start with "/", contain a backslash or a NUL byte, or
// have an empty, "." or ".." segment or one longer than 255 bytes. A segment
// must not start with ".tmp-", the prefix reserved for temporary files.
func ValidateKey(key string) error {
	bad := func(reason string) error { return &KeyError{Key: key, Reason: reason} }
	switch {
	case key == "":
		return bad("empty key")
	case len(key) > maxKeyLen:
		return bad(fmt.Sprintf("longer than %d bytes", maxKeyLen))
	case strings.HasPrefix(key, "/"):
		return bad("absolute path")
	case strings.Contains(key, `\`):
		return bad("contains a backslash")
	case strings.ContainsRune(key, 0):
		return bad("contains a NUL byte")
	}
	for seg := range strings.SplitSeq(key, "/") {
		switch {
		case seg == "":
			return bad("empty path segment")
		case seg == "." || seg == "..":
			return bad(fmt.Sprintf("path segment %q", seg))
		case len(seg) > maxSegmentLen:
			return bad(fmt.Sprintf("path segment longer than %d bytes", maxSegmentLen))
		case strings.HasPrefix(seg, tempPrefix):
			return bad(fmt.Sprintf("path segment starts with %q, which is reserved for temporary files", tempPrefix))
		}
	}
	return nil
}
