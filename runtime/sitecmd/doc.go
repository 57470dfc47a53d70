// Package sitecmd is the site binary of a generated project: the command
// tree (cobra) that runs a primary or a secondary site from a
// configuration file and gives operators their commands: migrate, status,
// check-replication, wait, flags, doctor and role.
//
// A project's cmd/geo/main.go (generated) hands its replicable types,
// GraphQL bindings and migrations to Main; nothing else is wired by hand.
//
// Exit codes: 0 success; 1 a failure, or a check that did not pass
// (check-replication, wait, doctor); 2 a usage or configuration error.
package sitecmd
