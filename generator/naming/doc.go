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
// CamelCase name gives one snake name. Words that people write in mixed
// case are read as they are meant: a known term ("OAuthToken" is oauth +
// token, "IPv6Address" is ipv6 + address, "iOSApp" is ios + app), a
// version after capitals ("APIv2Key" is api + v2 + key), and every
// initialism the type is given (with --initialism E2E, "E2ETest" is
// e2e + test).
//
// Three name families follow three conventions:
//   - Go identifiers (GoName, GoNamePlural, GoLowerName) write initialisms
//     in capitals, as Go does: "LfsObject" and "LFSObject" both give
//     LFSObject, "ProjectUrl" gives ProjectURL.
//   - GraphQL names and the display camel forms are plain camel case, as
//     GitLab's GraphQL schema is: LfsObjectRegistry, lfsObjectRegistries.
//   - Titles are for people and write initialisms in capitals: "LFS Object".
//
// Plurals are English as people write it in technical prose, applied to
// the last word: geogen's table of irregular nouns by class (person →
// people, cactus → cacti, criterion → criteria, datum → data, leaf →
// leaves, analysis → analyses, index → indices), nouns with no plural
// (sheep, metadata), compounds of irregular nouns (salesperson →
// salespeople) and the endings Rails' general rules misread (gas →
// gases, hero → heroes, stadium → stadiums), then
// github.com/jinzhu/inflection, Rails' rules, for the regular rest (box →
// boxes, policy → policies). A word that ends in a digit takes "s". Options.Plural
// replaces the guess wherever a plural appears, except in a Title
// override, whose plural is guessed from the title itself unless
// Options.TitlePlural is given.
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
// or that names a directory the go command leaves out of ./...
// ("testdata") takes the plural form instead ("types", "maps",
// "packages", "testdatas"), which is never reserved. A package named like a predeclared identifier or a
// standard library package ("error", "time") compiles and is kept:
// generated importers alias it. GoLowerName, used for local variables,
// gets the suffix "Record" when it would be a keyword or shadow a
// predeclared identifier ("typeRecord", "errorRecord").
package naming
