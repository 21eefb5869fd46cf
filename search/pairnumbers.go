package search

import (
	"sync"
	"sync/atomic"
)

// A pair variant with a code (its pair as written has diacritics:
// appendPairVariant) was numbered 1<<31 | its key, which the zapx fork
// completes with the term's last two bytes, the code, and looks up in a
// map of 64-bit numbers for every posting of the segment (byKey): a
// fifth of gathering the postings (collect), and more than half of the
// pairs' postings have a code. pairNumbers gives each such variant a
// number of its own below 1<<31 instead, once in the process, which the
// fork finds in a slice (byID) as it does the words' and the uncoded
// pairs': a table of pairKeySlots variants a key, read without a lock.
// The numbers follow the uncoded pairs' keys (at most 2·500²): from
// firstPairNumber, in the order the variants are first seen. A key's
// variants past its slots (rare: the written forms of one folded pair)
// keep 1<<31 | key, always, since a key's slots are only ever filled:
// within the pairs' fields a variant has one number, and two variants two.
const (
	pairKeySlots    = 4
	firstPairNumber = 1 << 19
)

var pairNumbers struct {
	once  sync.Once
	slots []atomic.Uint64 // key·pairKeySlots + i: number<<16 | code; 0: free
	next  atomic.Uint32   // the numbers given so far
}

// pairNumber returns the number of the pair variant vid
// (pairVariantID) in the pairs' sets (CountedTermIDs).
func pairNumber(vid uint64) uint32 {
	key := uint32(vid >> 16)
	if key&(1<<31) == 0 {
		return key // no code: the key
	}
	pairNumbers.once.Do(func() {
		n := len(commonIDs)
		pairNumbers.slots = make([]atomic.Uint64, (2*n*n+1)*pairKeySlots)
	})
	code := uint64(uint16(vid))
	base := int(key&^(1<<31)) * pairKeySlots
	for i := base; i < base+pairKeySlots; i++ {
		s := &pairNumbers.slots[i]
		v := s.Load()
		if v == 0 {
			n := firstPairNumber + uint64(pairNumbers.next.Add(1)) - 1
			if n >= 1<<31 {
				return key
			}
			if s.CompareAndSwap(0, n<<16|code) {
				return uint32(n)
			}
			v = s.Load() // taken meanwhile (its number is lost)
		}
		if v&0xffff == code {
			return uint32(v >> 16)
		}
	}
	return key
}
