package generator

import "github.com/geogen/geogen/generator/manifest"

// File is one rendered output.
type File struct {
	Path       string // slash-separated, relative to the project root
	Content    []byte
	Kind       Kind
	Replicable string // the type's name as in the manifest; "" for aggregate files
	Artifact   string // the row that produced it
	Retain     bool   // see Artifact.Retain
	// Sum is manifest.Hash(Content), the lock's form of it, set where the
	// content is rendered (and kept with it in the render cache) so that
	// a plan does not hash again what it already knows; empty when the
	// File was made another way, and then computed when needed.
	Sum string
}

// sum returns the lock's hash of f's content.
func (f *File) sum() string {
	if f.Sum != "" {
		return f.Sum
	}
	return manifest.Hash(f.Content)
}
