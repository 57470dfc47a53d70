package generator

import (
	"go/format"
	"testing"
)

func TestGroupImports(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{
			name: "mixed block is split, standard library first",
			in:   "package p\n\nimport (\n\t\"example.com/a\"\n\t\"github.com/b/c\"\n\t\"testing\"\n)\n",
			want: "package p\n\nimport (\n\t\"testing\"\n\n\t\"example.com/a\"\n\t\"github.com/b/c\"\n)\n",
		},
		{
			name: "named import keeps its name",
			in:   "package p\n\nimport (\n\tb \"example.com/a\"\n\t\"io/fs\"\n)\n",
			want: "package p\n\nimport (\n\t\"io/fs\"\n\n\tb \"example.com/a\"\n)\n",
		},
		{
			name: "one group is left alone",
			in:   "package p\n\nimport (\n\t\"embed\"\n\t\"io/fs\"\n)\n",
			want: "package p\n\nimport (\n\t\"embed\"\n\t\"io/fs\"\n)\n",
		},
		{
			name: "single import is left alone",
			in:   "package p\n\nimport \"testing\"\n",
			want: "package p\n\nimport \"testing\"\n",
		},
		{
			name: "no imports",
			in:   "package p\n",
			want: "package p\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := groupAndFormat([]byte(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
			again, err := groupAndFormat(got)
			if err != nil || string(again) != string(got) {
				t.Errorf("not idempotent: %q, %v", again, err)
			}
		})
	}
}

// groupAndFormat is what the generator does with a Go file.
func groupAndFormat(src []byte) ([]byte, error) {
	grouped, err := groupImports(src)
	if err != nil {
		return nil, err
	}
	return format.Source(grouped)
}
