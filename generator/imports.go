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
	start, end := fset.Position(decl.Pos()).Offset, fset.Position(decl.End()).Offset
	return append(append(append([]byte{}, src[:start]...), block.Bytes()...), src[end:]...), nil
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
