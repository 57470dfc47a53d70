package naming

import "testing"

func BenchmarkDerive(b *testing.B) {
	for _, c := range []struct {
		name  string
		input string
		opts  Options
	}{
		{"CoolWidget", "CoolWidget", Options{}},
		{"Initialisms", "LfsObject", Options{Initialisms: []string{"GPG", "S3"}}},
		{"Long", "ContainerRepositoryManifestBlobSignature", Options{}},
	} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := Derive(c.input, c.opts); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
