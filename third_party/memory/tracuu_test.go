// Tracuu: a check of the kept pages (memory.go, "Tracuu:"): one Allocator
// through rounds of mixed malloc, calloc, realloc and free of every slot
// size and of big blocks, some rounds freeing everything so that pages go
// to the kept stacks (past keptPages) and come back. Every block's bytes
// are checked before it is freed or moved, calloc's for zero, and the
// allocator's state: kept pages unused, registered, of their stack's slot
// size, none twice, none holding a live block or a free-list node, no two
// live blocks overlapping. Run with go test in this folder (its own module).

package memory

import (
	"math/rand"
	"sort"
	"testing"
	"unsafe"
)

type hblk struct {
	p    uintptr
	size int
	seed byte
}

func fill(b hblk) {
	for i := 0; i < b.size; i++ {
		*(*byte)(unsafe.Pointer(b.p + uintptr(i))) = b.seed + byte(i*7)
	}
}
func check(t *testing.T, b hblk) {
	for i := 0; i < b.size; i++ {
		if g := *(*byte)(unsafe.Pointer(b.p + uintptr(i))); g != b.seed+byte(i*7) {
			t.Fatalf("block %#x size %d byte %d: %#x want %#x", b.p, b.size, i, g, b.seed+byte(i*7))
		}
	}
}

func invariants(t *testing.T, a *Allocator, live map[uintptr]hblk) {
	n := 0
	inKept := map[uintptr]bool{}
	for log := range a.empty {
		for p := a.empty[log]; p != 0; p = *(*uintptr)(unsafe.Pointer(p + headerSize)) {
			n++
			if inKept[p] {
				t.Fatalf("page %#x twice in kept stacks", p)
			}
			inKept[p] = true
			pg := (*page)(unsafe.Pointer(p))
			if pg.log != uint(log) || pg.used != 0 {
				t.Fatalf("kept page %#x log %d used %d in stack %d", p, pg.log, pg.used, log)
			}
			if _, ok := a.regs[p]; !ok {
				t.Fatalf("kept page %#x not registered", p)
			}
			if a.pages[log] == p {
				t.Fatalf("kept page %#x is current page", p)
			}
		}
	}
	if n != a.kept || n > keptPages {
		t.Fatalf("kept %d, stacks %d", a.kept, n)
	}
	for _, b := range live {
		if inKept[b.p&^uintptr(pageMask)] {
			t.Fatalf("live block %#x in kept page", b.p)
		}
	}
	// free lists hold no node of a kept page
	for log := range a.lists {
		for nd := a.lists[log]; nd != 0; nd = (*node)(unsafe.Pointer(nd)).next {
			if inKept[nd&^uintptr(pageMask)] {
				t.Fatalf("free node %#x in kept page", nd)
			}
		}
	}
	// no overlap between live blocks
	bs := make([]hblk, 0, len(live))
	for _, b := range live {
		bs = append(bs, b)
	}
	sort.Slice(bs, func(i, j int) bool { return bs[i].p < bs[j].p })
	for i := 1; i < len(bs); i++ {
		if bs[i-1].p+uintptr(UintptrUsableSize(bs[i-1].p)) > bs[i].p {
			t.Fatalf("blocks %#x (%d) and %#x overlap", bs[i-1].p, UintptrUsableSize(bs[i-1].p), bs[i].p)
		}
	}
}

func TestKeptPagesHammer(t *testing.T) {
	var a Allocator
	defer a.Close()
	rng := rand.New(rand.NewSource(1))
	live := map[uintptr]hblk{}
	keys := []uintptr{}
	size := func() int {
		switch rng.Intn(40) {
		case 0:
			return 1 + rng.Intn(2<<20) // maybe big
		case 1, 2, 3:
			return 1 + rng.Intn(maxSlotSize)
		default:
			return 1 + rng.Intn(2048)
		}
	}
	del := func(i int) hblk {
		b := live[keys[i]]
		delete(live, keys[i])
		keys[i] = keys[len(keys)-1]
		keys = keys[:len(keys)-1]
		return b
	}
	add := func(b hblk) {
		if _, dup := live[b.p]; dup {
			t.Fatalf("block %#x handed out twice", b.p)
		}
		live[b.p] = b
		keys = append(keys, b.p)
	}
	maxKept := 0
	for round := 0; round < 25; round++ {
		target := rng.Intn(3000)
		if round%5 == 4 {
			target = 0 // empty everything: pages go to the kept stacks
		}
		for step := 0; step < 3000; step++ {
			grow := len(keys) < target
			switch op := rng.Intn(10); {
			case grow && op < 5:
				s := size()
				p, err := a.UintptrMalloc(s)
				if err != nil || p == 0 {
					t.Fatal(err)
				}
				b := hblk{p, s, byte(rng.Intn(256))}
				fill(b)
				add(b)
			case grow && op < 8:
				s := size()
				p, err := a.UintptrCalloc(s)
				if err != nil || p == 0 {
					t.Fatal(err)
				}
				for i := 0; i < s; i++ {
					if *(*byte)(unsafe.Pointer(p + uintptr(i))) != 0 {
						t.Fatalf("calloc(%d) %#x byte %d not zero", s, p, i)
					}
				}
				b := hblk{p, s, byte(rng.Intn(256))}
				fill(b)
				add(b)
			case len(keys) > 0 && op == 9:
				b := del(rng.Intn(len(keys)))
				check(t, b)
				s := size()
				p, err := a.UintptrRealloc(b.p, s)
				if err != nil || p == 0 {
					t.Fatal(err)
				}
				m := b.size
				if s < m {
					m = s
				}
				nb := hblk{p, m, b.seed}
				check(t, nb)
				nb.size = s
				nb.seed = byte(rng.Intn(256))
				fill(nb)
				add(nb)
			case len(keys) > 0:
				b := del(rng.Intn(len(keys)))
				check(t, b)
				if err := a.UintptrFree(b.p); err != nil {
					t.Fatal(err)
				}
			}
			if a.kept > maxKept {
				maxKept = a.kept
			}
			if step%500 == 0 {
				invariants(t, &a, live)
			}
		}
		invariants(t, &a, live)
		for _, b := range live {
			check(t, b)
		}
	}
	if maxKept != keptPages {
		t.Errorf("at most %d pages kept, want the limit %d reached", maxKept, keptPages)
	}
}
