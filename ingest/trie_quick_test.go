package ingest

import (
	"crypto/sha256"
	"encoding/hex"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"tracuu/vntext"
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

// needsLineWork reports whether a cleaned text has a tab, a doubled space,
// a line starting or ending in a space, or a quotation mark: whether
// cleanText has work to do on its lines.
func needsLineWork(s string) bool { return needsSpaceWork(s) || hasQuote(s) }

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

// badUTF8Reference is BadUTF8 as it was: one rune at a time.
func badUTF8Reference(s string) int {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError {
			return i
		}
		i += size
	}
	return -1
}

// utf8Pieces are runes and bytes the quick decoders must take as
// utf8.DecodeRuneInString does: Vietnamese letters of two and three
// bytes, general punctuation, combining marks, controls, invisible
// characters, and truncated, overlong, surrogate and invalid sequences.
var utf8Pieces = []string{"a", "Bộ", "ủy", "Đ", "ư", "ơ", "ễ", "\u0301", "\u00a0", "\u200b", "\ufeff", "\u00ad", "“", "”", "–", "…", "×", "÷",
	"\x01", "\x7f", "\n", "\t", "\r", " ", "\xff", "\xc3", "\xe1", "\xe1\xbb", "\xed\xa0\x80", "\xe0\x80\xaf", "\xc0\xaf", "\xc1\xbf",
	"\xf0\x9f\x98\x80", "\u0800", "\u07ff", "\u1f00", "\u2028", "\u205f", "\ufffd", "\uffff", "한", "1", "."}

// TestQuickDecodersAgree holds BadUTF8 and clean, which decode the two-
// and three-byte sequences themselves, to the code they replace, and
// checks that text plain passes (read without BadUTF8 and clean) is valid
// and clean.
func TestQuickDecodersAgree(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	for n := 0; n < 200000; n++ {
		var b strings.Builder
		for k := rng.IntN(8); k >= 0; k-- {
			b.WriteString(utf8Pieces[rng.IntN(len(utf8Pieces))])
		}
		s := b.String()
		if got, want := BadUTF8(s), badUTF8Reference(s); got != want {
			t.Fatalf("BadUTF8(%q) = %d, want %d", s, got, want)
		}
		if got, want := clean(s), vntext.Clean(s); got != want {
			t.Fatalf("clean(%q) = %q, want %q", s, got, want)
		}
		if plain(s) && (BadUTF8(s) != -1 || vntext.Clean(s) != s) {
			t.Fatalf("plain(%q), but BadUTF8 = %d, vntext.Clean = %q", s, BadUTF8(s), vntext.Clean(s))
		}
	}
}

// hashArticleReference is hashArticle as it was: the text joined whole,
// then hashed.
func hashArticleReference(title, body string) string {
	buf := make([]byte, 0, len(title)+len(body)+1)
	buf = appendLines(buf, title)
	buf = append(buf, '\n')
	buf = appendLines(buf, body)
	sum := sha256.Sum256(buf)
	return "sha256:" + hex.EncodeToString(sum[:])
}

func appendLines(buf []byte, s string) []byte {
	start := len(buf)
	for s != "" {
		line := s
		if i := strings.IndexByte(s, '\n'); i >= 0 {
			line, s = s[:i], s[i+1:]
		} else {
			s = ""
		}
		if line == "" {
			continue
		}
		if len(buf) > start {
			buf = append(buf, ' ')
		}
		buf = append(buf, line...)
	}
	return buf
}

