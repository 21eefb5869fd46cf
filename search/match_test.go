package search

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"unicode/utf8"
)

// referenceTokens is tokens as it was before scanWords: the index's
// spans, each folded by quickFold or analysed.
func referenceTokens(text string, pq parsedQuery) []token {
	var out []token
	var buf []byte
	prevEnd, gap := 0, false
	folds := pq.folds()
	for _, sp := range appendSpans(nil, []byte(text)) {
		raw := text[sp.start:sp.end]
		var f *termForms
		if q, ok := quickFold(raw, buf[:0]); ok {
			buf = q
			if folds[string(q)] {
				f = forms.get([]byte(raw))
			}
		} else if f = forms.get([]byte(raw)); !folds[string(f.fold)] {
			f = nil
		}
		if f == nil || len(f.fold) == 0 {
			if !gap {
				out = append(out, token{})
				gap = true
			}
			prevEnd = sp.end
			continue
		}
		punct := prevEnd > 0 && !gap && isBreak(text[prevEnd:sp.start])
		out = append(out, token{exact: f.exact, fold: f.fold, start: sp.start, end: sp.end, punct: punct})
		prevEnd, gap = sp.end, false
	}
	return out
}

// TestTokens checks tokens against referenceTokens on the development
// corpus with the development queries.
func TestTokens(t *testing.T) {
	texts, err := corpusTexts()
	if err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(filepath.Join("..", "..", "shared", "corpus", "dev-queries.json"))
	if err != nil {
		t.Fatal(err)
	}
	var qs []struct{ Query string }
	if err := json.Unmarshal(raw, &qs); err != nil {
		t.Fatal(err)
	}
	queries := []string{"49.356 tỉnh", "Hòa bình", "ĐV UBND", "zero width", "x"}
	for i := 0; i < len(qs); i += 29 {
		queries = append(queries, qs[i].Query)
	}
	for qi, q := range queries {
		pq, _ := parseQuery(q)
		for i := qi % 7; i < len(texts); i += 7 {
			got, want := tokens(texts[i], pq), referenceTokens(texts[i], pq)
			if !slices.EqualFunc(got, want, func(a, b token) bool {
				return string(a.exact) == string(b.exact) && string(a.fold) == string(b.fold) && a.start == b.start && a.end == b.end && a.punct == b.punct
			}) {
				t.Fatalf("tokens(%q, %q):\n%v\nreference:\n%v", texts[i], q, got, want)
			}
		}
	}
}

// TestWordSpans checks that the re-rank's word splitting (wordSpans) finds
// the spans of the index's (appendSpans), on odd text and on every text
// of the development corpus.
func TestWordSpans(t *testing.T) {
	texts, err := corpusTexts()
	if err != nil {
		t.Fatal(err)
	}
	for _, text := range texts {
		want := appendSpans(nil, []byte(text))
		if got := wordSpans(nil, text); !slices.Equal(got, want) {
			t.Fatalf("wordSpans(%q) = %v, appendSpans: %v", text, got, want)
		}
	}
}

var oddTexts = []string{
	"", " ", "Nghị quyết 05-CT/TW ngày 49.356, 97,73 và 1.000.000 đồng.",
	"Ho\u0300a bi\u0300nh NFD", "zero\u200Bwidth soft\u00ADhyphen \u200B lone \uFEFF",
	"\xff\xfe invalid \xc3 utf-8 \xe1\xbb", "Ελληνικά 中文 ١٢٣ ٣.١٤ ⅷ x²", "1. 2, .3 ,4 5.a",
	"\u0301leading mark", "trailing mark\u0301", "a\u2060b", "𝒜𝒷𝒸 emoji 😀 ok", "ĐV UBND Hòa HOÀ hoà",
}

// corpusTexts returns the odd texts and the titles, leads and bodies of
// the development corpus (outside the repository): an error if it is
// missing in CI, the odd texts alone elsewhere.
func corpusTexts() ([]string, error) {
	texts := append([]string(nil), oddTexts...)
	f, err := os.Open(filepath.Join("..", "..", "shared", "corpus", "dantri-2019-2021.jsonl"))
	if err != nil {
		if os.Getenv("CI") == "true" {
			return nil, err
		}
		return texts, nil
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		var a struct{ Title, Lead, Body string }
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			return nil, err
		}
		texts = append(texts, a.Title, a.Lead, a.Body)
	}
	return texts, sc.Err()
}

// BenchmarkTokens splits the texts of the development corpus into the
// words of a query (the re-rank's cost a candidate).
func BenchmarkTokens(b *testing.B) {
	texts, err := corpusTexts()
	if err != nil {
		b.Fatal(err)
	}
	pq, _ := parseQuery("ở khác phòng trong đó")
	var n int64
	for _, t := range texts {
		n += int64(len(t))
	}
	b.SetBytes(n)
	for b.Loop() {
		for _, t := range texts {
			tokens(t, pq)
		}
	}
}

// TestNextRune: nextRune decodes as utf8.DecodeRuneInString at every
// offset of valid, invalid and truncated sequences.
func TestNextRune(t *testing.T) {
	var texts []string
	for r := rune(0x80); r < 0x11000; r += 7 {
		texts = append(texts, "a"+string(r)+"b")
	}
	for _, b := range []byte{0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1, 0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF} {
		for _, c := range []byte{0x00, 0x41, 0x7F, 0x80, 0x9F, 0xA0, 0xBF, 0xC0, 0xFF} {
			for _, d := range []byte{0x41, 0x80, 0xBF, 0xC0} {
				texts = append(texts, string([]byte{b}), string([]byte{b, c}), string([]byte{b, c, d}), string([]byte{b, c, d, 0x80}))
			}
		}
	}
	texts = append(texts, oddTexts...)
	for _, s := range texts {
		for i := 0; i < len(s); i++ {
			if s[i] < utf8.RuneSelf {
				continue
			}
			r, n := nextRune(s, i)
			wr, wn := utf8.DecodeRuneInString(s[i:])
			if r != wr || n != wn {
				t.Fatalf("nextRune(%q, %d) = %U, %d; utf8: %U, %d", s, i, r, n, wr, wn)
			}
		}
	}
}
