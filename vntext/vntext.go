// Package vntext normalises Vietnamese text: Unicode composition, tone-mark
// placement, white space and quotes, and the diacritic-free key used to match
// names across every way a keyboard or a PDF writes them.
package vntext

import (
	"strings"
	"unicode"
	"unicode/utf8"
	"unsafe"

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

// Clean returns s in NFC with white space tidied for storage: CRLF and CR
// become LF, the byte-order mark and zero-width characters are dropped,
// non-breaking and other Unicode spaces become plain spaces. Tone marks stay
// where the writer put them (text is stored as written); use PlaceTones or
// Key to compare. Line breaks are kept.
func Clean(s string) string {
	if isClean(s) {
		return s
	}
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

// isClean reports whether Clean would return s unchanged, without
// allocating: the common case of text that was cleaned before. Text of
// runes the quick table passes (quickClean: ASCII, Latin and Vietnamese
// letters, general punctuation) is clean without the NFC check: no rune
// of it composes with another.
func isClean(s string) bool {
	if quickRuns(s, quickClean) {
		return true
	}
	for _, r := range s {
		if !cleanRune(r) {
			return false
		}
	}
	return norm.NFC.IsNormalString(s)
}

// cleanRune reports whether Clean keeps r as it is, composition aside.
func cleanRune(r rune) bool {
	switch {
	case r < 0x80:
		return !(r < 0x20 && r != '\n' && r != '\t' || r == 0x7f)
	case r >= 0xC0 && r < 0x1680, r >= 0x1E00 && r < 0x2000:
		// Letters, Vietnamese's among them: no space, control or
		// invisible character lies here (a quick path for the text
		// of every article).
		return true
	case r == utf8.RuneError, r == '\uFEFF', r == '\u200B', r == '\u200C', r == '\u200D', r == '\u2060', r == '\u00AD',
		unicode.IsSpace(r), unicode.IsControl(r):
		return false
	}
	return true
}

// Bits of quick, per rune below quickSize.
const (
	// quickNFC: the rune's NFC quick check is Yes and its combining class
	// 0, so a string of such runes is in NFC (UAX #15, "Detecting
	// Normalization Forms": a Yes for every rune is final).
	quickNFC = 1 << iota
	// quickClean: quickNFC, and cleanRune.
	quickClean
	// quickGlide: a toned o or u, a key of tonedGlides.
	quickGlide
	// quickSpace: unicode.IsSpace, where strings.Fields splits.
	quickSpace
)

// quickSize bounds the runes quick covers: those of keyTable, the
// general punctuation (dashes, curly quotes, the ellipsis) Vietnamese
// text is written with, and the blocks after it that news text uses in
// figures and names (superscripts and subscripts: "m²", "CO₂"; letterlike
// symbols: "™", "℃"; arrows; mathematical operators: "≤", "≥"), whose
// runes the table marks by the same rules (the singletons NFC replaces,
// "Ω" U+2126, "K" U+212A, are not NFC-inert). Text with a rune past it
// takes the long way (norm's tables) in Clean, PlaceTones and AppendWords.
const quickSize = 0x2300

// quick tells per rune what isClean and PlaceTones may pass without the
// normalisation tables: one array index a rune of Vietnamese text.
var quick = func() (t [quickSize]uint8) {
	for r := range rune(quickSize) {
		s := string(r)
		if p := norm.NFC.PropertiesString(s); p.CCC() == 0 && p.BoundaryBefore() && norm.NFC.IsNormalString(s) && utf8.ValidRune(r) {
			t[r] |= quickNFC
			if cleanRune(r) {
				t[r] |= quickClean
			}
		}
		if _, ok := tonedGlides[r]; ok {
			t[r] |= quickGlide
		}
		if unicode.IsSpace(r) {
			t[r] |= quickSpace
		}
	}
	return t
}()

// quickRuns reports whether every rune of s has the bit want in quick.
// The two- and three-byte sequences of Vietnamese text are decoded in the
// loop (utf8.DecodeRuneInString is not inlined for them); anything else,
// invalid bytes among it, goes to utf8.DecodeRuneInString.
func quickRuns(s string, want uint8) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if quick[c]&want == 0 {
				return false
			}
			i++
			continue
		}
		var r rune
		var n int
		if c-0xC2 < 0x1E && i+1 < len(s) && s[i+1]&0xC0 == 0x80 {
			r, n = rune(c&0x1F)<<6|rune(s[i+1]&0x3F), 2
		} else if c-0xE1 < 0x0C && i+2 < len(s) && s[i+1]&0xC0 == 0x80 && s[i+2]&0xC0 == 0x80 {
			r, n = rune(c&0x0F)<<12|rune(s[i+1]&0x3F)<<6|rune(s[i+2]&0x3F), 3
		} else {
			r, n = utf8.DecodeRuneInString(s[i:])
		}
		if r >= quickSize || quick[r]&want == 0 {
			return false
		}
		i += n
	}
	return true
}

