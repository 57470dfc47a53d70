package gitrepo

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"slices"
)

// checksummedRefs are the ref namespaces the checksum covers.
var checksummedRefs = []string{"refs/heads/", "refs/tags/", "refs/keep-around/"}

// Checksum returns the checksum of the repository at path (see the
// package doc), or nil when it has no branch, tag or keep-around ref.
func Checksum(ctx context.Context, path string) ([]byte, error) {
	return runner{}.checksum(ctx, path)
}

func (r runner) checksum(ctx context.Context, path string) ([]byte, error) {
	args := append([]string{"for-each-ref", "--format=%(refname) %(objectname)"}, checksummedRefs...)
	out, err := r.run(ctx, path, nil, args...)
	if err != nil {
		return nil, fmt.Errorf("gitrepo: checksum of %s: %w", path, err)
	}
	lines := bytes.SplitAfter(out, []byte("\n"))
	if n := len(lines); n > 0 && len(lines[n-1]) == 0 {
		lines = lines[:n-1]
	}
	if len(lines) == 0 {
		return nil, nil
	}
	// for-each-ref sorts by refname already; sorting again pins the byte
	// order whatever git's collation.
	slices.SortFunc(lines, bytes.Compare)
	h := sha256.New()
	for _, l := range lines {
		h.Write(l)
	}
	return h.Sum(nil), nil
}
