package rendercache

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"strings"

	"github.com/geogen/geogen/generator"
)

// An entry file is
//
//	magic, format version (1 byte), key (32 bytes),
//	file count, then per file: path, kind, replicable, artifact,
//	flags (1 byte: retain, nil content), content,
//	SHA-256 of everything before it (32 bytes)
//
// with counts and lengths as uvarints before each string. The key inside
// guards against an entry copied or renamed to another key's name; the
// checksum against a torn or damaged file.
const magic = "geogen render\n"

var errCorrupt = errors.New("corrupt cache entry")

// encodeEntry serialises files under key.
func encodeEntry(k [32]byte, files []generator.File) []byte {
	size := len(magic) + 1 + len(k) + binary.MaxVarintLen64 + sha256.Size
	for i := range files {
		f := &files[i]
		size += 5*binary.MaxVarintLen64 + 1 + len(f.Path) + len(f.Kind) + len(f.Replicable) + len(f.Artifact) + len(f.Content)
	}
	b := make([]byte, 0, size)
	b = append(b, magic...)
	b = append(b, formatVersion)
	b = append(b, k[:]...)
	b = binary.AppendUvarint(b, uint64(len(files)))
	for i := range files {
		f := &files[i]
		b = appendString(b, f.Path)
		b = appendString(b, string(f.Kind))
		b = appendString(b, f.Replicable)
		b = appendString(b, f.Artifact)
		var flags byte
		if f.Retain {
			flags |= flagRetain
		}
		if f.Content == nil {
			flags |= flagNilContent
		}
		b = append(b, flags)
		b = appendString(b, string(f.Content))
	}
	sum := sha256.Sum256(b)
	return append(b, sum[:]...)
}

// decodeEntry reads back what encodeEntry wrote under k. The contents
// share data's memory. Anything short of a whole, intact entry for k,
// holding files as GenerateProject returns them (sorted by unique path,
// of a known kind), is an error.
func decodeEntry(k [32]byte, data []byte) ([]generator.File, error) {
	head := len(magic) + 1 + len(k)
	if len(data) < head+sha256.Size {
		return nil, errCorrupt
	}
	body, sum := data[:len(data)-sha256.Size], data[len(data)-sha256.Size:]
	if string(body[:len(magic)]) != magic || body[len(magic)] != formatVersion || !bytes.Equal(body[len(magic)+1:head], k[:]) {
		return nil, errCorrupt
	}
	if want := sha256.Sum256(body); !bytes.Equal(sum, want[:]) {
		return nil, errCorrupt
	}
	r := reader{b: body[head:]}
	n := r.uvarint()
	if n > uint64(len(r.b)) { // every file takes at least a byte
		return nil, errCorrupt
	}
	files := make([]generator.File, n)
	for i := range files {
		f := &files[i]
		f.Path = string(r.bytes())
		f.Kind = generator.Kind(r.bytes())
		f.Replicable = string(r.bytes())
		f.Artifact = string(r.bytes())
		flags := r.flags()
		f.Retain = flags&flagRetain != 0
		f.Content = r.bytes()
		if flags&flagNilContent != 0 {
			f.Content = nil
		}
		if r.err != nil {
			return nil, r.err
		}
		if f.Kind != generator.Owned && f.Kind != generator.ScaffoldOnce || i > 0 && strings.Compare(files[i-1].Path, f.Path) >= 0 {
			return nil, errCorrupt
		}
	}
	if r.err != nil || len(r.b) != 0 {
		return nil, errCorrupt
	}
	return files, nil
}

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

// The flags of a file.
const (
	flagRetain     = 1 << iota
	flagNilContent // nil, not just empty: the cache returns what rendering did
	flagsKnown     = flagRetain | flagNilContent
)

// reader consumes an entry's body; after the first error every read
// returns zero values and err stays set.
type reader struct {
	b   []byte
	err error
}

func (r *reader) uvarint() uint64 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.err = errCorrupt
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *reader) bytes() []byte {
	n := r.uvarint()
	if r.err != nil || n > uint64(len(r.b)) {
		r.err = errCorrupt
		return nil
	}
	out := r.b[:n:n] // capped: appending to one file's content never reaches the next
	r.b = r.b[n:]
	return out
}

func (r *reader) flags() byte {
	if r.err != nil || len(r.b) == 0 {
		r.err = errCorrupt
		return 0
	}
	c := r.b[0]
	r.b = r.b[1:]
	if c&^flagsKnown != 0 {
		r.err = errCorrupt
	}
	return c
}
