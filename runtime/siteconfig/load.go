package siteconfig

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/geogen/geogen/runtime/geographql/sdl"
)

// Sources are where Load reads the configuration from, in order of
// precedence, lowest first.
type Sources struct {
	// File is the YAML file; "" reads none.
	File string
	// Getenv reads the environment; nil: os.Getenv. Environ lists it, to
	// find misspelt GEO_ variables; nil: os.Environ.
	Getenv  func(string) string
	Environ func() []string
	// Sets are key=value settings (the --set flags).
	Sets []string
}

// Needs says what the project's types need of a site's configuration.
type Needs struct {
	// BlobTypes and RepositoryTypes are the project's types by replicable
	// name: each needs storage (storage.blobs or storage.repositories, or
	// its own storage.types entry), and storage.types may name only them.
	BlobTypes       []string
	RepositoryTypes []string
}

// Problems is every problem of a configuration, one line each.
type Problems []string

func (p Problems) Error() string {
	return fmt.Sprintf("invalid configuration (%d problem%s):\n  %s", len(p), plural(len(p)), strings.Join(p, "\n  "))
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// Load reads the configuration from src over the defaults, resolves its
// secrets and checks it for needs. The error, when there is one, is
// Problems: every problem found, not the first.
func Load(src Sources, needs Needs) (Config, error) {
	if src.Getenv == nil {
		src.Getenv = os.Getenv
	}
	if src.Environ == nil {
		src.Environ = os.Environ
	}
	c := Defaults()
	var problems Problems
	byKey := map[string]Field{}
	byEnv := map[string]Field{}
	for _, f := range Fields() {
		byKey[f.Key] = f
		byEnv[f.Env()] = f
	}
	if src.File != "" {
		if _, err := os.Stat(src.File); err != nil {
			// Every other problem would follow from this one.
			return c, Problems{fmt.Sprintf("config file: %v (pass --config FILE, or copy the example file, config/geo.example.yml, there)", err)}
		}
		problems = append(problems, readFile(&c, src.File, byKey)...)
	}
	problems = append(problems, readEnv(&c, src, byEnv)...)
	for _, s := range src.Sets {
		key, value, ok := strings.Cut(s, "=")
		if !ok {
			problems = append(problems, fmt.Sprintf("--set %s: want key=value, e.g. --set databases.main=sqlite:main.db", s))
			continue
		}
		if name, ok := typeStorageName(key); ok {
			c.setTypeStorage(name, value)
			continue
		}
		f, ok := byKey[key]
		if !ok {
			problems = append(problems, fmt.Sprintf("--set %s: unknown key %q%s", s, key, suggest(key, byKey)))
			continue
		}
		if err := f.set(&c, value); err != nil {
			problems = append(problems, fmt.Sprintf("--set %s: %v", key, err))
		}
	}
	for key, s := range map[string]*Secret{"secrets.site_secret": &c.SiteSecret, "secrets.admin_token": &c.AdminToken} {
		if p := s.resolve(key, src.Getenv); p != "" {
			problems = append(problems, p)
		}
	}
	problems = append(problems, c.check(needs)...)
	if len(problems) > 0 {
		sort.Strings(problems)
		return c, problems
	}
	return c, nil
}

// readFile applies the file's keys. Every key must be a known one; nested
// mappings spell the dotted path.
func readFile(c *Config, file string, byKey map[string]Field) Problems {
	data, err := os.ReadFile(file)
	if err != nil {
		return Problems{fmt.Sprintf("config file: %v (pass --config PATH, or copy the example file there)", err)}
	}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return Problems{fmt.Sprintf("config file %s: %v", file, err)}
	}
	if len(root.Content) == 0 {
		return nil
	}
	var problems Problems
	var walk func(prefix string, n *yaml.Node)
	walk = func(prefix string, n *yaml.Node) {
		if n.Kind != yaml.MappingNode {
			problems = append(problems, fmt.Sprintf("%s line %d: %s must be a mapping of keys", file, n.Line, orRoot(prefix)))
			return
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			key := k.Value
			if prefix != "" {
				key = prefix + "." + k.Value
			}
			if v.Kind == yaml.MappingNode {
				walk(key, v)
				continue
			}
			f, ok := byKey[key]
			name, isType := typeStorageName(key)
			switch {
			case !ok && key == TypeStorageKey && v.Tag == "!!null":
				// storage.types with every entry commented out.
			case !ok && isType && v.Kind == yaml.ScalarNode && v.Tag != "!!null":
				c.setTypeStorage(name, v.Value)
			case !ok && isType:
				problems = append(problems, fmt.Sprintf("%s line %d: %s must be a single value (a directory or URL)", file, v.Line, key))
			case !ok && v.Tag == "!!null" && isPrefix(key, byKey):
			case !ok:
				problems = append(problems, fmt.Sprintf("%s line %d: unknown key %q%s", file, k.Line, key, suggest(key, byKey)))
			case v.Kind != yaml.ScalarNode:
				problems = append(problems, fmt.Sprintf("%s line %d: %s must be a single value", file, v.Line, key))
			case v.Tag == "!!null":
				// An empty value: nothing set (a mapping whose keys are all
				// commented out reads as one).
			default:
				if err := f.set(c, v.Value); err != nil {
					problems = append(problems, fmt.Sprintf("%s line %d: %s: %v", file, v.Line, key, err))
				}
			}
		}
	}
	walk("", root.Content[0])
	return problems
}

