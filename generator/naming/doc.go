// Package naming derives every name of a replicable type from its model
// name: the snake, camel, title and Go forms and their plurals, the tables,
// the foreign key, the feature flags, the GraphQL names, the metric and
// status prefixes, and the names of the indexes and constraints in the
// generated migrations. It does no I/O.
//
// A model name may be written in CamelCase ("CoolWidget"), snake_case
// ("cool_widget"), kebab-case ("cool-widget") or as words ("Cool Widget");
// all four give the same names. Explicit separators end a word; within a
// run of letters and digits a word ends where the case changes
// ("LFSObject" is lfs + object). Digits always stay with the word before
// them ("Ci3Artifact" is ci3 + artifact, "HTTP2Server" is http2 + server,
// and "widget_2" is widget2 like "Widget2"), so every spelling of one
// CamelCase name gives one snake name.
//
// Three name families follow three conventions:
//   - Go identifiers (GoName, GoNamePlural, GoLowerName) write initialisms
//     in capitals, as Go does: "LfsObject" and "LFSObject" both give
//     LFSObject, "ProjectUrl" gives ProjectURL.
//   - GraphQL names and the display camel forms are plain camel case, as
//     GitLab's GraphQL schema is: LfsObjectRegistry, lfsObjectRegistries.
//   - Titles are for people and write initialisms in capitals: "LFS Object".
//
// Plurals come from github.com/jinzhu/inflection applied to the last word
// (person → people, sheep → sheep, status → statuses); a word that ends in
// a digit takes "s". Options.Plural replaces the guess wherever a plural
// appears, except in a Title override, whose plural is guessed from the
// title itself unless Options.TitlePlural is given.
//
// PostgreSQL truncates identifiers longer than MaxIdentifier bytes without
// an error, so two long index names could silently become one. Derive
// shortens every index, constraint and sequence name with Identifier. It
// refuses table names and a foreign key that are too long, naming the
// override that fixes them, and model names so long that the feature
// flags (which have no override) would be.
//
// Go package names: Package is the snake name without underscores
// ("coolwidget"). A name that cannot be a package clause or an importable
// package — a Go keyword ("type", "map", "package"), "main" or "init" —
// takes the plural form instead ("types", "maps", "packages"), which is
// never reserved. A package named like a predeclared identifier or a
// standard library package ("error", "time") compiles and is kept:
// generated importers alias it. GoLowerName, used for local variables,
// gets the suffix "Record" when it would be a keyword or shadow a
// predeclared identifier ("typeRecord", "errorRecord").
package naming
