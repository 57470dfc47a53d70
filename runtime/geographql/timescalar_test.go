package geographql

import (
	"encoding/json"
	"testing"
	"time"
)

func TestTimeWritesWholeSecondsInUTC(t *testing.T) {
	paris := time.FixedZone("CET", 3600)
	cases := []struct {
		name string
		in   time.Time
		want string
	}{
		{"UTC, whole seconds", time.Date(2023, 12, 15, 17, 31, 0, 0, time.UTC), `"2023-12-15T17:31:00Z"`},
		{"fraction cut off, not rounded", time.Date(2023, 12, 15, 17, 31, 0, 999_999_999, time.UTC), `"2023-12-15T17:31:00Z"`},
		{"another zone is written in UTC", time.Date(2023, 12, 15, 18, 31, 0, 123_456_000, paris), `"2023-12-15T17:31:00Z"`},
	}
	for _, c := range cases {
		got, err := json.Marshal(Time{c.in})
		if err != nil || string(got) != c.want {
			t.Errorf("%s: %s, %v; want %s", c.name, got, err, c.want)
		}
	}
}

// The inputs the scalar read when it was graphql-go's Time are read the
// same.
func TestTimeReadsWhatItReadBefore(t *testing.T) {
	cases := []struct {
		name string
		in   any
		want time.Time
	}{
		{"RFC 3339", "2023-12-15T17:31:00Z", time.Date(2023, 12, 15, 17, 31, 0, 0, time.UTC)},
		{"RFC 3339 with a fraction and an offset", "2023-12-15T18:31:00.5+01:00", time.Date(2023, 12, 15, 17, 31, 0, 500_000_000, time.UTC)},
		{"Unix seconds, Int", int32(1702661460), time.Date(2023, 12, 15, 17, 31, 0, 0, time.UTC)},
		{"Unix seconds, int64", int64(1702661460), time.Date(2023, 12, 15, 17, 31, 0, 0, time.UTC)},
		{"Unix seconds, Float", float64(1702661460), time.Date(2023, 12, 15, 17, 31, 0, 0, time.UTC)},
	}
	for _, c := range cases {
		var got Time
		if err := got.UnmarshalGraphQL(c.in); err != nil || !got.Equal(c.want) {
			t.Errorf("%s: %v, %v; want %v", c.name, got.Time, err, c.want)
		}
	}
	for _, bad := range []any{"yesterday", "2023-12-15", true} {
		var got Time
		if err := got.UnmarshalGraphQL(bad); err == nil {
			t.Errorf("%#v: read as %v, want an error", bad, got.Time)
		}
	}
}
