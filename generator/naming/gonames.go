package naming

import (
	"fmt"
	"strings"
)

// packageName is the Go package of a type: its words run together,
// "coolwidget". A Go keyword, main or init cannot be an importable
// package, and the go command skips a directory named testdata, so such
// a type takes its plural, "types" for Type: no plural of a single word
// is a keyword.
func packageName(words, plural []string) (string, error) {
	pkg := strings.Join(words, "")
	if !badPackage(pkg) {
		return pkg, nil
	}
	if alt := strings.Join(plural, ""); !badPackage(alt) {
		return alt, nil
	}
	return "", &Error{Subject: fmt.Sprintf("Go package name %q", pkg),
		Problem: badPackageReason(pkg) + ", and so is the plural",
		Fix:     pluralOverride.how() + " with a plural that is not, or rename the model"}
}

func badPackage(p string) bool { return badPackageReason(p) != "" }

// badPackageReason says why p cannot be a type's package, or "".
func badPackageReason(p string) string {
	switch {
	case goKeywords[p]:
		return "is a Go keyword"
	case unimportablePackages[p]:
		return "cannot be imported"
	case ignoredPackageDirs[p]:
		return "is a directory go test ./... skips"
	}
	return ""
}

// goLocalName keeps a local variable name from being a keyword or from
// shadowing a predeclared name: type → typeRecord, error → errorRecord.
func goLocalName(name string) string {
	if goKeywords[name] || goPredeclared[name] {
		return name + "Record"
	}
	return name
}
