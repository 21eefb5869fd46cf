//  Copyright (c) 2026 Tracuu. Licensed under the Apache License, Version 2.0.

package zap

import (
	"math/rand"
	"slices"
	"testing"
)

// TestSortTermPidsAsComparison checks the radix sort of a segment's terms
// against a comparison sort: terms sharing 8-byte prefixes, shorter than
// 8 bytes, ending in zero bytes, fields past 256, and small sets.
func TestSortTermPidsAsComparison(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	alphabet := []byte{0, 'a', 'b', ' ', 0xc3, 0xa0, 0xe1, 0xba, 0xa1}
	var s termSorter
	for _, n := range []int{0, 1, 5, radixSortMin - 1, radixSortMin, 1000, 20000} {
		for _, fields := range []int{1, 3, 300} {
			seen := map[[2]string]bool{}
			var keys []termPid
			for len(keys) < n {
				b := make([]byte, rng.Intn(14))
				for k := range b {
					b[k] = alphabet[rng.Intn(len(alphabet))]
				}
				if rng.Intn(3) == 0 && len(keys) > 0 { // share a prefix
					b = append([]byte(keys[rng.Intn(len(keys))].term[:]), b...)
				}
				f := uint16(rng.Intn(fields))
				if f > 0 && rng.Intn(2) == 0 {
					f += 256 * uint16(rng.Intn(2))
				}
				term := string(b)
				if seen[[2]string{string(rune(f)), term}] {
					continue
				}
				seen[[2]string{string(rune(f)), term}] = true
				keys = append(keys, termPid{term: term, prefix: termPrefix(term), pid: uint32(len(keys)), field: f})
			}
			orig := slices.Clone(keys)
			got := s.sortTermPids(keys)
			want := slices.Clone(keys)
			slices.SortFunc(want, compareFieldTerms)
			if !slices.Equal(keys, orig) {
				t.Fatalf("n %d fields %d: keys changed", n, fields)
			}
			if !slices.Equal(got, want) {
				t.Fatalf("n %d fields %d: order differs", n, fields)
			}
		}
	}
}
