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
	"testing"

	"github.com/blevesearch/vellum"
)

// TestFSTBuilderAsVellum checks that fstBuilder writes the bytes vellum's
// Builder writes with vellumBuilderOpts, for the edge cases (no key, the
// empty key, one key, shared prefixes, large values, a state of 256
// transitions) and random sorted key sets, one builder reused for all,
// and that vellum reads its keys back.
func TestFSTBuilderAsVellum(t *testing.T) {
	var b fstBuilder
	for si, set := range fstTestSets() {
		want := buildVellum(t, vellumBuilderOpts, set)
		b.reset()
		for _, e := range set {
			if err := b.insert(e.key, e.val); err != nil {
				t.Fatal(err)
			}
		}
		got := b.close()
		name := fmt.Sprintf("set %d (%d keys)", si, len(set))
		if !bytes.Equal(got, want) {
			i := 0
			for i < len(got) && i < len(want) && got[i] == want[i] {
				i++
			}
			t.Fatalf("%s: %d bytes, vellum's %d, first difference at %d", name, len(got), len(want), i)
		}
		fst, err := vellum.Load(got)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range set {
			v, ok, err := fst.Get(e.key)
			if err != nil || !ok || v != e.val {
				t.Fatalf("%s: %q: %d %v %v, inserted %d", name, e.key, v, ok, err, e.val)
			}
		}
	}
	b.reset()
	if err := b.insert([]byte("b"), 1); err != nil {
		t.Fatal(err)
	}
	if err := b.insert([]byte("a"), 1); err != vellum.ErrOutOfOrder {
		t.Fatalf("a key out of order: %v", err)
	}
}