func orRoot(prefix string) string {
	if prefix == "" {
		return "the file"
	}
	return prefix
}

// readEnv applies GEO_ variables. A GEO_ variable that names no key is a
// problem: a misspelt override would otherwise be ignored in silence.
func readEnv(c *Config, src Sources, byEnv map[string]Field) Problems {
	var problems Problems
	secrets := secretValues()
	for _, kv := range src.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if !strings.HasPrefix(name, "GEO_") {
			continue
		}
		value := src.Getenv(name)
		if s, ok := secrets[name]; ok {
			sec := s(c)
			*sec = Secret{value: value}
			continue
		}
		if typeName, ok := typeStorageEnvName(name); ok {
			c.setTypeStorage(typeName, value)
			continue
		}
		f, ok := byEnv[name]
		if !ok {
			if knownOtherVariable(name) {
				continue
			}
			problems = append(problems, fmt.Sprintf("environment: %s names no configuration key (geo config keys lists them)", name))
			continue
		}
		if err := f.set(c, value); err != nil {
			problems = append(problems, fmt.Sprintf("environment: %s: %v", name, err))
		}
	}
	return problems
}

// knownOtherVariable reports the GEO_ variables the binary reads that are
// not keys: the configuration file's path.
func knownOtherVariable(name string) bool { return name == "GEO_CONFIG" }

// suggest names the known key closest to an unknown one.
func suggest(key string, byKey map[string]Field) string {
	last := key[strings.LastIndex(key, ".")+1:]
	var hits []string
	for k := range byKey {
		if strings.HasSuffix(k, "."+last) || k == last || strings.HasPrefix(k, key+".") {
			hits = append(hits, k)
		}
	}
	sort.Strings(hits)
	if len(hits) == 0 {
		return " (geo config keys lists the keys)"
	}
	return fmt.Sprintf(" (did you mean %s?)", strings.Join(hits, " or "))
}

