package finder_test

import (
	"os"
	"testing"

	"github.com/geogen/geogen/runtime/geotest"
	"github.com/geogen/geogen/runtime/internal/readtest"
	"github.com/geogen/geogen/runtime/internal/testtypes"
)

func TestMain(m *testing.M) {
	code := m.Run()
	readtest.Cleanup()
	os.Exit(code)
}

func TestFrameworkRegistryFinder(t *testing.T) {
	unsearchable := testtypes.Gizmo()
	unsearchable.SearchColumns = nil
	cases := map[string]geotest.Config{
		"blob type":           readtest.Config(testtypes.CoolWidget()),
		"repository type":     readtest.Config(testtypes.Gizmo()),
		"type without search": readtest.Config(unsearchable),
	}
	for name, cfg := range cases {
		t.Run(name, func(t *testing.T) { geotest.FrameworkRegistryFinder(t, cfg) })
	}
}
