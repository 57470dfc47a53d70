package siteconfig

import (
	"fmt"
	"sort"
	"strings"
)

// TypeStorageKey is the mapping of per-type storage locations: each key
// under it is a replicable name (storage.types.attachment), its value the
// type's storage, in place of storage.blobs or storage.repositories for
// that one type. Its environment variables are GEO_STORAGE_TYPES_ and the
// name in capitals (GEO_STORAGE_TYPES_ATTACHMENT).
const TypeStorageKey = "storage.types"

// TypeStorageDoc is what a storage.types entry sets, for the schema and
// the example file.
const TypeStorageDoc = "one type's storage, by replicable name, in place of storage.blobs or storage.repositories: " +
	"a blob type's directory or object storage URL, a repository type's directory"

const typeStorageEnv = "GEO_STORAGE_TYPES_"

// typeStorageName returns the replicable name of a storage.types.NAME key.
func typeStorageName(key string) (string, bool) {
	name, ok := strings.CutPrefix(key, TypeStorageKey+".")
	return name, ok && name != "" && !strings.Contains(name, ".")
}

// typeStorageEnvName returns the replicable name of a
// GEO_STORAGE_TYPES_NAME variable: replicable names are lower case.
func typeStorageEnvName(variable string) (string, bool) {
	name, ok := strings.CutPrefix(variable, typeStorageEnv)
	return strings.ToLower(name), ok && name != ""
}

// setTypeStorage records one type's storage.
func (c *Config) setTypeStorage(name, value string) {
	if c.TypeStorage == nil {
		c.TypeStorage = map[string]string{}
	}
	c.TypeStorage[name] = strings.TrimSpace(value)
}

// BlobStorageOf is where a blob type's blobs are kept: its storage.types
// entry, else storage.blobs.
func (c Config) BlobStorageOf(name string) string {
	if s, ok := c.TypeStorage[name]; ok {
		return s
	}
	return c.BlobStorage
}

// RepositoryStorageOf is the directory of a repository type's
// repositories: its storage.types entry, else storage.repositories.
func (c Config) RepositoryStorageOf(name string) string {
	if s, ok := c.TypeStorage[name]; ok {
		return s
	}
	return c.RepositoryStorage
}

// checkStorage returns the problems of the storage keys for the project's
// types: every type has storage, every storage.types entry names one of
// them, and a repository type's storage is a directory.
func (c *Config) checkStorage(needs Needs) Problems {
	var p Problems
	add := func(format string, args ...any) { p = append(p, fmt.Sprintf(format, args...)) }
	kind := map[string]string{}
	for _, n := range needs.BlobTypes {
		kind[n] = "blob"
	}
	for _, n := range needs.RepositoryTypes {
		kind[n] = "repository"
	}
	known := make([]string, 0, len(kind))
	for n := range kind {
		known = append(known, n)
	}
	sort.Strings(known)
	for _, name := range sortedKeys(c.TypeStorage) {
		value := c.TypeStorage[name]
		key := TypeStorageKey + "." + name
		switch k, ok := kind[name]; {
		case !ok:
			add("%s: the project has no type %q (its types: %s)", key, name, orNone(known))
		case value == "":
			add("%s: empty (a directory%s; or remove it to use storage.%s)", key, map[string]string{"blob": " or an object storage URL"}[k], map[string]string{"blob": "blobs", "repository": "repositories"}[k])
		case k == "repository" && isURL(value):
			add("%s: %q is a URL; a repository type's storage is a directory", key, value)
		case k == "repository" && value == c.BlobStorage:
			add("%s: same directory as storage.blobs (give the repositories their own directory)", key)
		case k == "blob" && value == c.RepositoryStorage:
			add("%s: same directory as storage.repositories (give the blobs their own directory)", key)
		}
	}
	missing := func(types []string) []string {
		var out []string
		for _, n := range types {
			if _, ok := c.TypeStorage[n]; !ok {
				out = append(out, n)
			}
		}
		sort.Strings(out)
		return out
	}
	if m := missing(needs.BlobTypes); len(m) > 0 && c.BlobStorage == "" {
		add("storage.blobs: missing (a directory or an object storage URL for the blob types %s; or a storage.types entry each)", strings.Join(m, ", "))
	}
	if m := missing(needs.RepositoryTypes); len(m) > 0 && c.RepositoryStorage == "" {
		add("storage.repositories: missing (a directory for the repository types %s; or a storage.types entry each)", strings.Join(m, ", "))
	}
	if c.BlobStorage != "" && c.BlobStorage == c.RepositoryStorage {
		add("storage.repositories: same as storage.blobs (give each its own directory)")
	}
	return p
}

// isURL reports whether a storage location is a URL rather than a
// directory (file:// names a directory).
func isURL(location string) bool {
	return strings.Contains(location, "://") && !strings.HasPrefix(location, "file://")
}

func sortedKeys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func orNone(s []string) string {
	if len(s) == 0 {
		return "none"
	}
	return strings.Join(s, ", ")
}
