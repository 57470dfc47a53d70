package geographql

import (
	"context"

	"github.com/geogen/geogen/runtime/finder"
)

type viewerKey struct{}

// WithViewer returns a context in which queries run as v. A query without
// a viewer runs as an anonymous non-admin and sees no Geo node.
func WithViewer(ctx context.Context, v finder.Viewer) context.Context {
	return context.WithValue(ctx, viewerKey{}, v)
}

// ViewerFrom returns the viewer WithViewer stored, or the zero Viewer.
func ViewerFrom(ctx context.Context) finder.Viewer {
	v, _ := ctx.Value(viewerKey{}).(finder.Viewer)
	return v
}
