package site_test

import (
	"os"
	"path/filepath"

	"github.com/geogen/geogen/runtime/registry"
)

type registryRecord = registry.Record

func writeFile(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, data, 0o644)
}
