package console_test

import (
	"encoding/xml"
	"errors"
	"io"
	"strings"
	"testing"
)

// element is one parsed element, with its parent chain for the checks.
type element struct {
	name    string
	attrs   map[string]string
	text    strings.Builder
	parent  *element
	content []*element
}

// parseDocument reads a page strictly: every element closed (the
// templates close void elements with "/>"), attributes quoted and with
// values, entities known. It is stricter than HTML itself, so a page it
// accepts is well formed.
func parseDocument(body string) (*element, error) {
	d := xml.NewDecoder(strings.NewReader(body))
	d.Strict = true
	d.Entity = xml.HTMLEntity
	root := &element{name: "#document", attrs: map[string]string{}}
	cur := root
	sawDoctype := false
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		switch tk := tok.(type) {
		case xml.Directive:
			if strings.EqualFold(string(tk), "DOCTYPE html") {
				sawDoctype = true
			}
		case xml.StartElement:
			el := &element{name: tk.Name.Local, attrs: map[string]string{}, parent: cur}
			for _, a := range tk.Attr {
				name := a.Name.Local
				if a.Name.Space != "" {
					name = a.Name.Space + ":" + name
				}
				if _, dup := el.attrs[name]; dup {
					return nil, errors.New("duplicate attribute " + name + " on <" + el.name + ">")
				}
				el.attrs[name] = a.Value
			}
			cur.content = append(cur.content, el)
			cur = el
		case xml.EndElement:
			cur = cur.parent
		case xml.CharData:
			for e := cur; e != nil; e = e.parent {
				e.text.Write(tk)
			}
		}
	}
	if !sawDoctype {
		return nil, errors.New("no <!DOCTYPE html>")
	}
	return root, nil
}

// all returns every element below e (e excluded) named name ("" for
// every element).
func (e *element) all(name string) []*element {
	var out []*element
	for _, c := range e.content {
		if name == "" || c.name == name {
			out = append(out, c)
		}
		out = append(out, c.all(name)...)
	}
	return out
}

// find returns the elements whose attribute has the value.
func (e *element) find(attr, value string) []*element {
	var out []*element
	for _, el := range e.all("") {
		if v, ok := el.attrs[attr]; ok && (value == "" || v == value) {
			out = append(out, el)
		}
	}
	return out
}

func (e *element) Text() string { return strings.Join(strings.Fields(e.text.String()), " ") }

// checkDocument fails the test when a page is not well formed or misses
// what every page must have: lang, one main, one h1, unique ids, a label
// for every control, a scope on every table header, and no reference to
// another origin in what the browser loads or submits.
func checkDocument(t *testing.T, path, body string) *element {
	t.Helper()
	doc, err := parseDocument(body)
	if err != nil {
		t.Fatalf("GET %s: not well formed: %v\n%s", path, err, body)
	}
	var problems []string
	html := doc.all("html")
	if len(html) != 1 || html[0].attrs["lang"] != "en" {
		problems = append(problems, `want one <html lang="en">`)
	}
	if n := len(doc.all("main")); n != 1 {
		problems = append(problems, "main elements: want 1")
	}
	if n := len(doc.all("h1")); n != 1 {
		problems = append(problems, "h1 elements: want 1")
	}
	ids := map[string]bool{}
	for _, el := range doc.find("id", "") {
		if ids[el.attrs["id"]] {
			problems = append(problems, "duplicate id "+el.attrs["id"])
		}
		ids[el.attrs["id"]] = true
	}
	labelled := map[string]bool{}
	for _, l := range doc.all("label") {
		labelled[l.attrs["for"]] = true
	}
	for _, name := range []string{"input", "select", "textarea", "meter", "progress"} {
		for _, el := range doc.all(name) {
			if el.attrs["type"] == "hidden" {
				continue
			}
			if !labelled[el.attrs["id"]] && el.attrs["aria-label"] == "" {
				problems = append(problems, "<"+name+" id="+el.attrs["id"]+"> has no label")
			}
		}
	}
	for _, th := range doc.all("th") {
		if th.attrs["scope"] != "col" && th.attrs["scope"] != "row" {
			problems = append(problems, "<th> without scope: "+th.Text())
		}
	}
	for _, b := range doc.all("button") {
		if b.Text() == "" && b.attrs["aria-label"] == "" {
			problems = append(problems, "a button without a name")
		}
	}
	for _, s := range doc.all("script") {
		if s.attrs["src"] == "" || s.Text() != "" {
			problems = append(problems, "an inline script (the CSP forbids it)")
		}
	}
	if len(doc.find("style", "")) > 0 || len(doc.all("style")) > 0 {
		problems = append(problems, "an inline style (the CSP forbids it)")
	}
	for _, attr := range []string{"src", "action", "formaction", "srcset", "poster"} {
		for _, el := range doc.find(attr, "") {
			if !local(el.attrs[attr]) {
				problems = append(problems, "<"+el.name+" "+attr+"="+el.attrs[attr]+"> is not local")
			}
		}
	}
	for _, l := range doc.all("link") {
		if !local(l.attrs["href"]) {
			problems = append(problems, "<link href="+l.attrs["href"]+"> is not local")
		}
	}
	if len(problems) > 0 {
		t.Errorf("GET %s:\n  %s", path, strings.Join(problems, "\n  "))
	}
	return doc
}

// local reports whether a URL stays on the site: a path, not a scheme or
// a host.
func local(u string) bool {
	return u == "" || strings.HasPrefix(u, "/") && !strings.HasPrefix(u, "//")
}

// TestDocumentCheck: the checker refuses what it is there to refuse.
func TestDocumentCheck(t *testing.T) {
	const head = `<!DOCTYPE html><html lang="en"><body><main><h1>x</h1>`
	cases := []struct {
		name, body string
	}{
		{"unclosed element", head + `<p>text</main></body></html>`},
		{"unquoted attribute", head + `<p class=x>t</p></main></body></html>`},
		{"attribute without value", head + `<input id="a" required/></main></body></html>`},
		{"no doctype", `<html lang="en"><body><main><h1>x</h1></main></body></html>`},
		{"unknown entity", head + `&bogus;</main></body></html>`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := parseDocument(tc.body); err == nil {
				t.Errorf("parseDocument accepted %s", tc.body)
			}
		})
	}
	ok := head + `<label for="a">A</label><input id="a" type="text"/>&amp;&nbsp;</main></body></html>`
	if _, err := parseDocument(ok); err != nil {
		t.Errorf("parseDocument refused a well-formed page: %v", err)
	}
}
