package generator

import (
	"fmt"
	"strings"
)

// conflicts returns what would keep a command that adds or removes one
// type from leaving the project whole, so that it can refuse before
// writing anything instead of leaving half a type (kubebuilder#2103):
//
//   - a file of the type, or a shared list (Replicable ""), that must
//     change but was edited by hand or is someone else's file in the way;
//   - an edit that --overwrite-edited would discard in another type's
//     file: adding or removing one type is no reason to touch another's.
//
// ownScaffoldSkipsOK lets the type's own edited scaffold-once files be
// skipped: new --force keeps them and says so. Edited files of other
// types are not conflicts; they are left alone and reported.
func conflicts(plan *Plan, name string, ownScaffoldSkipsOK bool) []Change {
	var out []Change
	for _, c := range plan.Changes {
		ours := c.Replicable == name || c.Replicable == ""
		switch {
		case c.Action == Skip && ours && c.Status != Clash: // clashes have their own refusal
			if !(ownScaffoldSkipsOK && c.Replicable == name && c.Kind == ScaffoldOnce) {
				out = append(out, c)
			}
		case c.Forced && !ours:
			out = append(out, c)
		}
	}
	return out
}

// conflictError explains conflicts: each file, why, and what to do.
func conflictError(what string, cs []Change) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%s would leave %d file(s) in a state geogen cannot build on, so nothing was written:", what, len(cs))
	for _, c := range cs {
		reason := c.Reason
		if c.Forced {
			reason = fmt.Sprintf("a file of %s; --overwrite-edited here would discard your edits in it (run geogen generate --overwrite-edited if you mean that)", c.Replicable)
		}
		fmt.Fprintf(&b, "\n  %s: %s", c.Path, reason)
	}
	return refuse(b.String(), "geogen check shows the differences")
}

// InitRefusal is the error that stops init from writing, or nil: a file
// in the way of one init creates (an earlier project's, or the user's)
// would be skipped, and the project left without a file it needs.
func (p *Plan) InitRefusal() error {
	cs := conflicts(p, "", false)
	if len(cs) == 0 {
		return nil
	}
	var b strings.Builder
	fmt.Fprintf(&b, "init would have to leave out %d file(s) of the project, so nothing was written:", len(cs))
	for _, c := range cs {
		fmt.Fprintf(&b, "\n  %s: in the way (a file geogen did not write)", c.Path)
	}
	return refuse(b.String(), "move those files away, or delete them, and run geogen init again")
}
