package artifacts

import (
	"github.com/geogen/geogen/generator"
	"go.yaml.in/yaml/v3"
)

// flagDefinition is a feature flag definition file, in the shape of
// GitLab's config/feature_flags/ops/*.yml: the flags are operational
// switches, off by default, so a new type replicates only once an
// operator turns it on. geogen release turns the replication flag on by
// default, as GitLab's release step for a new data type does.
type flagDefinition struct {
	Name           string `yaml:"name"`
	Description    string `yaml:"description"`
	Type           string `yaml:"type"`
	DefaultEnabled bool   `yaml:"default_enabled"`
}

func replicationFlag(_ *generator.Project, t *generator.Type) ([]byte, error) {
	return flagFile(t, flagDefinition{
		Name:           t.Names.ReplicationFlag,
		Description:    "Replicate " + t.Names.TitlePlural + " from the primary site to secondary sites, and verify them there.",
		DefaultEnabled: t.Released,
	})
}

func verificationFlag(_ *generator.Project, t *generator.Type) ([]byte, error) {
	return flagFile(t, flagDefinition{
		Name: t.Names.VerificationFlag,
		Description: "Checksum " + t.Names.TitlePlural + " on the primary site even while replication is off, " +
			"so the checksums are ready when replication is turned on.",
	})
}

func flagFile(t *generator.Type, def flagDefinition) ([]byte, error) {
	def.Type = "ops"
	out, err := yaml.Marshal(def)
	if err != nil {
		return nil, err
	}
	return append([]byte(generator.Header(".yml")), out...), nil
}
