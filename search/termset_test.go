package search

import (
	"fmt"
	"testing"
)

// TestTermSetCounts: a term set past its reserve (its table, bytes and
// lists grown) still holds each term once with its count, membership-only
// terms with 0, and the document's field gives the same terms to Bleve's
// map (countedField.AnalyzedTokenFrequencies).
func TestTermSetCounts(t *testing.T) {
	var ts termSet
	ts.reserveList(4, 2)
	want := map[string]uint32{}
	for round := range 3 {
		for i := range 2000 {
			term := []byte(fmt.Sprintf("t%d-%s", i, "xyz"[:i%4]))
			freq := i%5 != 0
			added := ts.countID(term, termHash(term), 0, freq)
			if added != (round == 0) {
				t.Fatalf("%s: added %v in round %d", term, added, round)
			}
			if freq {
				want[string(term)]++
			} else {
				want[string(term)] += 0
			}
		}
	}
	if ts.len() != len(want) {
		t.Fatalf("%d terms, want %d", ts.len(), len(want))
	}
	for k := range ts.len() {
		term := string(ts.term(k))
		if f, ok := want[term]; !ok || ts.freqs[k] != f {
			t.Fatalf("%q: frequency %d, want %d (known %v)", term, ts.freqs[k], f, ok)
		}
	}
	f := &countedField{bytes: ts.bytes, ends: ts.ends, freqs: ts.freqs}
	tfs := f.AnalyzedTokenFrequencies()
	if len(tfs) != len(want) {
		t.Fatalf("map of %d terms, want %d", len(tfs), len(want))
	}
	for term, tf := range tfs {
		if uint32(tf.Frequency()) != want[term] || string(tf.Term) != term {
			t.Fatalf("%q: map frequency %d, want %d", term, tf.Frequency(), want[term])
		}
	}
	ts.release()
}
