package flags

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"

	"go.yaml.in/yaml/v3"

	"github.com/geogen/geogen/runtime/replicable"
)

// Definition is a feature flag's definition: the generated
// config/feature_flags/<name>.yml file, in the shape of GitLab's.
type Definition struct {
	Name           string `yaml:"name"`
	Description    string `yaml:"description"`
	Type           string `yaml:"type"`
	DefaultEnabled bool   `yaml:"default_enabled"`
}

// TypeDefinitions returns the two flags of every type, off by default, as
// the generated definition files declare them. It is what a site uses
// when it has no definition files to read.
func TypeDefinitions(types []*replicable.Descriptor) []Definition {
	var out []Definition
	for _, d := range types {
		out = append(out,
			Definition{Name: d.ReplicationFlag, Type: "ops", Description: "Replicate " + d.TitlePlural + " to secondary sites."},
			Definition{Name: d.VerificationFlag, Type: "ops", Description: "Checksum " + d.TitlePlural + " on the primary even while replication is off."},
		)
	}
	return out
}

// LoadDefinitions reads every *.yml file of dir in fsys and merges them
// over base: a file's definition replaces base's definition of the same
// name. Every unreadable or invalid file is reported, all at once.
func LoadDefinitions(fsys fs.FS, dir string, base []Definition) ([]Definition, error) {
	byName := map[string]Definition{}
	for _, d := range base {
		byName[d.Name] = d
	}
	names, err := fs.Glob(fsys, path.Join(dir, "*.yml"))
	if err != nil {
		return nil, err
	}
	var errs []error
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		var d Definition
		if err := yaml.Unmarshal(data, &d); err != nil {
			errs = append(errs, fmt.Errorf("feature flag definition %s: %w", name, err))
			continue
		}
		if want := path.Base(name[:len(name)-len(".yml")]); d.Name != want {
			errs = append(errs, fmt.Errorf("feature flag definition %s: name is %q, want %q (the file's name)", name, d.Name, want))
			continue
		}
		byName[d.Name] = d
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	out := make([]Definition, 0, len(byName))
	for _, d := range byName {
		out = append(out, d)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}