// NFC returns s composed (NFC) with its tone marks placed the modern way,
// the form in which two spellings of one word compare equal.
func NFC(s string) string { return PlaceTones(s) }

// PlaceTones returns s in NFC with the tone mark of every syllable on the
// vowel that the modern (new-style) rule picks: "hòa" becomes "hoà",
// "thủy" becomes "thuỷ", "khỏe" becomes "khoẻ". Old and new style differ
// only in the clusters oa, oe and uy, where the new style always marks the
// second vowel; so after composing, one pass moves a tone from o or u to
// the plain vowel after it. Other text is returned composed and unchanged.
func PlaceTones(s string) string {
	if out, ok := placeTonesQuick(s); ok {
		return out
	}
	if !norm.NFC.IsNormalString(s) {
		s = norm.NFC.String(s)
	}
	return moveTones(s)
}

// placeTonesQuick is PlaceTones in one pass for text of runes quick
// passes as NFC (every article): it checks each rune and moves the tones
// as it goes; ok is false, and the work is thrown away, at the first rune
// it cannot pass, for PlaceTones to compose the text first.
func placeTonesQuick(s string) (out string, ok bool) {
	var b []byte
	copied := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if quick[c]&quickNFC == 0 {
				return "", false
			}
			i++ // no toned o or u is ASCII
			continue
		}
		var r rune
		var n int
		if c-0xC2 < 0x1E && i+1 < len(s) && s[i+1]&0xC0 == 0x80 {
			r, n = rune(c&0x1F)<<6|rune(s[i+1]&0x3F), 2
		} else if c-0xE1 < 0x0C && i+2 < len(s) && s[i+1]&0xC0 == 0x80 && s[i+2]&0xC0 == 0x80 {
			r, n = rune(c&0x0F)<<12|rune(s[i+1]&0x3F)<<6|rune(s[i+2]&0x3F), 3
		} else {
			r, n = utf8.DecodeRuneInString(s[i:])
		}
		if r >= quickSize {
			return "", false
		}
		q := quick[r]
		if q&quickNFC == 0 {
			return "", false
		}
		if q&quickGlide != 0 && i+n < len(s) && s[i+n] < utf8.RuneSelf {
			// The vowels a tone moves to are ASCII: a, e, y.
			if base, moved, ok := glideMove(r, rune(s[i+n])); ok {
				if b == nil {
					b = make([]byte, 0, len(s))
				}
				b = append(b, s[copied:i]...)
				b = utf8.AppendRune(b, base)
				b = utf8.AppendRune(b, moved)
				i += n + 1
				copied = i
				continue
			}
		}
		i += n
	}
	if b == nil {
		return s, true
	}
	b = append(b, s[copied:]...)
	return unsafe.String(unsafe.SliceData(b), len(b)), true
}

