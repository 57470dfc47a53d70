package console

import (
	"fmt"
	"time"
)

// timeView is a moment as pages show it: "3 minutes ago", with the exact
// time in the datetime attribute and on hover.
type timeView struct {
	Set      bool
	RFC3339  string
	Exact    string
	Relative string
}

// when describes t relative to now; an unset time is "never".
func when(t *time.Time, now time.Time) timeView {
	if t == nil || t.IsZero() {
		return timeView{}
	}
	u := t.UTC()
	return timeView{Set: true, RFC3339: u.Format(time.RFC3339), Exact: u.Format("2006-01-02 15:04:05 UTC"), Relative: relative(u, now)}
}

// relative says how long ago (or how far ahead) t is, in the largest
// whole unit.
func relative(t, now time.Time) string {
	d := now.Sub(t)
	future := d < 0
	if future {
		d = -d
	}
	var amount string
	switch {
	case d < 5*time.Second:
		return "just now"
	case d < time.Minute:
		amount = plural(int(d/time.Second), "second")
	case d < time.Hour:
		amount = plural(int(d/time.Minute), "minute")
	case d < 24*time.Hour:
		amount = plural(int(d/time.Hour), "hour")
	case d < 60*24*time.Hour:
		amount = plural(int(d/(24*time.Hour)), "day")
	default:
		amount = plural(int(d/(30*24*time.Hour)), "month")
	}
	if future {
		return "in " + amount
	}
	return amount + " ago"
}

func plural(n int, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	return fmt.Sprintf("%d %ss", n, unit)
}

// duration says how long d is, for the event lag.
func duration(d time.Duration) string {
	switch {
	case d < time.Second:
		return "none"
	case d < time.Minute:
		return plural(int(d/time.Second), "second")
	case d < time.Hour:
		return plural(int(d/time.Minute), "minute")
	case d < 48*time.Hour:
		return plural(int(d/time.Hour), "hour")
	}
	return plural(int(d/(24*time.Hour)), "day")
}
