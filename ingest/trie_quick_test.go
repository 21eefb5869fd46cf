package ingest

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestLowerVN holds lowerVN to strings.ToLower, and oldTones to its rule
// spelt with strings.ContainsRune, on every rune below 0x2000 alone and on
// random words of Vietnamese letters, capitals, toned glides, runes above
// the table and invalid bytes.
func TestLowerVN(t *testing.T) {
	for r := range rune(0x2000) {
		s := "x" + string(r) + "Y"
		if got, want := lowerVN(s), strings.ToLower(s); got != want {
			t.Fatalf("lowerVN(%q) = %q, want %q", s, got, want)
		}
	}
	pieces := []string{"a", "A", "e", "Y", "y", "o", "U", "ò", "Ó", "ỏ", "õ", "ọ", "ù", "Ú", "ủ", "Ũ", "ụ", "Đ", "đ", "Ư", "ơ", "Ỷ", "İ", "ẞ", "Ω", "\u2126", "\u212a", "\xff", "\ufffd", "Ա", "-", " "}
	rng := rand.New(rand.NewPCG(3, 4))
	for n := 0; n < 100000; n++ {
		var b strings.Builder
		for k := rng.IntN(6); k >= 0; k-- {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		s := b.String()
		if got, want := lowerVN(s), strings.ToLower(s); got != want {
			t.Fatalf("lowerVN(%q) = %q, want %q", s, got, want)
		}
		if got, want := oldTones(s), oldTonesReference(s); got != want {
			t.Fatalf("oldTones(%q) = %v, want %v", s, got, want)
		}
	}
	if s := "thuỷ"; !utf8.ValidString(lowerVN(s)) || lowerVN(s) != s {
		t.Errorf("lowerVN(%q) = %q", s, lowerVN(s))
	}
}

func oldTonesReference(s string) bool {
	prev := false
	for _, r := range s {
		switch r {
		case 'a', 'e', 'y', 'A', 'E', 'Y':
			if prev {
				return true
			}
		}
		prev = strings.ContainsRune("òóỏõọùúủũụÒÓỎÕỌÙÚỦŨỤ", r)
	}
	return false
}

// TestListWords: isListWord is listWords.
func TestListWords(t *testing.T) {
	for k := range listWords {
		if !isListWord(k) {
			t.Errorf("isListWord(%q) = false", k)
		}
	}
	for _, k := range []string{"", "ca", "cacc", "bay", "nhu", "Cac", "hai "} {
		if isListWord(k) != listWords[k] {
			t.Errorf("isListWord(%q) = %v", k, isListWord(k))
		}
	}
}

// cleanTextReference is cleanText as it was, every line split and joined.
func cleanTextReference(s string) string {
	s = clean(s)
	if !needsLineWork(s) {
		return strings.TrimSpace(s)
	}
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = pairQuotes(collapseSpaces(l))
	}
	return strings.TrimSpace(strings.Join(lines, "\n"))
}

// TestCleanTextLines holds cleanText, which copies the text only from
// the first line that changes, to the split-and-join it replaced, on
// random lines of words, quotes of every kind, spaces, tabs and breaks.
func TestCleanTextLines(t *testing.T) {
	pieces := []string{"a", "Bộ", " ", "  ", "\t", "\n", "\n\n", "“", "”", "‘", "’", "\"", "(", ".", "x’s", "\r\n", "\u00a0", "\u200b"}
	rng := rand.New(rand.NewPCG(5, 6))
	for n := 0; n < 100000; n++ {
		var b strings.Builder
		for k := rng.IntN(12); k >= 0; k-- {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		s := b.String()
		if got, want := cleanText(s), cleanTextReference(s); got != want {
			t.Fatalf("cleanText(%q) = %q, want %q", s, got, want)
		}
	}
}

// TestSpellingIs holds spellingIs(s, w) to spelling(s) == w, on random
// words against their own spelling, its prefixes, and other words.
func TestSpellingIs(t *testing.T) {
	pieces := []string{"a", "A", "e", "Y", "y", "o", "U", "ò", "Ó", "ỏ", "õ", "ọ", "ù", "Ú", "ủ", "Ũ", "ụ", "Đ", "đ", "Ư", "ơ", "Ỷ", "İ", "ẞ", "Ω", "\u2126", "\xff", "\ufffd", "e\u0301", "o\u0300a", "h", "T", "ưở", "ng"}
	rng := rand.New(rand.NewPCG(7, 8))
	for n := 0; n < 200000; n++ {
		var b strings.Builder
		for k := rng.IntN(6); k >= 0; k-- {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		s := b.String()
		sp := spelling(s)
		others := []string{sp, "", sp + "a", strings.ToUpper(sp), spelling(pieces[rng.IntN(len(pieces))])}
		if len(sp) > 1 {
			others = append(others, sp[:len(sp)-1])
		}
		for _, w := range others {
			if got, want := spellingIs(s, w), spelling(s) == w; got != want {
				t.Fatalf("spellingIs(%q, %q) = %v, want %v", s, w, got, want)
			}
		}
	}
}
