package artifacts

import (
	"strings"

	"github.com/geogen/geogen/generator"
	"github.com/geogen/geogen/generator/telemetry"
)

func dataTypesDoc(p *generator.Project, _ *generator.Type) ([]byte, error) {
	m := newMarkdown("Replicated data types")
	m.para("Every data type this project replicates from the primary site to secondary sites, and verifies",
		"on both. A type is an experiment until it is released (`geogen release NAME --version X.Y`):",
		"its replication flag is off by default and its GraphQL field may change.")
	if len(p.Types) == 0 {
		m.para(noTypes)
		return m.bytes(), nil
	}
	var rows, limits [][]string
	for _, t := range p.Types {
		n := &t.Names
		stage, since := "experiment", "not released"
		if t.Released {
			stage, since = "released", "released"
			if t.ReleasedIn != "" {
				since = t.ReleasedIn
			}
		}
		rows = append(rows, []string{n.Title, t.Strategy, stage, since, since,
			code(n.RegistryTable), code(n.StateTable), code(n.GraphQLField)})
		if !t.Released {
			limits = append(limits, []string{n.Title,
				"Experiment: not replicated until the " + code(n.ReplicationFlag) + " flag is turned on, " +
					"and the " + code(n.GraphQLField) + " GraphQL field may change or go away before release."})
		}
	}
	m.table([]string{"Data type", "Strategy", "Stage", "Replicated since", "Verified since", "Registry table", "State table", "GraphQL field"}, rows)
	m.heading("Limitations")
	if len(limits) == 0 {
		m.para("No known limitations: every data type is released.")
	} else {
		m.table([]string{"Data type", "Limitation"}, limits)
	}
	return m.bytes(), nil
}

func metricsDoc(p *generator.Project, _ *generator.Type) ([]byte, error) {
	m := newMarkdown("Prometheus metrics")
	m.para("Each replicated data type has eleven gauges, set from the site status (see [status.md](status.md)):",
		"the primary reports what it checksums, a secondary what it has synced and verified. A secondary",
		"also counts the damaged copies its own checks find, as they happen: a counter per type, whose",
		"series per check start at 0, so `increase()` over them alerts on corruption. Every metric has",
		"the site's `url` label.")
	if len(p.Types) == 0 {
		m.para(noTypes)
		return m.bytes(), nil
	}
	for _, t := range p.Types {
		m.heading(t.Names.TitlePlural)
		var rows [][]string
		for _, g := range telemetry.For(t.Names).Gauges {
			rows = append(rows, []string{code(g.Name), g.Description})
		}
		m.table([]string{"Gauge", "Description"}, rows)
		rows = nil
		for _, c := range telemetry.For(t.Names).Counters {
			rows = append(rows, []string{code(c.Name), code(c.Label) + ": " + strings.Join(c.Values, ", "), c.Description})
		}
		m.table([]string{"Counter (secondary)", "Labels", "Description"}, rows)
	}
	return m.bytes(), nil
}

func statusDoc(p *generator.Project, _ *generator.Type) ([]byte, error) {
	m := newMarkdown("Site status fields")
	m.para("Every site publishes a status with these fields for each replicated data type, whether or not",
		"the type is enabled. Counts are null where the site does not compute them; percentages are",
		"unrounded and 0 when there is nothing to count. [status_schema.json](status_schema.json) is the same",
		"list as a JSON Schema.")
	if len(p.Types) == 0 {
		m.para(noTypes)
		return m.bytes(), nil
	}
	for _, t := range p.Types {
		m.heading(t.Names.TitlePlural)
		var rows [][]string
		for _, f := range telemetry.For(t.Names).Fields {
			rows = append(rows, []string{code(f.Name), string(f.Type), f.Site, f.Description})
		}
		m.table([]string{"Field", "Type", "Computed on", "Description"}, rows)
	}
	return m.bytes(), nil
}
