package search

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"unsafe"

	"github.com/RoaringBitmap/roaring/v2"
	segment "github.com/blevesearch/scorch_segment_api/v2"
	zapx "github.com/blevesearch/zapx/v17"
	"golang.org/x/sys/unix"
)

// A merge whose folder zapx.WriteBehind names writes the same bytes as
// one that does not (but the fields' section list, in Go's map order,
// and so the CRC: canonicalZap) and leaves them out of the page cache but
// for its end; without it, the merged file stays cached.
func TestMergeWritesBehind(t *testing.T) {
	dir := pageCacheDir(t)
	docs := zapFixtureDocs(t, 900)
	var segs []segment.Segment
	for i := 0; i < len(docs); i += 300 {
		seg, _, err := (&zapx.ZapPlugin{}).New(zapDocuments(t, docs[i:i+300]))
		if err != nil {
			t.Fatal(err)
		}
		defer seg.Close()
		segs = append(segs, seg)
	}
	const window = 64 << 10
	merge := func(name string, behind bool) string {
		d := filepath.Join(dir, name)
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
		if behind {
			zapx.WriteBehind(d, window)
			defer zapx.WriteBehind(d, 0)
		}
		path := filepath.Join(d, "merged.zap")
		if _, _, err := (&zapx.ZapPlugin{}).Merge(segs, make([]*roaring.Bitmap, len(segs)), path, nil, nil); err != nil {
			t.Fatal(err)
		}
		return path
	}
	plain, behind := merge("plain", false), merge("behind", true)
	a, err := os.ReadFile(plain)
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(behind)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(canonicalZap(t, a), canonicalZap(t, b)) {
		t.Fatalf("the merge written behind differs: %d bytes against %d", len(b), len(a))
	}
	if len(a) < 8*window {
		t.Fatalf("merged file of %d bytes: too small for windows of %d", len(a), window)
	}
	// Reading the files above cached them: merge again.
	os.RemoveAll(filepath.Dir(plain))
	os.RemoveAll(filepath.Dir(behind))
	plain, behind = merge("plain", false), merge("behind", true)
	if n, all := residentBytes(t, plain); n < all*9/10 {
		t.Errorf("merged without WriteBehind: %d of %d bytes cached, want nearly all", n, all)
	}
	// What is left cached is the file's end: the windows of its last
	// writes (up to DefaultFileMergerBufferSize each) and the footer.
	if n, all := residentBytes(t, behind); n > all/4 {
		t.Errorf("merged with WriteBehind in windows of %d: %d of %d bytes cached, want at most a quarter", window, n, all)
	}
}

// Index.Compact (the import's final compaction) writes each part's
// merged file behind; the compaction of a rebuild (which a server then
// searches) does not. The files are checked by the bytes dropped
// (zapx.DroppedBehind), not by what the page cache holds after: scorch
// opens the merged file at once, and the kernel's read-around of those
// first reads (8 MB on the benchmark machine) caches a small file again.
func TestCompactWritesBehind(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "index")
	defer func(w int) { writeBehindWindow = w }(writeBehindWindow)
	writeBehindWindow = 64 << 10
	ix, err := OpenImport(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	docs := zapFixtureDocs(t, 1200)
	apply := func(docs []Doc, from int) {
		for i := 0; i < len(docs); i += 200 {
			batch := docs[i : i+200]
			for j := range batch {
				batch[j].ID = fmt.Sprintf("Article:%d", from+i+j+1)
			}
			if err := ix.ApplyAt(ctx, int64(from+i+1), batch, nil); err != nil {
				t.Fatal(err)
			}
			waitPersisted(t, ix)
		}
	}
	merged := func() (n uint64) {
		for _, part := range []string{"0", "1"} {
			files, _ := filepath.Glob(filepath.Join(dir, part, "store", "*.zap"))
			if len(files) != 1 {
				t.Fatalf("part %s: %d segment files after the compaction, want 1", part, len(files))
			}
			fi, err := os.Stat(files[0])
			if err != nil {
				t.Fatal(err)
			}
			n += uint64(fi.Size())
		}
		return n
	}
	apply(docs[:600], 0)
	before := zapx.DroppedBehind()
	if err := ix.bi.compact(ctx); err != nil {
		t.Fatal(err)
	}
	if d := zapx.DroppedBehind() - before; d != 0 {
		t.Errorf("a rebuild's compaction dropped %d bytes of its merged files from the page cache, want none", d)
	}
	merged()
	apply(docs[600:], 600)
	before = zapx.DroppedBehind()
	if err := ix.Compact(ctx); err != nil {
		t.Fatal(err)
	}
	all := merged()
	if d := zapx.DroppedBehind() - before; d < all/2 {
		t.Errorf("Compact dropped %d bytes of its merged files' %d from the page cache, want most", d, all)
	}
}

// residentBytes tells how many bytes of the file at path the page cache
// holds (mincore over a mapping of it), of all its bytes.
func residentBytes(t *testing.T, path string) (n, all int) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		t.Fatal(err)
	}
	all = int(fi.Size())
	m, err := unix.Mmap(int(f.Fd()), 0, all, unix.PROT_READ, unix.MAP_SHARED)
	if err != nil {
		t.Fatal(err)
	}
	defer unix.Munmap(m)
	page := os.Getpagesize()
	vec := make([]byte, (all+page-1)/page)
	if _, _, e := unix.Syscall(unix.SYS_MINCORE, uintptr(unsafe.Pointer(&m[0])), uintptr(len(m)), uintptr(unsafe.Pointer(&vec[0]))); e != 0 {
		t.Fatal(e)
	}
	for _, v := range vec {
		if v&1 != 0 {
			n += page
		}
	}
	return min(n, all), all
}

// pageCacheDir returns a temporary folder whose files go through the
// page cache: t.TempDir, or, when that is on tmpfs (whose pages are its
// storage), a folder beside the test's package. Under CI=true a test with
// no such folder fails rather than skip.
func pageCacheDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if !onTmpfs(t, dir) {
		return dir
	}
	dir, err := os.MkdirTemp(".", "pagecache-test-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if dir, err = filepath.Abs(dir); err != nil {
		t.Fatal(err)
	}
	if !onTmpfs(t, dir) {
		return dir
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s and the temporary folder are on tmpfs: no page cache to test", dir)
	}
	t.Skipf("%s and the temporary folder are on tmpfs: no page cache to test", dir)
	return ""
}

func onTmpfs(t *testing.T, dir string) bool {
	t.Helper()
	var s unix.Statfs_t
	if err := unix.Statfs(dir, &s); err != nil {
		t.Fatal(err)
	}
	return s.Type == unix.TMPFS_MAGIC
}
