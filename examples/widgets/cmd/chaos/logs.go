package main

import (
	"fmt"
	"os"
	"regexp"
	"strings"
)

// removedRegistries matches the secondary's log line of a consistency
// pass that removed registry rows (and their data).
var removedRegistries = regexp.MustCompile(`msg="registry consistency".* removed=([1-9][0-9]*)`)

// logScanner reads what a site logged since it last looked.
type logScanner struct {
	path   string
	offset int64
}

// removals returns the consistency passes that removed registry rows
// since the last call. The harness never deletes a record, so each one
// removed the registry (and the copy) of a record that exists.
func (s *logScanner) removals() ([]string, error) {
	raw, err := os.ReadFile(s.path)
	if err != nil {
		return nil, err
	}
	if int64(len(raw)) < s.offset {
		s.offset = 0
	}
	text := string(raw[s.offset:])
	s.offset = int64(len(raw))
	var out []string
	for _, line := range strings.Split(text, "\n") {
		if removedRegistries.MatchString(line) {
			out = append(out, line)
		}
	}
	return out, nil
}

func (s *logScanner) check() error {
	lines, err := s.removals()
	if err != nil {
		return err
	}
	if len(lines) > 0 {
		return fmt.Errorf("the secondary removed the registries of records that exist (no record is ever deleted): %s", lines[0])
	}
	return nil
}
