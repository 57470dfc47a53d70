package site

import "github.com/geogen/geogen/runtime/sqldb"

// limitConnections bounds each database handle a site uses as o says.
// Idle connections are kept up to the bound while work goes on: with
// fewer, every statement would open a fresh connection and close it
// again, which costs PostgreSQL a process start per statement (about 5x
// fewer syncs per second in the 10,000-blob benchmark); they are closed
// after ConnectionIdleTime without use.
//
// No code path of the runtime holds a connection while it waits for
// another (transactions run only their own statements, query results are
// read whole before the next statement, finished syncs are recorded by
// one statement at a time), so a bound cannot deadlock the site: work
// waits for a connection instead.
func limitConnections(o Options, dbs ...*sqldb.DB) {
	for _, db := range dbs {
		db.SetPool(sqldb.Pool{MaxOpen: o.MaxConnections, MaxIdle: o.MaxConnections, MaxIdleTime: o.ConnectionIdleTime})
	}
}
