package generator

import "bytes"

// conflictMarker returns the 1-based line of the first git conflict
// marker in content, or 0. Only the opening and closing markers count: a
// line of "=======" is also a Markdown heading underline.
func conflictMarker(content []byte) int {
	line := 1
	for rest := content; len(rest) > 0; line++ {
		if bytes.HasPrefix(rest, []byte("<<<<<<< ")) || bytes.HasPrefix(rest, []byte(">>>>>>> ")) {
			return line
		}
		i := bytes.IndexByte(rest, '\n')
		if i < 0 {
			break
		}
		rest = rest[i+1:]
	}
	return 0
}
