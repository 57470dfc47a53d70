package naming

import (
	"slices"
	"strconv"
	"strings"
	"sync"
)

// derived keeps what Derive returned, by input and options. A check of a
// project of 100 types derives each type three times or more; deriving
// is most of the time such a check spends outside reading files.
var derived = memo{entries: map[string]memoEntry{}}

// maxMemo bounds the entries kept: a command has as many as its project
// has types, a long fuzzing run would otherwise grow without end.
const maxMemo = 4096

type memo struct {
	mu      sync.Mutex
	entries map[string]memoEntry
}

type memoEntry struct {
	names Names // a value: every field is a string, so callers get copies
	err   error // errors are never changed after Derive returns them
}

func (m *memo) get(input string, opts Options) (Names, error) {
	k := memoKey(input, opts)
	m.mu.Lock()
	e, ok := m.entries[k]
	m.mu.Unlock()
	if ok {
		return e.names, e.err
	}
	n, err := derive(input, opts)
	m.mu.Lock()
	if len(m.entries) >= maxMemo {
		clear(m.entries)
	}
	m.entries[k] = memoEntry{n, err}
	m.mu.Unlock()
	return n, err
}

// memoKey writes every input of Derive, each string with its length so
// that no two inputs share a key, the index names sorted by key.
func memoKey(input string, o Options) string {
	var b strings.Builder
	add := func(s string) {
		b.WriteString(strconv.Itoa(len(s)))
		b.WriteByte(':')
		b.WriteString(s)
	}
	for _, s := range []string{input, o.Plural, o.ModelTable, o.Title, o.TitlePlural, o.RegistryTable, o.StateTable,
		o.ForeignKey, o.ModelKey, o.StateKey, o.SecondKey, o.SecondKeySource, o.ReplicationFlag, o.VerificationFlag, o.GraphQLType, o.GraphQLField} {
		add(s)
	}
	b.WriteString(strconv.FormatBool(o.VerificationOnModel))
	b.WriteString(strconv.Itoa(len(o.Initialisms)))
	for _, s := range o.Initialisms {
		add(s)
	}
	keys := make([]string, 0, len(o.IndexNames))
	for k := range o.IndexNames {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	b.WriteString(strconv.Itoa(len(keys)))
	for _, k := range keys {
		add(k)
		add(o.IndexNames[k])
	}
	return b.String()
}