// TestHashArticleStreams holds hashArticle, which hashes line by line,
// to the text joined whole, on random texts of short
// and long lines (longer than the buffer) and runs of line breaks.
func TestHashArticleStreams(t *testing.T) {
	pieces := []string{"a", "Bộ Chính trị", " ", "\n", "\n\n", strings.Repeat("x", 1000), strings.Repeat("ủy ", 1500), strings.Repeat("y", 4095), strings.Repeat("z", 4096), strings.Repeat("w", 4097)}
	rng := rand.New(rand.NewPCG(11, 12))
	for n := 0; n < 20000; n++ {
		var b strings.Builder
		for k := rng.IntN(10); k >= 0; k-- {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		title, body := pieces[rng.IntN(len(pieces))], b.String()
		if got, want := hashArticle(title, body), hashArticleReference(title, body); got != want {
			t.Fatalf("hashArticle(%q, %q) = %s, want %s", title, body, got, want)
		}
	}
}

// TestTokenOffsetsAndKeys: the tokenizer, which decodes two- and
// three-byte sequences itself, gives every token rune offsets that agree
// with its byte offsets as the standard library counts runes (an invalid
// byte one rune), and a word the key its runes fold to, over random text
// of valid and invalid pieces.
func TestTokenOffsetsAndKeys(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	for n := 0; n < 200000; n++ {
		var b strings.Builder
		for k := rng.IntN(10); k >= 0; k-- {
			b.WriteString(utf8Pieces[rng.IntN(len(utf8Pieces))])
		}
		s := b.String()
		for _, tk := range tokenize(s) {
			if got := utf8.RuneCountInString(s[:tk.bs]); got != tk.start {
				t.Fatalf("%q: token %q starts at rune %d, byte %d is rune %d", s, tk.text, tk.start, tk.bs, got)
			}
			if got := utf8.RuneCountInString(s[tk.bs:tk.be]); got != tk.end-tk.start {
				t.Fatalf("%q: token %q is %d runes, offsets say %d", s, tk.text, got, tk.end-tk.start)
			}
			if tk.kind == tokPunct {
				continue
			}
			var want []byte
			for _, r := range strings.ReplaceAll(s[tk.bs:tk.be], "–", "-") {
				want = utf8.AppendRune(want, foldLower(r))
			}
			if tk.key != string(want) {
				t.Fatalf("%q: token %q has key %q, want %q", s, tk.text, tk.key, want)
			}
		}
	}
}

// needsLineWorkReference, hasQuoteReference and doublesAlternateReference
// are the byte loops needsLineWork, hasQuote and doublesAlternate were.
func needsLineWorkReference(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\t':
			return true
		case ' ':
			if i == 0 || i+1 == len(s) || s[i+1] == ' ' || s[i+1] == '\n' || s[i-1] == '\n' {
				return true
			}
		}
	}
	return hasQuoteReference(s)
}

func hasQuoteReference(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '"':
			return true
		case 0xE2:
			if i+2 < len(s) && s[i+1] == 0x80 && s[i+2] >= 0x98 && s[i+2] <= 0x9D {
				return true
			}
		}
	}
	return false
}

func doublesAlternateReference(s string) bool {
	want := byte(0x9C)
	straight, curly := false, false
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '"':
			straight = true
		case 0xE2:
			if i+2 < len(s) && s[i+1] == 0x80 && s[i+2] >= 0x98 && s[i+2] <= 0x9D {
				if s[i+2] != want {
					return false
				}
				curly = true
				want ^= 1
				i += 2
			}
		}
	}
	return want == 0x9C && !(straight && curly)
}

