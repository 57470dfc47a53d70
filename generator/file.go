package generator

// File is one rendered output.
type File struct {
	Path       string // slash-separated, relative to the project root
	Content    []byte
	Kind       Kind
	Replicable string // the type's name as in the manifest; "" for aggregate files
	Artifact   string // the row that produced it
	Retain     bool   // see Artifact.Retain
}
