package naming

import (
	"errors"
	"fmt"
	"strings"

	"github.com/geogen/geogen/runtime/replicable"
	"github.com/geogen/geogen/runtime/sqlname"
)

// checkSQL judges every table and column name of the type, derived or
// given, as the runtime will when it starts (the sqlname package is the
// one source of both): short enough for PostgreSQL, no key word of
// PostgreSQL or SQLite where the name stands, no prefix either database
// keeps, and no table the runtime creates itself. Every problem is
// reported, each with the override that fixes it.
func (n *Names) checkSQL(opts Options) error {
	var errs []error
	for _, c := range []struct {
		what, name string
		pos        sqlname.Position
		given      bool
		fix        string
	}{
		{"model table", n.ModelTable, sqlname.Table, opts.ModelTable != "", tableOverride.how() + " with another name, or " + pluralOverride.flag + " when the plural is wrong"},
		{"registry table", n.RegistryTable, sqlname.Table, opts.RegistryTable != "", registryTableOverride.how() + " with another name"},
		{"state table", n.StateTable, sqlname.Table, opts.StateTable != "", stateTableOverride.how() + " with another name"},
		{"foreign key", n.ForeignKey, sqlname.Column, opts.ForeignKey != "", foreignKeyOverride.how() + " with another name"},
		{"state key", n.StateKey, sqlname.Column, opts.StateKey != "", stateKeyOverride.how() + " with another name"},
		{"model key", n.ModelKey, sqlname.Column, opts.ModelKey != "", modelKeyOverride.how() + " with another name"},
		{"second key", n.SecondKey, sqlname.Column, true, secondKeyOverride.how() + " with another name"},
		{"second key source", n.SecondKeySource, sqlname.Column, true, secondKeySourceOverride.how() + " with another name"},
	} {
		if c.name == "" {
			continue // an optional column not used
		}
		reasons := sqlname.Problems(c.name, c.pos)
		if c.pos == sqlname.Table && replicable.IsRuntimeRelation(c.name) {
			reasons = append(reasons, "is a table, index or sequence the runtime creates itself")
		}
		if len(reasons) == 0 {
			continue
		}
		subject := fmt.Sprintf("%s %s of %s", c.what, c.name, n.Input)
		if !c.given {
			subject = fmt.Sprintf("derived %s %s of %s", c.what, c.name, n.Input)
		}
		errs = append(errs, &Error{Subject: subject, Problem: strings.Join(reasons, "; it "), Fix: c.fix})
	}
	return errors.Join(errs...)
}
