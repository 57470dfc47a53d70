package rendercache

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"strings"

	"github.com/geogen/geogen/generator"
)

// An entry file is
//
//	magic, format version (1 byte), key (32 bytes),
//	file count, then per file: path, kind, replicable, artifact,
//	flags (1 byte: retain, nil content), content, sum (the lock's hash),
//	CRC-32C of everything before it (4 bytes, little-endian)
//
// with counts and lengths as uvarints before each string. The key inside
// guards against an entry copied or renamed to another key's name; the
// checksum against a torn or damaged file.
//
// A CRC, not a cryptographic hash: the checksum guards against accidents
// (a disk or a copy that flips or drops bytes, a file cut short), which
// CRC-32C detects (every burst up to 32 bits, any odd number of flipped
// bits, all else but one in 2^32), not against someone forging an entry.
// The cache is in the user's own cache directory: whoever can write
// there can already change what geogen runs (the same user's files,
// shell start-up, the go command's build cache), so a forged entry gives
// no power a keyed hash would take away. Castagnoli's polynomial is the
// one processors compute in hardware, which makes checking the 2.5 MB
// entry of a 100-type project take a fraction of a millisecond where
// SHA-256 took several, on every warm check.
const magic = "geogen render\n"

// crcTable is CRC-32C's (Castagnoli's) table.
var crcTable = crc32.MakeTable(crc32.Castagnoli)

// crcSize is the length of an entry's checksum.
const crcSize = 4

var errCorrupt = errors.New("corrupt cache entry")

// encodeEntry serialises files under key.
func encodeEntry(k [32]byte, files []generator.File) []byte {
	size := len(magic) + 1 + len(k) + binary.MaxVarintLen64 + crcSize
	for i := range files {
		f := &files[i]
		size += 6*binary.MaxVarintLen64 + 1 + len(f.Path) + len(f.Kind) + len(f.Replicable) + len(f.Artifact) + len(f.Content) + len(f.Sum)
	}
	b := append(make([]byte, 0, size), sealHead(magic, k)...)
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
		b = appendString(b, f.Sum)
	}
	return seal(b)
}

// decodeEntry reads back what encodeEntry wrote under k. The contents
// share data's memory. Anything short of a whole, intact entry for k,
// holding files as GenerateProject returns them (sorted by unique path,
// of a known kind), is an error.
func decodeEntry(k [32]byte, data []byte) ([]generator.File, error) {
	body, err := unseal(magic, k, data)
	if err != nil {
		return nil, err
	}
	r := reader{b: body}
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
		f.Sum = string(r.bytes())
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

// sealHead starts a file of the cache: its magic, the format version
// and the key it is stored under.
func sealHead(magic string, k [32]byte) []byte {
	b := append([]byte(magic), formatVersion)
	return append(b, k[:]...)
}

// seal ends a file begun by sealHead with the CRC-32C of all of it.
func seal(b []byte) []byte {
	return binary.LittleEndian.AppendUint32(b, crc32.Checksum(b, crcTable))
}

// unseal returns what follows the head of a sealed file: an error
// unless data is whole, intact, of this magic and format, and for k.
func unseal(magic string, k [32]byte, data []byte) ([]byte, error) {
	head := len(magic) + 1 + len(k)
	if len(data) < head+crcSize {
		return nil, errCorrupt
	}
	body, sum := data[:len(data)-crcSize], data[len(data)-crcSize:]
	if string(body[:len(magic)]) != magic || body[len(magic)] != formatVersion || !bytes.Equal(body[len(magic)+1:head], k[:]) {
		return nil, errCorrupt
	}
	if binary.LittleEndian.Uint32(sum) != crc32.Checksum(body, crcTable) {
		return nil, errCorrupt
	}
	return body[head:], nil
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

// fixed consumes n bytes.
func (r *reader) fixed(n int) []byte {
	if r.err != nil || len(r.b) < n {
		r.err = errCorrupt
		return make([]byte, n)
	}
	out := r.b[:n:n]
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
