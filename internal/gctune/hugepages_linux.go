package gctune

import (
	"bufio"
	"bytes"
	"os"
	"strconv"
	"sync/atomic"
	"syscall"
	"time"
)

// The madvise advice of Linux's transparent huge pages (not in package
// syscall's constants).
const (
	madvHugePage = 14 // MADV_HUGEPAGE: later faults in the range may take 2 MB pages
	madvCollapse = 25 // MADV_COLLAPSE: back the range's pages with 2 MB pages now (Linux 6.1)
)

// heapChunk is the unit Go maps its heap in (the runtime's
// pallocChunkBytes on 64-bit Linux): a mapping of the heap starts and
// ends at a multiple of it. Other large mappings (the SQLite allocator's,
// the runtime's own metadata) lie where mmap put them, at multiples of
// 4 KB: they are left alone (the tables read at random are the heap's;
// SQLite's are its page cache and sorter, short-lived or read in order).
const heapChunk = 4 << 20

var hugePagesStarted atomic.Bool

// HugePages backs the Go heap's mappings with 2 MB pages, once a second,
// until stop is closed, when the environment sets TRACUU_HUGEPAGES=1;
// only the first call starts it. Off by default: in five pairs of
// 100,000-article imports it took the index role to 0.87-1.06× of its
// CPU and the whole import's to 0.92-1.15× (SQLite's index building and
// the system time rose), docs/scaling.md, "The index role's memory". The index's
// tables (the word forms and their table, a document's term slots, a
// segment's postings and terms) are read at random over tens of MB: with
// 4 KB pages each read may also miss the TLB, and on a VM a miss walks
// two levels of page tables. Go does not ask for huge pages, and a
// machine that gives them only when asked
// (/sys/kernel/mm/transparent_hugepage/enabled "madvise") gives Go's
// heap none. So the heap's mappings are advised (MADV_HUGEPAGE: their
// later faults take huge pages) and collapsed (MADV_COLLAPSE: the pages
// they already have; the heap fills a new mapping before a second
// passes). A collapse is best effort: what it could not collapse, or
// what Go's scavenger gave back since, is asked for again the next
// second, while a range already of huge pages costs the kernel a look at
// its page table. Nothing happens where the kernel refuses the advice
// (no THP, "never"): it is not asked again.
func HugePages(stop <-chan struct{}) {
	if os.Getenv("TRACUU_HUGEPAGES") != "1" || !hugePagesStarted.CompareAndSwap(false, true) {
		return
	}
	go func() {
		t := time.NewTicker(time.Second)
		defer t.Stop()
		for {
			if !adviseMappings() {
				return
			}
			select {
			case <-stop:
				return
			case <-t.C:
			}
		}
	}()
}

// adviseMappings advises and collapses the anonymous read-write mappings
// of the heap (bounds at multiples of heapChunk); false when the kernel
// refuses the advice (no huge pages to be had).
func adviseMappings() bool {
	maps, err := os.ReadFile("/proc/self/maps")
	if err != nil {
		return false
	}
	ok := true
	sc := bufio.NewScanner(bytes.NewReader(maps))
	for sc.Scan() {
		start, end, anon := anonRW(sc.Bytes())
		if !anon || start%heapChunk != 0 || end%heapChunk != 0 {
			continue
		}
		if _, _, e := syscall.Syscall(syscall.SYS_MADVISE, start, end-start, madvHugePage); e != 0 {
			ok = false
			continue
		}
		// best effort: a range the kernel cannot collapse now keeps its
		// small pages until khugepaged gets to it
		syscall.Syscall(syscall.SYS_MADVISE, start, end-start, madvCollapse)
	}
	return ok
}

// anonRW parses a line of /proc/self/maps: the mapping's bounds, and
// whether it is private, readable and writable memory of no file (inode
// 0), such as Go's heap ("c000000000-c004000000 rw-p 00000000 00:00 0",
// or with "[anon:Go: heap]" where the kernel keeps mappings' names).
func anonRW(line []byte) (start, end uintptr, anon bool) {
	f := bytes.Fields(line)
	named := len(f) > 5 && bytes.HasPrefix(f[5], []byte("[anon:")) // Go's own names, where the kernel keeps them
	if len(f) < 5 || len(f) > 5 && !named || string(f[1]) != "rw-p" || string(f[4]) != "0" {
		return 0, 0, false
	}
	lo, hi, found := bytes.Cut(f[0], []byte{'-'})
	if !found {
		return 0, 0, false
	}
	s, err1 := strconv.ParseUint(string(lo), 16, 64)
	e, err2 := strconv.ParseUint(string(hi), 16, 64)
	if err1 != nil || err2 != nil || e <= s {
		return 0, 0, false
	}
	return uintptr(s), uintptr(e), true
}
