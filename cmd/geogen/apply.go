package main

import (
	"fmt"
	"io"

	"github.com/geogen/geogen/generator"
)

// applyOptions say how a command reports carrying out a plan.
type applyOptions struct {
	dryRun     bool
	listWrites bool   // list every file written, not just the summary
	what       string // "generate", "new CoolWidget": starts the summary line

	// keepsOn receives the lines for files left alone (skipped or kept);
	// nil means stderr, where a hook's log shows them.
	keepsOn io.Writer

	// unresolvedIsDrift makes the command exit 1 when the plan leaves
	// something check would report (generate: a pre-commit hook must
	// fail then). new and remove check for conflicts before applying.
	unresolvedIsDrift bool
}

// apply carries out (or, in a dry run, describes) a plan and prints the
// outcome.
func (a *app) apply(plan *generator.Plan, o applyOptions) error {
	keeps := o.keepsOn
	if keeps == nil {
		keeps = a.stderr
	}
	t := count(plan)
	if o.dryRun {
		printChanges(a.stdout, keeps, plan, true)
		fmt.Fprintf(a.stdout, "%s (dry run, nothing written): would be %s\n", o.what, t)
		return nil
	}
	if err := a.uninterrupted(plan.Apply); err != nil {
		if wroteAll(err) {
			return err
		}
		return fmt.Errorf("%w (nothing was changed)", err)
	}
	if o.listWrites {
		printChanges(a.stdout, keeps, plan, false)
	} else {
		// The summary is one line; what was left alone always shows.
		printChanges(io.Discard, keeps, plan, false)
	}
	if t[generator.Create]+t[generator.Update]+t[generator.Delete] == 0 {
		a.printNothingChanged(o.what, len(plan.Manifest.Generated))
	} else {
		fmt.Fprintf(a.stdout, "%s: %s\n", o.what, t)
	}
	if n := unresolved(plan); n > 0 && o.unresolvedIsDrift {
		return &driftError{msg: fmt.Sprintf("%d file(s) left as they are, listed above; geogen check reports them until they are resolved", n)}
	}
	return nil
}

// printNothingChanged is the summary of a command that wrote nothing.
func (a *app) printNothingChanged(what string, files int) {
	fmt.Fprintf(a.stdout, "%s: nothing changed (%d files up to date)\n", what, files)
}
