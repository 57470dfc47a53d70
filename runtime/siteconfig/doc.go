// Package siteconfig is the configuration of a site binary: a YAML file,
// overridden by environment variables, overridden by command-line
// settings, checked as a whole before anything starts.
//
// Every key of the file is a dotted path (databases.main,
// intervals.poll); its environment variable is GEO_ and the path in
// capitals with underscores (GEO_DATABASES_MAIN), and --set path=value
// sets it on the command line. Fields lists every key with its default
// and what it does: that table is the schema.
//
// Secrets (the sites' shared signing secret, the admin token) are read
// from a file (secrets.admin_token.file) or an environment variable
// (secrets.admin_token.env names it; GEO_SECRETS_ADMIN_TOKEN holds the
// value itself), never from the file's text, and print as [redacted].
//
// Load reports every problem of the configuration at once, one line each,
// naming the key and the fix.
package siteconfig
