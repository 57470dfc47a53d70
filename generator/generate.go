package generator

import (
	"fmt"
	"go/format"
	"path"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/geogen/geogen/generator/manifest"
)

// Generate renders every file the manifest calls for. It does no I/O and
// is deterministic: the same manifest and table give the same files, in
// path order. Any failure (an invalid name, a render error, two rows
// claiming one path) returns an error and no files, so nothing is ever
// written from a partial result.
func Generate(m *manifest.Manifest, artifacts []Artifact) ([]File, error) {
	p, err := NewProject(m)
	if err != nil {
		return nil, err
	}
	return GenerateProject(p, artifacts)
}

// GenerateProject is Generate for an already derived project.
func GenerateProject(p *Project, artifacts []Artifact) ([]File, error) {
	// Aggregates are queued first: each is one job, and the largest jobs
	// (the reference docs of every type) taken last would leave one
	// processor working alone at the end while the other waits.
	var jobs, perType []job
	for i := range artifacts {
		a := &artifacts[i]
		switch a.Scope {
		case Aggregate:
			jobs = append(jobs, job{a: a})
		case PerType:
			for j := range p.Types {
				if t := &p.Types[j]; a.appliesTo(t) {
					perType = append(perType, job{a: a, t: t})
				}
			}
		default:
			return nil, fmt.Errorf("artifact %q: scope not set", a.Name)
		}
	}
	jobs = append(jobs, perType...)
	files := make([]File, len(jobs))
	errs := make([]error, len(jobs))
	// Rendering is pure and independent per file, and go/format dominates
	// its cost, so files are rendered in parallel; the result does not
	// depend on scheduling because each job writes only its own slot.
	parallel(len(jobs), func(i int) { files[i], errs[i] = jobs[i].run(p) })
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	slices.SortFunc(files, func(a, b File) int { return strings.Compare(a.Path, b.Path) })
	for i := 1; i < len(files); i++ {
		if files[i].Path == files[i-1].Path {
			return nil, fmt.Errorf("artifacts %q and %q both produce %s", files[i-1].Artifact, files[i].Artifact, files[i].Path)
		}
	}
	return files, nil
}

type job struct {
	a *Artifact
	t *Type // nil for aggregates
}

func (j job) run(p *Project) (File, error) {
	a, t := j.a, j.t
	what := a.Name
	f := File{Kind: a.Kind, Artifact: a.Name, Retain: a.Retain}
	if t != nil {
		what += " for " + t.Names.Input
		f.Replicable = t.Names.Input
	}
	f.Path = a.Path(p, t)
	if err := checkOutputPath(f.Path); err != nil {
		return File{}, fmt.Errorf("%s: %w", what, err)
	}
	content, err := a.Render(p, t)
	if err != nil {
		return File{}, fmt.Errorf("render %s: %w", what, err)
	}
	if path.Ext(f.Path) == ".go" {
		// Imports are regrouped before the one formatting pass: go/format
		// dominates the cost of a generate, so it runs once per file.
		grouped, err := groupImports(content)
		switch {
		case err == nil && a.Formatted:
			content = grouped
		case err == nil:
			content, err = format.Source(grouped)
		}
		if err != nil {
			return File{}, fmt.Errorf("render %s: %s is not valid Go: %w", what, f.Path, err)
		}
	}
	f.Content = content
	if err := checkHeader(&f); err != nil {
		return File{}, fmt.Errorf("render %s: %w", what, err)
	}
	f.Sum = manifest.Hash(f.Content) // here, where rendering runs in parallel
	return f, nil
}

// checkOutputPath keeps every output inside the project and off the
// manifest itself.
func checkOutputPath(p string) error {
	switch {
	case p == "" || p == "." || path.IsAbs(p) || path.Clean(p) != p || p == ".." || strings.HasPrefix(p, "../") || strings.Contains(p, `\`):
		return fmt.Errorf("output path %q is not a clean path inside the project", p)
	case p == manifest.FileName:
		return fmt.Errorf("output path %q is the manifest", p)
	}
	return nil
}

// parallel calls fn(0..n-1) on up to GOMAXPROCS goroutines. Each takes
// the next index from a shared counter rather than from a channel, so
// handing out the 2,000 reads of a large check costs no goroutine
// switches.
func parallel(n int, fn func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	if workers <= 1 {
		for i := range n {
			fn(i)
		}
		return
	}
	var wg sync.WaitGroup
	var next atomic.Int64
	for range workers {
		wg.Go(func() {
			for i := int(next.Add(1) - 1); i < n; i = int(next.Add(1) - 1) {
				fn(i)
			}
		})
	}
	wg.Wait()
}