// TestLineScansAgree holds needsLineWork, hasQuote and doublesAlternate,
// which search with the standard library, to the byte loops they replace,
// over random text of quotes (whole and cut), spaces, tabs and line breaks.
func TestLineScansAgree(t *testing.T) {
	pieces := []string{"a", "ủy", " ", "  ", "\t", "\n", "\"", "“", "”", "‘", "’", "–", "…", "\xe2", "\xe2\x80", "\xe2\x80\x9c\xe2", "\x80\x9c", "Bộ", "."}
	rng := rand.New(rand.NewPCG(13, 14))
	for n := 0; n < 300000; n++ {
		var b strings.Builder
		for k := rng.IntN(9); k > 0; k-- {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		s := b.String()
		if got, want := needsLineWork(s), needsLineWorkReference(s); got != want {
			t.Fatalf("needsLineWork(%q) = %v, want %v", s, got, want)
		}
		if got, want := hasQuote(s), hasQuoteReference(s); got != want {
			t.Fatalf("hasQuote(%q) = %v, want %v", s, got, want)
		}
		if got, want := doublesAlternate(s), doublesAlternateReference(s); got != want {
			t.Fatalf("doublesAlternate(%q) = %v, want %v", s, got, want)
		}
	}
}

// TestCleanLineAgrees holds cleanLine, which returns text spaced once as
// it is (vntext.SpacedOnce), to the words of the cleaned text joined by single
// spaces, over random text of every kind of white space, letters, quotes
// and bad bytes; and a plain title costs no allocation.
func TestCleanLineAgrees(t *testing.T) {
	pieces := append([]string{" ", "  ", "\u0085", "\u1680", "\u2000", "\u200a", "\u2029", "\u202f", "\u3000", "\v", "\f", "\"", "‘", "’", "Tỉnh", "\xe2", "\xe3\x80"}, utf8Pieces...)
	rng := rand.New(rand.NewPCG(15, 16))
	for n := 0; n < 300000; n++ {
		var b strings.Builder
		for k := rng.IntN(8); k >= 0; k-- {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		s := b.String()
		if got, want := cleanLine(s), strings.Join(strings.Fields(pairQuotes(clean(s))), " "); got != want {
			t.Fatalf("cleanLine(%q) = %q, want %q", s, got, want)
		}
	}
	title := "Bí thư Tỉnh ủy Quảng Nam làm việc với Ban Thường vụ Huyện ủy"
	if allocs := testing.AllocsPerRun(100, func() { _ = cleanLine(title) }); allocs != 0 {
		t.Errorf("cleanLine of a plain title: %v allocations, want 0", allocs)
	}
}

// plainReference is plain as it was: a loop a rune, each decoded and its
// range checked.
func plainReference(s string) bool {
	for _, r := range s {
		switch {
		case r < utf8.RuneSelf:
			if r < 0x20 && r != '\n' || r == 0x7F {
				return false
			}
		case r >= 0xC0 && r < 0x300 && r != 0xD7 && r != 0xF7:
		case r >= 0x1E00 && r < 0x1F00:
		case r >= 0xA1 && r < 0xC0 && r != 0xAD:
		case r >= 0x2010 && r < 0x2028, r >= 0x2030 && r < 0x205F:
		default:
			return false // U+FFFD among them: an invalid byte decodes to it
		}
	}
	return true
}

// TestPlainAgrees holds plain's automaton to the rune loop it replaces:
// every rune below U+3000 alone and between letters, every byte, every
// pair of bytes after each lead byte, random text of utf8Pieces, and the
// dev corpus's fields.
func TestPlainAgrees(t *testing.T) {
	check := func(s string) {
		t.Helper()
		if got, want := plain(s), plainReference(s); got != want {
			t.Fatalf("plain(%q) = %v, want %v", s, got, want)
		}
	}
	for r := rune(0); r < 0x3000; r++ {
		check(string(r))
		check("a" + string(r) + "b")
		check("ệ" + string(r))
	}
	for c := 0; c < 256; c++ {
		check(string([]byte{byte(c)}))
		for d := 0; d < 256; d++ {
			check(string([]byte{byte(c), byte(d)}))
			check(string([]byte{byte(c), byte(d), 0x80}))
			check(string([]byte{byte(c), byte(d), 0xBF, 'a'}))
		}
	}
	rng := rand.New(rand.NewPCG(31, 32))
	for n := 0; n < 200000; n++ {
		var b strings.Builder
		for k := rng.IntN(8 + n%64); k >= 0; k-- { // long ones read in quarters
			b.WriteString(utf8Pieces[rng.IntN(len(utf8Pieces))])
		}
		check(b.String())
	}
	// Every byte of long plain text replaced by each kind of byte, so that
	// the quarters' edges fall on every kind of damage.
	text := []byte("Bí thư Tỉnh ủy Bến Tre – “Nguyễn Văn Hiếu” dự Hội nghị lần thứ 12…\nÔng nói: đổi mới là để phát triển.")
	for i := range text {
		for _, c := range []byte{0x80, 0x97, 0xBF, 0xC2, 0xC3, 0xCC, 0xE1, 0xE2, 0xED, 0xF0, 0x01, 0x7F, '\t', 'a'} {
			t := slices.Clone(text)
			t[i] = c
			check(string(t))
			check(string(t[:i+1]))
		}
	}
	for _, a := range corpusArticles(t) {
		for _, s := range append([]string{a.Title, a.Lead, a.Body, a.Attribution}, a.Captions...) {
			check(s)
		}
	}
}

// BenchmarkPlain measures plain over the dev corpus's bodies.
func BenchmarkPlain(b *testing.B) {
	var texts []string
	for _, a := range corpusArticles(b) {
		texts = append(texts, a.Body)
	}
	b.ResetTimer()
	for b.Loop() {
		for _, s := range texts {
			plain(s)
		}
	}
}
