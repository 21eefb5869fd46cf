package search

import (
	"cmp"
	"os"
	"slices"
)

// A server reads the index at every query, at random places: on a page
// cache that does not hold it (after a restart, after an import, whose
// compaction writes its files behind and drops them from the cache, or
// after a rebuild) each read waits for the disk. Among 1,000,000 articles
// the first 500 queries of a server started on a cold cache answered at
// p99 194 ms, on a warm one at 81 ms, and reading the 6.6 GB of segment
// files in order (cat, from a dropped cache) took 6.1 s. So a server asks the kernel to read its
// index's segment files ahead, in the background, when it opens the index
// and when a rebuild swaps a new one in; searches go on meanwhile. An
// index larger than half of the memory available is left to the queries:
// reading it all would push out what they read.

// prefetch asks the kernel, in the background, to read the segment files
// of the index in use into the page cache. ix.prefetched is closed when
// every read has been asked for.
func (ix *Index) prefetch() {
	done := make(chan struct{})
	ix.prefetched = done
	go func() {
		defer close(done)
		files := ix.segmentFiles()
		var size int64
		for _, f := range files {
			size += f.size
		}
		if size == 0 || size > prefetchBudget() {
			return
		}
		for _, f := range files {
			if ix.closing.Load() || ix.swapping.Load() > 0 {
				return
			}
			readAhead(f.path, f.size)
		}
	}()
}

type segmentFile struct {
	path string
	size int64
}

// segmentFiles lists the files of the index's persisted segments, the
// smallest first (the newest segments, which searches read as much as
// the large ones, are also the smallest).
func (ix *Index) segmentFiles() []segmentFile {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.bi == nil {
		return nil
	}
	sn, err := ix.bi.snapshot()
	if err != nil {
		return nil
	}
	defer sn.close()
	var files []segmentFile
	for _, v := range sn.segments() {
		p, ok := v.seg.(interface{ Path() string })
		if !ok || p.Path() == "" {
			continue // in memory, not yet persisted
		}
		if fi, err := os.Stat(p.Path()); err == nil {
			files = append(files, segmentFile{p.Path(), fi.Size()})
		}
	}
	slices.SortFunc(files, func(a, b segmentFile) int { return cmp.Compare(a.size, b.size) })
	return files
}
