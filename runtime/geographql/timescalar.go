package geographql

import (
	"time"

	graphql "github.com/graph-gophers/graphql-go"
)

// Time is the value of the Time scalar. GitLab's Types::TimeType writes
// Ruby's Time#iso8601: whole seconds, the fraction cut off, and "Z" for
// UTC ("2023-12-15T17:31:00Z"); clients that compare or parse the string
// as GitLab writes it get the same here. graphql-go's own Time would
// write Go's RFC3339Nano, with a fraction.
type Time struct{ time.Time }

// iso8601Seconds is Time's output layout.
const iso8601Seconds = "2006-01-02T15:04:05Z07:00"

// ImplementsGraphQLType makes Time the Go type of the Time scalar.
func (Time) ImplementsGraphQLType(name string) bool { return name == "Time" }

// UnmarshalGraphQL reads a Time input as graphql-go's Time does (an
// RFC 3339 string, with or without a fraction, or Unix seconds), so the
// inputs accepted are the ones accepted before Time had its own type.
func (t *Time) UnmarshalGraphQL(input any) error {
	var g graphql.Time
	if err := g.UnmarshalGraphQL(input); err != nil {
		return err
	}
	t.Time = g.Time
	return nil
}

// MarshalJSON writes the time in UTC, whole seconds, as a JSON string.
func (t Time) MarshalJSON() ([]byte, error) {
	b := make([]byte, 0, len(iso8601Seconds)+2)
	b = append(b, '"')
	b = t.UTC().Truncate(time.Second).AppendFormat(b, iso8601Seconds)
	return append(b, '"'), nil
}

// optTime is t as a nullable Time field.
func optTime(t *time.Time) *Time {
	if t == nil {
		return nil
	}
	return &Time{Time: t.UTC()}
}
