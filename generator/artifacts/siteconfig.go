package artifacts

import (
	"path"

	"github.com/geogen/geogen/generator"
	"github.com/geogen/geogen/runtime/siteconfig"
)

// siteConfigExamplePath puts the site binary's example configuration
// beside the feature flag definitions: config/geo.example.yml.
func siteConfigExamplePath(p *generator.Project, _ *generator.Type) string {
	return path.Join(path.Dir(p.Layout.Flags), "geo.example.yml")
}

// siteConfigExample is the runtime's example configuration, with the
// project's types under storage.types: the schema lives once, in
// siteconfig.Fields.
func siteConfigExample(p *generator.Project, _ *generator.Type) ([]byte, error) {
	var blobs, repositories []string
	for i := range p.Types {
		t := &p.Types[i]
		switch {
		case generator.IsBlob(t):
			blobs = append(blobs, t.Names.Snake)
		case generator.IsRepository(t):
			repositories = append(repositories, t.Names.Snake)
		}
	}
	return []byte(generator.Header(".yml") + siteconfig.Example(blobs, repositories)), nil
}
