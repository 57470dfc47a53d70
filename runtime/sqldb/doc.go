// Package sqldb opens the databases the runtime uses and hides the few
// differences between PostgreSQL (production) and SQLite (the embedded
// default) behind a Dialect.
//
// The runtime writes its SQL once, with PostgreSQL-style $n placeholders,
// which both drivers bind positionally. What differs is kept here: row
// locking for batch claims, array parameters, and how a connection is set
// up. Table and column names never come from user input at run time: they
// come from validated descriptors.
package sqldb
