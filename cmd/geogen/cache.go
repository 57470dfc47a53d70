package main

import (
	"fmt"
	"path/filepath"

	"github.com/geogen/geogen/generator/rendercache"
)

// cacheEnv chooses the render cache: unset or empty for the default
// directory, "off" for none, or an absolute directory.
const cacheEnv = "GEOGEN_CACHE"

// renderCache opens the render cache once per run. A cache that cannot
// be used is off, never a failure: the command renders, as on a cold
// run. Only a GEOGEN_CACHE that cannot work is worth a warning; the
// default directory failing (no home directory) is silent.
func (a *app) renderCache() *rendercache.Cache {
	if a.cacheOpened {
		return a.cache
	}
	a.cacheOpened = true
	dir := a.getenv(cacheEnv)
	switch {
	case dir == "off":
		return nil
	case dir == "":
		if a.userCacheDir == nil {
			return nil
		}
		base, err := a.userCacheDir()
		if err != nil {
			return nil
		}
		dir = filepath.Join(base, "geogen")
	case !filepath.IsAbs(dir):
		fmt.Fprintf(a.stderr, "geogen: warning: %s=%q is not an absolute path, so the render cache is off (set it to an absolute directory, or to off)\n", cacheEnv, dir)
		return nil
	}
	c, err := rendercache.Open(dir)
	if err != nil {
		if a.getenv(cacheEnv) != "" {
			fmt.Fprintf(a.stderr, "geogen: warning: render cache off: %v\n", err)
		}
		return nil
	}
	a.cache = c
	a.closers = append(a.closers, c.Wait)
	return c
}
