package sdl

import (
	"fmt"
	"strings"
)

// Document is an SDL document as Parse reads it.
type Document struct {
	// Definitions are the type definitions and extensions in document
	// order, each with its own fields only.
	Definitions []*Definition
	// Types are the named types with their extensions' fields appended,
	// as a schema built from the document has them. An extension of a
	// type the document does not define (a fragment's) is only among the
	// Definitions.
	Types map[string]*Definition
}

// Definition is one type definition or extension (Kind "type", "input",
// "enum", "scalar", "union" or "interface"), or the schema definition
// (Kind "schema", no Name).
type Definition struct {
	Kind        string
	Name        string
	Extend      bool
	Description string
	// Fields are an object's or interface's fields, an input's fields, an
	// enum's values (Name and Description only), or the schema's root
	// operations (Name the operation, Type its type).
	Fields  []*Field
	Members []string // a union's member types
}

// Field is a field, an argument, an input field or an enum value.
type Field struct {
	Name        string
	Description string
	Args        []*Field // of a field
	Type        *TypeRef // nil for an enum value
	Default     string   // an argument's or input field's default value, as written
	Directives  []*Directive
}

// Field returns the field of d named name, or nil.
func (d *Definition) Field(name string) *Field {
	for _, f := range d.Fields {
		if f.Name == name {
			return f
		}
	}
	return nil
}

// Directive is a directive applied to a field or a type.
type Directive struct {
	Name string
	Args []DirectiveArg
}

// DirectiveArg is an argument of a directive; Value is as written (a
// string keeps its quotes).
type DirectiveArg struct {
	Name, Value string
}

// Directive returns the directive of f named name, or nil.
func (f *Field) Directive(name string) *Directive {
	for _, d := range f.Directives {
		if d.Name == name {
			return d
		}
	}
	return nil
}

// Arg returns the value of the argument named name, as written.
func (d *Directive) Arg(name string) (string, bool) {
	for _, a := range d.Args {
		if a.Name == name {
			return a.Value, true
		}
	}
	return "", false
}

// TypeRef is a type as a field or an argument refers to it: a named type,
// or a list of Elem, either possibly non-null.
type TypeRef struct {
	Name    string   // "" for a list
	Elem    *TypeRef // of a list
	NonNull bool
}

// String writes the type as SDL does: "[GeoBaseRegistryID!]!".
func (t *TypeRef) String() string {
	s := t.Name
	if t.Elem != nil {
		s = "[" + t.Elem.String() + "]"
	}
	if t.NonNull {
		s += "!"
	}
	return s
}

// Named is the name of the type under any list and non-null wrappers.
func (t *TypeRef) Named() string {
	for t.Elem != nil {
		t = t.Elem
	}
	return t.Name
}

// Parse reads an SDL document: the type system definitions and
// extensions this package writes (schema, type, interface, input, enum,
// scalar, union), with descriptions, arguments, default values and
// directives. Directive definitions and executable documents are not
// accepted.
func Parse(src string) (*Document, error) {
	p := &parser{lex: lexer{src: src, line: 1}}
	p.next()
	doc := &Document{Types: map[string]*Definition{}}
	for p.tok.kind != tokEOF {
		d, err := p.definition()
		if err != nil {
			return nil, err
		}
		doc.Definitions = append(doc.Definitions, d)
	}
	if p.err != nil {
		return nil, p.err
	}
	for _, d := range doc.Definitions {
		if d.Kind == "schema" || d.Extend {
			continue
		}
		if _, dup := doc.Types[d.Name]; dup {
			return nil, fmt.Errorf("sdl: type %s is defined twice", d.Name)
		}
		merged := *d
		merged.Fields = append([]*Field(nil), d.Fields...)
		merged.Members = append([]string(nil), d.Members...)
		doc.Types[d.Name] = &merged
	}
	for _, d := range doc.Definitions {
		if !d.Extend {
			continue
		}
		t, ok := doc.Types[d.Name]
		if !ok {
			continue // a fragment extending a type of another document
		}
		if t.Kind != d.Kind {
			return nil, fmt.Errorf("sdl: extend %s %s: %s is a %s", d.Kind, d.Name, d.Name, t.Kind)
		}
		t.Fields = append(t.Fields, d.Fields...)
		t.Members = append(t.Members, d.Members...)
	}
	return doc, nil
}

type parser struct {
	lex lexer
	tok token
	err error
}

func (p *parser) next() {
	if p.err != nil {
		p.tok = token{kind: tokEOF}
		return
	}
	p.tok, p.err = p.lex.next()
}

func (p *parser) fail(format string, args ...any) error {
	if p.err != nil {
		return p.err
	}
	return fmt.Errorf("sdl: line %d: %s", p.tok.line, fmt.Sprintf(format, args...))
}

// punct consumes the punctuator s.
func (p *parser) punct(s string) error {
	if p.tok.kind != tokPunct || p.tok.text != s {
		return p.fail("want %q, found %q", s, p.tok.text)
	}
	p.next()
	return nil
}

func (p *parser) is(s string) bool { return p.tok.kind == tokPunct && p.tok.text == s }

func (p *parser) name() (string, error) {
	if p.tok.kind != tokName {
		return "", p.fail("want a name, found %q", p.tok.text)
	}
	n := p.tok.text
	p.next()
	return n, nil
}

// description consumes a string before a definition, if there is one.
func (p *parser) description() string {
	if p.tok.kind != tokString {
		return ""
	}
	s := p.tok.value
	p.next()
	return s
}