// AppendWords appends to dst the words of PlaceTones(Clean(s)), as
// strings.Fields splits them, one space between, and reports true: the
// text models.ContentHash hashes, in one pass over s and without the
// intermediate strings. When s has a rune the quick table does not pass as
// clean (quickClean), it returns dst as it was and false, for the caller
// to take the long way. Runs of words one plain space apart are copied
// whole.
func AppendWords(dst []byte, s string) ([]byte, bool) {
	start := len(dst)
	words := false   // a word of s seen
	inWord := false  // s[i] is within a word
	from, to := 0, 0 // s[from:to] is still to be appended; to is the end of the last word
	for i := 0; i < len(s); {
		c := s[i]
		r, n := rune(c), 1
		if c >= utf8.RuneSelf {
			if c-0xC2 < 0x1E && i+1 < len(s) && s[i+1]&0xC0 == 0x80 {
				r, n = rune(c&0x1F)<<6|rune(s[i+1]&0x3F), 2
			} else if c-0xE1 < 0x0C && i+2 < len(s) && s[i+1]&0xC0 == 0x80 && s[i+2]&0xC0 == 0x80 {
				r, n = rune(c&0x0F)<<12|rune(s[i+1]&0x3F)<<6|rune(s[i+2]&0x3F), 3
			} else {
				r, n = utf8.DecodeRuneInString(s[i:])
			}
			if r >= quickSize {
				return dst[:start], false
			}
		}
		q := quick[r]
		if q&quickClean == 0 {
			return dst[:start], false
		}
		if q&quickSpace != 0 {
			if inWord {
				to, inWord = i, false
			}
			i += n
			continue
		}
		if !inWord {
			// A word starts at i: unless one plain space parts it from
			// the last word, what is pending is appended, and a space.
			if !words || to+1 != i || s[to] != ' ' {
				if words {
					dst = append(dst, s[from:to]...)
					dst = append(dst, ' ')
				}
				from = i
			}
			words, inWord = true, true
		}
		if q&quickGlide != 0 && i+n < len(s) && s[i+n] < utf8.RuneSelf {
			// As placeTonesQuick: the vowels a tone moves to are ASCII.
			if base, moved, ok := glideMove(r, rune(s[i+n])); ok {
				dst = append(dst, s[from:i]...)
				dst = utf8.AppendRune(dst, base)
				dst = utf8.AppendRune(dst, moved)
				i += n + 1
				from = i
				continue
			}
		}
		i += n
	}
	if inWord {
		to = len(s)
	}
	if words {
		dst = append(dst, s[from:to]...)
	}
	return dst, true
}

// WordFacts tells of s, a word of a text (a run of it without white
// space), what AppendWords would do with it: clean, that AppendWords
// takes every rune of it (the quick table's clean runes, none a space);
// glide, that it has a toned o or u, whose tone AppendWords may move. A
// caller that knows the words of a text and these facts of each can build
// AppendWords' output by copying the runs of words without a glide
// (ingest.Extraction.ContentHash).
func WordFacts(s string) (clean, glide bool) {
	for i := 0; i < len(s); {
		c := s[i]
		r, n := rune(c), 1
		if c >= utf8.RuneSelf {
			if c-0xC2 < 0x1E && i+1 < len(s) && s[i+1]&0xC0 == 0x80 {
				r, n = rune(c&0x1F)<<6|rune(s[i+1]&0x3F), 2
			} else if c-0xE1 < 0x0C && i+2 < len(s) && s[i+1]&0xC0 == 0x80 && s[i+2]&0xC0 == 0x80 {
				r, n = rune(c&0x0F)<<12|rune(s[i+1]&0x3F)<<6|rune(s[i+2]&0x3F), 3
			} else {
				r, n = utf8.DecodeRuneInString(s[i:])
			}
			if r >= quickSize {
				return false, false
			}
		}
		q := quick[r]
		if q&quickClean == 0 || q&quickSpace != 0 {
			return false, false
		}
		glide = glide || q&quickGlide != 0
		i += n
	}
	return true, glide
}

