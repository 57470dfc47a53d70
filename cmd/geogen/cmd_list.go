package main

import (
	"encoding/json"
	"fmt"
	"strconv"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/geogen/geogen/generator"
	"github.com/geogen/geogen/generator/manifest"
)

func (a *app) listCommand() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the replicable types with their strategy and tables",
		Long: `list prints every type in geogen.yaml with the names geogen derives for it:
its stage (experiment until geogen release, then released, with the version),
its Go package, its model, registry and state tables, and its first migration
version. --json adds every derived name and the overrides set in geogen.yaml.`,
		Args: exactArgs(0, "geogen list --json"),
		RunE: func(c *cobra.Command, _ []string) error {
			s, err := a.openProject(false)
			if err != nil {
				return err
			}
			proj, err := generator.NewProject(s.Manifest)
			if err != nil {
				return err
			}
			items := listItems(s.Manifest, proj)
			if asJSON {
				enc := json.NewEncoder(a.stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(listJSON{Module: s.Manifest.Module, Replicables: items})
			}
			if len(items) == 0 {
				fmt.Fprintln(a.stdout, "no replicable types yet; add one with geogen new NAME --strategy blob|repository")
				return nil
			}
			w := tabwriter.NewWriter(a.stdout, 0, 0, 2, ' ', 0)
			fmt.Fprintln(w, "NAME\tSTRATEGY\tSTAGE\tPACKAGE\tMODEL TABLE\tREGISTRY TABLE\tSTATE TABLE\tMIGRATION")
			for _, it := range items {
				stage := it.Stage
				if it.ReleasedIn != "" {
					stage += " " + it.ReleasedIn
				}
				fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", it.Name, it.Strategy, stage, it.Package,
					it.ModelTable, it.RegistryTable, it.StateTable, strconv.FormatInt(it.MigrationVersion, 10))
			}
			return w.Flush()
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print {module, replicables: [{name, strategy, migration_version, package, model_table, ...}]}")
	return cmd
}

// listJSON is list's machine-readable output.
type listJSON struct {
	Module      string     `json:"module"`
	Replicables []listItem `json:"replicables"`
}

// listItem is one type as list shows it.
type listItem struct {
	Name             string            `json:"name"`
	Strategy         string            `json:"strategy"`
	Stage            string            `json:"stage"`                 // experiment or released
	ReleasedIn       string            `json:"released_in,omitempty"` // the version, when recorded
	SchemaRevision   int               `json:"schema_revision"`       // what its migrations reach
	MigrationVersion int64             `json:"migration_version"`
	Package          string            `json:"package"` // the package's directory
	GoName           string            `json:"go_name"`
	ModelTable       string            `json:"model_table"`
	RegistryTable    string            `json:"registry_table"`
	StateTable       string            `json:"state_table"`
	ForeignKey       string            `json:"foreign_key"`
	ReplicationFlag  string            `json:"replication_flag"`
	VerificationFlag string            `json:"verification_flag"`
	GraphQLField     string            `json:"graphql_field"`
	Overrides        map[string]string `json:"overrides,omitempty"` // as set in geogen.yaml
}

func listItems(m *manifest.Manifest, proj *generator.Project) []listItem {
	items := make([]listItem, 0, len(proj.Types))
	for i := range proj.Types {
		t := &proj.Types[i]
		n := &t.Names
		it := listItem{
			Name: n.Input, Strategy: t.Strategy, MigrationVersion: t.MigrationVersion,
			Package: proj.PackageDir(t), GoName: n.GoName,
			ModelTable: n.ModelTable, RegistryTable: n.RegistryTable, StateTable: n.StateTable, ForeignKey: n.ForeignKey,
			ReplicationFlag: n.ReplicationFlag, VerificationFlag: n.VerificationFlag, GraphQLField: n.GraphQLField,
		}
		if j := m.Find(n.Input); j >= 0 {
			r := m.Replicables[j]
			it.Stage, it.ReleasedIn, it.SchemaRevision = r.StageName(), r.ReleasedIn, r.Revision()
			for _, f := range generator.OverrideFields(m.Replicables[j]) {
				if f.Value != "" {
					if it.Overrides == nil {
						it.Overrides = map[string]string{}
					}
					it.Overrides[f.Key] = f.Value
				}
			}
		}
		items = append(items, it)
	}
	return items
}
