package search

import (
	"slices"
	"strings"
	"testing"
	"unsafe"
)

// pairsRef counts the pairs of texts the plain way: each occurrence's
// variant built (appendPairVariant) and looked up by its bytes, numbered
// from its bytes (the folded syllables' places, the separator byte, the
// code's presence), in order of first appearance.
type pairsRef struct {
	terms []string
	freqs []uint32
	ids   []uint32
	index map[string]int
}

func (r *pairsRef) count(pair []byte, a, b *termForms) {
	k, ok := r.index[string(pair)]
	if !ok {
		if r.index == nil {
			r.index = map[string]int{}
		}
		n := uint32(len(commonIDs))
		id := ((a.commonID-1)*n+b.commonID-1)*2 + uint32(pair[len(a.fold)+1+len(b.fold)]-pairClean) + 1
		if len(pair) == len(a.fold)+len(b.fold)+4 {
			id |= 1 << 31
		}
		k = len(r.terms)
		r.index[string(pair)] = k
		r.terms, r.freqs, r.ids = append(r.terms, string(pair)), append(r.freqs, 0), append(r.ids, id)
	}
	r.freqs[k]++
}

func refPairs(texts []string, heads int) (pairs, head pairsRef) {
	for i, text := range texts {
		var prev *termForms
		prevEnd := 0
		for _, sp := range appendSpans(nil, unsafe.Slice(unsafe.StringData(text), len(text))) {
			f := forms.get([]byte(text[sp.start:sp.end]))
			if len(f.exact) == 0 {
				continue
			}
			if prev != nil && prev.common && f.common {
				pair := appendPairVariant(nil, prev, f, isBreak(text[prevEnd:sp.start]))
				pairs.count(pair, prev, f)
				if i < heads {
					head.count(pair, prev, f)
				}
			}
			prev, prevEnd = f, sp.end
		}
	}
	return pairs, head
}

// TestPairsCountedByNumber: the pairs' sets, which find a variant seen
// before in the document by its number (pairVariantID) and build its
// bytes only when it is new, hold the same terms, in the same order, with
// the same frequencies and numbers as counting every occurrence by its
// bytes; in the head and in the whole text, with variants that differ by
// separator or written form only, repeated in the head and the body.
func TestPairsCountedByNumber(t *testing.T) {
	type doc struct {
		texts []string
		heads int // the first heads texts are head text
	}
	docs := []doc{
		{[]string{"Cho con ngày trước, cho con ngay trước", "cho con. Cho con; ngày trước ngày trước"}, 1},
		{[]string{"đó người đó, người Đó người", "ĐÓ NGƯỜI đó người, đó người", "đó người"}, 2},
		{[]string{"", "kinh tế - xã hội kinh tế-xã hội", "kinh tế xã hội, kinh tế xã hội. Kinh tế xã hội"}, 1},
	}
	arts, err := devArticles(t, 300-len(docs))
	if err != nil {
		t.Logf("development corpus missing, the crafted texts only: %v", err)
	}
	for _, a := range arts {
		docs = append(docs, doc{[]string{a.Title, a.Lead, a.Body, a.Title}, 2})
	}
	pairs := 0
	for i, d := range docs {
		var tm terms
		if i%2 == 0 {
			tm.reserve(len(strings.Join(d.texts, "")), 0)
		}
		for j, text := range d.texts {
			tm.add(text, j < d.heads)
		}
		want, wantHead := refPairs(d.texts, d.heads)
		for _, c := range []struct {
			name string
			ts   *termSet
			want pairsRef
		}{{"pairs", &tm.pairs, want}, {"headPairs", &tm.headPairs, wantHead}} {
			var got []string
			for k := range c.ts.len() {
				got = append(got, string(c.ts.term(k)))
			}
			if !slices.Equal(got, c.want.terms) {
				t.Fatalf("doc %d %s: terms %q, want %q", i, c.name, got, c.want.terms)
			}
			if !slices.Equal(c.ts.freqs, c.want.freqs) {
				t.Fatalf("doc %d %s: frequencies %v, want %v", i, c.name, c.ts.freqs, c.want.freqs)
			}
			if len(got) > 0 && !slices.Equal(c.ts.ids, c.want.ids) {
				t.Fatalf("doc %d %s: numbers %v, want %v", i, c.name, c.ts.ids, c.want.ids)
			}
			pairs += len(got)
		}
		tm.release()
	}
	if pairs < 1000 && err == nil {
		t.Fatalf("only %d distinct pairs checked", pairs)
	}
}