func (p *parser) definition() (*Definition, error) {
	d := &Definition{Description: p.description()}
	kw, err := p.name()
	if err != nil {
		return nil, err
	}
	if kw == "extend" {
		d.Extend = true
		if kw, err = p.name(); err != nil {
			return nil, err
		}
	}
	d.Kind = kw
	switch kw {
	case "schema":
		if err := p.directives(nil); err != nil {
			return nil, err
		}
		d.Fields, err = p.block(false, false)
		return d, err
	case "type", "interface", "input", "enum", "scalar", "union":
	default:
		return nil, p.fail("unsupported definition %q", kw)
	}
	if d.Name, err = p.name(); err != nil {
		return nil, err
	}
	if kw == "type" && p.tok.kind == tokName && p.tok.text == "implements" {
		p.next()
		if p.is("&") {
			p.next()
		}
		for p.tok.kind == tokName {
			p.next()
			if !p.is("&") {
				break
			}
			p.next()
		}
	}
	if err := p.directives(nil); err != nil {
		return nil, err
	}
	switch kw {
	case "scalar":
	case "union":
		if !p.is("=") {
			break
		}
		p.next()
		if p.is("|") {
			p.next()
		}
		for {
			m, err := p.name()
			if err != nil {
				return nil, err
			}
			d.Members = append(d.Members, m)
			if !p.is("|") {
				break
			}
			p.next()
		}
	case "enum":
		if p.is("{") {
			d.Fields, err = p.block(true, false)
		}
	default:
		if p.is("{") {
			d.Fields, err = p.block(false, kw != "input")
		}
	}
	return d, err
}

// block reads { … }: enum values, or fields (with arguments when args).
func (p *parser) block(enum, args bool) ([]*Field, error) {
	if err := p.punct("{"); err != nil {
		return nil, err
	}
	var out []*Field
	for !p.is("}") {
		if p.tok.kind == tokEOF {
			return nil, p.fail("unterminated block")
		}
		f, err := p.field(enum, args)
		if err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	p.next()
	return out, nil
}

func (p *parser) field(enum, args bool) (*Field, error) {
	f := &Field{Description: p.description()}
	var err error
	if f.Name, err = p.name(); err != nil {
		return nil, err
	}
	if enum {
		return f, p.directives(f)
	}
	if args && p.is("(") {
		p.next()
		for !p.is(")") {
			if p.tok.kind == tokEOF {
				return nil, p.fail("unterminated arguments")
			}
			a, err := p.field(false, false)
			if err != nil {
				return nil, err
			}
			f.Args = append(f.Args, a)
		}
		p.next()
	}
	if err := p.punct(":"); err != nil {
		return nil, err
	}
	if f.Type, err = p.typeRef(); err != nil {
		return nil, err
	}
	if p.is("=") {
		p.next()
		if f.Default, err = p.value(); err != nil {
			return nil, err
		}
	}
	return f, p.directives(f)
}

func (p *parser) typeRef() (*TypeRef, error) {
	t := &TypeRef{}
	if p.is("[") {
		p.next()
		elem, err := p.typeRef()
		if err != nil {
			return nil, err
		}
		if err := p.punct("]"); err != nil {
			return nil, err
		}
		t.Elem = elem
	} else {
		n, err := p.name()
		if err != nil {
			return nil, err
		}
		t.Name = n
	}
	if p.is("!") {
		p.next()
		t.NonNull = true
	}
	return t, nil
}

// directives reads the directives at the current position, adding them
// to f when it is not nil.
func (p *parser) directives(f *Field) error {
	for p.is("@") {
		p.next()
		n, err := p.name()
		if err != nil {
			return err
		}
		d := &Directive{Name: n}
		if p.is("(") {
			p.next()
			for !p.is(")") {
				an, err := p.name()
				if err != nil {
					return err
				}
				if err := p.punct(":"); err != nil {
					return err
				}
				v, err := p.value()
				if err != nil {
					return err
				}
				d.Args = append(d.Args, DirectiveArg{Name: an, Value: v})
			}
			p.next()
		}
		if _, ok := d.Arg("reason"); d.Name == "deprecated" && !ok {
			// The default the specification gives the argument.
			d.Args = append(d.Args, DirectiveArg{Name: "reason", Value: `"No longer supported"`})
		}
		if f != nil {
			f.Directives = append(f.Directives, d)
		}
	}
	return nil
}

// value reads a constant value and returns it as written.
func (p *parser) value() (string, error) {
	switch {
	case p.tok.kind == tokName || p.tok.kind == tokNumber || p.tok.kind == tokString:
		s := p.tok.text
		p.next()
		return s, nil
	case p.is("["), p.is("{"):
		open, close := p.tok.text, map[string]string{"[": "]", "{": "}"}[p.tok.text]
		p.next()
		var parts []string
		for !p.is(close) {
			if p.tok.kind == tokEOF {
				return "", p.fail("unterminated value")
			}
			if open == "{" {
				n, err := p.name()
				if err != nil {
					return "", err
				}
				if err := p.punct(":"); err != nil {
					return "", err
				}
				v, err := p.value()
				if err != nil {
					return "", err
				}
				parts = append(parts, n+": "+v)
				continue
			}
			v, err := p.value()
			if err != nil {
				return "", err
			}
			parts = append(parts, v)
		}
		p.next()
		return open + strings.Join(parts, ", ") + close, nil
	}
	return "", p.fail("want a value, found %q", p.tok.text)
}
