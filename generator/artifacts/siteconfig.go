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

// siteConfigExample is the runtime's example configuration: the schema
// lives once, in siteconfig.Fields.
func siteConfigExample(_ *generator.Project, _ *generator.Type) ([]byte, error) {
	return []byte(generator.Header(".yml") + siteconfig.Example()), nil
}
