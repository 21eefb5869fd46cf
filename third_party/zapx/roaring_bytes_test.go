//  Copyright (c) 2026 Couchbase, Inc.
//
// Licensed under the Apache License, Version 2.0 (the "License");
// you may not use this file except in compliance with the License.
// You may obtain a copy of the License at
//
// 		http://www.apache.org/licenses/LICENSE-2.0
//
// Unless required by applicable law or agreed to in writing, software
// distributed under the License is distributed on an "AS IS" BASIS,
// WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
// See the License for the specific language governing permissions and
// limitations under the License.

package zap

import (
	"bytes"
	"math/rand"
	"slices"
	"testing"

	"github.com/RoaringBitmap/roaring/v2"
)

// TestAppendRoaringAsToBytes checks that appendRoaring writes the bytes
// roaring's ToBytes writes for a bitmap made by AddMany of the same
// sorted document numbers: array containers (up to 4,096 values), bitmap
// containers (4,097 to 65,535), a full container (roaring's run container,
// through the fallback), several containers of each, appended after bytes
// already in dst.
func TestAppendRoaringAsToBytes(t *testing.T) {
	sets := roaringTestSets()
	var fallback *roaring.Bitmap
	prefix := []byte("prefix")
	for si, s := range sets {
		want, err := roaring.BitmapOf(s...).ToBytes()
		if err != nil {
			t.Fatal(err)
		}
		got, err := appendRoaring(append([]byte(nil), prefix...), s, &fallback)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got[:len(prefix)], prefix) || !bytes.Equal(got[len(prefix):], want) {
			t.Fatalf("set %d (%d values): %d bytes, roaring's %d", si, len(s), len(got)-len(prefix), len(want))
		}
	}
}

// TestRoaringSpanAsRoaring checks roaringSpan's count, first and last
// value against roaring's for the bytes roaring writes without run
// containers (a full container is one: ok false), and appendRoaringDocs'
// values plus a base (a merge's lazy list: the segment's new numbers).
func TestRoaringSpanAsRoaring(t *testing.T) {
	for si, s := range roaringTestSets() {
		bm := roaring.BitmapOf(s...)
		b, err := bm.ToBytes()
		if err != nil {
			t.Fatal(err)
		}
		card, first, last, ok := roaringSpan(b)
		_, decodable := appendRoaringDocs(nil, b, 0)
		if ok != decodable {
			t.Fatalf("set %d: roaringSpan ok %v, appendRoaringDocs ok %v", si, ok, decodable)
		}
		if !ok {
			continue
		}
		if card != bm.GetCardinality() || first != bm.Minimum() || last != bm.Maximum() {
			t.Fatalf("set %d: %d values from %d to %d, roaring's %d from %d to %d",
				si, card, first, last, bm.GetCardinality(), bm.Minimum(), bm.Maximum())
		}
		const base = 70000
		if s[len(s)-1] > 1<<32-1-base {
			continue
		}
		got, _ := appendRoaringDocs([]uint32{7}, b, base)
		want := []uint32{7}
		for _, v := range s {
			want = append(want, v+base)
		}
		if !slices.Equal(got, want) {
			t.Fatalf("set %d: appendRoaringDocs with a base gave %d values, want %d", si, len(got), len(want))
		}
	}
	for _, b := range [][]byte{nil, {0x3a, 0x30, 0, 0, 0, 0, 0, 0}, {0x3a, 0x30, 0, 0, 1, 0, 0, 0}} {
		if _, _, _, ok := roaringSpan(b); ok {
			t.Errorf("roaringSpan(%x): ok, want not", b)
		}
	}
}

// roaringTestSets are sorted sets of document numbers: array containers
// (up to 4,096 values), bitmap containers (4,097 to 65,535), a full
// container (roaring's run container), several containers of each.
func roaringTestSets() [][]uint32 {
	r := rand.New(rand.NewSource(2))
	var sets [][]uint32
	rangeOf := func(key, from, n uint32) []uint32 {
		var rv []uint32
		for v := from; v < from+n; v++ {
			rv = append(rv, key<<16|v)
		}
		return rv
	}
	sets = append(sets,
		[]uint32{0}, []uint32{65535}, []uint32{65536}, []uint32{1<<32 - 1},
		rangeOf(0, 0, 4096), rangeOf(0, 0, 4097), rangeOf(3, 100, 4097),
		rangeOf(0, 0, 65535), rangeOf(0, 1, 65535), rangeOf(0, 0, 65536),
		append(rangeOf(0, 0, 5000), rangeOf(1, 0, 10)...),
		append(append(rangeOf(0, 7, 3), rangeOf(1, 0, 65536)...), rangeOf(2, 9, 4100)...),
	)
	for i := 0; i < 400; i++ {
		m := map[uint32]bool{}
		keys := 1 + r.Intn(5)
		for k := 0; k < keys; k++ {
			key := uint32(r.Intn(8))
			var n int
			switch r.Intn(4) {
			case 0:
				n = 1 + r.Intn(10)
			case 1:
				n = 1 + r.Intn(4096)
			case 2:
				n = 4000 + r.Intn(200)
			default:
				n = 4097 + r.Intn(60000)
			}
			for j := 0; j < n; j++ {
				m[key<<16|uint32(r.Intn(1<<16))] = true
			}
		}
		var s []uint32
		for v := range m {
			s = append(s, v)
		}
		slices.Sort(s)
		sets = append(sets, s)
	}
	return sets
}
