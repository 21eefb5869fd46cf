package gctune

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"unsafe"
)

func TestAnonRW(t *testing.T) {
	for _, c := range []struct {
		line       string
		start, end uintptr
		anon       bool
	}{
		{"c000000000-c004000000 rw-p 00000000 00:00 0", 0xc000000000, 0xc004000000, true},
		{"3d5e26800000-3d5e33800000 rw-p 00000000 00:00 0 ", 0x3d5e26800000, 0x3d5e33800000, true},
		{"c000000000-c004000000 rw-p 00000000 00:00 0    [anon:Go: heap]", 0xc000000000, 0xc004000000, true},
		{"0058f000-0059a000 rw-p 0018f000 fe:00 9978075    /tmp/exe/thp", 0, 0, false},
		{"7ffd64f0a000-7ffd64f2b000 rw-p 00000000 00:00 0    [stack]", 0, 0, false},
		{"c000000000-c004000000 ---p 00000000 00:00 0", 0, 0, false},
		{"c000000000-c004000000 rw-s 00000000 00:05 12    /dev/zero (deleted)", 0, 0, false},
		{"", 0, 0, false},
	} {
		s, e, anon := anonRW([]byte(c.line))
		if s != c.start || e != c.end || anon != c.anon {
			t.Errorf("anonRW(%q) = %x, %x, %v; want %x, %x, %v", c.line, s, e, anon, c.start, c.end, c.anon)
		}
	}
}

// TestHugePagesBackHeap: a large slice of the heap, touched once its
// mapping is advised, is backed by 2 MB pages. Skipped where the kernel
// gives no huge pages. It runs in a process of its own: the other tests'
// Import advises this one's heap, and the slice's memory must be fresh
// (Go does not clear memory new from the kernel: its pages are first
// touched here). The collapse of pages touched before is best effort and
// not checked.
func TestHugePagesBackHeap(t *testing.T) {
	mode, err := os.ReadFile("/sys/kernel/mm/transparent_hugepage/enabled")
	if err != nil || bytes.Contains(mode, []byte("[never]")) {
		t.Skip("no transparent huge pages")
	}
	if os.Getenv("GCTUNE_HUGEPAGES_CHILD") == "" {
		cmd := exec.Command(os.Args[0], "-test.run=^TestHugePagesBackHeap$", "-test.v")
		cmd.Env = append(os.Environ(), "GCTUNE_HUGEPAGES_CHILD=1")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
		if bytes.Contains(out, []byte("--- SKIP")) {
			t.Skipf("%s", out)
		}
		return
	}
	b := make([]byte, 64<<20)
	p := uintptr(unsafe.Pointer(&b[0]))
	if !adviseMappings() {
		t.Skip("the kernel refused MADV_HUGEPAGE")
	}
	for i := 0; i < len(b); i += 4096 {
		b[i] = 1
	}
	if kb := anonHugeKB(t, p); kb < 32<<10 {
		t.Errorf("the mapping of a 64 MB slice touched after the advice has %d kB of huge pages, want at least 32 MB", kb)
	}
	b[0]++ // b stays reachable until here
}

// anonHugeKB is the AnonHugePages of the mapping holding address p.
func anonHugeKB(t *testing.T, p uintptr) int {
	t.Helper()
	smaps, err := os.ReadFile("/proc/self/smaps")
	if err != nil {
		t.Skip(err)
	}
	in := false
	sc := bufio.NewScanner(bytes.NewReader(smaps))
	for sc.Scan() {
		line := sc.Text()
		if lo, hi, ok := strings.Cut(strings.Fields(line + " x")[0], "-"); ok && !strings.HasSuffix(line, ":") && !strings.Contains(lo, ":") {
			s, err1 := strconv.ParseUint(lo, 16, 64)
			e, err2 := strconv.ParseUint(hi, 16, 64)
			if err1 == nil && err2 == nil {
				in = uintptr(s) <= p && p < uintptr(e)
				continue
			}
		}
		if in && strings.HasPrefix(line, "AnonHugePages:") {
			kb, _ := strconv.Atoi(strings.Fields(line)[1])
			return kb
		}
	}
	t.Fatalf("no mapping holds %x", p)
	return 0
}
