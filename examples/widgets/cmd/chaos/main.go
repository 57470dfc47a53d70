// Command chaos runs the example's primary and secondary sites as separate
// processes against a PostgreSQL cluster of its own, and breaks them on
// purpose while they replicate: it SIGKILLs either site at random points
// of the syncs of small and large blobs (CoolWidget) and repositories
// (Gizmo), stops PostgreSQL for 10 s and starts it again, and corrupts the
// secondary's blobs and mirrors on disk. After each round it asserts that
// replication converged: every record synced and verified on the secondary
// with the primary's checksum (and its copy on disk matching it), no row
// left in started longer than the lease time after the kill, no temporary
// file left in any blob or repository directory, and each site's database
// connections (counted in pg_stat_activity) within their bound. It prints
// the time each round took to converge.
//
//	go run ./cmd/chaos [-geo BINARY] [-seed N] [-kills N] [-rounds LIST|all] [-timeout 2m] [-keep] [-v]
//
// Every random choice (record sizes, which site dies, when, what is
// corrupted) comes from one seed, printed first: -seed replays a run's
// choices (the timing of the processes cannot be replayed exactly).
//
// The rounds (-rounds takes a comma-separated list of them, "all" for
// every one; see defaultRounds for those run without it):
//
//	kill-secondary   SIGKILL the secondary while it syncs, restart it
//	kill-primary     SIGKILL the primary while it serves or verifies, restart it
//	pg-outage        stop PostgreSQL for 10 s (fast or immediate), start it; the
//	                 sites must recover without a restart
//	corrupt-blobs    flip a byte in, truncate and delete blobs of the secondary
//	corrupt-mirrors  delete a mirror, corrupt its objects, break a ref
//
// There are -kills kill rounds in all; with both selected, every third
// kills the primary.
// Everything lives in a temporary directory removed at the end (-keep
// keeps it, and the sites' logs in it, for a look after a failure).
//
// The site processes are the project's site binary (cmd/geo, -geo),
// run as geo primary and geo secondary with a configuration file the
// harness writes (see siteProcess.command, the one place that knows how a
// site is started), as an operator runs them.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"
)

// config is what the command line sets.
type config struct {
	seed    uint64
	kills   int
	rounds  []string
	timeout time.Duration
	keep    bool
	verbose bool
	geo     string
}

// roundKinds are the rounds in the order a run takes them: the kills
// first, then the outage, then the corruptions.
var roundKinds = []string{"kill-secondary", "kill-primary", "pg-outage", "corrupt-blobs", "corrupt-mirrors"}

// defaultRounds and defaultKills are what a run without -rounds and
// -kills does, and so what make chaos and CI do: every kind of round.
var (
	defaultRounds = roundKinds
	defaultKills  = 10
)

func main() {
	var cfg config
	var rounds string
	flag.Uint64Var(&cfg.seed, "seed", 0, "seed of every random choice (0: a new one, printed)")
	flag.IntVar(&cfg.kills, "kills", defaultKills, "SIGKILL rounds (with both kill rounds selected, every third kills the primary)")
	flag.StringVar(&rounds, "rounds", strings.Join(defaultRounds, ","), "rounds to run: a comma-separated list of "+strings.Join(roundKinds, ", ")+", or all")
	flag.DurationVar(&cfg.timeout, "timeout", 2*time.Minute, "a round fails when replication has not converged this long after its chaos")
	flag.BoolVar(&cfg.keep, "keep", false, "keep the temporary directory (databases, blobs, repositories, site logs)")
	flag.BoolVar(&cfg.verbose, "v", false, "sites log every worker step (to their log files)")
	flag.StringVar(&cfg.geo, "geo", "", "the project's site binary, cmd/geo (default: go build ./cmd/geo in the current directory)")
	flag.Parse()
	var err error
	if cfg.rounds, err = parseRounds(rounds); err != nil || cfg.kills < 0 || cfg.timeout <= 0 {
		if err == nil {
			err = fmt.Errorf("-kills must be 0 or more and -timeout positive")
		}
		fmt.Fprintln(os.Stderr, "chaos:", err)
		os.Exit(2)
	}
	if cfg.seed == 0 {
		cfg.seed = uint64(time.Now().UnixNano())
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, cfg); err != nil {
		fmt.Fprintf(os.Stderr, "chaos: FAILED: %v\nreplay the same choices with -seed %d\n", err, cfg.seed)
		os.Exit(1)
	}
}

func parseRounds(list string) ([]string, error) {
	if list == "all" {
		return roundKinds, nil
	}
	var out []string
	for _, r := range strings.Split(list, ",") {
		r = strings.TrimSpace(r)
		if r == "" {
			continue
		}
		known := false
		for _, k := range roundKinds {
			known = known || k == r
		}
		if !known {
			return nil, fmt.Errorf("unknown round %q (want %s, or all)", r, strings.Join(roundKinds, ", "))
		}
		out = append(out, r)
	}
	return out, nil
}
