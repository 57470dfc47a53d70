package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/geogen/geogen/generator"
)

// tally counts a plan's actions.
type tally map[generator.Action]int

func count(plan *generator.Plan) tally {
	t := tally{}
	for _, c := range plan.Changes {
		t[c.Action]++
	}
	return t
}

// String is the one-line summary: "2 created, 1 updated".
func (t tally) String() string {
	var parts []string
	for _, x := range []struct {
		a    generator.Action
		verb string
	}{
		{generator.Create, "created"},
		{generator.Update, "updated"},
		{generator.Delete, "deleted"},
		{generator.Skip, "skipped"},
		{generator.Keep, "kept"},
	} {
		if n := t[x.a]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, x.verb))
		}
	}
	if len(parts) == 0 {
		return "nothing to do"
	}
	return strings.Join(parts, ", ")
}

// printChanges lists what a plan writes on out, and what it leaves alone
// (and why) on errw, where a hook's log shows it. dryRun words it as what
// would happen.
func printChanges(out, errw io.Writer, plan *generator.Plan, dryRun bool) {
	for _, c := range plan.Changes {
		switch c.Action {
		case generator.Create, generator.Update, generator.Delete:
			verb := string(c.Action)
			if dryRun {
				verb = "would " + verb
			}
			line := fmt.Sprintf("%-14s %s", verb, c.Path)
			if c.Forced {
				line += " (" + c.Reason + ")"
			}
			fmt.Fprintln(out, line)
		case generator.Skip, generator.Keep:
			verb := map[generator.Action]string{generator.Skip: "skip", generator.Keep: "keep"}[c.Action]
			if dryRun {
				verb = "would " + verb
			}
			fmt.Fprintf(errw, "%-14s %s: %s\n", verb, c.Path, c.Reason)
		}
	}
}

// unresolved reports whether the plan leaves the project short of what
// check calls clean: a hand-edited file skipped, an extra file kept.
func unresolved(plan *generator.Plan) int {
	n := 0
	for _, c := range plan.Changes {
		if c.Action == generator.Skip || c.Action == generator.Keep && c.Status != generator.OK {
			n++
		}
	}
	return n
}
