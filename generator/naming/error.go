package naming

// Error is a name geogen cannot use: what is wrong and how to fix it.
// Derive joins several with errors.Join when overrides have several
// problems; errors.As finds the first.
type Error struct {
	Subject string // what is wrong: `model name "2Widget"`
	Problem string // why: "must start with a letter"
	Fix     string // what to do: `try "Widget2"`
}

func (e *Error) Error() string { return e.Subject + " " + e.Problem + " (" + e.Fix + ")" }
