package search

import (
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode"
	"unsafe"

	"golang.org/x/text/unicode/norm"
)

// Review rev6 of branch ana (nextWord, formsTable, idTable): the tests
// below compare the new analysis with the path it replaced, written out
// here as it was (appendSpans, forms.get, termSet.countID), on perturbed
// text.

// oddPieces are the pieces the perturbed texts are made of besides the
// corpus's words: separators and invisible characters, combining marks,
// invalid and truncated UTF-8, digits with their separators, codes, long
// words sharing their first 16 bytes, letters outside Vietnamese.
var oddPieces = []string{
	" ", "\u00a0", "\u202f", "\u3000", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad",
	"\u0300", "\u0301", "\u0323", "\u0302\u0301", "\xff", "\xc3", "\xe1\xbb", "\xed\xa0\x80", "\xf0\x9f", "\x00",
	".", ",", "-", "/", "\n", "1", "2024", "1.234,56", "05-CT/TW", "1234/QĐ-TTg", "COVID-19",
	"nghiêngnghiêngnghiêng", "nghiêngnghiêngnghiêngA", "NGHIÊNGNGHIÊNGNGHIÊNGB", "abcdefghijklmnop", "abcdefghijklmnopq",
	"abcdefghijklmno", "abcdefgh", "abcdefghi", strings.Repeat("x", 300), strings.Repeat("đ", 40),
	"ＡＢＣ１２３", "ﬁ", "Ω", "ɐ", "北京", "٣", "Ⅻ", "²", "😀", "Đ", "ĐẠI", "Việt", "HỘI", "thuỷ", "hoà", "e\u0301",
}

// perturb returns text changed at random: NFD, mixed case, pieces of
// oddPieces put in its words and between them, cut anywhere (also inside
// a rune).
func perturb(rng *rand.Rand, text string) string {
	if rng.IntN(3) == 0 {
		text = norm.NFD.String(text)
	}
	var b strings.Builder
	for _, w := range strings.SplitAfter(text, " ") {
		if rng.IntN(5) == 0 {
			w = strings.Map(func(r rune) rune {
				if rng.IntN(2) == 0 {
					return unicode.ToUpper(r)
				}
				return r
			}, w)
		}
		if rng.IntN(8) == 0 && len(w) > 1 {
			k := rng.IntN(len(w))
			w = w[:k] + oddPieces[rng.IntN(len(oddPieces))] + w[k:]
		}
		b.WriteString(w)
		if rng.IntN(10) == 0 {
			b.WriteString(oddPieces[rng.IntN(len(oddPieces))])
		}
	}
	s := b.String()
	if rng.IntN(4) == 0 {
		s = s[:rng.IntN(len(s)+1)]
	}
	return s
}

// randomText is a text of pieces only.
func randomText(rng *rand.Rand) string {
	var b strings.Builder
	for range rng.IntN(40) {
		b.WriteString(oddPieces[rng.IntN(len(oddPieces))])
	}
	return b.String()
}

// TestNextWordPerturbed: nextWord splits as appendSpans on perturbed
// corpus text and on texts of odd pieces only (TestNextWord reads the
// corpus as written).
func TestNextWordPerturbed(t *testing.T) {
	texts, err := corpusTexts()
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(6, 12))
	for round := range 200000 {
		var text string
		if round%2 == 0 {
			text = perturb(rng, texts[rng.IntN(len(texts))])
		} else {
			text = randomText(rng)
		}
		checkNextWord(t, text)
	}
}

// addBefore is terms.add as it was before branch ana (ee916aa): the
// spans of appendSpans, the words' forms by forms.get, each counted by
// its bytes (countID).
func (t *terms) addBefore(text string, head bool) {
	if text == "" {
		return
	}
	var prev *termForms
	var pair []byte
	prevEnd := 0
	for _, sp := range appendSpans(nil, []byte(text)) {
		f := forms.get([]byte(text[sp.start:sp.end]))
		if len(f.exact) == 0 {
			continue
		}
		t.words.countID(f.fold, f.foldHash, f.foldID, true)
		t.nWords++
		if head {
			t.headWords.countID(f.fold, f.foldHash, f.foldID, true)
			t.nHead++
		}
		if !isASCII(f.exact) {
			t.exact.countID(f.exact, f.exactHash, f.exactID, false)
		}
		if prev != nil && prev.common && f.common {
			brk := isBreak(text[prevEnd:sp.start])
			t.nPairs++
			if head {
				t.nHeadPairs++
			}
			vid := pairVariantID(prev, f, brk)
			e := t.seen.get(vid)
			if e.pair == 0 || head && e.head == 0 {
				pair = appendPairOf(pair[:0], prev, f, brk, vid)
				key := uint32(vid >> 16)
				if e.pair == 0 {
					e.pair = t.pairs.appendNew(pair, key)
				}
				if head && e.head == 0 {
					e.head = t.headPairs.appendNew(pair, key)
				}
			}
			t.pairs.freqs[e.pair-1]++
			if head {
				t.headPairs.freqs[e.head-1]++
			}
		}
		prev, prevEnd = f, sp.end
	}
}

