package search

import (
	"bufio"
	"os"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"
)

// prefetchBudget is half of the memory available (MemAvailable in
// /proc/meminfo): the most of the index that a server reads ahead.
func prefetchBudget() int64 {
	f, err := os.Open("/proc/meminfo")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		rest, ok := strings.CutPrefix(sc.Text(), "MemAvailable:")
		if !ok {
			continue
		}
		kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
		if err != nil {
			return 0
		}
		return kb << 10 / 2
	}
	return 0
}

// readAhead reads the file into the page cache a step at a time, each
// step mapped and populated (madvise MADV_POPULATE_READ): the reads go
// from the disk to the cache in the kernel, with no copy into the
// process, and one step at a time, so that the reads of the server's
// start (the database, the relationship graph) are not queued behind
// gigabytes of read-ahead. (Asked for all at once with posix_fadvise
// WILLNEED, the 6.6 GB of an index of 1,000,000 articles held /readyz
// back from 0.6 s to 2.5-4 s and the graph's load from 5.8 to 10-11 s.)
// Where the kernel lacks MADV_POPULATE_READ (before Linux 5.14) it asks
// with posix_fadvise, which reads at most one read-ahead window a call.
func readAhead(path string, size int64) {
	f, err := os.Open(path)
	if err != nil {
		return // merged away meanwhile
	}
	defer f.Close()
	fd := int(f.Fd())
	for off := int64(0); off < size; off += readAheadStep {
		n := int(min(readAheadStep, size-off))
		m, err := unix.Mmap(fd, off, n, unix.PROT_READ, unix.MAP_SHARED)
		if err != nil {
			return
		}
		err = unix.Madvise(m, unix.MADV_POPULATE_READ)
		unix.Munmap(m)
		if err == unix.EINVAL {
			for ; off < size; off += fadviseStep {
				if unix.Fadvise(fd, off, min(fadviseStep, size-off), unix.FADV_WILLNEED) != nil {
					return
				}
			}
			return
		}
		if err != nil {
			return
		}
	}
}

const (
	// readAheadStep is what one step populates: one request of the
	// disk's (max_sectors_kb is 4096 on the development machine).
	readAheadStep = 4 << 20
	// fadviseStep is the length one posix_fadvise asks for: no more than
	// the smallest read-ahead window Linux is configured with in practice.
	fadviseStep = 128 << 10
)
