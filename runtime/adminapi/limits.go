package adminapi

// Limits bound what one GraphQL request may ask for. Zero fields take the
// defaults, which follow GitLab's limits for an authenticated request.
type Limits struct {
	// MaxDepth is the deepest nesting of fields a query may have. Default
	// 20 (GitLab's authenticated maximum depth); a standard introspection
	// query fits.
	MaxDepth int
	// MaxQueryLength is the longest query text accepted, in bytes.
	// Default 10,000 (GitLab's maximum query size).
	MaxQueryLength int
	// MaxSelections bounds the query's complexity: the number of field
	// selections once fragments are expanded. Default 500, room for a
	// standard introspection query and a full replication details view
	// of every type.
	MaxSelections int
	// MaxBodyBytes is the largest request body read. Default 1 MiB.
	MaxBodyBytes int64

	// The cost budget of one request (geographql.Budget): however many
	// aliases and fragments multiply them, the registry fields of one
	// request read at most MaxRows rows (each field charges its page size
	// plus its ids), no ids argument holds more than MaxIDs ids, and at
	// most MaxQueries registry fields, counts and mutations run. Defaults:
	// geographql.DefaultMaxRows (2,000), DefaultMaxIDs (1,000),
	// DefaultMaxQueries (50).
	MaxRows    int
	MaxIDs     int
	MaxQueries int
}

// The defaults of Limits.
const (
	DefaultMaxDepth       = 20
	DefaultMaxQueryLength = 10_000
	DefaultMaxSelections  = 500
	DefaultMaxBodyBytes   = 1 << 20
)

func (l Limits) withDefaults() Limits {
	if l.MaxDepth <= 0 {
		l.MaxDepth = DefaultMaxDepth
	}
	if l.MaxQueryLength <= 0 {
		l.MaxQueryLength = DefaultMaxQueryLength
	}
	if l.MaxSelections <= 0 {
		l.MaxSelections = DefaultMaxSelections
	}
	if l.MaxBodyBytes <= 0 {
		l.MaxBodyBytes = DefaultMaxBodyBytes
	}
	return l
}
