package main

import (
	"bufio"
	"bytes"
	"fmt"
	"path/filepath"
	"runtime/debug"
	"strings"
)

// runtimeModule is the module generated code imports: the runtime ships
// in the same module as geogen.
const runtimeModule = "github.com/geogen/geogen"

// runtimeDirEnv points new projects at a local copy of the runtime with a
// replace directive: how this repository's own tests and examples build
// generated projects against the runtime they sit next to.
const runtimeDirEnv = "GEOGEN_RUNTIME_DIR"

// goDirective is the Go version new projects declare: the runtime's own,
// which a project requiring it must meet anyway. It is fixed rather than
// taken from the toolchain so that init writes the same go.mod everywhere.
const goDirective = "1.26.0"

// replacedVersion is the version the go command itself writes for a
// requirement that only a replace directive satisfies.
const replacedVersion = "v0.0.0-00010101000000-000000000000"

// goMod returns a go.mod for a new project, and a note to print when the
// runtime requirement could not be written.
func (a *app) goMod(module string) (content []byte, note string, err error) {
	var b bytes.Buffer
	fmt.Fprintf(&b, "module %s\n\ngo %s\n", module, goDirective)
	if dir := a.getenv(runtimeDirEnv); dir != "" {
		abs, err := filepath.Abs(dir)
		if err != nil {
			return nil, "", err
		}
		fmt.Fprintf(&b, "\nrequire %s %s\n\nreplace %s => %s\n", runtimeModule, replacedVersion, runtimeModule, abs)
		return b.Bytes(), "", nil
	}
	if v := binaryVersion(); strings.HasPrefix(v, "v") {
		fmt.Fprintf(&b, "\nrequire %s %s\n", runtimeModule, v)
		return b.Bytes(), "", nil
	}
	return b.Bytes(), "this geogen was built without a module version, so go.mod does not require the runtime yet: run go get " + runtimeModule + "@latest", nil
}

// binaryVersion is the module version geogen was built at: "v1.2.3" when
// installed with go install, "(devel)" when built from a checkout.
func binaryVersion() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "(unknown)"
	}
	return bi.Main.Version
}

// modulePath reads the module path from go.mod content, or "".
func modulePath(gomod []byte) string {
	sc := bufio.NewScanner(bytes.NewReader(gomod))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if rest, ok := strings.CutPrefix(line, "module"); ok && (rest == "" || rest[0] == ' ' || rest[0] == '\t') {
			return strings.Trim(strings.TrimSpace(rest), `"`)
		}
	}
	return ""
}
