//  Copyright (c) 2026 Tracuu. Licensed under the Apache License, Version 2.0.

package zap

import (
	"io"
	"os"

	"golang.org/x/sys/unix"
)

// writeBehind writes to f and, after every window bytes, starts writing
// them to the disk (sync_file_range), waits for the window before them
// and drops that from the page cache (posix_fadvise DONTNEED). Both are
// hints: their errors are ignored, the file's writes and fsync report
// the errors that count.
type writeBehind struct {
	f                         *os.File
	fd                        int
	window                    int64
	written, flushed, dropped int64
}

func newWriteBehind(f *os.File, window int64) io.Writer {
	return &writeBehind{f: f, fd: int(f.Fd()), window: window}
}

func (w *writeBehind) Write(p []byte) (int, error) {
	n, err := w.f.Write(p)
	w.written += int64(n)
	if err != nil || w.written-w.flushed < w.window {
		return n, err
	}
	_ = unix.SyncFileRange(w.fd, w.flushed, w.written-w.flushed, unix.SYNC_FILE_RANGE_WRITE)
	if w.flushed > w.dropped {
		_ = unix.SyncFileRange(w.fd, w.dropped, w.flushed-w.dropped,
			unix.SYNC_FILE_RANGE_WAIT_BEFORE|unix.SYNC_FILE_RANGE_WRITE|unix.SYNC_FILE_RANGE_WAIT_AFTER)
		if unix.Fadvise(w.fd, w.dropped, w.flushed-w.dropped, unix.FADV_DONTNEED) == nil {
			droppedBehind.Add(uint64(w.flushed - w.dropped))
		}
		w.dropped = w.flushed
	}
	w.flushed = w.written
	return n, nil
}
