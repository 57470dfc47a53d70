package artifacts

import (
	"bufio"
	"bytes"
	"fmt"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"io"
	"os"
	"os/exec"
	"path"
	"strings"
	"sync"
	"testing"

	"github.com/geogen/geogen/generator"
)

// exportData maps import paths to the compiler's export data files of the
// packages generated code imports, and of theirs, as go list -export
// reports them; read once per test process. The imports are those of a
// project with both strategies: every kind of generated file.
var exportData = sync.OnceValues(func() (map[string]string, error) {
	files, err := generator.Generate(bothStrategies(), All())
	if err != nil {
		return nil, err
	}
	imports := map[string]bool{}
	fset := token.NewFileSet()
	for _, f := range files {
		if path.Ext(f.Path) != ".go" {
			continue
		}
		parsed, err := parser.ParseFile(fset, f.Path, f.Content, parser.ImportsOnly)
		if err != nil {
			return nil, err
		}
		for _, spec := range parsed.Imports {
			if p := strings.Trim(spec.Path.Value, `"`); !strings.HasPrefix(p, "example.com/") {
				imports[p] = true
			}
		}
	}
	args := []string{"list", "-export", "-deps", "-f", "{{.ImportPath}}\t{{.Export}}"}
	for p := range imports {
		args = append(args, p)
	}
	cmd := exec.Command("go", args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go list -export: %v: %s", err, stderr.String())
	}
	m := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		if p, file, ok := strings.Cut(sc.Text(), "\t"); ok && file != "" {
			m[p] = file
		}
	}
	return m, sc.Err()
})

// typeCheck type-checks every Go package of a generated project (tests
// included) against the runtime's compiled packages: the generated Go
// compiles.
func typeCheck(t *testing.T, module string, files []generator.File) {
	t.Helper()
	errs, err := typeErrors(module, files)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range errs {
		t.Error(e)
	}
}

// typeErrors returns the type errors of a generated project's packages.
func typeErrors(module string, files []generator.File) ([]error, error) {
	exports, err := exportData()
	if err != nil {
		return nil, err
	}
	fset := token.NewFileSet()
	byDir := map[string][]*ast.File{}
	for _, f := range files {
		if path.Ext(f.Path) != ".go" {
			continue
		}
		parsed, err := parser.ParseFile(fset, f.Path, f.Content, parser.SkipObjectResolution)
		if err != nil {
			return nil, fmt.Errorf("%s: %v", f.Path, err)
		}
		byDir[path.Dir(f.Path)] = append(byDir[path.Dir(f.Path)], parsed)
	}
	gc := importer.ForCompiler(fset, "gc", func(p string) (io.ReadCloser, error) {
		file, ok := exports[p]
		if !ok {
			return nil, fmt.Errorf("no export data for %s", p)
		}
		return os.Open(file)
	})
	var errs []error
	seen := map[string]bool{} // a package is checked as an import and with its tests
	checked := map[string]*types.Package{}
	var imp importerFunc
	check := func(dir string, withTests bool) *types.Package {
		var pkgFiles []*ast.File
		for _, f := range byDir[dir] {
			isTest := strings.HasSuffix(fset.Position(f.Pos()).Filename, "_test.go")
			if isTest && !withTests || strings.HasSuffix(f.Name.Name, "_test") {
				continue
			}
			pkgFiles = append(pkgFiles, f)
		}
		conf := types.Config{Importer: imp, Error: func(err error) {
			if !seen[err.Error()] {
				seen[err.Error()] = true
				errs = append(errs, err)
			}
		}}
		pkg, _ := conf.Check(path.Join(module, dir), fset, pkgFiles, nil)
		return pkg
	}
	imp = func(p string) (*types.Package, error) {
		if dir, ok := strings.CutPrefix(p, module+"/"); ok {
			if pkg, ok := checked[dir]; ok {
				return pkg, nil
			}
			checked[dir] = check(dir, false)
			return checked[dir], nil
		}
		return gc.Import(p)
	}
	for dir := range byDir {
		check(dir, true)
	}
	return errs, nil
}

type importerFunc func(path string) (*types.Package, error)

func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }

// TestTypeCheckCatchesErrors checks the checker on a project with one
// type error added, so that FuzzNames' type check cannot pass vacuously.
func TestTypeCheckCatchesErrors(t *testing.T) {
	files, err := generator.Generate(bothStrategies(), All())
	if err != nil {
		t.Fatal(err)
	}
	if errs, err := typeErrors("example.com/shop", files); err != nil || len(errs) != 0 {
		t.Fatalf("the project as generated: %v %v", err, errs)
	}
	broken := 0
	for i, f := range files {
		if strings.HasSuffix(f.Path, "/descriptor.go") {
			files[i].Content = append(append([]byte(nil), f.Content...), "\nvar _ int = Descriptor\n"...)
			broken++
		}
	}
	if broken == 0 {
		t.Fatal("no descriptor.go generated")
	}
	errs, err := typeErrors("example.com/shop", files)
	if err != nil {
		t.Fatal(err)
	}
	if len(errs) != broken {
		t.Errorf("%d type errors for %d broken files: %v", len(errs), broken, errs)
	}
}
