package main

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"time"

	"github.com/geogen/geogen/examples/widgets/internal/geo/coolwidget"
	"github.com/geogen/geogen/examples/widgets/internal/geo/gizmo"
	"github.com/geogen/geogen/runtime/gitrepo"
)

// batch is what one round creates on the primary, as the application
// would: small and large blobs, small and large repositories, and a push
// to a repository created earlier.
type batch struct {
	widgets, gizmos []int64
	largeWidget     int64 // 0: none
	largeGizmo      int64
	pushed          int64
	bytes           int64
}

func (b batch) String() string {
	return fmt.Sprintf("%d blobs (%.1f MiB) and %d repositories created, %d pushed to",
		len(b.widgets), float64(b.bytes)/(1<<20), len(b.gizmos), min(b.pushed, 1))
}

// Sizes of what a round creates.
const (
	smallBlobs      = 12
	smallBlobMax    = 64 << 10
	largeBlobMin    = 8 << 20
	largeBlobMax    = 24 << 20
	smallRepos      = 2
	largeRepoFile   = 3 << 20
	largeRepoCommit = 4
)

// createBatch creates one round's records: the push and the repositories
// first, then the blobs, the large one last, so the round's chaos finds
// the secondary still syncing.
func (w *world) createBatch(ctx context.Context) (batch, error) {
	var b batch
	if len(w.gizmos) > 0 {
		id := w.gizmos[w.rng.IntN(len(w.gizmos))]
		if err := w.push(ctx, id); err != nil {
			return b, err
		}
		b.pushed = id
	}
	for i := range smallRepos + 1 {
		large := i == smallRepos
		id, err := w.createGizmo(ctx, large)
		if err != nil {
			return b, err
		}
		b.gizmos = append(b.gizmos, id)
		if large {
			b.largeGizmo = id
		}
	}
	for i := range smallBlobs + 1 {
		size := 1 + w.rng.IntN(smallBlobMax)
		large := i == smallBlobs
		if large {
			size = largeBlobMin + w.rng.IntN(largeBlobMax-largeBlobMin)
		}
		id, err := w.createWidget(ctx, size)
		if err != nil {
			return b, err
		}
		b.widgets = append(b.widgets, id)
		b.bytes += int64(size)
		if large {
			b.largeWidget = id
		}
	}
	return b, nil
}

func (w *world) createWidget(ctx context.Context, size int) (int64, error) {
	app, _ := w.blobReplicators()
	d := coolwidget.Descriptor
	content := io.LimitReader(rand.NewChaCha8(w.seedBytes()), int64(size))
	id, err := app.Create(ctx, func(tx *sql.Tx) (int64, error) {
		var id int64
		now := time.Now().UTC()
		err := tx.QueryRowContext(ctx, "INSERT INTO "+d.ModelTable+" (name, created_at, updated_at) VALUES ($1, $2, $2) RETURNING id",
			fmt.Sprintf("widget of %d bytes", size), now).Scan(&id)
		return id, err
	}, content)
	if err != nil {
		return 0, fmt.Errorf("create a %s of %d bytes: %w", d.Title, size, err)
	}
	w.widgets = append(w.widgets, id)
	return id, nil
}

// createGizmo creates a repository of one to three small commits, or a
// large one: several commits each adding a file of random bytes.
func (w *world) createGizmo(ctx context.Context, large bool) (int64, error) {
	app, _ := w.repositoryReplicators()
	d := gizmo.Descriptor
	commits := 1 + w.rng.IntN(3)
	fileSize := 64 + w.rng.IntN(4<<10)
	if large {
		commits, fileSize = largeRepoCommit, largeRepoFile/largeRepoCommit
	}
	files := make([][]byte, commits)
	for c := range files {
		files[c] = make([]byte, fileSize)
		rand.NewChaCha8(w.seedBytes()).Read(files[c])
	}
	id, err := app.Create(ctx, func(tx *sql.Tx) (int64, error) {
		var id int64
		now := time.Now().UTC()
		err := tx.QueryRowContext(ctx, "INSERT INTO "+d.ModelTable+" (name, created_at, updated_at) VALUES ($1, $2, $2) RETURNING id",
			fmt.Sprintf("gizmo of %d commits", commits), now).Scan(&id)
		return id, err
	}, func(ctx context.Context, path string) error {
		for c, content := range files {
			name := fmt.Sprintf("file-%d.bin", c)
			if _, err := gitrepo.Commit(ctx, path, "main", map[string][]byte{name: content}, "add "+name); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("create a %s: %w", d.Title, err)
	}
	w.gizmos = append(w.gizmos, id)
	return id, nil
}

// push adds a commit to a repository and tells the secondaries.
func (w *world) push(ctx context.Context, id int64) error {
	app, _ := w.repositoryReplicators()
	path, err := app.Path(ctx, id)
	if err != nil {
		return err
	}
	content := make([]byte, 256+w.rng.IntN(8<<10))
	rand.NewChaCha8(w.seedBytes()).Read(content)
	name := fmt.Sprintf("pushed-%d.bin", w.rng.Uint32())
	if _, err := gitrepo.Commit(ctx, path, "main", map[string][]byte{name: content}, "push "+name); err != nil {
		return fmt.Errorf("push to %s %d: %w", gizmo.Descriptor.Title, id, err)
	}
	return app.AfterPush(ctx, id)
}

func (w *world) seedBytes() [32]byte {
	var s [32]byte
	for i := 0; i < len(s); i += 8 {
		v := w.rng.Uint64()
		for j := range 8 {
			s[i+j] = byte(v >> (8 * j))
		}
	}
	return s
}

// waitListening waits until addr accepts connections.
func waitListening(ctx context.Context, addr string) error {
	deadline := time.Now().Add(30 * time.Second)
	for {
		c, err := net.DialTimeout("tcp", addr, time.Second)
		if err == nil {
			return c.Close()
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("nothing listens on %s after 30 s: %w", addr, err)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
	}
}
