package artifacts

import (
	"strings"

	"github.com/geogen/geogen/generator"
)

// markdown builds a Markdown page that starts with the generated header.
type markdown struct{ b strings.Builder }

func newMarkdown(title string) *markdown {
	m := &markdown{}
	m.b.WriteString(generator.Header(".md"))
	m.b.WriteString("# " + title + "\n")
	return m
}

func (m *markdown) heading(text string) { m.b.WriteString("\n## " + text + "\n") }

func (m *markdown) subheading(text string) { m.b.WriteString("\n### " + text + "\n") }

func (m *markdown) para(lines ...string) {
	m.b.WriteString("\n" + strings.Join(lines, "\n") + "\n")
}

// table writes a table; cells are escaped so a title containing a pipe
// cannot break the layout.
func (m *markdown) table(header []string, rows [][]string) {
	m.b.WriteString("\n")
	m.row(header)
	sep := make([]string, len(header))
	for i := range sep {
		sep[i] = "---"
	}
	m.row(sep)
	for _, r := range rows {
		m.row(r)
	}
}

func (m *markdown) row(cells []string) {
	m.b.WriteString("|")
	for _, c := range cells {
		m.b.WriteString(" " + strings.ReplaceAll(c, "|", `\|`) + " |")
	}
	m.b.WriteString("\n")
}

func (m *markdown) bytes() []byte { return []byte(m.b.String()) }

func code(s string) string { return "`" + s + "`" }

// noTypes is the sentence an aggregate page shows before the first type.
const noTypes = "No data types yet. Add one with `geogen new NAME --strategy blob` (or `--strategy repository`)."
