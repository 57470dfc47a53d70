package main

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"io"
	mathrand "math/rand/v2"
	"path/filepath"
	"time"

	"github.com/geogen/geogen/examples/widgets/internal/geo"
	"github.com/geogen/geogen/examples/widgets/internal/geo/coolwidget"
	"github.com/geogen/geogen/examples/widgets/internal/geo/gizmo"
	"github.com/geogen/geogen/runtime/blobstore"
	"github.com/geogen/geogen/runtime/flags"
	"github.com/geogen/geogen/runtime/geoauth"
	"github.com/geogen/geogen/runtime/gitrepo"
	"github.com/geogen/geogen/runtime/replicator"
	"github.com/geogen/geogen/runtime/site"
	"github.com/geogen/geogen/runtime/sqldb"
)

// application is what an application of the project does on the
// primary: it creates, changes and deletes records through the
// replicators, which publish the events the secondary follows. It runs
// in its own process, beside the primary site.
type application struct {
	main    *sqldb.DB
	widgets *replicator.Blob
	gizmos  *replicator.Repository
	rng     *mathrand.Rand
}

func newApplication(ctx context.Context, mainURL, dir string) (*application, error) {
	main, err := sqldb.Open(ctx, mainURL)
	if err != nil {
		return nil, err
	}
	blobs, err := blobstore.NewDir(filepath.Join(dir, "primary", "blobs"))
	if err != nil {
		main.Close()
		return nil, err
	}
	fl := flags.NewStore(main, flags.TypeDefinitions(geo.Descriptors()), nil)
	if err := fl.Refresh(ctx); err != nil {
		main.Close()
		return nil, err
	}
	// The application serves no transfers: the verifier is never asked.
	p, err := site.NewPrimary(site.PrimaryConfig{
		Main: main, Blobs: blobs, Repositories: filepath.Join(dir, "primary", "repositories"), Types: geo.Descriptors(),
		Flags: fl, Verifier: &geoauth.Verifier{Keys: geoauth.StaticKeys{}},
	})
	if err != nil {
		main.Close()
		return nil, err
	}
	w, _ := p.Replicator(coolwidget.Descriptor.Name)
	g, _ := p.Replicator(gizmo.Descriptor.Name)
	return &application{main: main, widgets: w.(*replicator.Blob), gizmos: g.(*replicator.Repository),
		rng: mathrand.New(mathrand.NewPCG(uint64(time.Now().UnixNano()), 42))}, nil
}

func (a *application) Close() { a.main.Close() }

// createWidgets creates n CoolWidgets with random blobs up to maxSize.
func (a *application) createWidgets(ctx context.Context, n, maxSize int) ([]int64, error) {
	var ids []int64
	var total int64
	for i := range n {
		size := 1 + a.rng.IntN(maxSize)
		total += int64(size)
		id, err := a.widgets.Create(ctx, func(tx *sql.Tx) (int64, error) {
			return insert(ctx, tx, coolwidget.Descriptor.ModelTable, fmt.Sprintf("widget %d", i))
		}, io.LimitReader(rand.Reader, int64(size)))
		if err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	fmt.Printf("application: created %d Cool Widgets (%.1f MiB of random blobs)\n", n, float64(total)/(1<<20))
	return ids, nil
}

// createGizmos creates n Gizmos whose repositories have a few commits.
func (a *application) createGizmos(ctx context.Context, n int) ([]int64, error) {
	var ids []int64
	for i := range n {
		id, err := a.gizmos.Create(ctx, func(tx *sql.Tx) (int64, error) {
			return insert(ctx, tx, gizmo.Descriptor.ModelTable, fmt.Sprintf("gizmo %d", i))
		}, func(ctx context.Context, path string) error {
			for c := range 1 + i%3 {
				name := fmt.Sprintf("file-%d.txt", c)
				if _, err := gitrepo.Commit(ctx, path, "main", map[string][]byte{name: fmt.Appendf(nil, "%s of gizmo %d\n", name, i)}, "add "+name); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	fmt.Printf("application: created %d Gizmos with git repositories\n", n)
	return ids, nil
}

// push commits to each repository and tells the replicator.
func (a *application) push(ctx context.Context, ids []int64) error {
	for i, id := range ids {
		path, err := a.gizmos.Path(ctx, id)
		if err != nil {
			return err
		}
		if _, err := gitrepo.Commit(ctx, path, "main", map[string][]byte{"pushed.txt": fmt.Appendf(nil, "push %d\n", i)}, "a later push"); err != nil {
			return err
		}
		if err := a.gizmos.AfterPush(ctx, id); err != nil {
			return err
		}
	}
	fmt.Printf("application: pushed to %d Gizmo repositories\n", len(ids))
	return nil
}

// deleteRecords deletes widgets and gizmos.
func (a *application) deleteRecords(ctx context.Context, widgets, gizmos []int64) error {
	for _, id := range widgets {
		if err := a.widgets.Destroy(ctx, id, deleteRow(ctx, coolwidget.Descriptor.ModelTable, id)); err != nil {
			return err
		}
	}
	for _, id := range gizmos {
		if err := a.gizmos.Destroy(ctx, id, deleteRow(ctx, gizmo.Descriptor.ModelTable, id)); err != nil {
			return err
		}
	}
	fmt.Printf("application: deleted %d Cool Widgets and %d Gizmos\n", len(widgets), len(gizmos))
	return nil
}

func insert(ctx context.Context, tx *sql.Tx, table, name string) (int64, error) {
	var id int64
	now := time.Now().UTC()
	err := tx.QueryRowContext(ctx, "INSERT INTO "+table+" (name, created_at, updated_at) VALUES ($1, $2, $2) RETURNING id", name, now).Scan(&id)
	return id, err
}

func deleteRow(ctx context.Context, table string, id int64) func(tx *sql.Tx) error {
	return func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "DELETE FROM "+table+" WHERE id = $1", id)
		return err
	}
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
