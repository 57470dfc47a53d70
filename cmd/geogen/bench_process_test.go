package main

import (
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// readTree is the baseline of BenchmarkProcess100: a process that reads
// every file of the project in the working directory, as check must at
// least do, and nothing else.
func readTree() {
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
	os.Exit(0)
}

// BenchmarkProcess100 runs check and generate on a project of 100 types
// as whole processes (this test binary run as geogen), each iteration
// beside a process that only reads the same files, and reports both and
// their ratio (x-read): the budget is 1.5 with a warm render cache and 3
// cold.
func BenchmarkProcess100(b *testing.B) {
	geogenBin, err := exec.LookPath("geogen")
	if err != nil {
		b.Fatal(err)
	}
	readBin, err := exec.LookPath("readtree")
	if err != nil {
		b.Fatal(err)
	}
	dir := project100(b)
	cache := b.TempDir()
	run := func(b *testing.B, bin string, env []string, args ...string) time.Duration {
		cmd := exec.Command(bin, args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), env...)
		start := time.Now()
		out, err := cmd.CombinedOutput()
		if err != nil {
			b.Fatalf("%s %v: %v\n%s", filepath.Base(bin), args, err, out)
		}
		return time.Since(start)
	}
	warm := []string{cacheEnv + "=" + cache}
	run(b, geogenBin, warm, "check") // fills the cache
	for _, command := range []string{"check", "generate"} {
		for _, c := range []struct {
			name string
			env  []string
		}{{"cold", []string{cacheEnv + "=off"}}, {"warm", warm}} {
			b.Run(command+"/"+c.name, func(b *testing.B) {
				var cmdTime, readTime time.Duration
				for b.Loop() {
					cmdTime += run(b, geogenBin, c.env, command)
					readTime += run(b, readBin, nil)
				}
				b.ReportMetric(float64(cmdTime.Microseconds())/1000/float64(b.N), "cmd-ms/op")
				b.ReportMetric(float64(readTime.Microseconds())/1000/float64(b.N), "read-ms/op")
				b.ReportMetric(float64(cmdTime)/float64(readTime), "x-read")
			})
		}
	}
}
