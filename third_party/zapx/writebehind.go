//  Copyright (c) 2026 Tracuu. Licensed under the Apache License, Version 2.0.

package zap

import (
	"io"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
)

// writeBehindDirs holds, for each folder WriteBehind named, its window.
var writeBehindDirs sync.Map

// droppedBehind counts the bytes merges wrote behind and dropped.
var droppedBehind atomic.Uint64

// WriteBehind makes the merges that write their file in dir (a scorch
// index's store folder) write it behind (Tracuu's fork): every window
// bytes written are handed to the disk at once and, once on it, dropped
// from the page cache, instead of staying cached until the kernel writes
// them back (or the merge's fsync does). The file's bytes are the same;
// what is dropped is read from the disk again when read. For a merge
// whose file is not read soon, such as an import's final compaction: in
// a VM whose host takes back the memory the guest leaves free, caching a
// file in pages not used for a few seconds costs a first touch of each
// (0.7-0.9 s of CPU for 350 MB in the benchmark machine), and the
// dropped pages are reused for the next windows (0.14-0.16 s in windows
// of 8 MB). A window of 0 ends it.
func WriteBehind(dir string, window int) {
	dir = filepath.Clean(dir)
	if window > 0 {
		writeBehindDirs.Store(dir, window)
	} else {
		writeBehindDirs.Delete(dir)
	}
}

// DroppedBehind is how many bytes the merges written behind dropped from
// the page cache since the process started.
func DroppedBehind() uint64 { return droppedBehind.Load() }

// mergeOutput is the writer of the merge's file f at path: f itself, or
// a writer behind it when WriteBehind names its folder.
func mergeOutput(f *os.File, path string) io.Writer {
	if w, ok := writeBehindDirs.Load(filepath.Dir(filepath.Clean(path))); ok {
		return newWriteBehind(f, int64(w.(int)))
	}
	return f
}
