package siteconfig

import (
	"fmt"
	"strings"
)

// exampleValues are the example file's values where a key has no default
// or the example shows another: a primary on one machine, with SQLite.
var exampleValues = map[string]string{
	"role":                     "primary",
	"site.name":                "primary",
	"site.url":                 "http://127.0.0.1:8080",
	"databases.main":           "sqlite:data/main.db",
	"storage.blobs":            "data/blobs",
	"storage.repositories":     "data/repositories",
	"secrets.site_secret.file": "secrets/site_secret",
	"secrets.admin_token.file": "secrets/admin_token",
}

// exampleComments are keys shown commented out: a secondary's, and the
// alternatives to a file for secrets.
var exampleComments = map[string]string{
	"primary.url":             "http://primary.example.com:8080",
	"databases.main_replica":  "postgres://geo@standby.example.com/app",
	"databases.tracking":      "sqlite:data/tracking.db",
	"secrets.site_secret.env": "GEO_SITE_SECRET",
	"secrets.admin_token.env": "GEO_ADMIN_TOKEN",
}

// Example returns the example configuration file: every key of Fields,
// with what it does, for a primary; a secondary's keys commented out. The
// project's types (by replicable name) are shown under storage.types,
// commented out: storage of their own is a choice, not a default.
func Example(blobTypes, repositoryTypes []string) string {
	var b strings.Builder
	b.WriteString(`# Example configuration of the site binary (cmd/geo), for a primary site.
# Copy it to geo.yml and edit it, then: geo migrate && geo primary.
# A secondary sets role: secondary, primary.url, databases.tracking (and
# databases.main_replica for a PostgreSQL hot standby), its own storage and
# listen addresses, and the same secrets.site_secret as the primary.
#
# Every key can be overridden by an environment variable, GEO_ and the key in
# capitals with dots as underscores (GEO_DATABASES_MAIN), and by
# --set key=value; geo config keys lists them. Relative paths are relative to
# the directory the binary runs in.

`)
	var open []string // the mapping keys currently open
	for i, f := range Fields() {
		parts := strings.Split(f.Key, ".")
		parents := parts[:len(parts)-1]
		common := 0
		for common < len(open) && common < len(parents) && open[common] == parents[common] {
			common++
		}
		if i > 0 && common == 0 && (len(parents) > 0 || len(open) > 0) {
			b.WriteString("\n")
		}
		for i := common; i < len(parents); i++ {
			fmt.Fprintf(&b, "%s%s:\n", strings.Repeat("  ", i), parents[i])
		}
		open = parents
		indent := strings.Repeat("  ", len(parents))
		name := parts[len(parts)-1]
		fmt.Fprintf(&b, "%s# %s\n", indent, f.Doc)
		switch v, ok := exampleValues[f.Key]; {
		case ok:
			fmt.Fprintf(&b, "%s%s: %s\n", indent, name, v)
		case exampleComments[f.Key] != "":
			fmt.Fprintf(&b, "%s# %s: %s\n", indent, name, exampleComments[f.Key])
		default:
			fmt.Fprintf(&b, "%s%s: %s\n", indent, name, f.Default)
		}
		if f.Key == "storage.repositories" {
			writeTypeStorage(&b, indent, blobTypes, repositoryTypes)
		}
	}
	return b.String()
}

// writeTypeStorage writes storage.types with an entry per type, commented
// out.
func writeTypeStorage(b *strings.Builder, indent string, blobTypes, repositoryTypes []string) {
	fmt.Fprintf(b, "%s# %s\n", indent, TypeStorageDoc)
	fmt.Fprintf(b, "%stypes:\n", indent)
	for _, n := range blobTypes {
		fmt.Fprintf(b, "%s  # %s: s3://bucket/%s\n", indent, n, n)
	}
	for _, n := range repositoryTypes {
		fmt.Fprintf(b, "%s  # %s: data/%s\n", indent, n, n)
	}
}
