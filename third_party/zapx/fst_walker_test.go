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
	"fmt"
	"math/rand"
	"slices"
	"testing"

	"github.com/blevesearch/vellum"
)

type fstTestKV struct {
	key []byte
	val uint64
}

// fstTestSets returns key sets, each sorted and without duplicates, with
// their values: the edge cases and random sets of several shapes.
func fstTestSets() [][]fstTestKV {
	kv := func(pairs ...any) []fstTestKV {
		var rv []fstTestKV
		for i := 0; i < len(pairs); i += 2 {
			rv = append(rv, fstTestKV{[]byte(pairs[i].(string)), pairs[i+1].(uint64)})
		}
		return rv
	}
	sets := [][]fstTestKV{
		nil,
		kv("a", uint64(0)),
		kv("a", uint64(1)),
		kv("", uint64(0)),
		kv("", uint64(7)),
		kv("", uint64(5), "a", uint64(3), "ab", uint64(9)),
		kv("abc", uint64(1<<63)),
		kv("abc", uint64(1), "abd", uint64(1), "abe", uint64(1)),
		kv("a", uint64(10), "ab", uint64(5), "abc", uint64(20), "abcd", uint64(1), "b", uint64(0)),
		kv("x", uint64(1<<40), "xy", uint64(1<<20), "xyz", uint64(1<<62|3), "z", uint64(^uint64(0))),
		kv("\x00", uint64(1), "\x00\x00", uint64(2), "\xff", uint64(3), "\xff\xff\xff", uint64(4)),
	}
	// a state of 256 transitions, and one of 64 (past the header's count)
	for _, n := range []int{256, 64, 63} {
		var s []fstTestKV
		for b := 0; b < n; b++ {
			s = append(s, fstTestKV{[]byte{byte(b), 'q'}, uint64(b * 1000)})
		}
		sets = append(sets, s)
	}
	r := rand.New(rand.NewSource(1))
	for i := 0; i < 300; i++ {
		n := 1 + r.Intn(2000)
		alpha := 2 + r.Intn(254)
		maxLen := 1 + r.Intn(20)
		m := map[string]uint64{}
		for j := 0; j < n; j++ {
			l := r.Intn(maxLen + 1)
			k := make([]byte, l)
			for q := range k {
				k[q] = byte(int('a') + r.Intn(alpha) - alpha/4)
			}
			var v uint64
			switch r.Intn(4) {
			case 0:
				v = uint64(r.Intn(256))
			case 1:
				v = uint64(r.Int63n(1 << 32))
			case 2:
				v = r.Uint64()
			default:
				v = uint64(j + 1)
			}
			m[string(k)] = v
		}
		var s []fstTestKV
		for k, v := range m {
			s = append(s, fstTestKV{[]byte(k), v})
		}
		slices.SortFunc(s, func(a, b fstTestKV) int { return bytes.Compare(a.key, b.key) })
		sets = append(sets, s)
	}
	return sets
}

func buildVellum(t testing.TB, opts *vellum.BuilderOpts, set []fstTestKV) []byte {
	var buf bytes.Buffer
	b, err := vellum.New(&buf, opts)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range set {
		if err := b.Insert(e.key, e.val); err != nil {
			t.Fatal(err)
		}
	}
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestFSTWalkerAsVellum checks that fstWalker gives the keys and values
// vellum's FSTIterator gives, and the same Current after the end, for
// FSTs built as zap builds them (no suffix sharing) and with vellum's
// default registry (shared suffixes).
func TestFSTWalkerAsVellum(t *testing.T) {
	var w fstWalker
	for si, set := range fstTestSets() {
		for _, opts := range []*vellum.BuilderOpts{vellumBuilderOpts, nil} {
			data := buildVellum(t, opts, set)
			fst, err := vellum.Load(data)
			if err != nil {
				t.Fatal(err)
			}
			name := fmt.Sprintf("set %d (%d keys, shared %v)", si, len(set), opts == nil)
			itr, ierr := fst.Iterator(nil, nil)
			werr := w.reset(data)
			if (ierr == nil) != (werr == nil) {
				t.Fatalf("%s: start: vellum %v, walker %v", name, ierr, werr)
			}
			if ierr != nil {
				if ierr != vellum.ErrIteratorDone || werr != vellum.ErrIteratorDone {
					t.Fatalf("%s: start: vellum %v, walker %v", name, ierr, werr)
				}
				if len(set) != 0 {
					t.Fatalf("%s: no keys", name)
				}
				continue
			}
			n := 0
			for {
				vk, vv := itr.Current()
				wk, wv := w.Current()
				if !bytes.Equal(vk, wk) || (vk == nil) != (wk == nil) || vv != wv {
					t.Fatalf("%s, key %d: vellum %q (nil %v) %d, walker %q (nil %v) %d",
						name, n, vk, vk == nil, vv, wk, wk == nil, wv)
				}
				if n < len(set) && (!bytes.Equal(wk, set[n].key) || wv != set[n].val) {
					t.Fatalf("%s, key %d: walker %q %d, inserted %q %d", name, n, wk, wv, set[n].key, set[n].val)
				}
				ierr, werr = itr.Next(), w.Next()
				if ierr != werr {
					t.Fatalf("%s, after key %d: vellum %v, walker %v", name, n, ierr, werr)
				}
				if ierr != nil {
					break
				}
				n++
			}
			if n+1 != len(set) {
				t.Fatalf("%s: walked %d keys of %d", name, n+1, len(set))
			}
			vk, vv := itr.Current()
			wk, wv := w.Current()
			if !bytes.Equal(vk, wk) || (vk == nil) != (wk == nil) || vv != wv {
				t.Fatalf("%s, at the end: vellum %q (nil %v) %d, walker %q (nil %v) %d",
					name, vk, vk == nil, vv, wk, wk == nil, wv)
			}
			if w.Next() != vellum.ErrIteratorDone {
				t.Fatalf("%s: Next after the end", name)
			}
		}
	}
}