// sameTerms tells how two documents' terms differ ("" if they do not):
// the sets' terms, order, frequencies and numbers (none and 0 alike: the
// segment writer reads both as no number) and the counts.
func sameTerms(a, b *terms) string {
	if a.nWords != b.nWords || a.nHead != b.nHead || a.nPairs != b.nPairs || a.nHeadPairs != b.nHeadPairs {
		return fmt.Sprintf("counts %d %d %d %d, want %d %d %d %d", a.nWords, a.nHead, a.nPairs, a.nHeadPairs, b.nWords, b.nHead, b.nPairs, b.nHeadPairs)
	}
	sets := []string{"words", "headWords", "pairs", "headPairs", "exact"}
	for i, p := range [][2]*termSet{{&a.words, &b.words}, {&a.headWords, &b.headWords}, {&a.pairs, &b.pairs}, {&a.headPairs, &b.headPairs}, {&a.exact, &b.exact}} {
		x, y := p[0], p[1]
		ids := func(ts *termSet) []uint32 {
			if ts.ids == nil {
				return make([]uint32, ts.len())
			}
			return ts.ids
		}
		if string(x.bytes) != string(y.bytes) || !slices.Equal(x.ends, y.ends) || !slices.Equal(x.freqs, y.freqs) || !slices.Equal(ids(x), ids(y)) {
			return fmt.Sprintf("%s: %q %v %v %v, want %q %v %v %v", sets[i], x.bytes, x.ends, x.freqs, ids(x), y.bytes, y.ends, y.freqs, ids(y))
		}
	}
	return ""
}

// TestTermsAddAsBefore: a document's terms by terms.add (nextWord, the
// forms table read in place, words counted by their numbers) are the
// terms of the analysis it replaced, on perturbed corpus text (NFD,
// mixed case, invisible and non-breaking characters, invalid UTF-8, long
// words sharing a prefix, codes, empty fields), documents one after
// another in pooled tables, in four goroutines at once (run with -race:
// the published forms tables and the pooled idTables are shared).
func TestTermsAddAsBefore(t *testing.T) {
	texts, err := corpusTexts()
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make([]string, 4)
	for g := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(g), 66))
			for round := range 600 {
				var doc [3]string
				for j := range doc {
					switch rng.IntN(6) {
					case 0:
						doc[j] = ""
					case 1:
						doc[j] = randomText(rng)
					default:
						doc[j] = perturb(rng, texts[rng.IntN(len(texts))])
					}
				}
				var got, want terms
				if round%2 == 0 {
					got.reserve(len(doc[0])+len(doc[1])+len(doc[2]), len(doc[0])+len(doc[1]))
					want.reserve(len(doc[0])+len(doc[1])+len(doc[2]), len(doc[0])+len(doc[1]))
				}
				for j, text := range doc {
					got.add(text, j < 2)
					want.addBefore(text, j < 2)
				}
				if d := sameTerms(&got, &want); d != "" {
					errs[g] = fmt.Sprintf("goroutine %d round %d, texts %q: %s", g, round, doc, d)
					return
				}
				got.release()
				want.release()
			}
		}()
	}
	wg.Wait()
	for _, e := range errs {
		if e != "" {
			t.Fatal(e)
		}
	}
}

// TestFormsTableInPlaceKeys: a word's key read in place (wordKeyIn, 16
// bytes from its start, masked to its length) is its key read alone
// (wordKey), at every length up to 20 and at the end of the text, where
// fewer than 16 bytes follow.
func TestFormsTableInPlaceKeys(t *testing.T) {
	text := "nghiêngnghiêngnghiêng đảng abcdefghijklmnopqrstu"
	for start := range len(text) {
		for end := start + 1; end <= len(text) && end-start <= 20; end++ {
			k0, k1 := wordKeyIn(text, start, end)
			w0, w1 := wordKey(unsafe.Slice(unsafe.StringData(text[start:]), end-start))
			if k0 != w0 || k1 != w1 {
				t.Fatalf("wordKeyIn(%q, %d, %d) = %x %x, wordKey %x %x", text, start, end, k0, k1, w0, w1)
			}
		}
	}
}

