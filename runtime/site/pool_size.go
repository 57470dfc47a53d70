package site

import "github.com/geogen/geogen/runtime/sqldb"

// keepConnections raises a database's idle connection limit to n.
// database/sql keeps 2 idle connections by default: with more workers than
// that, every statement would open a fresh connection and close it again,
// which costs PostgreSQL a process start per statement (about 5x fewer
// syncs per second in the 10,000-blob benchmark).
func keepConnections(n int, dbs ...*sqldb.DB) {
	for _, db := range dbs {
		db.SetMaxIdleConns(n)
	}
}
