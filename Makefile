# geogen: code generator and runtime for Geo-style replicable types.

GO            ?= go
PKGS          ?= ./...
# PostgreSQL used by the tests when set; .ci/run provides it in CI.
GEOGEN_TEST_POSTGRES_URL ?=
export GEOGEN_TEST_POSTGRES_URL

.PHONY: all build test vet fmt lint bench check-examples clean

all: build test

build:
	$(GO) build -o bin/geogen ./cmd/geogen

## test: vet, formatting, the whole test suite (SQLite always; PostgreSQL too when GEOGEN_TEST_POSTGRES_URL is set)
test: vet fmt
	$(GO) test -count=1 $(PKGS)

vet:
	$(GO) vet $(PKGS)

fmt:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi

## lint: staticcheck, pinned in tools/go.mod
lint:
	$(GO) tool -modfile=tools/go.mod staticcheck $(PKGS)

## bench: every benchmark once (the PostgreSQL ones need GEOGEN_TEST_POSTGRES_URL)
bench:
	$(GO) test -run '^$$' -bench . -benchtime 1x -count 1 $(PKGS)

clean:
	rm -rf bin
