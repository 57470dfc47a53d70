GO            ?= go
PKGS          ?= ./...
# PostgreSQL used by the tests when set; .ci/run provides it in CI.
GEOGEN_TEST_POSTGRES_URL ?=
export GEOGEN_TEST_POSTGRES_URL
# Where `make quickstart` creates its project.
QUICKSTART_DIR ?= $(CURDIR)/bin/quickstart
EXAMPLE_DIR    := examples/widgets

.PHONY: all build test test-go test-example vet fmt lint bench pgo golden quickstart demo chaos screenshots clean

all: build test

build:
	$(GO) build -o bin/geogen ./cmd/geogen

## test: vet, formatting, the whole test suite, and the example project checked and tested
## (SQLite always; PostgreSQL too when GEOGEN_TEST_POSTGRES_URL is set)
test: vet fmt test-go test-example

# The end-to-end tests build and test whole generated projects (cgo SQLite included); on a
# busy machine the cmd/geogen package alone can pass go test's 10-minute default.
test-go:
	$(GO) test -count=1 -timeout 30m $(PKGS)

## test-example: the committed example project is exactly what geogen generates, its tests pass,
## and its demo (the site binary as a primary and a secondary process) runs to the end
test-example: build
	cd $(EXAMPLE_DIR) && $(CURDIR)/bin/geogen check
	cd $(EXAMPLE_DIR) && $(GO) vet ./... && $(GO) test -count=1 ./...
	cd $(EXAMPLE_DIR) && $(GO) run ./cmd/demo -n 20 -delete 3 -repos 4 -pushes 1 >/dev/null

vet:
	$(GO) vet $(PKGS)

fmt:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi

## lint: staticcheck, and goimports on the golden files (generated code must be stable under it); pinned in tools/go.mod
lint:
	$(GO) tool -modfile=tools/go.mod staticcheck $(PKGS)
	@out=$$($(GO) tool -modfile=tools/go.mod goimports -l testdata/golden); \
	if [ -n "$$out" ]; then echo "goimports would change generated files:"; echo "$$out"; exit 1; fi

## bench: every benchmark once (the PostgreSQL ones need GEOGEN_TEST_POSTGRES_URL)
bench:
	$(GO) test -run '^$$' -bench . -benchtime 1x -count 1 $(PKGS)

## load: one primary and three secondary processes syncing 20,000 small blobs on a PostgreSQL
## server of its own (initdb in a temporary directory, max_connections = 100): the time, the most
## connections seen, the connections left once idle, and the refusals, which must be none.
## Several minutes, so not part of test or bench.
load:
	GEOGEN_LOAD_TEST=1 $(GO) test -run '^$$' -bench BenchmarkLoadThreeSecondaryProcesses -benchtime 1x -count 1 -timeout 30m ./runtime/site

## pgo: rewrite cmd/geogen/default.pgo, the CPU profile the go command optimizes geogen with
## (profile-guided optimization, on by default for a main package): check and generate on 100
## types and new on an empty project, each with the render cache off and warm, in process.
## Run it after changes to what geogen renders or how, and commit the profile.
pgo:
	$(GO) test -run '^$$' -bench 'Benchmark(Check100|Generate100|New)$$' -benchtime 10x -count 1 \
		-o $(CURDIR)/bin/geogen-pgo.test -cpuprofile $(CURDIR)/cmd/geogen/default.pgo ./cmd/geogen

## golden: rewrite every golden file (generator output, names, GraphQL SDL) from the current code;
## review the diff before committing it
golden:
	$(GO) test -count=1 ./generator ./generator/artifacts ./generator/naming ./runtime/geographql -update

## quickstart: a new project with a blob and a repository type, generated, built and tested
quickstart: build
	rm -rf $(QUICKSTART_DIR) && mkdir -p $(QUICKSTART_DIR)
	cd $(QUICKSTART_DIR) && GEOGEN_RUNTIME_DIR=$(CURDIR) $(CURDIR)/bin/geogen init --nested --module example.com/shop --tidy
	cd $(QUICKSTART_DIR) && $(CURDIR)/bin/geogen new CoolWidget --strategy blob
	cd $(QUICKSTART_DIR) && $(CURDIR)/bin/geogen new Gizmo --strategy repository
	cd $(QUICKSTART_DIR) && $(GO) build ./... && $(GO) vet ./... && $(GO) test -count=1 ./...
	@echo "quickstart: project in $(QUICKSTART_DIR); geogen check there:"
	cd $(QUICKSTART_DIR) && $(CURDIR)/bin/geogen check

## demo: the example's site binary (cmd/geo) run as a primary and a secondary process on loopback,
## an application writing records, then the operator commands (embedded SQLite;
## DEMO_FLAGS='-postgres URL' for PostgreSQL, DEMO_FLAGS=-serve to keep the sites up)
demo:
	cd $(EXAMPLE_DIR) && $(GO) run ./cmd/demo $(DEMO_FLAGS)

## chaos: the example's primary and secondary as separate processes on a PostgreSQL cluster of
## their own (initdb in a temporary directory), killed, cut off from the database and corrupted on
## purpose; every round must converge. CHAOS_FLAGS='-rounds all' runs every round, '-seed N' replays
chaos:
	cd $(EXAMPLE_DIR) && $(GO) build -o $(CURDIR)/bin/chaos ./cmd/chaos && $(GO) build -o $(CURDIR)/bin/widgets-geo ./cmd/geo
	$(CURDIR)/bin/chaos -geo $(CURDIR)/bin/widgets-geo $(CHAOS_FLAGS)

## screenshots: the admin console's pages as Debian's chromium shows them, written to docs/console
## by the example's browser test (needs node, /usr/bin/chromium and `npm ci` in
## examples/widgets/browsertest/testdata, as .ci/run does)
screenshots:
	cd $(EXAMPLE_DIR) && GEOGEN_TEST_BROWSER=1 GEOGEN_CONSOLE_SCREENSHOTS=$(CURDIR)/docs/console \
		$(GO) test -count=1 -run '^TestConsoleInBrowser$$' ./browsertest

clean:
	rm -rf bin