// check returns every problem of a loaded configuration.
func (c *Config) check(needs Needs) Problems {
	var p Problems
	add := func(format string, args ...any) { p = append(p, fmt.Sprintf(format, args...)) }
	secondary := c.Role == RoleSecondary
	switch c.Role {
	case RolePrimary, RoleSecondary:
	case "":
		add("role: missing (set role: primary or role: secondary)")
	default:
		add("role: %q is not a role (want primary or secondary)", c.Role)
	}
	if c.SiteName == "" {
		add("site.name: missing (name this site, e.g. site.name: london)")
	} else if strings.ContainsAny(c.SiteName, " \t\n") {
		add("site.name: %q contains white space (use letters, digits, - and _)", c.SiteName)
	}
	checkURL := func(key, v string, required bool) {
		if v == "" {
			if required {
				add("%s: missing (an http:// or https:// URL)", key)
			}
			return
		}
		u, err := url.Parse(v)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			add("%s: %q is not an http:// or https:// URL", key, v)
		}
	}
	checkURL("site.url", c.SiteURL, true)
	checkURL("primary.url", c.PrimaryURL, secondary)
	if !secondary && c.PrimaryURL != "" && c.Role == RolePrimary {
		add("primary.url: set on a primary (remove it; only secondaries name their primary)")
	}
	checkAddr := func(key, v string) {
		if _, _, err := net.SplitHostPort(v); err != nil {
			add("%s: %q is not a host:port address (e.g. 127.0.0.1:8080, :8080)", key, v)
		}
	}
	checkAddr("listen.site", c.ListenSite)
	checkAddr("listen.admin", c.ListenAdmin)
	if c.ListenSite == c.ListenAdmin && c.ListenSite != "" && !strings.HasSuffix(c.ListenSite, ":0") {
		add("listen.admin: same address as listen.site (give each its own port)")
	}
	checkDB := func(key, v string, required bool) {
		if v == "" {
			if required {
				add("%s: missing (postgres://… or sqlite:PATH)", key)
			}
			return
		}
		if strings.Contains(v, "://") && !strings.HasPrefix(v, "postgres://") && !strings.HasPrefix(v, "postgresql://") {
			add("%s: unsupported database URL scheme (want postgres://… or sqlite:PATH)", key)
		}
	}
	checkDB("databases.main", c.MainDatabase, true)
	checkDB("databases.main_replica", c.MainReplicaDatabase, false)
	checkDB("databases.tracking", c.TrackingDatabase, secondary)
	if c.Role == RolePrimary && c.TrackingDatabase != "" {
		add("databases.tracking: set on a primary (remove it; only secondaries have a tracking database)")
	}
	if secondary && c.TrackingDatabase != "" && c.TrackingDatabase == c.MainDatabase {
		add("databases.tracking: same database as databases.main (a secondary's tracking database is its own)")
	}
	p = append(p, c.checkStorage(needs)...)
	if !c.SiteSecret.IsSet() && c.SiteSecret.File == "" && c.SiteSecret.Env == "" {
		add("secrets.site_secret: missing (set secrets.site_secret.file to a file holding the secret every site shares, or GEO_SECRETS_SITE_SECRET)")
	} else if c.SiteSecret.IsSet() && len(c.SiteSecret.Reveal()) < 16 {
		add("secrets.site_secret: shorter than 16 characters (use a long random secret, e.g. openssl rand -hex 32)")
	}
	if !c.AdminToken.IsSet() && c.AdminToken.File == "" && c.AdminToken.Env == "" {
		add("secrets.admin_token: missing (set secrets.admin_token.file, or GEO_SECRETS_ADMIN_TOKEN)")
	}
	if c.FailingWorkersPercent < 1 || c.FailingWorkersPercent > 100 {
		add("health.failing_workers_percent: %d is not a percentage from 1 to 100", c.FailingWorkersPercent)
	}
	for key, v := range map[string]int{"timeouts.retry_jitter": c.RetryJitterMax, "health.failing_workers_window": c.FailingWorkersWindow, "databases.max_connections": c.MaxConnections, "capacities.sync": c.SyncCapacity, "capacities.verification": c.VerificationCapacity, "events.prune_batch": c.PruneBatch} {
		if v < 1 {
			add("%s: %d is below 1", key, v)
		}
	}
	for key, v := range map[string]int64{
		"intervals.poll": int64(c.PollInterval), "intervals.maintenance": int64(c.MaintenanceInterval),
		"intervals.consistency": int64(c.ConsistencyInterval), "intervals.status": int64(c.StatusInterval),
		"intervals.flags_refresh": int64(c.FlagsRefreshInterval), "health.max_replication_lag": int64(c.MaxReplicationLag),
		"health.silent_after": int64(c.SilentAfter), "shutdown_timeout": int64(c.ShutdownTimeout),
		"databases.connection_idle_time": int64(c.ConnectionIdleTime), "timeouts.lease": int64(c.Lease),
		"intervals.self_verify": int64(c.SelfVerifyInterval), "intervals.existence_check": int64(c.ExistenceCheckInterval),
		"intervals.temp_sweep": int64(c.TempSweepInterval), "timeouts.stale_temp": int64(c.StaleTempAge),
	} {
		if v <= 0 {
			add("%s: must be above zero", key)
		}
	}
	if c.ReverifyInterval < 0 {
		add("intervals.reverify: must not be negative")
	}
	if c.VerificationTimeout < 0 {
		add("timeouts.verification: must not be negative")
	}
	if !sdl.ValidGlobalIDApp(c.GlobalIDApp) {
		add("graphql.global_id_app: %q is not an application name of letters, digits, '.', '-' and '_' (GitLab's is gitlab)", c.GlobalIDApp)
	}
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		add("log.level: %q is not a level (want debug, info, warn or error)", c.LogLevel)
	}
	return p
}

// IsProblems reports whether err lists configuration problems.
func IsProblems(err error) bool {
	var p Problems
	return errors.As(err, &p)
}

// isPrefix reports whether key is a mapping of known keys (primary for
// primary.url).
func isPrefix(key string, byKey map[string]Field) bool {
	for k := range byKey {
		if strings.HasPrefix(k, key+".") {
			return true
		}
	}
	return false
}
