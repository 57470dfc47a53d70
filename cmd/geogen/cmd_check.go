package main

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/geogen/geogen/generator"
	"github.com/geogen/geogen/generator/manifest"
)

func (a *app) checkCommand() *cobra.Command {
	var asJSON, noDiff bool
	cmd := &cobra.Command{
		Use:   "check",
		Short: "Report whether every generated file is what generate would write (for CI)",
		Long: `check changes nothing. It compares what generate would write with the disk and
with the lock in geogen.yaml, and reports each file that is

  stale        written by geogen, untouched, but the manifest now renders something else
  missing      not on disk (a deleted scaffold-once file too: generate writes it again)
  extra        no longer produced (or carrying geogen's header without being in the lock)
  hand-edited  owned by geogen but changed by hand (or not in the lock, and different)
  conflicted   owned by geogen and holding merge conflict markers
  clash        a migration sharing its version, or its table, with another
  diverged     a migration geogen wrote that geogen.yaml now renders differently
  staging      a file an interrupted geogen left behind

followed by a unified diff from the disk (a/) to what generate would write (b/),
and by each type whose migrations are behind the schema this geogen generates
(created by an earlier geogen: geogen upgrade writes the migrations it lacks).
Scaffold-once files are the user's and are not compared, except that they must exist
and that an unedited migration must still be what geogen.yaml renders.

Exit codes: 0 clean, 1 drift, 2 error (no manifest, invalid manifest, invalid names).`,
		Args: exactArgs(0, "geogen check"),
		RunE: func(c *cobra.Command, _ []string) error {
			open := a.openToPlan
			if asJSON {
				open = a.openProject // the report lists every file
			}
			s, err := open(false)
			if err != nil {
				return err
			}
			if s.Clean != nil {
				a.printUpToDate(s.Clean.Checked)
				return nil
			}
			r, err := s.Check()
			if err != nil {
				return err
			}
			behind := generator.SchemaBehind(s.Manifest)
			if asJSON {
				err = a.printCheckJSON(r, behind)
			} else {
				a.printCheck(r, !noDiff)
				a.printBehind(behind)
			}
			if err != nil {
				return err
			}
			if !r.Clean() || len(behind) > 0 {
				return &driftError{}
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the report as JSON: {clean, counts, files: [{path, status, kind, replicable, detail, diff}]}")
	cmd.Flags().BoolVar(&noDiff, "no-diff", false, "list statuses without the diffs")
	return cmd
}

// statusOrder is the order of the summary's counts.
var statusOrder = []generator.Status{
	generator.Stale, generator.Missing, generator.Extra, generator.HandEdited,
	generator.Conflicted, generator.Clash, generator.Diverged, generator.Staging,
}

// statusHelp says what to do about each status.
var statusHelp = map[generator.Status]string{
	generator.Stale:      "run geogen generate",
	generator.Missing:    "run geogen generate",
	generator.Extra:      "run geogen generate; files it keeps are yours to delete",
	generator.HandEdited: "move the change into a file of your own, then run geogen generate --overwrite-edited",
	generator.Conflicted: "resolve geogen.yaml, then delete the file and run geogen generate (each line above gives the command)",
	generator.Clash:      "restore the old name or migration_version in geogen.yaml, or see README's \"Renaming a table\"",
	generator.Diverged:   "restore the old names in geogen.yaml, or see README's \"Renaming a table\"",
	generator.Staging:    "run geogen generate, which removes staging files; an .old file needs comparing by hand first",
}

func (a *app) printCheck(r *generator.Report, diffs bool) {
	counts := r.Count()
	if r.Clean() {
		a.printUpToDate(counts[generator.OK])
		return
	}
	for _, f := range r.Files {
		if f.Status == generator.OK {
			continue
		}
		line := fmt.Sprintf("%-12s %s", f.Status, f.Path)
		if f.Detail != "" {
			line += ": " + f.Detail
		}
		fmt.Fprintln(a.stdout, line)
	}
	if diffs {
		for _, f := range r.Files {
			if f.Diff != "" {
				fmt.Fprint(a.stdout, "\n"+f.Diff)
			}
		}
	}
	var parts, fixes []string
	seen := map[string]bool{}
	// A clash or divergence a plural change explains has its own fix,
	// printed below; the generic one is only for the others.
	unexplained := map[generator.Status]bool{}
	for _, f := range r.Files {
		if !f.PluralChange {
			unexplained[f.Status] = true
		}
	}
	drift := 0
	for _, s := range statusOrder {
		if n := counts[s]; n > 0 {
			drift += n
			parts = append(parts, fmt.Sprintf("%d %s", n, s))
			if unexplained[s] && !seen[statusHelp[s]] {
				seen[statusHelp[s]] = true
				fixes = append(fixes, string(s)+": "+statusHelp[s])
			}
		}
	}
	fmt.Fprintf(a.stdout, "\ncheck: %d of %d files differ from %s (%s)\n", drift, len(r.Files), manifest.FileName, strings.Join(parts, ", "))
	for _, pc := range r.PluralChanges {
		fmt.Fprintf(a.stdout, "  %s: %s\n", pc.Problem(), pc.Fix())
	}
	for _, f := range fixes {
		fmt.Fprintln(a.stdout, "  "+f)
	}
}

// printUpToDate is check's line for a project with nothing to report.
func (a *app) printUpToDate(files int) {
	fmt.Fprintf(a.stdout, "check: %d files up to date\n", files)
}

// checkJSON is check's machine-readable report.
type checkJSON struct {
	Clean  bool                     `json:"clean"`
	Counts map[generator.Status]int `json:"counts"`
	Files  []generator.FileReport   `json:"files"`
	Behind []generator.Behind       `json:"behind,omitempty"` // types to run geogen upgrade for
	// PluralChanges: types whose tables an earlier geogen named under
	// another plural; each needs `plural: WAS` in geogen.yaml.
	PluralChanges []generator.PluralChange `json:"plural_changes,omitempty"`
}

func (a *app) printCheckJSON(r *generator.Report, behind []generator.Behind) error {
	enc := json.NewEncoder(a.stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false) // diffs of Markdown and Go stay readable
	return enc.Encode(checkJSON{Clean: r.Clean() && len(behind) == 0, Counts: r.Count(), Files: r.Files, Behind: behind, PluralChanges: r.PluralChanges})
}

// printBehind lists the types whose migrations an earlier geogen wrote
// and says how to bring them up to date.
func (a *app) printBehind(behind []generator.Behind) {
	if len(behind) == 0 {
		return
	}
	fmt.Fprintln(a.stdout)
	var names []string
	for _, b := range behind {
		fmt.Fprintf(a.stdout, "%-12s %s\n", "behind", b)
		names = append(names, b.Replicable)
	}
	fmt.Fprintf(a.stdout, "check: %d type(s) need new migrations: run geogen upgrade %s\n", len(behind), strings.Join(names, " "))
}
