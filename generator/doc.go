// Package generator turns a manifest into files and puts them on disk
// safely.
//
// Generation is a pure function: [Generate] renders every artifact of
// every replicable type in memory and returns the files, sorted by path,
// without touching the disk. What happens to those files is up to a sink:
//
//   - [NewPlan] compares them with the disk and with the manifest's lock
//     and decides, file by file, what to create, update, delete, skip or
//     keep; [Plan.Apply] then writes the plan as one transaction (staged
//     next to the targets, renamed into place, rolled back on failure), and
//     a dry run just prints it;
//   - [Check] turns the same comparison into per-file statuses with unified
//     diffs, changing nothing.
//
// What geogen produces is a table of [Artifact] rows (package
// generator/artifacts holds the production table); adding an output is
// adding a row, not writing a new code path.
package generator
