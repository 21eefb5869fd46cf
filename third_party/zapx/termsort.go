//  Copyright (c) 2026 Tracuu. Licensed under the Apache License, Version 2.0.

package zap

import (
	"slices"
	"strings"
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
	for k := range keys {
		p, f := keys[k].prefix, keys[k].field
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
	// Terms of one field with one prefix: longer than 8 bytes (or padded
	// with zero bytes), ordered by their bytes.
	for i := 0; i < n; {
		j := i + 1
		for j < n && items[j].prefix == items[i].prefix && items[j].field == items[i].field {
			j++
		}
		if j-i > 1 {
			slices.SortFunc(items[i:j], func(a, b termSortItem) int {
				return strings.Compare(keys[a.idx].term, keys[b.idx].term)
			})
		}
		i = j
	}
	out := slices.Grow(s.out[:0], n)[:n]
	for k, it := range items {
		out[k] = keys[it.idx]
	}
	s.items, s.tmp, s.out = items, tmp, out
	return out
}

// compareFieldTerms orders terms by field, then term.
func compareFieldTerms(a, b termPid) int {
	if a.field != b.field {
		return int(a.field) - int(b.field)
	}
	return compareTermPids(a, b)
}

// reset lets go of the terms sorted (strings of the segment's documents).
func (s *termSorter) reset() {
	clear(s.out)
	s.out = s.out[:0]
}
