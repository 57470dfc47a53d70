// Package rendercache remembers what the generator rendered, the way the
// go command's build cache remembers what it compiled, so that a
// pre-commit hook running geogen generate or geogen check on an unchanged
// project skips rendering (go/format over every Go file), which is most
// of what those commands cost.
//
// Rendering is a pure function of the program doing it and of the derived
// project (module, layout, every type's names, strategy and migration
// version). An entry is the whole []generator.File of one project, stored
// under the SHA-256 of both:
//
//   - the program is identified by the Go build ID of the running
//     executable, which the go command derives from every input of the
//     link (the source of every package compiled in, the generator's,
//     its templates' and the runtime's, each dependency's content, the
//     toolchain and the build flags) and from the binary's own content.
//     A binary without one (built with -ldflags=-buildid=) gets no cache;
//   - the project is encoded canonically (JSON of generator.Project),
//     with the names and properties of the production table's rows.
//
// Entries are written atomically (a temporary file renamed into place),
// carry a CRC-32C of their content and the key they were stored under,
// and anything that does not read back whole is a miss: a damaged,
// foreign or half-written entry costs a render, never a wrong file.
// The directory is bounded: after each store the newest entries are kept
// and the rest deleted.
package rendercache
