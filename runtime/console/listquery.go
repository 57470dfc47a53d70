package console

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/geogen/geogen/runtime/finder"
	"github.com/geogen/geogen/runtime/state"
)

// Page sizes of the console's lists.
const (
	defaultPageSize = 20
	maxPageSize     = finder.MaxPageSize
	// maxIDs bounds the ids search: a pasted list, not a bulk filter.
	maxIDs = 1000
)

// sortNames are the sort parameter's values, the default first.
var sortNames = []string{"id_asc", "id_desc", "last_synced_at_asc", "last_synced_at_desc", "verified_at_asc", "verified_at_desc"}

var sortLabels = map[string]string{
	"id_asc": "ID, ascending", "id_desc": "ID, descending",
	"last_synced_at_asc": "Last synced, oldest first", "last_synced_at_desc": "Last synced, newest first",
	"verified_at_asc": "Last verified, oldest first", "verified_at_desc": "Last verified, newest first",
}

// listParams are a list page's query parameters as given: the URL is the
// whole state of the view.
type listParams struct {
	ReplicationState  string
	VerificationState string
	ChecksumState     string
	IDs               string
	Sort              string
	After, Before     string
	First             int
}

// readListParams reads and checks the parameters; the error names the
// parameter and the values it takes.
func readListParams(v url.Values) (listParams, error) {
	p := listParams{
		ReplicationState: strings.ToLower(strings.TrimSpace(v.Get("replication_state"))), VerificationState: strings.ToLower(strings.TrimSpace(v.Get("verification_state"))),
		ChecksumState: strings.ToLower(strings.TrimSpace(v.Get("checksum_state"))),
		IDs:           strings.TrimSpace(v.Get("ids")), Sort: strings.ToLower(strings.TrimSpace(v.Get("sort"))),
		After: v.Get("after"), Before: v.Get("before"), First: defaultPageSize,
	}
	if p.ReplicationState != "" {
		if _, err := state.ParseReplication(p.ReplicationState); err != nil {
			return p, fmt.Errorf("replication_state %q is not one of pending, started, synced, failed", p.ReplicationState)
		}
	}
	for _, s := range []struct{ name, value string }{{"verification_state", p.VerificationState}, {"checksum_state", p.ChecksumState}} {
		if s.value != "" {
			if _, err := state.ParseVerification(s.value); err != nil {
				return p, fmt.Errorf("%s %q is not one of pending, started, succeeded, failed, disabled", s.name, s.value)
			}
		}
	}
	if _, err := p.ids(); err != nil {
		return p, err
	}
	if p.Sort == "" {
		p.Sort = sortNames[0]
	} else if _, ok := sortLabels[p.Sort]; !ok {
		return p, fmt.Errorf("sort %q is not one of %s", p.Sort, strings.Join(sortNames, ", "))
	}
	if f := strings.TrimSpace(v.Get("first")); f != "" {
		n, err := strconv.Atoi(f)
		if err != nil || n < 1 || n > maxPageSize {
			return p, fmt.Errorf("first %q is not a page size from 1 to %d", f, maxPageSize)
		}
		p.First = n
	}
	if p.After != "" && p.Before != "" {
		return p, fmt.Errorf("after and before cannot both be given: follow the page links")
	}
	return p, nil
}

// ids parses the comma-separated ids (spaces are allowed too).
func (p listParams) ids() ([]int64, error) {
	var out []int64
	for _, part := range strings.FieldsFunc(p.IDs, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' || r == '\n' }) {
		id, err := strconv.ParseInt(part, 10, 64)
		if err != nil || id <= 0 {
			return nil, fmt.Errorf("ids: %q is not a registry id (a positive integer; separate ids with commas)", part)
		}
		out = append(out, id)
	}
	if len(out) > maxIDs {
		return nil, fmt.Errorf("ids: %d given, at most %d", len(out), maxIDs)
	}
	return out, nil
}

// filtered reports whether any filter narrows the list.
func (p listParams) filtered() bool {
	return p.ReplicationState != "" || p.VerificationState != "" || p.ChecksumState != "" || p.IDs != ""
}

// finderQuery is the finder's query for the page.
func (p listParams) finderQuery() finder.Query {
	q := finder.Query{Sort: finder.Sort(strings.ToUpper(p.Sort))}
	q.IDs, _ = p.ids()
	if p.ReplicationState != "" {
		s, _ := state.ParseReplication(p.ReplicationState)
		q.ReplicationState = &s
	}
	if p.VerificationState != "" {
		s, _ := state.ParseVerification(p.VerificationState)
		q.VerificationState = &s
	}
	if p.Before != "" {
		q.Last, q.Before = p.First, p.Before
	} else {
		q.First, q.After = p.First, p.After
	}
	return q
}

// values are the parameters as a query string, without the cursors;
// defaults are left out so links stay short.
func (p listParams) values() url.Values {
	v := url.Values{}
	set := func(k, val string) {
		if val != "" {
			v.Set(k, val)
		}
	}
	set("replication_state", p.ReplicationState)
	set("verification_state", p.VerificationState)
	set("checksum_state", p.ChecksumState)
	set("ids", p.IDs)
	if p.Sort != sortNames[0] {
		set("sort", p.Sort)
	}
	if p.First != defaultPageSize {
		v.Set("first", strconv.Itoa(p.First))
	}
	return v
}

// url is path with the parameters and one cursor (name "after" or
// "before"; "" for none).
func (p listParams) url(path, cursorName, cursor string) string {
	v := p.values()
	if cursorName != "" {
		v.Set(cursorName, cursor)
	}
	if len(v) == 0 {
		return path
	}
	return path + "?" + v.Encode()
}

// option is one choice of a select.
type option struct {
	Value, Label string
	Selected     bool
}

func options(values []string, labels map[string]string, selected string, anyLabel string) []option {
	var out []option
	if anyLabel != "" {
		out = append(out, option{Value: "", Label: anyLabel, Selected: selected == ""})
	}
	for _, v := range values {
		l := v
		if labels != nil {
			l = labels[v]
		}
		out = append(out, option{Value: v, Label: l, Selected: v == selected})
	}
	return out
}

func replicationNames() []string {
	var out []string
	for _, s := range state.Replications {
		out = append(out, s.String())
	}
	return out
}

func verificationNames() []string {
	var out []string
	for _, s := range state.Verifications {
		out = append(out, s.String())
	}
	return out
}
