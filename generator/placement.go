package generator

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/geogen/geogen/generator/manifest"
)

// CheckPlacement refuses to start a project in dir when dir lies inside
// another geogen project, or inside a Go module without being its root: a
// go.mod there would make a nested module, and the enclosing module would
// lose the packages under dir while its own tests and check stayed green.
// A directory with a go.mod of its own is a module root already.
func CheckPlacement(dir string) error {
	ownModule := exists(filepath.Join(dir, "go.mod"))
	for p := filepath.Dir(dir); ; p = filepath.Dir(p) {
		if exists(filepath.Join(p, manifest.FileName)) {
			return refuse(fmt.Sprintf("%s is inside the geogen project at %s", dir, p),
				fmt.Sprintf("add types to that project (geogen -C %s new NAME --strategy blob), or pass --nested to start a separate project here", p))
		}
		if gomod := filepath.Join(p, "go.mod"); !ownModule && exists(gomod) {
			what := "a Go module"
			if content, err := os.ReadFile(gomod); err == nil {
				if mod := ModulePath(content); mod != "" {
					what = "the Go module " + mod
				}
			}
			return refuse(fmt.Sprintf("%s is inside %s (%s): a go.mod here would take its packages out of that module", dir, what, gomod),
				fmt.Sprintf("run geogen init in %s, or pass --nested to make a separate module here anyway", p))
		}
		if p == filepath.Dir(p) {
			return nil
		}
	}
}
