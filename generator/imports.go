package generator

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"slices"
	"strings"
)

// groupImports puts the standard library's imports in a group of their
// own ahead of every other import, the layout goimports keeps, so that a
// project whose editor or hook runs goimports on save never sees a
// generated file change. Renderers emit one sorted block; a file without
// imports, or with one group only, comes back unchanged. The result is
// not formatted: the caller runs go/format once, afterwards.
func groupImports(src []byte) ([]byte, error) {
	if out, ok := groupSimpleImports(src); ok {
		return out, nil
	}
	return groupParsedImports(src)
}

// groupParsedImports is groupImports for any valid Go file.
func groupParsedImports(src []byte) ([]byte, error) {
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, "", src, parser.ImportsOnly|parser.ParseComments)
	if err != nil {
		return nil, err
	}
	var decl *ast.GenDecl
	for _, d := range file.Decls {
		if g, ok := d.(*ast.GenDecl); ok && g.Tok == token.IMPORT {
			if decl != nil {
				return nil, fmt.Errorf("more than one import declaration")
			}
			decl = g
		}
	}
	if decl == nil || !decl.Lparen.IsValid() {
		return src, nil
	}
	var std, other []string
	for _, s := range decl.Specs {
		spec := s.(*ast.ImportSpec)
		if spec.Doc != nil || spec.Comment != nil {
			return src, nil // hand-written comments: leave the block alone
		}
		line := spec.Path.Value
		if spec.Name != nil {
			line = spec.Name.Name + " " + line
		}
		if isStdlib(strings.Trim(spec.Path.Value, `"`)) {
			std = append(std, line)
		} else {
			other = append(other, line)
		}
	}
	if len(std) == 0 || len(other) == 0 {
		return src, nil
	}
	start, end := fset.Position(decl.Pos()).Offset, fset.Position(decl.End()).Offset
	return splice(src, start, end, importBlock(std, other)), nil
}

// groupSimpleImports is the fast path for the import block renderers
// write: one parenthesised block at the top level, one import per line,
// no comments. It works on the text, saving a parse per file; ok is false
// when the block is anything else, and the caller parses.
func groupSimpleImports(src []byte) (out []byte, ok bool) {
	const open = "\nimport (\n"
	start := bytes.Index(src, []byte(open))
	if start < 0 || bytes.Contains(src[:start], []byte("\nimport")) {
		return nil, false
	}
	start++ // keep the newline before the block
	body := start + len(open) - 1
	end := bytes.Index(src[body:], []byte("\n)\n"))
	if end < 0 {
		return nil, false
	}
	end += body
	var std, other []string
	for _, line := range strings.Split(string(src[body:end]), "\n") {
		line = strings.TrimPrefix(line, "\t")
		q := strings.IndexByte(line, '"')
		if q < 0 || !strings.HasSuffix(line, `"`) || strings.Count(line, `"`) != 2 ||
			strings.Contains(line, "//") || strings.Contains(line, "/*") || strings.ContainsRune(line, '`') {
			return nil, false
		}
		if name := strings.TrimSpace(line[:q]); name != "" && !isIdent(name) {
			return nil, false
		}
		if isStdlib(line[q+1 : len(line)-1]) {
			std = append(std, line)
		} else {
			other = append(other, line)
		}
	}
	if len(std) == 0 || len(other) == 0 {
		return src, true
	}
	return splice(src, start, end+2, importBlock(std, other)), true
}

func isIdent(s string) bool {
	for i, r := range s {
		if !(r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || i > 0 && r >= '0' && r <= '9') {
			return false
		}
	}
	return s != ""
}

// importBlock writes the two groups, each sorted by path.
func importBlock(std, other []string) []byte {
	byPath := func(a, b string) int { return strings.Compare(importPath(a), importPath(b)) }
	slices.SortStableFunc(std, byPath)
	slices.SortStableFunc(other, byPath)
	var block bytes.Buffer
	block.WriteString("import (\n")
	for _, l := range std {
		block.WriteString("\t" + l + "\n")
	}
	block.WriteString("\n")
	for _, l := range other {
		block.WriteString("\t" + l + "\n")
	}
	block.WriteString(")")
	return block.Bytes()
}

func splice(src []byte, start, end int, middle []byte) []byte {
	out := make([]byte, 0, len(src)+len(middle))
	out = append(out, src[:start]...)
	out = append(out, middle...)
	return append(out, src[end:]...)
}

// isStdlib applies goimports' rule: a path whose first element has no
// dot belongs to the standard library.
func isStdlib(path string) bool {
	first, _, _ := strings.Cut(path, "/")
	return !strings.Contains(first, ".")
}

func importPath(line string) string {
	if i := strings.IndexByte(line, '"'); i >= 0 {
		return line[i:]
	}
	return line
}
