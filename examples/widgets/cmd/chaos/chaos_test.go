package main

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func TestPlanKillsThenTheOtherRounds(t *testing.T) {
	tests := []struct {
		rounds []string
		kills  int
		want   []string
	}{
		{nil, 10, nil},
		{[]string{"pg-outage"}, 10, []string{"pg-outage"}},
		{[]string{"kill-secondary", "kill-primary", "corrupt-blobs"}, 4, []string{"kill-secondary", "kill-secondary", "kill-primary", "kill-secondary", "corrupt-blobs"}},
		{[]string{"kill-primary"}, 2, []string{"kill-primary", "kill-primary"}},
		{[]string{"kill-primary", "pg-outage"}, 0, []string{"pg-outage"}},
	}
	for _, tt := range tests {
		if got := plan(config{rounds: tt.rounds, kills: tt.kills}); !slices.Equal(got, tt.want) {
			t.Errorf("plan(%v, %d kills) = %v, want %v", tt.rounds, tt.kills, got, tt.want)
		}
	}
}

func TestParseRounds(t *testing.T) {
	tests := []struct {
		in      string
		want    []string
		wantErr bool
	}{
		{"", nil, false},
		{"all", roundKinds, false},
		{"kill-primary, pg-outage", []string{"kill-primary", "pg-outage"}, false},
		{"kill-primary,nope", nil, true},
	}
	for _, tt := range tests {
		got, err := parseRounds(tt.in)
		if (err != nil) != tt.wantErr || !slices.Equal(got, tt.want) {
			t.Errorf("parseRounds(%q) = %v, %v; want %v (error %v)", tt.in, got, err, tt.want, tt.wantErr)
		}
	}
}

// tempFiles finds what a crash leaves in each site directory, and nothing
// else.
func TestTempFiles(t *testing.T) {
	dir := t.TempDir()
	w := &world{dir: dir}
	files := map[string]bool{
		"primary-blobs/cool_widgets/1":                              false,
		"secondary-blobs/cool_widgets/.tmp-123":                     true,
		"secondary-repos/gizmos/.tmp-clone-3.git-ab/HEAD":           true,
		"secondary-repos/gizmos/1.git/objects/pack/tmp_pack_x":      true,
		"secondary-repos/gizmos/1.git/packed-refs.lock":             true,
		"secondary-repos/gizmos/1.git/refs/heads/main":              false,
		"primary-repos/gizmos/2.git/objects/ab/cdef":                false,
		"pg/data/postmaster.pid":                                    false,
		"secondary-repos/gizmos/1.git/objects/pack/pack-1.pack":     false,
		"secondary-repos/gizmos/1.git/objects/incoming-x/tmp_obj_1": true,
	}
	var want []string
	for name, temp := range files {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, nil, 0o644); err != nil {
			t.Fatal(err)
		}
		if temp {
			if filepath.Base(filepath.Dir(name)) == ".tmp-clone-3.git-ab" {
				name = filepath.Dir(name)
			}
			want = append(want, filepath.FromSlash(name))
		}
	}
	got, err := w.tempFiles()
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("tempFiles = %v\nwant %v", got, want)
	}
}

func TestRemovalsAreFoundOnceEach(t *testing.T) {
	path := filepath.Join(t.TempDir(), "secondary.log")
	write := func(text string) {
		f, err := os.OpenFile(path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
		if err != nil {
			t.Fatal(err)
		}
		f.WriteString(text)
		f.Close()
	}
	s := &logScanner{path: path}
	write(`time=x level=INFO msg="registry consistency" site=secondary replicable_name=gizmo created=1 removed=0 from=1 to=9` + "\n")
	if err := s.check(); err != nil {
		t.Errorf("a pass that removed nothing: %v", err)
	}
	write(`time=x level=INFO msg="registry consistency" site=secondary replicable_name=gizmo created=0 removed=12 from=1 to=9` + "\n")
	if err := s.check(); err == nil {
		t.Error("a pass that removed 12 registries was not reported")
	}
	if err := s.check(); err != nil {
		t.Errorf("the same line reported twice: %v", err)
	}
}

func TestSiteOf(t *testing.T) {
	for app, want := range map[string]string{
		"chaos-primary-123": "chaos-primary",
		"chaos-secondary-9": "chaos-secondary",
		"chaos-harness":     "chaos-harness",
		"":                  "",
		"psql":              "psql",
	} {
		if got := siteOf(app); got != want {
			t.Errorf("siteOf(%q) = %q, want %q", app, got, want)
		}
	}
}
