package rendercache

import (
	"crypto/sha256"
	"encoding/binary"
	"os"

	"github.com/geogen/geogen/generator"
	"github.com/geogen/geogen/generator/manifest"
)

// The cache also keeps generator.CleanRecords, one per geogen.yaml: what
// a check or generate with nothing to do rested on, so that the next one
// on the same manifest verifies the disk (reads the files, walks the
// layout) instead of parsing the manifest, deriving names and comparing
// renderings. A record file is
//
//	cleanMagic, format version (1 byte), key (32 bytes),
//	the layout's four directories, file count, per file: path, SHA-256
//	(32 bytes), migration count, per migration: path, checked, locked,
//	CRC-32C of everything before it (4 bytes, little-endian)
//
// with counts and lengths as uvarints, as in a render entry.
const cleanMagic = "geogen clean\n"

// cleanSuffix names record files: <key in hex>.clean.
const cleanSuffix = ".clean"

// cleanKey is the SHA-256 under which the record for a geogen.yaml of
// these bytes is kept: the bytes themselves with the program's identity,
// since another build may plan differently.
func (c *Cache) cleanKey(manifestBytes []byte) [32]byte {
	h := keyHash("geogen clean record", c.identity)
	field(h, string(manifestBytes))
	var k [32]byte
	h.Sum(k[:0])
	return k
}

// Recall returns the record kept for geogen.yaml's bytes. Every failure
// is a miss. It implements generator.CleanMemo.
func (c *Cache) Recall(manifestBytes []byte) (*generator.CleanRecord, bool) {
	if c == nil {
		return nil, false
	}
	k := c.cleanKey(manifestBytes)
	data, err := os.ReadFile(c.path(k, cleanSuffix))
	if err != nil {
		return nil, false
	}
	r, err := decodeClean(k, data)
	if err != nil {
		return nil, false
	}
	return r, true
}

// Remember keeps r for geogen.yaml's bytes, atomically as put does.
// Failures are ignored: the next run plans as usual.
func (c *Cache) Remember(manifestBytes []byte, r *generator.CleanRecord) {
	if c == nil {
		return
	}
	k := c.cleanKey(manifestBytes)
	c.write(c.path(k, cleanSuffix), encodeClean(k, r))
}

func encodeClean(k [32]byte, r *generator.CleanRecord) []byte {
	b := sealHead(cleanMagic, k)
	for _, d := range []string{r.Layout.Packages, r.Layout.Migrations, r.Layout.Docs, r.Layout.Flags} {
		b = appendString(b, d)
	}
	b = binary.AppendUvarint(b, uint64(len(r.Files)))
	for _, f := range r.Files {
		b = appendString(b, f.Path)
		b = append(b, f.Sum[:]...)
	}
	b = binary.AppendUvarint(b, uint64(len(r.Migrations)))
	for _, m := range r.Migrations {
		b = appendString(b, m)
	}
	b = binary.AppendUvarint(b, uint64(r.Checked))
	b = binary.AppendUvarint(b, uint64(r.Locked))
	return seal(b)
}

// decodeClean reads back what encodeClean wrote under k; anything short
// of a whole, intact record for k is an error.
func decodeClean(k [32]byte, data []byte) (*generator.CleanRecord, error) {
	body, err := unseal(cleanMagic, k, data)
	if err != nil {
		return nil, err
	}
	rd := reader{b: body}
	r := &generator.CleanRecord{Layout: manifest.Layout{
		Packages: string(rd.bytes()), Migrations: string(rd.bytes()), Docs: string(rd.bytes()), Flags: string(rd.bytes()),
	}}
	n := rd.uvarint()
	if n > uint64(len(rd.b)) {
		return nil, errCorrupt
	}
	r.Files = make([]generator.RecordedFile, n)
	for i := range r.Files {
		r.Files[i].Path = string(rd.bytes())
		copy(r.Files[i].Sum[:], rd.fixed(sha256.Size))
		if i > 0 && r.Files[i-1].Path >= r.Files[i].Path {
			return nil, errCorrupt
		}
	}
	n = rd.uvarint()
	if n > uint64(len(rd.b)) {
		return nil, errCorrupt
	}
	r.Migrations = make([]string, n)
	for i := range r.Migrations {
		r.Migrations[i] = string(rd.bytes())
	}
	r.Checked, r.Locked = int(rd.uvarint()), int(rd.uvarint())
	if rd.err != nil || len(rd.b) != 0 {
		return nil, errCorrupt
	}
	return r, nil
}
