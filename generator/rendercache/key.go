package rendercache

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"hash"
	"runtime"

	"github.com/geogen/geogen/generator"
)

// formatVersion changes whenever the entry layout or the key's
// derivation does, so that entries of another layout are never read.
const formatVersion = 3

// key is the SHA-256 under which the files of p rendered with table by
// the program identified by identity (its build ID) are stored.
//
// The project is encoded as JSON: encoding/json writes struct fields in
// declaration order and every field of generator.Project is an exported
// string, integer or struct of them (TestProjectEncodingIsComplete keeps
// it so), so equal projects give equal bytes and a field added later is
// covered without touching this code. The rows' functions cannot be
// hashed; the build ID stands for them, as it does for the toolchain and
// the target, which are hashed too only because they cost nothing.
func key(identity string, p *generator.Project, table []generator.Artifact) ([32]byte, error) {
	proj, err := json.Marshal(p)
	if err != nil {
		return [32]byte{}, err
	}
	h := keyHash("geogen render cache", identity)
	field(h, string(proj))
	binary.Write(h, binary.LittleEndian, uint32(len(table)))
	for i := range table {
		a := &table[i]
		field(h, a.Name)
		field(h, string(a.Kind))
		binary.Write(h, binary.LittleEndian, [4]int32{int32(a.Scope), b2i(a.Retain), b2i(a.Formatted), b2i(a.When != nil)})
	}
	var k [32]byte
	h.Sum(k[:0])
	return k, nil
}

// keyHash starts a key of the cache: what it is the key of, the format
// version, and the program rendering (its build ID, and the toolchain
// and target, which cost nothing to add).
func keyHash(what, identity string) hash.Hash {
	h := sha256.New()
	field(h, what)
	binary.Write(h, binary.LittleEndian, uint32(formatVersion))
	field(h, identity)
	field(h, runtime.Version()+" "+runtime.GOOS+"/"+runtime.GOARCH)
	return h
}

// field writes s with its length first, so that no two sequences of
// fields hash alike.
func field(h hash.Hash, s string) {
	binary.Write(h, binary.LittleEndian, uint64(len(s)))
	h.Write([]byte(s))
}

func b2i(b bool) int32 {
	if b {
		return 1
	}
	return 0
}
