package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/geogen/geogen/generator"
)

func (a *app) generateCommand() *cobra.Command {
	var dryRun, overwrite, verbose bool
	cmd := &cobra.Command{
		Use:   "generate",
		Short: "Rewrite every file geogen owns from geogen.yaml",
		Long: `generate renders every file from geogen.yaml and writes those whose bytes differ,
leaving the others (and their modification times) alone. It deletes owned files of
types no longer in geogen.yaml, and writes the scaffold-once files of a type that
never had them (one added to geogen.yaml by hand). It never touches a file the user
edited: a hand-edited owned file is reported and left as it is (exit code 1) unless
--overwrite-edited. Running it twice changes nothing the second time.

Suitable for a pre-commit hook: it needs no arguments and takes milliseconds.`,
		Args: exactArgs(0, "geogen generate"),
		RunE: func(c *cobra.Command, _ []string) error {
			open := a.openToPlan
			if dryRun || overwrite || verbose {
				open = a.openProject // these print or do more than a plan with nothing to do
			}
			s, err := open(true)
			if err != nil {
				return err
			}
			if s.Clean != nil {
				a.printNothingChanged("generate", s.Clean.Locked)
				return nil
			}
			plan, err := s.PlanGenerate(generator.Options{OverwriteEdited: overwrite})
			if err != nil {
				return err
			}
			for _, b := range generator.SchemaBehind(s.Manifest) {
				fmt.Fprintf(a.stderr, "note: %s; run geogen upgrade %s\n", b, b.Replicable)
			}
			refusal := plan.Refusal("generate")
			if refusal != nil && !dryRun {
				return refusal
			}
			if err := a.apply(plan, applyOptions{dryRun: dryRun, listWrites: verbose, what: "generate", unresolvedIsDrift: true}); err != nil {
				return err
			}
			return refusal
		},
	}
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "print what would be created, updated and deleted; change nothing")
	cmd.Flags().BoolVar(&overwrite, "overwrite-edited", false, "overwrite (or delete) files geogen owns even if they were edited by hand")
	cmd.Flags().BoolVarP(&verbose, "verbose", "v", false, "list every file written")
	return cmd
}