// moveTones moves the tone of every toned o or u before the vowel the
// new style marks to that vowel, in s composed (NFC).
func moveTones(s string) string {
	var b strings.Builder
	copied := 0
	for i := 0; i < len(s); {
		if s[i] < utf8.RuneSelf {
			i++ // no toned o or u is ASCII: no map look-up for most of the text
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r < quickSize && quick[r]&quickGlide == 0 {
			i += n
			continue
		}
		if g, ok := tonedGlides[r]; ok {
			next, m := utf8.DecodeRuneInString(s[i+n:])
			if moved, ok := g.moveTo[next]; ok {
				if copied == 0 {
					b.Grow(len(s))
				}
				b.WriteString(s[copied:i])
				b.WriteRune(g.base)
				b.WriteRune(moved)
				i += n + m
				copied = i
				continue
			}
		}
		i += n
	}
	if copied == 0 {
		return s
	}
	b.WriteString(s[copied:])
	return b.String()
}

// glide is a toned o or u: the letter without its tone, and the toned form
// of each vowel the tone moves to (o+a, o+e, u+y).
type glide struct {
	base   rune
	moveTo map[rune]rune
}

// glideMove is tonedGlides' answer for the toned o or u r before next:
// the vowel's base and next with the tone, ok when the tone moves there.
// It reads two arrays (glideOf, glideRows) instead of two maps: the
// hash's and PlaceTones' look-up for every toned o and u of the text
// (TestGlideTablesAgree holds the two equal).
func glideMove(r, next rune) (base, moved rune, ok bool) {
	if uint32(r) >= quickSize || uint32(next) >= utf8.RuneSelf {
		return 0, 0, false
	}
	g := glideOf[r]
	f := followerOf[next]
	if g == 0 || f == 0 {
		return 0, 0, false
	}
	row := &glideRows[g-1]
	if m := row.to[f-1]; m != 0 {
		return row.base, m, true
	}
	return 0, 0, false
}

// glideFollowers are the vowels a tone moves to (tonedGlides' moveTo
// keys), all ASCII.
const glideFollowers = "aeAEyY"

// followerOf is 1 + the index in glideFollowers of an ASCII rune, 0 for
// the others; glideOf is 1 + the row in glideRows of a toned o or u, 0
// for the other runes; a row's to[f] is its tone on follower f, 0 where
// the tone does not move.
var (
	followerOf = func() (t [utf8.RuneSelf]uint8) {
		for i, f := range glideFollowers {
			t[f] = uint8(i + 1)
		}
		return t
	}()
	glideRows []glideRow
	glideOf   = func() (t [quickSize]uint8) {
		for r := range rune(quickSize) {
			g, ok := tonedGlides[r]
			if !ok {
				continue
			}
			row := glideRow{base: g.base}
			for i, f := range glideFollowers {
				row.to[i] = g.moveTo[f]
			}
			glideRows = append(glideRows, row)
			t[r] = uint8(len(glideRows))
		}
		return t
	}()
)

// glideRow is one toned o or u of glideMove's tables.
type glideRow struct {
	base rune
	to   [len(glideFollowers)]rune
}

var tonedGlides = func() map[rune]glide {
	out := map[rune]glide{}
	followers := map[rune]string{'o': "aeAE", 'O': "aeAE", 'u': "yY", 'U': "yY"}
	for base, next := range followers {
		for _, tone := range []rune{toneGrave, toneAcute, toneTilde, toneHook, toneDot} {
			toned, _ := utf8.DecodeRuneInString(norm.NFC.String(string([]rune{base, tone})))
			g := glide{base: base, moveTo: map[rune]rune{}}
			for _, f := range next {
				g.moveTo[f], _ = utf8.DecodeRuneInString(norm.NFC.String(string([]rune{f, tone})))
			}
			out[toned] = g
		}
	}
	return out
}()

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
	if r >= 0 && r < tableSize {
		return keyTable[r].fold
	}
	return foldRune(r)
}

