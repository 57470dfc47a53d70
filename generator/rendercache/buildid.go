package rendercache

import (
	"bytes"
	"debug/elf"
	"debug/macho"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"strconv"
	"strings"
)

// The form in which the Go linker writes the build ID into the text
// segment of non-ELF binaries (cmd/internal/buildid reads it the same
// way); ELF binaries carry it in a note instead.
var (
	buildIDPrefix = []byte("\xff Go build ID: \"")
	buildIDSuffix = []byte("\"\n \xff")
)

// rawWindow is how much of a binary, or of its text section, is searched
// for the build ID: it sits at the very start, as `go tool buildid`
// expects.
const rawWindow = 32 << 10

// executableBuildID returns the Go build ID of the running program. On
// Linux it reads /proc/self/exe, the image actually running even if the
// file it came from has since been replaced by a new build; elsewhere
// the path os.Executable reports.
func executableBuildID() (string, error) {
	exe := "/proc/self/exe"
	if runtime.GOOS != "linux" {
		var err error
		if exe, err = os.Executable(); err != nil {
			return "", err
		}
	}
	f, err := os.Open(exe)
	if err != nil {
		return "", err
	}
	defer f.Close()
	return readBuildID(f)
}

// readBuildID returns the Go build ID of an executable, or an error when
// it has none usable as an identity.
func readBuildID(r io.ReaderAt) (string, error) {
	head := make([]byte, rawWindow)
	n, err := r.ReadAt(head, 0)
	if err != nil && !errors.Is(err, io.EOF) {
		return "", err
	}
	head = head[:n]
	var id string
	switch {
	case bytes.HasPrefix(head, []byte(elf.ELFMAG)):
		id, err = elfBuildID(r)
	case isMachO(head):
		id, err = machoBuildID(r)
	default: // PE and the rest: the text segment starts within the window
		id, err = rawBuildID(head)
	}
	if err != nil {
		return "", err
	}
	if !plausibleBuildID(id) {
		return "", fmt.Errorf("build ID %q is not one the go command writes", id)
	}
	return id, nil
}

// elfBuildID reads the Go note: name "Go", type 4.
func elfBuildID(r io.ReaderAt) (string, error) {
	f, err := elf.NewFile(r)
	if err != nil {
		return "", err
	}
	s := f.Section(".note.go.buildid")
	if s == nil {
		return "", errors.New("no Go build ID note")
	}
	data, err := s.Data()
	if err != nil {
		return "", err
	}
	order := f.ByteOrder
	if len(data) < 16 {
		return "", errors.New("short Go build ID note")
	}
	nameSize, descSize, typ := order.Uint32(data), order.Uint32(data[4:]), order.Uint32(data[8:])
	descAt := 12 + (uint64(nameSize)+3)&^3
	if typ != 4 || nameSize != 4 || string(data[12:15]) != "Go\x00" || descAt+uint64(descSize) > uint64(len(data)) {
		return "", errors.New("malformed Go build ID note")
	}
	return string(data[descAt : descAt+uint64(descSize)]), nil
}

func isMachO(head []byte) bool {
	if len(head) < 4 {
		return false
	}
	switch binary.LittleEndian.Uint32(head) {
	case macho.Magic32, macho.Magic64, macho.MagicFat:
		return true
	}
	switch binary.BigEndian.Uint32(head) {
	case macho.Magic32, macho.Magic64, macho.MagicFat:
		return true
	}
	return false
}

// machoBuildID reads the start of the __text section, where the linker
// puts the build ID on Darwin.
func machoBuildID(r io.ReaderAt) (string, error) {
	f, err := macho.NewFile(r)
	if err != nil {
		return "", err
	}
	s := f.Section("__text")
	if s == nil {
		return "", errors.New("no __text section")
	}
	buf := make([]byte, min(s.Size, rawWindow))
	if _, err := r.ReadAt(buf, int64(s.Offset)); err != nil {
		return "", err
	}
	return rawBuildID(buf)
}

func rawBuildID(data []byte) (string, error) {
	i := bytes.Index(data, buildIDPrefix)
	if i < 0 {
		return "", errors.New("no Go build ID")
	}
	quoted := data[i+len(buildIDPrefix)-1:] // from the opening quote
	j := bytes.Index(quoted, buildIDSuffix)
	if j < 0 {
		return "", errors.New("unterminated Go build ID")
	}
	return strconv.Unquote(string(quoted[:j+1]))
}

// plausibleBuildID accepts what the go command writes: hashes, base64url
// encoded, joined by slashes. It rejects an empty ID and placeholders
// some build systems substitute ("redacted"), which are the same for
// every build and would let one build's renderings answer for another's.
func plausibleBuildID(id string) bool {
	parts := strings.Split(id, "/")
	if len(parts) < 2 {
		return false
	}
	for _, p := range parts {
		if len(p) < 16 || strings.IndexFunc(p, func(c rune) bool {
			return !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_')
		}) >= 0 {
			return false
		}
	}
	return true
}