// TestTermsAddAsBeforeFullCache: TestTermsAddAsBefore's comparison once
// the process's forms cache is full (maxCachedTerms words), where the
// words not in it come without numbers and are counted by their bytes,
// the same folded or exact form often both ways in one document (Đảng
// cached, ĐẢNG not). The cache is filled in a process of its own (this
// test binary run again), so that the other tests keep an empty one.
func TestTermsAddAsBeforeFullCache(t *testing.T) {
	if os.Getenv("TRACUU_FULL_FORMS_CACHE") != "1" {
		cmd := exec.Command(os.Args[0], "-test.run=^TestTermsAddAsBeforeFullCache$", "-test.count=1")
		cmd.Env = append(os.Environ(), "TRACUU_FULL_FORMS_CACHE=1")
		out, err := cmd.CombinedOutput()
		_, line, ok := strings.Cut(string(out), "full cache compared: ")
		if err != nil || !ok {
			t.Fatalf("the test in a process of its own: %v\n%s", err, out)
		}
		line, _, _ = strings.Cut(line, "\n")
		t.Log(line)
		return
	}
	texts, err := corpusTexts()
	if err != nil {
		t.Fatal(err)
	}
	// half the corpus's words numbered first, then the cache filled
	rng := rand.New(rand.NewPCG(16, 12))
	for _, text := range texts[:len(texts)/2] {
		for i := 0; ; {
			start, end := nextWord(text, i)
			if start == end {
				break
			}
			forms.getIn(text, start, end)
			i = end
		}
	}
	for i := 0; !forms.full.Load(); i++ {
		if i > 2*maxCachedTerms {
			t.Fatalf("the cache did not fill after %d words", i)
		}
		forms.get([]byte(fmt.Sprintf("lấp%d", i)))
	}
	unnumbered := 0
	for round := range 800 {
		var doc [3]string
		for j := range doc {
			doc[j] = perturb(rng, texts[rng.IntN(len(texts))])
		}
		var got, want terms
		for j, text := range doc {
			got.add(text, j < 2)
			want.addBefore(text, j < 2)
		}
		if d := sameTerms(&got, &want); d != "" {
			t.Fatalf("round %d, texts %q: %s", round, doc, d)
		}
		for k := range got.words.len() {
			if got.words.ids == nil || got.words.ids[k] == 0 {
				unnumbered++
			}
		}
		got.release()
		want.release()
	}
	if unnumbered == 0 {
		t.Fatal("no word came without a number")
	}
	fmt.Printf("full cache compared: %d words without a number\n", unnumbered)
}

// TestFormsTableLongWordsSpread: words of more than 16 bytes that share
// their first 16 bytes and their length (long numbers, codes, words run
// together) are spread over the forms table like any others. The table
// hashed a word's first 16 bytes and length only, so they all had one
// home slot: linear probing made them one run of slots, which a look-up
// of any of them (comparing the whole words) and of every other word
// whose home fell inside walked to its end, and publishing a snapshot
// walked it for each of them: quadratic in their number, the cache's
// lock held, for the process's life.
func TestFormsTableLongWordsSpread(t *testing.T) {
	var fs []*termForms
	for i := range 4096 {
		fs = append(fs, &termForms{raw: fmt.Appendf(nil, "1.000.000.000.000.%06d", i)})
	}
	for i := range 4096 {
		fs = append(fs, &termForms{raw: fmt.Appendf(nil, "từ%d", i)})
	}
	tb := newFormsTable(fs)
	longest, run := 0, 0
	for _, s := range tb.slots {
		if s.n == 0 {
			run = 0
			continue
		}
		run++
		longest = max(longest, run)
	}
	// at a load of a half, the longest run of a good hash is a few tens
	if longest > 100 {
		t.Fatalf("the longest run of occupied slots is %d of %d words", longest, len(fs))
	}
	t.Logf("the longest run of occupied slots: %d of %d words in %d slots", longest, len(fs), len(tb.slots))
	for _, f := range fs {
		if got := tb.get(f.raw); got != f {
			t.Fatalf("%q: got %v", f.raw, got)
		}
	}
}

// BenchmarkFormsTableLongWords publishes a forms table of 20,000 words
// of 23 bytes sharing their first 16 (long numbers) and looks each up.
func BenchmarkFormsTableLongWords(b *testing.B) {
	var fs []*termForms
	for i := range 20000 {
		fs = append(fs, &termForms{raw: fmt.Appendf(nil, "1.000.000.000.000.%05d", i)})
	}
	for b.Loop() {
		tb := newFormsTable(fs)
		for _, f := range fs {
			if tb.get(f.raw) != f {
				b.Fatal("not found")
			}
		}
	}
}
