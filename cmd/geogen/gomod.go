package main

import (
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

// requiresModule reports whether go.mod content has a require (or a
// replace) line for module path mod, in a block or alone.
func requiresModule(gomod []byte, verb, mod string) bool {
	inBlock := false
	for _, line := range strings.Split(string(gomod), "\n") {
		f := strings.Fields(line)
		switch {
		case len(f) == 0 || strings.HasPrefix(f[0], "//"):
		case inBlock && f[0] == ")":
			inBlock = false
		case inBlock && f[0] == mod:
			return true
		case f[0] == verb && len(f) >= 2 && f[1] == "(":
			inBlock = true
		case f[0] == verb && len(f) >= 2 && f[1] == mod:
			return true
		}
	}
	return false
}

// addRuntime returns an existing module's go.mod with the runtime
// requirement added where it is missing (and a replace with the local
// runtime when runtimeDirEnv is set), and says what it added, one line
// each; a note when it could not add the requirement.
func (a *app) addRuntime(gomod []byte) (content []byte, added []string, note string, err error) {
	var b bytes.Buffer
	b.Write(gomod)
	if len(gomod) > 0 && gomod[len(gomod)-1] != '\n' {
		b.WriteByte('\n')
	}
	dir := a.getenv(runtimeDirEnv)
	if !requiresModule(gomod, "require", runtimeModule) {
		version := binaryVersion()
		switch {
		case dir != "":
			version = replacedVersion
		case !strings.HasPrefix(version, "v"):
			return gomod, nil, "this geogen was built without a module version, so go.mod does not require the runtime yet: run go get " + runtimeModule + "@latest", nil
		}
		fmt.Fprintf(&b, "\nrequire %s %s\n", runtimeModule, version)
		added = append(added, fmt.Sprintf("require %s %s", runtimeModule, version))
	}
	if dir != "" && !requiresModule(gomod, "replace", runtimeModule) {
		abs, err := filepath.Abs(dir)
		if err != nil {
			return nil, nil, "", err
		}
		fmt.Fprintf(&b, "\nreplace %s => %s\n", runtimeModule, abs)
		added = append(added, fmt.Sprintf("replace %s => %s", runtimeModule, abs))
	}
	if len(added) == 0 {
		return gomod, nil, "", nil
	}
	return b.Bytes(), added, "", nil
}