func foldRune(r rune) rune {
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

// tableSize bounds the runes keyTable covers: Latin, Latin Extended, the
// combining marks and Latin Extended Additional, every rune of Vietnamese.
const tableSize = 0x2000

// keyTable holds, per rune, what Fold and Key need, so that they decompose
// no rune of Vietnamese text one by one.
var keyTable = func() (t [tableSize]struct {
	fold, key rune // folded; folded and lower-cased
	word      bool // folded, a letter or a digit
}) {
	for r := range rune(tableSize) {
		f := foldRune(r)
		t[r].fold, t[r].key, t[r].word = f, unicode.ToLower(f), unicode.IsLetter(f) || unicode.IsDigit(f)
	}
	return t
}()

func keyRune(r rune) (key rune, word bool) {
	if r >= 0 && r < tableSize {
		e := &keyTable[r]
		return e.key, e.word
	}
	f := foldRune(r)
	return unicode.ToLower(f), unicode.IsLetter(f) || unicode.IsDigit(f)
}

// Key is the matching key of a name: NFC, lower case, without diacritics,
// with every run of punctuation and white space collapsed to one space.
// "Tỉnh ủy  Bến Tre", "TỈNH UỶ BẾN TRE" and "tinh uy ben tre" share one key.
// Letters, digits and the code punctuation "/" and "-" inside a word are kept,
// and "." and "," between digits.
func Key(s string) string {
	if !quickRuns(s, quickNFC) && !norm.NFC.IsNormalString(s) {
		s = norm.NFC.String(s)
	}
	// One pass over the string (no []rune of it): the rune before a
	// joiner is remembered, the one after it decoded ahead.
	var b strings.Builder
	b.Grow(len(s))
	space := false
	prev := rune(-1) // the rune before, -1 at the start
	for i := 0; i < len(s); {
		r, n := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, n = utf8.DecodeRuneInString(s[i:])
		}
		k, keep := keyRune(r)
		if !keep && (r == '/' || r == '-' || r == '.' || r == ',') && prev >= 0 && i+n < len(s) {
			next, _ := utf8.DecodeRuneInString(s[i+n:])
			_, before := keyRune(prev)
			_, after := keyRune(next)
			if before && after {
				keep = r == '/' || r == '-' || unicode.IsDigit(FoldRune(prev)) && unicode.IsDigit(FoldRune(next))
			}
		}
		prev = r
		i += n
		if !keep {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(k)
	}
	return b.String()
}

// NameKey is the matching key of a person's name: like Key (lower case,
// punctuation and white space collapsed to one space) but with diacritics
// kept, since they tell names apart ("Trần Ngọc Tam" is not "Trần Ngọc
// Tâm"). Composition and tone placement are normalised first, so NFC and
// NFD, and old and new tone placement ("Hòa", "Hoà"), share one key.
func NameKey(s string) string {
	s = PlaceTones(s)
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
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

// SpacedOnce reports whether strings.Join(strings.Fields(s), " ") is s:
// no white space but single ASCII spaces between words. A rune of two or
// more bytes is decoded only where its lead byte may start a space
// (U+0085 and U+00A0: C2; U+1680: E1; U+2000-U+205F: E2; U+3000: E3),
// which is never a continuation byte, so always where strings.Fields
// reads a rune.
func SpacedOnce(s string) bool {
	if s != "" && (s[0] == ' ' || s[len(s)-1] == ' ') {
		return false
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == ' ':
			if s[i+1] == ' ' { // s does not end in a space
				return false
			}
		case c >= '\t' && c <= '\r':
			return false
		case c == 0xC2 || c >= 0xE1 && c <= 0xE3:
			if r, _ := utf8.DecodeRuneInString(s[i:]); unicode.IsSpace(r) {
				return false
			}
		}
	}
	return true
}
