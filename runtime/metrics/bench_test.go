package metrics_test

import (
	"context"
	"testing"

	"github.com/geogen/geogen/runtime/flags"
	"github.com/geogen/geogen/runtime/internal/readtest"
	"github.com/geogen/geogen/runtime/metrics"
)

// BenchmarkComputeSecondary computes every registry figure of a type with
// a million registry rows (goal: 1 s or less).
func BenchmarkComputeSecondary(b *testing.B) {
	fx := readtest.Bench(b)
	src := flags.NewMemory(fx.Descriptor.ReplicationFlag)
	for b.Loop() {
		s, err := metrics.ComputeSecondary(context.Background(), fx.DB, fx.Descriptor, src)
		if err != nil || *s.RegistryCount != readtest.BenchRows {
			b.Fatalf("ComputeSecondary: %+v, %v", s, err)
		}
	}
}

// BenchmarkComputePrimary computes every primary figure of a type with a
// million model records and state rows (goal: 1 s or less).
func BenchmarkComputePrimary(b *testing.B) {
	fx := readtest.Bench(b)
	src := flags.NewMemory(fx.Descriptor.ReplicationFlag)
	for b.Loop() {
		s, err := metrics.ComputePrimary(context.Background(), fx.DB, fx.Descriptor, src)
		if err != nil || *s.Count != readtest.BenchRows {
			b.Fatalf("ComputePrimary: %+v, %v", s, err)
		}
	}
}
