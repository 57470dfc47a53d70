package siteconfig

import (
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// write puts a config file and a secret file in a temporary directory.
func write(t *testing.T, body string) (file, secret string) {
	t.Helper()
	dir := t.TempDir()
	secret = filepath.Join(dir, "secret")
	if err := os.WriteFile(secret, []byte("0123456789abcdef0123\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	file = filepath.Join(dir, "geo.yml")
	body = strings.ReplaceAll(body, "SECRET", secret)
	if err := os.WriteFile(file, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return file, secret
}

func env(vars map[string]string) (func(string) string, func() []string) {
	return func(k string) string { return vars[k] }, func() []string {
		var out []string
		for k, v := range vars {
			out = append(out, k+"="+v)
		}
		return out
	}
}

const validPrimary = `
role: primary
site: {name: london, url: "https://london.example.com"}
databases: {main: "postgres://geo:hunter2@db/app"}
storage: {blobs: /srv/blobs}
secrets:
  site_secret: {file: "SECRET"}
  admin_token: {file: "SECRET"}
`

func TestLoadValidWithOverrides(t *testing.T) {
	file, _ := write(t, validPrimary+"intervals: {poll: 2s}\n")
	getenv, environ := env(map[string]string{"GEO_INTERVALS_POLL": "3s", "GEO_CAPACITIES_SYNC": "7", "GEO_SECRETS_ADMIN_TOKEN": "from-env", "HOME": "/x"})
	c, err := Load(Sources{File: file, Getenv: getenv, Environ: environ, Sets: []string{"capacities.sync=9"}}, Needs{BlobTypes: []string{"attachment"}})
	if err != nil {
		t.Fatal(err)
	}
	if c.PollInterval != 3*time.Second {
		t.Errorf("poll = %s, want the environment's 3s over the file's 2s", c.PollInterval)
	}
	if c.SyncCapacity != 9 {
		t.Errorf("sync capacity = %d, want --set's 9 over the environment's 7", c.SyncCapacity)
	}
	if c.AdminToken.Reveal() != "from-env" || c.SiteSecret.Reveal() != "0123456789abcdef0123" {
		t.Errorf("secrets = %q, %q", c.AdminToken.Reveal(), c.SiteSecret.Reveal())
	}
	// GitLab's frontend reads only gid://gitlab/… ids.
	if c.GlobalIDApp != "gitlab" {
		t.Errorf("graphql.global_id_app = %q, want gitlab by default", c.GlobalIDApp)
	}
	if c.VerificationCapacity != 10 || c.MaintenanceInterval != time.Minute {
		t.Errorf("defaults not applied: %+v", c)
	}
}

func TestSecretsNeverPrint(t *testing.T) {
	file, _ := write(t, validPrimary)
	c, err := Load(Sources{File: file, Getenv: func(string) string { return "" }, Environ: func() []string { return nil }}, Needs{})
	if err != nil {
		t.Fatal(err)
	}
	var logged strings.Builder
	slog.New(slog.NewTextHandler(&logged, nil)).Info("config", "secret", c.SiteSecret, "all", c)
	for _, out := range []string{fmt.Sprint(c), fmt.Sprintf("%+v", c), fmt.Sprintf("%#v", c), logged.String()} {
		if strings.Contains(out, "0123456789abcdef") {
			t.Errorf("the secret shows in %q", out)
		}
	}
}

func TestLoadReportsEveryProblemAtOnce(t *testing.T) {
	tests := []struct {
		name, file string
		sets       []string
		env        map[string]string
		needs      Needs
		want       []string
	}{
		{
			name: "empty secondary",
			file: "role: secondary\n",
			want: []string{"site.name: missing", "site.url: missing", "primary.url: missing", "databases.main: missing",
				"databases.tracking: missing", "secrets.site_secret: missing", "secrets.admin_token: missing"},
		},
		{
			name: "bad values",
			file: `role: primry
site: {name: "a b", url: "ftp://x"}
listen: {site: "8080", admin: "127.0.0.1:8081"}
databases: {main: "mysql://x", tracking: "sqlite:t.db"}
capacities: {sync: 0, verification: many}
intervals: {poll: -1s, reverify: 10}
log: {level: loud}
health: {failing_workers_percent: 150}
graphql: {global_id_app: "git lab"}
secrets:
  site_secret: {file: /nonexistent/secret}
  admin_token: {env: NOT_SET_ANYWHERE}
`,
			needs: Needs{BlobTypes: []string{"attachment"}, RepositoryTypes: []string{"project_repository"}},
			want: []string{`role: "primry" is not a role`, `site.name: "a b" contains white space`, `site.url: "ftp://x" is not an http`,
				`listen.site: "8080" is not a host:port`, "databases.main: unsupported database URL scheme", "capacities.sync: 0 is below 1",
				`capacities.verification: "many" is not a whole number`, "intervals.poll: must be above zero",
				`intervals.reverify: "10" is not a duration`, `log.level: "loud" is not a level`, `graphql.global_id_app: "git lab" is not an application name`, "health.failing_workers_percent: 150 is not a percentage from 1 to 100", "secrets.site_secret.file: open /nonexistent/secret",
				"secrets.admin_token.env: environment variable NOT_SET_ANYWHERE is not set", "storage.blobs: missing", "storage.repositories: missing"},
		},
		{
			name: "unknown keys, file, environment and flags",
			file: validPrimary + "databse: {main: x}\nsite: {nmae: x}\n",
			env:  map[string]string{"GEO_DATABASES_MIAN": "x"},
			sets: []string{"nope=1", "noequals"},
			want: []string{`unknown key "databse.main"`, `unknown key "site.nmae"`, "GEO_DATABASES_MIAN names no configuration key",
				`--set nope=1: unknown key "nope"`, "--set noequals: want key=value"},
		},
		{
			name: "role mismatches",
			file: validPrimary + "primary: {url: \"http://p\"}\ndatabases: {tracking: \"sqlite:t.db\"}\n",
			want: []string{"primary.url: set on a primary", "databases.tracking: set on a primary"},
		},
		{
			name: "short shared secret",
			file: validPrimary,
			env:  map[string]string{"GEO_SECRETS_SITE_SECRET": "short"},
			want: []string{"secrets.site_secret: shorter than 16 characters"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			file, _ := write(t, tt.file)
			getenv, environ := env(tt.env)
			_, err := Load(Sources{File: file, Getenv: getenv, Environ: environ, Sets: tt.sets}, tt.needs)
			if err == nil {
				t.Fatal("Load accepted it")
			}
			problems, ok := err.(Problems)
			if !ok {
				t.Fatalf("err is %T, want Problems", err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("missing problem %q in:\n%s", w, err)
				}
			}
			if len(problems) != len(tt.want) {
				t.Errorf("%d problems, want %d:\n%s", len(problems), len(tt.want), err)
			}
		})
	}
}

func TestMissingFileIsTheOnlyProblem(t *testing.T) {
	_, err := Load(Sources{File: filepath.Join(t.TempDir(), "absent.yml")}, Needs{})
	if p, ok := err.(Problems); !ok || len(p) != 1 || !strings.Contains(p[0], "config file") {
		t.Fatalf("err = %v, want one problem naming the file", err)
	}
}

func TestExampleLoads(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "geo.yml")
	if err := os.WriteFile(file, []byte(Example([]string{"attachment"}, []string{"project_repository"})), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"site_secret", "admin_token"} {
		if err := os.MkdirAll(filepath.Join(dir, "secrets"), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "secrets", k), []byte("0123456789abcdef-example"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(dir)
	c, err := Load(Sources{File: file, Getenv: func(string) string { return "" }, Environ: func() []string { return nil }}, Needs{BlobTypes: []string{"attachment"}, RepositoryTypes: []string{"project_repository"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range Fields() {
		if !strings.Contains(Example(nil, nil), f.Doc) {
			t.Errorf("the example does not document %s", f.Key)
		}
	}
	if c.Role != RolePrimary || c.BlobStorage != "data/blobs" {
		t.Errorf("example loaded as %+v", c)
	}
}
