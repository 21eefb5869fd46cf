package ingest

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// wordPieces are what the word cache's tests build text of: words the
// cache keeps (Vietnamese syllables, capitals, acronyms, digits), the
// joiners that may continue a word ("/", "-", "–", "." and "," after a
// digit), combining marks, runes at and above U+2000 that are letters or
// marks, punctuation, and the pieces of invalid UTF-8 of utf8Pieces.
var wordPieces = append([]string{"Bộ", "Chính", "trị", "UBND", "ủy", "Tỉnh", "viên", "la", "là", "2020", "05", "CT", "TW", "Covid",
	"/", "-", "–", ".", ",", " ", " ", " ", "\u0303", "\u0300", "ⁱ", "\u20d0", "℃", "Ⅻ", "\u00ab", "°", "\u00a0", "(", ":", "“", "”",
	"aaaaaaaaaaaaaaaaaaaa", "Nguyễnnnnnnnnnnn", "đđđđđđđ"}, utf8Pieces...)

// TestWordCacheAgrees holds the tokenizer with the word cache to the
// tokenizer without it: every token of random text of wordPieces, read
// with one cache throughout (so that words are found in it, and evict
// each other), and of every field of the dev corpus, is the same.
func TestWordCacheAgrees(t *testing.T) {
	Extract(Article{Title: "x", Body: "y"}) // the vocabulary and its table
	withCache := &scratch{words: new(wordCache)}
	check := func(s string) {
		t.Helper()
		want := slices.Clone(tokenize(s))
		got := slices.Clone(tokenizeInto(withCache, s))
		for i := range got {
			// The facts: those of the tables, for every token.
			tk := &got[i]
			if f, sr := factsReference(tk); tk.facts != f || tk.surname != sr {
				t.Fatalf("%q: token %q has facts %08b, surname %d; the tables say %08b, %d", s, tk.text, tk.facts, tk.surname, f, sr)
			}
			tk.facts, tk.surname = 0, 0
			// The spelling's number, when known: its place among its
			// word's spellings.
			if tk.spell != 0 {
				var list []string
				if int(tk.id) < len(spellsOf) {
					list = spellsOf[tk.id]
				}
				sp := spelling(tk.text)
				if tk.spell == 0xFF && slices.Contains(list, sp) || tk.spell != 0xFF && (int(tk.spell) > len(list) || list[tk.spell-1] != sp) {
					t.Fatalf("%q: token %q has spelling number %d of %q", s, tk.text, tk.spell, list)
				}
			}
			tk.spell = 0
		}
		if !slices.Equal(got, want) {
			for i := range min(len(got), len(want)) {
				if got[i] != want[i] {
					t.Fatalf("%q: token %d is %+v with the cache, %+v without", s, i, got[i], want[i])
				}
			}
			t.Fatalf("%q: %d tokens with the cache, %d without", s, len(got), len(want))
		}
	}
	rng := rand.New(rand.NewPCG(21, 22))
	for n := 0; n < 300000; n++ {
		var b strings.Builder
		for k := rng.IntN(12); k >= 0; k-- {
			b.WriteString(wordPieces[rng.IntN(len(wordPieces))])
		}
		check(b.String())
		if n%20000 == 0 {
			// Compacted at other times than when full: the keys of the
			// words the cache holds move.
			withCache.words.compact()
		}
	}
	arts := corpusArticles(t)
	for _, a := range arts {
		for _, s := range append([]string{a.Title, a.Lead, a.Body, a.Attribution}, a.Captions...) {
			check(s)
		}
	}
	if len(arts) == 0 {
		t.Fatal("no article read")
	}
}

// TestScanWordAgrees: where scanWord says it knows where the word at a
// byte ends, word, called there, ends it there; at every byte of random
// text of wordPieces where a word rune starts.
func TestScanWordAgrees(t *testing.T) {
	Extract(Article{Title: "x", Body: "y"})
	rng := rand.New(rand.NewPCG(23, 24))
	known := 0
	for n := 0; n < 300000; n++ {
		var b strings.Builder
		for k := rng.IntN(12); k >= 0; k-- {
			b.WriteString(wordPieces[rng.IntN(len(wordPieces))])
		}
		s := b.String()
		for i := 0; i < len(s); i++ {
			r, _ := utf8.DecodeRuneInString(s[i:])
			if !isWordRune(r) {
				continue
			}
			end, ok := scanWord(s, i)
			if !ok {
				continue
			}
			known++
			z := tokenizer{s: s, bi: i}
			z.word(r)
			if z.bi != end || len(z.toks) != 1 {
				t.Fatalf("%q: scanWord ends the word at byte %d at byte %d, word at %d", s, i, end, z.bi)
			}
		}
	}
	if known == 0 {
		t.Fatal("scanWord never knew")
	}
}

// factsReference is token.facts and token.surname from the tables, one
// by one, for any token.
func factsReference(t *token) (uint8, uint8) {
	f := uint8(fKnown)
	if isSyllable(t.key) {
		f |= fSyllable
	}
	if _, ok := private[t.key]; ok {
		f |= fPrivate
	}
	if listWords[t.key] {
		f |= fListWord
	}
	if t.key == "la" {
		f |= fLa
	}
	if t.key == "gom" {
		f |= fGom
	}
	if t.text == ":" {
		f |= fColon
	}
	if glueSplit(t) < 0 {
		f |= fNoGlue
	}
	return f, uint8(surnameRankOf(t) + 1)
}
