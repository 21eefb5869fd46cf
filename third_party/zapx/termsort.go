//  Copyright (c) 2026 Tracuu. Licensed under the Apache License, Version 2.0.

package zap

import (
	"encoding/binary"
	"slices"
	"strings"
	"unsafe"
)

// termSortItem is a term of a segment while its terms are sorted: its
// field, its first 8 bytes (termPid.prefix) and where it is (idx).
type termSortItem struct {
	prefix uint64
	idx    uint32
	field  uint16
}

// radixSortMin is the least number of terms sorted by radix
// (sortTermPids); fewer are sorted by comparison.
const radixSortMin = 256

// termSorter keeps the slices sortTermPids works in, for the next
// segment.
type termSorter struct {
	items, tmp []termSortItem
	out        []termPid
	block      []byte // the bytes of out's terms, in order
}

// sortTermPids returns keys ordered by field, then term: a radix sort of
// (field, prefix) — least significant byte first, skipping the bytes
// every term shares — then each run of terms of one field and prefix
// ordered by its terms' bytes, and the terms gathered in that order into
// a slice of the sorter's. keys is left as it was. A comparison sort
// (slices.SortFunc with compareTermPids) was a seventh of a segment's
// building: a call through the closure and a branchy comparison for each
// of n·log n comparisons of 32-byte elements.
func (s *termSorter) sortTermPids(keys []termPid) []termPid {
	n := len(keys)
	if n < radixSortMin {
		out := append(s.out[:0], keys...)
		slices.SortFunc(out, compareFieldTerms)
		s.out = out
		return out
	}
	items := slices.Grow(s.items[:0], n)[:n]
	tmp := slices.Grow(s.tmp[:0], n)[:n]
	// counts[d][b]: items whose digit d is b; digits 0-7: the prefix's
	// bytes, least significant first; 8-9: the field's
	var counts [10][256]uint32
	termBytes := 0
	for k := range keys {
		p, f := keys[k].prefix, keys[k].field
		termBytes += len(keys[k].term)
		items[k] = termSortItem{prefix: p, idx: uint32(k), field: f}
		for d := 0; d < 8; d++ {
			counts[d][byte(p>>(8*d))]++
		}
		counts[8][byte(f)]++
		counts[9][byte(f>>8)]++
	}
	for d := range counts {
		c := &counts[d]
		sum := uint32(0)
		skip := false
		for b := range c {
			if c[b] == uint32(n) {
				skip = true // every item has this digit: already in order
				break
			}
			c[b], sum = sum, sum+c[b]
		}
		if skip {
			continue
		}
		if d < 8 {
			shift := 8 * d
			for _, it := range items {
				b := byte(it.prefix >> shift)
				tmp[c[b]] = it
				c[b]++
			}
		} else {
			shift := 8 * (d - 8)
			for _, it := range items {
				b := byte(it.field >> shift)
				tmp[c[b]] = it
				c[b]++
			}
		}
		items, tmp = tmp, items
	}
	// The terms gathered in order, their bytes copied in that order into
	// one block: writing the dictionary reads them one after the other
	// (in the segment's term blocks, in the order first seen, each was a
	// cache miss there, one at a time; here the reads are independent).
	out := slices.Grow(s.out[:0], n)[:n]
	block := slices.Grow(s.block[:0], termBytes+8)[:termBytes+8]
	at := 0
	for k, it := range items {
		key := keys[it.idx]
		if l := len(key.term); l <= 8 {
			// the term is its prefix's first bytes
			binary.BigEndian.PutUint64(block[at:], key.prefix)
			if l > 0 {
				key.term = unsafe.String(&block[at], l)
			}
			at += l
		} else {
			copy(block[at:], key.term)
			key.term = unsafe.String(&block[at], l)
			at += l
		}
		out[k] = key
	}
	// Terms of one field with one prefix (longer than 8 bytes, or
	// padded with zero bytes) ordered by their bytes, now in the block.
	for i := 0; i < n; {
		j := i + 1
		for j < n && items[j].prefix == items[i].prefix && items[j].field == items[i].field {
			j++
		}
		if j-i > 1 {
			slices.SortFunc(out[i:j], func(a, b termPid) int {
				return strings.Compare(a.term, b.term)
			})
		}
		i = j
	}
	s.items, s.tmp, s.out, s.block = items, tmp, out, block
	return out
}

// compareFieldTerms orders terms by field, then term.
func compareFieldTerms(a, b termPid) int {
	if a.field != b.field {
		return int(a.field) - int(b.field)
	}
	return compareTermPids(a, b)
}

// reset lets go of the terms sorted.
func (s *termSorter) reset() {
	clear(s.out)
	s.out = s.out[:0]
}
