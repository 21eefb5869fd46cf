package search

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// A server's index is read into the page cache when it is opened: after
// an import's compaction, which drops its files from the cache, or a
// restart, the first queries do not wait for the disk. An import's index
// (OpenImport) is not read ahead.
func TestServerReadsIndexAhead(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "index")
	ix, err := OpenImport(dir)
	if err != nil {
		t.Fatal(err)
	}
	docs := zapFixtureDocs(t, 1200)
	for i := 0; i < len(docs); i += 200 {
		batch := docs[i : i+200]
		for j := range batch {
			batch[j].ID = fmt.Sprintf("Article:%d", i+j+1)
		}
		if err := ix.ApplyAt(ctx, int64(i+1), batch, nil); err != nil {
			t.Fatal(err)
		}
	}
	if err := ix.Compact(ctx); err != nil {
		t.Fatal(err)
	}
	if ix.prefetched != nil {
		t.Error("an import's index was read ahead")
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	ix, err = Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if ix.prefetched == nil {
		t.Fatal("a server's index was not read ahead")
	}
	<-ix.prefetched
	files, _ := filepath.Glob(filepath.Join(dir, "*", "store", "*.zap"))
	if len(files) == 0 {
		t.Fatal("no segment files")
	}
	listed := ix.segmentFiles()
	got := map[string]bool{}
	for i, f := range listed {
		got[f.path] = true
		if i > 0 && f.size < listed[i-1].size {
			t.Errorf("segment files not listed smallest first: %d bytes after %d", f.size, listed[i-1].size)
		}
	}
	for _, f := range files {
		if !got[f] {
			t.Errorf("segment file %s not read ahead (read ahead: %v)", f, listed)
		}
	}
	if len(listed) != len(files) {
		t.Errorf("%d files read ahead, want the %d segment files", len(listed), len(files))
	}
}

// readAhead leaves the whole file in the page cache. (An index's own
// files are too small to tell: the first read of a mapping brings the
// disk's read-ahead window, 8 MB here, around it.)
func TestReadAhead(t *testing.T) {
	dir := pageCacheDir(t)
	name := filepath.Join(dir, "segment.zap")
	b := make([]byte, 48<<20)
	for i := range b {
		b[i] = byte(i * 131 >> 7)
	}
	if err := os.WriteFile(name, b, 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Sync(); err != nil {
		t.Fatal(err)
	}
	if err := unix.Fadvise(int(f.Fd()), 0, 0, unix.FADV_DONTNEED); err != nil {
		t.Fatal(err)
	}
	f.Close()
	if n, all := residentBytes(t, name); n > all/10 {
		t.Fatalf("%d of the file's %d bytes still cached after they were dropped", n, all)
	}
	if prefetchBudget() < int64(len(b)) {
		t.Fatalf("prefetch budget %d bytes: half of MemAvailable cannot be so small", prefetchBudget())
	}
	readAhead(name, int64(len(b)))
	// The kernel reads ahead asynchronously: wait for it.
	n, all := residentBytes(t, name)
	for deadline := time.Now().Add(20 * time.Second); n < all*9/10 && time.Now().Before(deadline); n, all = residentBytes(t, name) {
		time.Sleep(10 * time.Millisecond)
	}
	if n < all*9/10 {
		t.Errorf("%d of the file's %d bytes in the page cache after readAhead, want all", n, all)
	}
}
