package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// readTreeSource is the baseline of BenchmarkProcess100: a program that
// reads every file of the project in its working directory, one after
// the other, as check must at least do, and nothing else. It is built
// on its own so that it starts as fast as a Go program can: none of
// geogen's packages, and so none of their start-up, is linked in.
const readTreeSource = `package main

import (
	"io/fs"
	"os"
	"path/filepath"
)

func main() {
	err := filepath.WalkDir(".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		_, err = os.ReadFile(p)
		return err
	})
	if err != nil {
		os.Exit(1)
	}
}
`

// formatTreeSource is the floor of a cold run, beside the reader: a
// program that reads every Go file of the project and runs go/format on
// it, on every processor, and nothing else. Every generated Go file goes
// through go/format once when it is rendered (jennifer formats what it
// renders), so a check with an empty render cache can be no faster than
// this, whatever else it does.
const formatTreeSource = `package main

import (
	"go/format"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"
)

func main() {
	var files []string
	err := filepath.WalkDir(".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && filepath.Ext(p) == ".go" {
			files = append(files, p)
		}
		return err
	})
	if err != nil {
		os.Exit(1)
	}
	var wg sync.WaitGroup
	next := make(chan string)
	var failed atomic.Bool
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for p := range next {
				src, err := os.ReadFile(p)
				if err == nil {
					_, err = format.Source(src)
				}
				if err != nil {
					failed.Store(true)
				}
			}
		})
	}
	for _, p := range files {
		next <- p
	}
	close(next)
	wg.Wait()
	if failed.Load() {
		os.Exit(1)
	}
}
`

// BenchmarkProcess100 runs check and generate on a project of 100 types
// as whole processes of geogen built as users build it, each iteration
// beside a process that only reads the same files, and reports both, and
// their ratio (x-read): the budget is 1.5 with a warm render cache and 3
// cold. Wall time is what the budget is about; the processes' CPU time
// (user and system) is reported too, as it moves less than wall time
// when other work shares the machine. format-floor runs formatTreeSource
// the same way: the least any cold run can take.
//
// warm: the render cache holds this binary's rendering of the project
// and the record of a check with nothing to report (generator.CleanRecord),
// and the files are in the OS page cache: the command verifies the disk
// against the record. rendered: the rendering but no record (removed
// before every run), as on the first check after the files changed: the
// command parses geogen.yaml, derives every name and compares the
// rendering with the disk. cold: the render cache is empty (emptied
// before every run of the command), as on the first run after geogen or
// geogen.yaml changed, so the command renders every file and stores the
// result.
func BenchmarkProcess100(b *testing.B) {
	bin := b.TempDir()
	geogenBin := buildProgram(b, filepath.Join(bin, "geogen"), ".", nil)
	readDir := b.TempDir()
	writeFile(b, filepath.Join(readDir, "go.mod"), "module readtree\n\ngo 1.26\n")
	writeFile(b, filepath.Join(readDir, "main.go"), readTreeSource)
	readBin := buildProgram(b, filepath.Join(bin, "readtree"), readDir, []string{"GOWORK=off", "GOFLAGS=-mod=mod"})
	formatDir := b.TempDir()
	writeFile(b, filepath.Join(formatDir, "go.mod"), "module formattree\n\ngo 1.26\n")
	writeFile(b, filepath.Join(formatDir, "main.go"), formatTreeSource)
	formatBin := buildProgram(b, filepath.Join(bin, "formattree"), formatDir, []string{"GOWORK=off", "GOFLAGS=-mod=mod"})

	dir := project100(b)
	warmCache, coldCache := b.TempDir(), b.TempDir()
	run := func(b *testing.B, bin string, env []string, args ...string) (wall, cpu time.Duration) {
		cmd := exec.Command(bin, args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), env...)
		start := time.Now()
		out, err := cmd.CombinedOutput()
		wall = time.Since(start)
		if err != nil {
			b.Fatalf("%s %v: %v\n%s", filepath.Base(bin), args, err, out)
		}
		return wall, cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	}
	emptyCold := func(b *testing.B) {
		if err := os.RemoveAll(coldCache); err != nil {
			b.Fatal(err)
		}
		if err := os.Mkdir(coldCache, 0o755); err != nil {
			b.Fatal(err)
		}
	}
	forgetClean := func(b *testing.B) {
		records, err := filepath.Glob(filepath.Join(warmCache, "*.clean"))
		if err != nil {
			b.Fatal(err)
		}
		for _, r := range records {
			if err := os.Remove(r); err != nil {
				b.Fatal(err)
			}
		}
	}
	warm := []string{cacheEnv + "=" + warmCache}
	run(b, geogenBin, warm, "check") // fills the cache
	// The floor of the cold case: go/format alone on the project's Go
	// files, beside the reader like the commands.
	b.Run("format-floor", func(b *testing.B) {
		var fmtWall, fmtCPU, readWall time.Duration
		for b.Loop() {
			w, u := run(b, formatBin, nil)
			fmtWall, fmtCPU = fmtWall+w, fmtCPU+u
			w, _ = run(b, readBin, nil)
			readWall += w
		}
		n := float64(b.N)
		b.ReportMetric(float64(fmtWall.Microseconds())/1000/n, "cmd-ms/op")
		b.ReportMetric(float64(readWall.Microseconds())/1000/n, "read-ms/op")
		b.ReportMetric(float64(fmtWall)/float64(readWall), "x-read")
		b.ReportMetric(float64(fmtCPU.Microseconds())/1000/n, "cmd-cpu-ms/op")
	})
	for _, command := range []string{"check", "generate"} {
		for _, c := range []struct {
			name    string
			env     []string
			prepare func(*testing.B)
		}{
			{"cold", []string{cacheEnv + "=" + coldCache}, emptyCold},
			{"rendered", warm, forgetClean},
			{"warm", warm, func(*testing.B) {}},
		} {
			b.Run(command+"/"+c.name, func(b *testing.B) {
				var cmdWall, cmdCPU, readWall, readCPU time.Duration
				for b.Loop() {
					c.prepare(b)
					w, u := run(b, geogenBin, c.env, command)
					cmdWall, cmdCPU = cmdWall+w, cmdCPU+u
					w, u = run(b, readBin, nil)
					readWall, readCPU = readWall+w, readCPU+u
				}
				n := float64(b.N)
				b.ReportMetric(float64(cmdWall.Microseconds())/1000/n, "cmd-ms/op")
				b.ReportMetric(float64(readWall.Microseconds())/1000/n, "read-ms/op")
				b.ReportMetric(float64(cmdWall)/float64(readWall), "x-read")
				b.ReportMetric(float64(cmdCPU.Microseconds())/1000/n, "cmd-cpu-ms/op")
				b.ReportMetric(float64(readCPU.Microseconds())/1000/n, "read-cpu-ms/op")
			})
		}
	}
}

// buildProgram builds the main package in dir to out with the go command.
func buildProgram(b *testing.B, out, dir string, env []string) string {
	b.Helper()
	goBin, err := exec.LookPath("go")
	if err != nil {
		b.Fatal("the go command builds the programs compared: ", err)
	}
	cmd := exec.Command(goBin, "build", "-o", out, ".")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	if msg, err := cmd.CombinedOutput(); err != nil {
		b.Fatalf("go build %s: %v\n%s", dir, err, msg)
	}
	return out
}

func writeFile(b *testing.B, p, content string) {
	b.Helper()
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		b.Fatal(err)
	}
}
