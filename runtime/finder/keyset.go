package finder

// Keyset pagination: a page starts strictly after (or ends strictly before)
// a cursor's position, expressed as a condition on the sort key, so the
// database seeks instead of counting rows to skip.
//
// Each order is either ascending, (column ASC NULLS LAST, id ASC), or its
// exact reverse. greater and less compare with a cursor in the ascending
// form; NULLs are handled explicitly because a comparison with NULL is
// neither true nor false.

// later adds "the row comes strictly after c in order o".
func later(w *where, o order, c cursor) {
	if o.desc {
		less(w, o, c)
	} else {
		greater(w, o, c)
	}
}

// earlier adds "the row comes strictly before c in order o".
func earlier(w *where, o order, c cursor) {
	if o.desc {
		greater(w, o, c)
	} else {
		less(w, o, c)
	}
}

// atOrEarlier adds "the row is c's row or comes before it in order o".
func atOrEarlier(w *where, o order, c cursor) {
	inner := &where{args: w.args}
	earlier(inner, o, c)
	w.args = inner.args
	w.add("(" + inner.conds[0] + " OR id = " + w.arg(c.id) + ")")
}

// atOrLater adds "the row is c's row or comes after it in order o".
func atOrLater(w *where, o order, c cursor) {
	inner := &where{args: w.args}
	later(inner, o, c)
	w.args = inner.args
	w.add("(" + inner.conds[0] + " OR id = " + w.arg(c.id) + ")")
}

func greater(w *where, o order, c cursor) {
	col := o.column
	switch {
	case col == "":
		w.add("id > " + w.arg(c.id))
	case c.value == nil:
		w.add("(" + col + " IS NULL AND id > " + w.arg(c.id) + ")")
	default:
		v1 := w.arg(*c.value)
		v2 := w.arg(*c.value)
		w.add("(" + col + " > " + v1 + " OR (" + col + " = " + v2 + " AND id > " + w.arg(c.id) + ") OR " + col + " IS NULL)")
	}
}

func less(w *where, o order, c cursor) {
	col := o.column
	switch {
	case col == "":
		w.add("id < " + w.arg(c.id))
	case c.value == nil:
		w.add("(" + col + " IS NOT NULL OR id < " + w.arg(c.id) + ")")
	default:
		v1 := w.arg(*c.value)
		v2 := w.arg(*c.value)
		w.add("(" + col + " < " + v1 + " OR (" + col + " = " + v2 + " AND id < " + w.arg(c.id) + "))")
	}
}
