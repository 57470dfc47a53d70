package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/geogen/geogen/runtime/blobstore"
	"github.com/geogen/geogen/runtime/geoauth"
	"github.com/geogen/geogen/runtime/site"
	"github.com/geogen/geogen/runtime/sqldb"
)

// runSite is the process entry point of a site: it runs the site of the
// JSON configuration in siteEnv until SIGTERM or SIGINT.
func runSite(raw string) error {
	var cfg siteConfig
	if err := json.Unmarshal([]byte(raw), &cfg); err != nil {
		return fmt.Errorf("%s: %w", siteEnv, err)
	}
	var err error
	if cfg.MainURL, err = withProcessName(cfg.MainURL); err != nil {
		return err
	}
	if cfg.TrackingURL != "" {
		if cfg.TrackingURL, err = withProcessName(cfg.TrackingURL); err != nil {
			return err
		}
	}
	level := slog.LevelInfo
	if cfg.Verbose {
		level = slog.LevelDebug
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	switch cfg.Role {
	case "primary":
		return runPrimary(ctx, cfg, logger)
	case "secondary":
		return runSecondary(ctx, cfg, logger)
	}
	return fmt.Errorf("%s: role %q is neither primary nor secondary", siteEnv, cfg.Role)
}

func runPrimary(ctx context.Context, cfg siteConfig, logger *slog.Logger) error {
	main, err := sqldb.Open(ctx, cfg.MainURL)
	if err != nil {
		return err
	}
	defer main.Close()
	blobs, err := blobstore.NewDir(cfg.Blobs)
	if err != nil {
		return err
	}
	verifier := &geoauth.Verifier{Keys: geoauth.StaticKeys{cfg.AccessKey: {Secret: []byte(cfg.Secret), Site: "secondary"}}, Audience: "primary"}
	primary, err := site.NewPrimary(site.PrimaryConfig{
		Main: main, Blobs: blobs, Repositories: cfg.Repositories, Types: types, Flags: siteFlags(),
		Verifier: verifier, Logger: logger, Options: cfg.Options,
	})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cfg.Listen)
	if err != nil {
		return err
	}
	server := &http.Server{Handler: primary.Handler(), ReadHeaderTimeout: 10 * time.Second}
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() error {
		if err := server.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
			return err
		}
		return nil
	})
	g.Go(func() error { return primary.Run(gctx) })
	g.Go(func() error {
		<-gctx.Done()
		shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		return server.Shutdown(shutdown)
	})
	return g.Wait()
}

func runSecondary(ctx context.Context, cfg siteConfig, logger *slog.Logger) error {
	view, err := site.OpenReadOnly(ctx, cfg.MainURL)
	if err != nil {
		return err
	}
	defer view.Close()
	tracking, err := sqldb.Open(ctx, cfg.TrackingURL)
	if err != nil {
		return err
	}
	defer tracking.Close()
	blobs, err := blobstore.NewDir(cfg.Blobs)
	if err != nil {
		return err
	}
	secondary, err := site.NewSecondary(site.SecondaryConfig{
		Main: view, Tracking: tracking, Blobs: blobs, Repositories: cfg.Repositories, Types: types, Flags: siteFlags(),
		PrimaryURL: cfg.PrimaryURL, Signer: signer(cfg), Logger: logger, Options: cfg.Options,
	})
	if err != nil {
		return err
	}
	return secondary.Run(ctx)
}

func signer(cfg siteConfig) *geoauth.Signer {
	return &geoauth.Signer{AccessKey: cfg.AccessKey, Secret: []byte(cfg.Secret), Issuer: "secondary", Audience: "primary"}
}
