package search

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unsafe"
)

// TestNextWord: the analysis's word splitting (nextWord) finds the spans
// of the tokenizer's (appendSpans), on odd text and on every text of the
// development corpus.
func TestNextWord(t *testing.T) {
	texts, err := corpusTexts()
	if err != nil {
		t.Fatal(err)
	}
	texts = append(texts, "1.2.3,4 a.1 1.a 1,,2 9\u200B.5 5.\u200B6 x\u200B\u200By \u200Bz Ω\u0301 ɐ ɐb \xc9\x90 \xe1\xbb \xe1\xbb\xa0",
		"Việt\u00ADNam", "ĐẠI HỘI Đảng lần thứ XIII", "a\u0300\u0301b", "１２３ ﬁ", "\xc3\x97\xc3\xb7x")
	for _, text := range texts {
		checkNextWord(t, text)
	}
}

// wordsRef counts a set's terms the plain way: looked up by their bytes,
// in order of first appearance, each with the number it came with first.
type wordsRef struct {
	terms []string
	freqs []uint32
	ids   []uint32
	index map[string]int
}

func (r *wordsRef) count(term []byte, id uint32, freq bool) {
	k, ok := r.index[string(term)]
	if !ok {
		if r.index == nil {
			r.index = map[string]int{}
		}
		k = len(r.terms)
		r.index[string(term)] = k
		r.terms, r.freqs, r.ids = append(r.terms, string(term)), append(r.freqs, 0), append(r.ids, id)
	}
	if freq {
		r.freqs[k]++
	}
}

func (r *wordsRef) check(name string, ts *termSet) error {
	var got []string
	for k := range ts.len() {
		got = append(got, string(ts.term(k)))
	}
	ids := ts.ids
	if ids == nil {
		ids = make([]uint32, len(got))
	}
	if !slices.Equal(got, r.terms) || !slices.Equal(ts.freqs, r.freqs) || !slices.Equal(ids, r.ids) {
		return fmt.Errorf("%s: terms %q freqs %v ids %v, want %q %v %v", name, got, ts.freqs, ids, r.terms, r.freqs, r.ids)
	}
	return nil
}

// TestWordsCountedByNumber: a document's words, head words and exact
// forms, counted by their numbers (idTable) and, for words analysed once
// the forms cache was full (no numbers), by their bytes, are the terms,
// order of first appearance, frequencies and numbers of counting every
// occurrence by its bytes; a word seen in both ways is one term. The
// documents follow one another in the same tables (a slot of an earlier
// document is not this one's), and some are larger than their reserve.
func TestWordsCountedByNumber(t *testing.T) {
	texts, err := corpusTexts()
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(13, 2))
	for round := range 400 {
		// a title, a lead and a body of corpus texts, cut at random
		var d [3]string
		for j := range d {
			text := texts[rng.IntN(len(texts))]
			d[j] = text[:rng.IntN(len(text)+1)]
		}
		// unnumbered: every word's forms as the full cache gives them
		// (none, some or all of the words)
		unnumbered := [3]float64{0, 0.3, 1}[round%3]
		var tm terms
		if round%2 == 0 {
			tm.reserve(len(strings.Join(d[:], "")), len(d[0])+len(d[1]))
		} else {
			tm.reserve(len(d[0]), 0) // too small: the lists grow
		}
		var words, head, exact wordsRef
		for j, text := range d {
			for _, sp := range appendSpans(nil, unsafe.Slice(unsafe.StringData(text), len(text))) {
				raw := []byte(text[sp.start:sp.end])
				f := forms.get(raw)
				if rng.Float64() < unnumbered {
					f = analyseForms(raw, false)
				}
				if len(f.exact) == 0 {
					continue
				}
				tm.countWord(f, j < 2)
				words.count(f.fold, f.foldID, true)
				if j < 2 {
					head.count(f.fold, f.foldID, true)
				}
				if !isASCII(f.exact) {
					exact.count(f.exact, f.exactID, false)
				}
			}
		}
		for _, c := range []struct {
			name string
			ts   *termSet
			ref  *wordsRef
		}{{"words", &tm.words, &words}, {"headWords", &tm.headWords, &head}, {"exact", &tm.exact, &exact}} {
			if err := c.ref.check(c.name, c.ts); err != nil {
				t.Fatalf("round %d: %v", round, err)
			}
		}
		if n := len(words.terms); tm.nWords < n || round%3 == 0 && tm.words.slots != nil {
			t.Fatalf("round %d: %d words counted, %d distinct; table %v", round, tm.nWords, n, tm.words.slots != nil)
		}
		tm.release()
	}
}

// TestFormsTable: a snapshot of the forms cache finds each of its words,
// among them words of 16 bytes and more that share their first 16, read
// alone or in place in a text, and no other word.
func TestFormsTable(t *testing.T) {
	var fs []*termForms
	words := map[string]bool{}
	for i := range 12000 {
		w := fmt.Sprintf("từ%d", i)
		switch i % 5 {
		case 1:
			w = fmt.Sprintf("nghiêngnghiêng%d", i) // 16 bytes and more, one prefix
		case 2:
			w = strings.Repeat("a", 1+i%40)
		}
		if !words[w] {
			words[w] = true
			fs = append(fs, &termForms{raw: []byte(w)})
		}
	}
	tb := newFormsTable(fs)
	for i, f := range fs {
		text := "  " + string(f.raw) + " x"
		if got := tb.get(f.raw); got != f {
			t.Fatalf("word %d %q: got %v", i, f.raw, got)
		}
		k0, k1 := wordKeyIn(text, 2, 2+len(f.raw))
		if got := tb.find(k0, k1, f.raw); got != f {
			t.Fatalf("word %d %q in a text: got %v", i, f.raw, got)
		}
	}
	for _, w := range []string{"từ", "nghiêngnghiêng", "nghiêngnghiêng1x", "nghiêngnghiêng6", strings.Repeat("a", 41), "x"} {
		if words[w] {
			continue
		}
		if got := tb.get([]byte(w)); got != nil {
			t.Fatalf("%q not in the table: got %q", w, got.raw)
		}
	}
}

// checkNextWord fails t unless nextWord splits text into the words
// appendSpans finds, at the same bytes.
func checkNextWord(t *testing.T, text string) {
	t.Helper()
	var want, got [][2]int
	for _, sp := range appendSpans(nil, []byte(text)) {
		want = append(want, [2]int{sp.start, sp.end})
	}
	for i := 0; ; {
		start, end := nextWord(text, i)
		if start == end {
			break
		}
		got = append(got, [2]int{start, end})
		i = end
	}
	if !slices.Equal(got, want) {
		t.Fatalf("nextWord(%q) = %v, appendSpans: %v", text, got, want)
	}
}
