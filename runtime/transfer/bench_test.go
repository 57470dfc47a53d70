package transfer

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// The blob size of the large-transfer benchmarks.
const benchSize = 64 << 20

// benchDownload is a primary with one 64 MiB blob and a warmed-up
// downloader: one download has already opened the connection and let TCP
// grow its window, as a secondary's long-lived connection to its primary
// would have.
func benchDownload(b *testing.B) (*env, *Downloader) {
	e := newEnv(b)
	e.addBlob(b, "package_file", 1, randomBytes(benchSize, 11), true)
	d := e.downloader()
	if _, err := d.Download(context.Background(), "package_file", 1, "warmup", ""); err != nil {
		b.Fatal(err)
	}
	return e, d
}

// benchCopySource writes the 64 MiB source file of the cp baseline and
// warms it up the same way.
func benchCopySource(b *testing.B) (src, dstDir string) {
	src = filepath.Join(b.TempDir(), "blob")
	if err := os.WriteFile(src, randomBytes(benchSize, 11), 0o644); err != nil {
		b.Fatal(err)
	}
	dstDir = b.TempDir()
	if err := copyFile(src, filepath.Join(dstDir, "warmup")); err != nil {
		b.Fatal(err)
	}
	return src, dstDir
}

// BenchmarkDownloadLarge downloads a 64 MiB blob over loopback through
// Handler and Downloader: token, sendfile on the primary, streaming SHA-256
// and checksum check, fsync, rename and directory fsync on the secondary.
// Each copy is deleted, untimed, so disk use stays bounded. Compare with
// BenchmarkCopyLarge, or run BenchmarkDownloadLargeVsCopy for the ratio.
func BenchmarkDownloadLarge(b *testing.B) {
	ctx := context.Background()
	e, d := benchDownload(b)
	b.SetBytes(benchSize)
	for b.Loop() {
		if _, err := d.Download(ctx, "package_file", 1, "dst", ""); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		if err := e.secondary.Delete(ctx, "dst"); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
}

// BenchmarkCopyLarge is the cp baseline of BenchmarkDownloadLarge: the same
// 64 MiB copied from a file to a new file with io.Copy (copy_file_range on
// Linux), then the same fsync of the file and of its directory.
func BenchmarkCopyLarge(b *testing.B) {
	src, dstDir := benchCopySource(b)
	dst := filepath.Join(dstDir, "dst")
	b.SetBytes(benchSize)
	for b.Loop() {
		if err := copyFile(src, dst); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		if err := os.Remove(dst); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
}

// BenchmarkDownloadLargeVsCopy alternates one download and one cp baseline
// copy per iteration, so that both see the same machine and disk
// conditions, and reports each one's bandwidth and their ratio
// (download ÷ cp), from the total times and from the median iteration: the
// median is not swayed by the occasional stall of a virtual disk.
func BenchmarkDownloadLargeVsCopy(b *testing.B) {
	ctx := context.Background()
	e, d := benchDownload(b)
	src, dstDir := benchCopySource(b)
	dst := filepath.Join(dstDir, "dst")
	var downloads, copies []time.Duration
	for b.Loop() {
		start := time.Now()
		if _, err := d.Download(ctx, "package_file", 1, "dst", ""); err != nil {
			b.Fatal(err)
		}
		downloads = append(downloads, time.Since(start))

		start = time.Now()
		if err := copyFile(src, dst); err != nil {
			b.Fatal(err)
		}
		copies = append(copies, time.Since(start))

		b.StopTimer()
		if err := e.secondary.Delete(ctx, "dst"); err != nil {
			b.Fatal(err)
		}
		if err := os.Remove(dst); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
	rate := func(d time.Duration, n int) float64 { return float64(benchSize) * float64(n) / 1e6 / d.Seconds() }
	dl, cp := rate(sum(downloads), len(downloads)), rate(sum(copies), len(copies))
	dlMedian, cpMedian := rate(median(downloads), 1), rate(median(copies), 1)
	b.ReportMetric(dl, "download_MB/s")
	b.ReportMetric(cp, "cp_MB/s")
	b.ReportMetric(dl/cp, "ratio")
	b.ReportMetric(dlMedian, "median_download_MB/s")
	b.ReportMetric(cpMedian, "median_cp_MB/s")
	b.ReportMetric(dlMedian/cpMedian, "median_ratio")
}

func sum(ds []time.Duration) time.Duration {
	var t time.Duration
	for _, d := range ds {
		t += d
	}
	return t
}

func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	if err := out.Close(); err != nil {
		return err
	}
	dir, err := os.Open(filepath.Dir(dst))
	if err != nil {
		return err
	}
	defer dir.Close()
	return dir.Sync()
}
