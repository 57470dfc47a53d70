package site

import (
	"fmt"
	"reflect"
	"sort"
	"strings"

	"github.com/geogen/geogen/runtime/blobstore"
	"github.com/geogen/geogen/runtime/replicable"
)

// storage is where a site keeps its types' data: a blob store and a
// repository root for every type, with single types' own in place of
// them.
type storage struct {
	blobs     blobstore.Store
	repos     string
	typeBlobs map[string]blobstore.Store
	typeRepos map[string]string
}

// blobsOf is the blob store of a type.
func (s storage) blobsOf(name string) blobstore.Store {
	if b, ok := s.typeBlobs[name]; ok {
		return b
	}
	return s.blobs
}

// reposOf is the repository root of a type.
func (s storage) reposOf(name string) string {
	if r, ok := s.typeRepos[name]; ok {
		return r
	}
	return s.repos
}

// blobStores are the site's distinct blob stores of types, in types'
// order: each is swept once.
func (s storage) blobStores(types []*replicable.Descriptor) []blobstore.Store {
	var out []blobstore.Store
	seen := func(b blobstore.Store) bool {
		for _, o := range out {
			// A store whose type cannot be compared is counted apart.
			if reflect.TypeOf(o) == reflect.TypeOf(b) && reflect.TypeOf(b).Comparable() && o == b {
				return true
			}
		}
		return false
	}
	for _, d := range types {
		if d.Strategy != replicable.Blob {
			continue
		}
		if b := s.blobsOf(d.Name); b != nil && !seen(b) {
			out = append(out, b)
		}
	}
	if len(out) == 0 && s.blobs != nil {
		out = append(out, s.blobs)
	}
	return out
}

// repoRoots are the site's distinct repository roots of types.
func (s storage) repoRoots(types []*replicable.Descriptor) []string {
	var out []string
	seen := map[string]bool{}
	for _, d := range types {
		if d.Strategy != replicable.Repository {
			continue
		}
		if r := s.reposOf(d.Name); r != "" && !seen[r] {
			seen[r] = true
			out = append(out, r)
		}
	}
	if len(out) == 0 && s.repos != "" {
		out = append(out, s.repos)
	}
	return out
}

// checkTypes checks that a site's types are valid together (every name an
// identifier, none shared; replicable.NewSet), since their names go into
// SQL, and that the site has the storage they need: a blob store for blob
// types, a repository root for repository types, and no type's own
// storage for a type the site does not have.
func checkTypes(types []*replicable.Descriptor, s storage) error {
	if _, err := replicable.NewSet(types...); err != nil {
		return err
	}
	byName := map[string]*replicable.Descriptor{}
	var names []string
	for _, d := range types {
		byName[d.Name] = d
		names = append(names, d.Name)
		switch {
		case d.Strategy == replicable.Blob && s.blobsOf(d.Name) == nil:
			return fmt.Errorf("%s is a blob type: set Blobs, the site's blob store (or TypeBlobs[%q])", d.Name, d.Name)
		case d.Strategy == replicable.Repository && s.reposOf(d.Name) == "":
			return fmt.Errorf("%s is a repository type: set Repositories, the directory of the site's repositories (or TypeRepositories[%q])", d.Name, d.Name)
		}
	}
	sort.Strings(names)
	for name := range s.typeBlobs {
		if d, ok := byName[name]; !ok || d.Strategy != replicable.Blob {
			return fmt.Errorf("TypeBlobs[%q]: not a blob type of the site (its types: %s)", name, strings.Join(names, ", "))
		}
	}
	for name := range s.typeRepos {
		if d, ok := byName[name]; !ok || d.Strategy != replicable.Repository {
			return fmt.Errorf("TypeRepositories[%q]: not a repository type of the site (its types: %s)", name, strings.Join(names, ", "))
		}
	}
	return nil
}

func (p *Primary) descriptors() []*replicable.Descriptor {
	out := make([]*replicable.Descriptor, len(p.types))
	for i, t := range p.types {
		out[i] = t.d
	}
	return out
}

func (s *Secondary) descriptors() []*replicable.Descriptor {
	out := make([]*replicable.Descriptor, len(s.types))
	for i, t := range s.types {
		out[i] = t.d
	}
	return out
}
