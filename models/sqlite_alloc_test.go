package models

import (
	"os"
	"os/exec"
	"syscall"
	"testing"
	"unsafe"

	"modernc.org/libc"
)

// TestSQLiteAllocatorKeepsEmptiedPages: the allocator under SQLite
// (modernc.org/libc's malloc, third_party/memory) keeps a page whose
// blocks were all freed mapped for the next ones, as a statement journal
// that is freed at every statement's end needs. Unmapped, the next
// statement faulted every 4 KiB of it in again. Run in a process of its
// own, whose allocator has kept no page yet.
func TestSQLiteAllocatorKeepsEmptiedPages(t *testing.T) {
	if os.Getenv("TRACUU_ALLOC_CHILD") == "" {
		cmd := exec.Command(os.Args[0], "-test.run=^TestSQLiteAllocatorKeepsEmptiedPages$", "-test.count=1")
		cmd.Env = append(os.Environ(), "TRACUU_ALLOC_CHILD=1")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
		return
	}
	tls := libc.NewTLS()
	defer tls.Close()
	// 1 KiB blocks (as a statement journal's chunks, with SQLite's 8-byte
	// size header): enough to fill a few of the allocator's 1 MiB pages.
	const n, page = 3000, 1 << 20
	ptrs := make([]uintptr, n)
	for i := range ptrs {
		if ptrs[i] = libc.Xmalloc(tls, 1032); ptrs[i] == 0 {
			t.Fatal("malloc failed")
		}
	}
	pages := map[uintptr]int{}
	for _, p := range ptrs {
		pages[p&^(page-1)]++
	}
	for _, p := range ptrs {
		libc.Xfree(tls, p)
	}
	// Pages that held only these blocks are empty now: still mapped?
	vec := make([]byte, page/os.Getpagesize())
	full := 0
	for pg, k := range pages {
		if k < 400 { // shared with blocks allocated before
			continue
		}
		full++
		if _, _, errno := syscall.Syscall(syscall.SYS_MINCORE, pg, page, uintptr(unsafe.Pointer(&vec[0]))); errno != 0 {
			t.Errorf("page %#x of %d freed blocks is unmapped (mincore: %v)", pg, k, errno)
		}
	}
	if full == 0 {
		t.Fatalf("no page held only the test's blocks: %v", pages)
	}
}
