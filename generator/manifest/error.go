package manifest

import (
	"fmt"
	"strings"
)

// Error is a problem with the manifest's content. Its message names the
// field and says how to fix it, because the person reading it is looking
// at geogen.yaml in an editor, not at geogen's source.
type Error struct {
	Line    int    // 1-based line in geogen.yaml, 0 when unknown
	Field   string // e.g. "replicables[2].strategy"
	Problem string
	Fix     string
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(FileName)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
	}
	if e.Field != "" {
		b.WriteString(": ")
		b.WriteString(e.Field)
	}
	b.WriteString(": ")
	b.WriteString(e.Problem)
	if e.Fix != "" {
		b.WriteString(" (")
		b.WriteString(e.Fix)
		b.WriteString(")")
	}
	return b.String()
}

// Errors is every problem found in one manifest, in file order, so a user
// fixes them all in one pass instead of one per run.
type Errors []*Error

func (es Errors) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// Unwrap lets errors.As find each *Error.
func (es Errors) Unwrap() []error {
	out := make([]error, len(es))
	for i, e := range es {
		out[i] = e
	}
	return out
}

// orNil returns nil for no problems, so callers can `return errs.orNil()`
// without producing a non-nil interface holding an empty slice.
func (es Errors) orNil() error {
	if len(es) == 0 {
		return nil
	}
	return es
}
