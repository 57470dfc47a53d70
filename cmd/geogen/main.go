// Command geogen scaffolds and maintains replicable types for the Geo
// replication runtime: `geogen new` adds a type, `geogen generate`
// rewrites every file geogen owns from geogen.yaml, and `geogen check`
// tells CI whether the files on disk are exactly what generate would
// write.
//
// Exit codes: check exits 0 when clean, 1 when the project differs from
// the manifest and 2 on error; every other command exits 0 on success and
// 1 on failure (generate also when it had to leave a hand-edited file
// alone). Errors are printed as `geogen: <problem> (<fix>)`.
package main

import (
	"os"
	"runtime/debug"
	"time"
)

func main() {
	if _, set := os.LookupEnv("GOGC"); !set {
		debug.SetGCPercent(gcPercent)
	}
	os.Exit(osApp().run(os.Args[1:]))
}

// gcPercent is the collector's GOGC for a geogen process, unless the
// environment sets one. A check of 100 types keeps some 10 MB live and
// allocates a few times that; at the default of 100 it collected about
// 25 times in its 0.1 s, and each collection wakes and parks threads,
// which on a busy machine means waiting for a processor again. At 400 it
// collects a few times and peaks a few MB higher.
const gcPercent = 400

// osApp is geogen wired to the process's streams, environment and clock.
func osApp() *app {
	return &app{
		stdout: os.Stdout,
		stderr: os.Stderr,
		getenv: os.Getenv,
		now:    time.Now,

		userCacheDir: os.UserCacheDir,
	}
}
