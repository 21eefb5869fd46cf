// Package vntext normalises Vietnamese text: Unicode composition, tone-mark
// placement, white space and quotes, and the diacritic-free key used to match
// names across every way a keyboard or a PDF writes them.
package vntext

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Tone marks as combining characters (NFD).
const (
	toneGrave = '\u0300' // huyền
	toneAcute = '\u0301' // sắc
	toneTilde = '\u0303' // ngã
	toneHook  = '\u0309' // hỏi
	toneDot   = '\u0323' // nặng
)

func isTone(r rune) bool {
	switch r {
	case toneGrave, toneAcute, toneTilde, toneHook, toneDot:
		return true
	}
	return false
}

// Clean returns s in NFC with white space tidied for storage: CRLF and CR
// become LF, the byte-order mark and zero-width characters are dropped,
// non-breaking and other Unicode spaces become plain spaces. Tone marks stay
// where the writer put them (text is stored as written); use PlaceTones or
// Key to compare. Line breaks are kept.
func Clean(s string) string {
	if strings.IndexByte(s, '\r') >= 0 {
		s = strings.ReplaceAll(s, "\r\n", "\n")
		s = strings.ReplaceAll(s, "\r", "\n")
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == '\uFEFF' || r == '\u200B' || r == '\u200C' || r == '\u200D' || r == '\u2060' || r == '\u00AD':
			continue
		case r == '\n' || r == '\t':
			b.WriteRune(r)
		case unicode.IsSpace(r):
			b.WriteByte(' ')
		case r == utf8.RuneError || (unicode.IsControl(r)):
			continue
		default:
			b.WriteRune(r)
		}
	}
	return norm.NFC.String(b.String())
}

// NFC returns s composed (NFC) with its tone marks placed the modern way,
// the form in which two spellings of one word compare equal.
func NFC(s string) string { return PlaceTones(s) }

// PlaceTones returns s in NFC with the tone mark of every syllable on the
// vowel that the modern (new-style) rule picks: "hòa" becomes "hoà",
// "thủy" becomes "thuỷ", "khỏe" becomes "khoẻ". Text that is not Vietnamese
// is returned composed and otherwise unchanged.
func PlaceTones(s string) string {
	d := norm.NFD.String(s)
	if !strings.ContainsFunc(d, isTone) {
		return norm.NFC.String(s)
	}
	var out strings.Builder
	out.Grow(len(d))
	word := make([]rune, 0, 16)
	flush := func() {
		if len(word) > 0 {
			out.WriteString(placeWord(word))
			word = word[:0]
		}
	}
	for _, r := range d {
		if unicode.IsLetter(r) || unicode.Is(unicode.Mn, r) {
			word = append(word, r)
			continue
		}
		flush()
		out.WriteRune(r)
	}
	flush()
	return norm.NFC.String(out.String())
}

// letter is one base letter with its quality marks (breve, circumflex, horn)
// and, maybe, a tone.
type letter struct {
	base  rune
	marks []rune
}

func isVowel(r rune) bool {
	switch unicode.ToLower(r) {
	case 'a', 'e', 'i', 'o', 'u', 'y':
		return true
	}
	return false
}

// placeWord moves the single tone mark of a decomposed syllable to its
// canonical vowel. Words with no tone, or with more than one, are left alone.
func placeWord(w []rune) string {
	var letters []letter
	tone := rune(0)
	tones := 0
	for _, r := range w {
		if isTone(r) {
			tone = r
			tones++
			continue
		}
		if unicode.Is(unicode.Mn, r) && len(letters) > 0 {
			letters[len(letters)-1].marks = append(letters[len(letters)-1].marks, r)
			continue
		}
		letters = append(letters, letter{base: r})
	}
	if tones != 1 {
		return string(w)
	}
	// Vowel cluster: the first run of vowels, skipping the u of "qu" and
	// the i of "gi" when another vowel follows.
	start := -1
	for i, l := range letters {
		if isVowel(l.base) {
			start = i
			break
		}
	}
	if start < 0 {
		return string(w)
	}
	end := start
	for end < len(letters) && isVowel(letters[end].base) {
		end++
	}
	if start > 0 && end-start > 1 {
		prev := unicode.ToLower(letters[start-1].base)
		cur := unicode.ToLower(letters[start].base)
		if (prev == 'q' && cur == 'u') || (prev == 'g' && cur == 'i') {
			start++
		}
	}
	target := start
	n := end - start
	hasFinal := end < len(letters)
	modified := -1
	for i := start; i < end; i++ {
		if len(letters[i].marks) > 0 {
			modified = i // the last one wins: ươ takes the tone on ơ
		}
	}
	switch {
	case modified >= 0:
		target = modified
	case n == 1:
		target = start
	case hasFinal:
		target = end - 1
	case n >= 3:
		target = start + 1
	default:
		pair := string(unicode.ToLower(letters[start].base)) + string(unicode.ToLower(letters[start+1].base))
		if pair == "oa" || pair == "oe" || pair == "uy" {
			target = start + 1
		}
	}
	var b strings.Builder
	for i, l := range letters {
		b.WriteRune(l.base)
		for _, m := range l.marks {
			b.WriteRune(m)
		}
		if i == target {
			b.WriteRune(tone)
		}
	}
	return b.String()
}

// Fold removes every diacritic from s and turns đ into d: "Đảng ủy" becomes
// "Dang uy". Case is kept. The result has the same number of runes as the
// NFC form of s, so offsets in one are offsets in the other.
func Fold(s string) string {
	s = norm.NFC.String(s)
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		b.WriteRune(FoldRune(r))
	}
	return b.String()
}

// FoldRune returns r without its diacritics (đ→d, Đ→D, ố→o).
func FoldRune(r rune) rune {
	if r < 0x80 {
		return r
	}
	switch r {
	case 'đ':
		return 'd'
	case 'Đ':
		return 'D'
	}
	d := norm.NFD.String(string(r))
	base, _ := utf8.DecodeRuneInString(d)
	if base == utf8.RuneError {
		return r
	}
	return base
}

// Key is the matching key of a name: NFC, lower case, without diacritics,
// with every run of punctuation and white space collapsed to one space.
// "Tỉnh ủy  Bến Tre", "TỈNH UỶ BẾN TRE" and "tinh uy ben tre" share one key.
// Letters, digits and the code punctuation "/" and "-" inside a word are kept.
func Key(s string) string {
	s = Fold(s)
	var b strings.Builder
	b.Grow(len(s))
	space := false
	rs := []rune(s)
	for i, r := range rs {
		keep := unicode.IsLetter(r) || unicode.IsDigit(r)
		if !keep && (r == '/' || r == '-' || r == '.' || r == ',') && i > 0 && i+1 < len(rs) &&
			(unicode.IsLetter(rs[i-1]) || unicode.IsDigit(rs[i-1])) && (unicode.IsLetter(rs[i+1]) || unicode.IsDigit(rs[i+1])) {
			keep = r == '/' || r == '-' || unicode.IsDigit(rs[i-1]) && unicode.IsDigit(rs[i+1])
		}
		if !keep {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}
