package generator

// Refusal is a command the generator will not carry out because of what
// it found, with what the user can do instead. Nothing was written.
type Refusal struct{ Problem, Fix string }

func (e *Refusal) Error() string {
	if e.Fix == "" {
		return e.Problem
	}
	return e.Problem + " (" + e.Fix + ")"
}

func refuse(problem, fix string) error { return &Refusal{problem, fix} }
