package naming

import (
	"fmt"
	"strings"
)

// packageName is the Go package of a type: its words run together,
// "coolwidget". A Go keyword, main or init cannot be an importable
// package, so such a type takes its plural, "types" for Type: no plural
// of a single word is a keyword.
func packageName(words, plural []string) (string, error) {
	pkg := strings.Join(words, "")
	if !badPackage(pkg) {
		return pkg, nil
	}
	if alt := strings.Join(plural, ""); !badPackage(alt) {
		return alt, nil
	}
	return "", &Error{Subject: fmt.Sprintf("Go package name %q", pkg),
		Problem: "is a Go keyword or cannot be imported, and so is the plural",
		Fix:     pluralOverride.how() + " with a plural that is not, or rename the model"}
}

func badPackage(p string) bool { return goKeywords[p] || unimportablePackages[p] }

// goLocalName keeps a local variable name from being a keyword or from
// shadowing a predeclared name: type → typeRecord, error → errorRecord.
func goLocalName(name string) string {
	if goKeywords[name] || goPredeclared[name] {
		return name + "Record"
	}
	return name
}
