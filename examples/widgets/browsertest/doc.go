// Package browsertest drives the admin console of the example's site
// binary (cmd/geo) in a real browser: a primary and a secondary run as
// processes on loopback with seeded registries, and testdata/console.mjs
// walks the console's pages with Playwright in Debian's Chromium and
// checks every page with axe-core. It holds tests only; `make screenshots`
// runs the same test to write the pictures in docs/console.
package browsertest
