package ingest

import (
	"crypto/sha256"
	"encoding/hex"
	"hash"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"tracuu/vntext"
)

// Article is one news article as read from a file, its text cleaned
// (vntext.Clean, single spaces, paired quotes) but otherwise as written.
type Article struct {
	Title       string    `json:"title"`
	Lead        string    `json:"lead,omitempty"`
	Body        string    `json:"body"`
	URL         string    `json:"url,omitempty"`
	Source      string    `json:"source,omitempty"`     // publication name, "Báo Đồng Khởi"
	SourceCode  string    `json:"sourceCode,omitempty"` // code that opened the lead, "BDK"
	Province    string    `json:"province,omitempty"`   // the publication's province; empty for national papers
	Section     string    `json:"section,omitempty"`
	Authors     []string  `json:"authors,omitempty"`
	PublishedAt time.Time `json:"publishedAt"`
	Captions    []string  `json:"captions,omitempty"`    // photo captions, without their "Ảnh: ..." credit, once each
	Attribution string    `json:"attribution,omitempty"` // the closing "(Phó bí thư ... Trần Ngọc Tam)", without parentheses
	ContentHash string    `json:"contentHash"`           // "sha256:<hex>" of the normalised title and body
}

// ContentKey is the article's identity: its URL when it has one, else its
// content hash, so re-importing the same text finds the same article.
func (a Article) ContentKey() string {
	if a.URL != "" {
		return a.URL
	}
	if a.ContentHash != "" {
		return a.ContentHash
	}
	return ContentHash(a.Title, a.Body)
}

// ContentHash returns "sha256:<hex>" of title and body after normalisation
// (vntext.Clean, white space collapsed, case kept), so the same text in NFD,
// with CRLF or doubled spaces hashes the same.
func ContentHash(title, body string) string {
	return hashClean(clean(title), clean(body))
}

// hashClean is ContentHash of text already cleaned: words joined by single
// spaces (strings.Fields), title and body by a line break. After
// vntext.Clean the only white space left is ASCII, so bytes will do.
func hashClean(title, body string) string {
	buf := appendWords(make([]byte, 0, len(title)+len(body)+1), title)
	buf = append(buf, '\n')
	buf = appendWords(buf, body)
	sum := sha256.Sum256(buf)
	return "sha256:" + hex.EncodeToString(sum[:])
}

// hashArticle is hashClean for text cleanText produced: words already
// single-spaced within lines, lines trimmed, so only runs of line breaks
// become spaces. TestHashArticle holds it equal to ContentHash.
func hashArticle(title, body string) string {
	// The joined text is hashed line by line, not built whole: the same
	// bytes, no copy of the body an article.
	h := sha256.New()
	hashLines(h, title)
	h.Write(newline)
	hashLines(h, body)
	var sum [sha256.Size]byte
	return "sha256:" + hex.EncodeToString(h.Sum(sum[:0]))
}

var newline, space = []byte{'\n'}, []byte{' '}

// hashLines writes to h what appendLines (the test's reference) would
// append: the non-empty lines of s, one space between them. The lines
// are passed to h without a copy: a hash only reads what it is given.
func hashLines(h hash.Hash, s string) {
	first := true
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
		if !first {
			h.Write(space)
		}
		h.Write(unsafe.Slice(unsafe.StringData(line), len(line)))
		first = false
	}
}

func appendWords(buf []byte, s string) []byte {
	start, space := len(buf), false
	from := 0 // start of the current run of non-space bytes
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ' ', '\n', '\t', '\r', '\v', '\f':
			if from < i {
				if space && len(buf) > start {
					buf = append(buf, ' ')
				}
				buf = append(buf, s[from:i]...)
			}
			space = true
			from = i + 1
		}
	}
	if from < len(s) {
		if space && len(buf) > start {
			buf = append(buf, ' ')
		}
		buf = append(buf, s[from:]...)
	}
	return buf
}

// cleanText is vntext.Clean plus what the readers want on top: runs of
// spaces collapsed, lines trimmed, and quotes paired.
func cleanText(s string) string { return cleanTextFrom(clean(s)) }

// cleanTextFrom is cleanText of s that clean returns as it is.
func cleanTextFrom(s string) string {
	spaces := needsSpaceWork(s)
	if !spaces && !hasQuote(s) {
		return strings.TrimSpace(s)
	}
	if !spaces {
		// Quotes only (most articles): no line has a space to collapse.
		return cleanLinesFrom(s, pairQuotes)
	}
	return cleanLinesFrom(s, func(l string) string { return pairQuotes(collapseSpaces(l)) })
}

// cleanLinesFrom is cleanTextFrom's line by line work, each line through
// fix.
func cleanLinesFrom(s string, fix func(string) string) string {
	// Line by line; the text is copied only from the first line that
	// changes (most articles have quotes that pair already).
	var b []byte
	for start := 0; start <= len(s); {
		end := strings.IndexByte(s[start:], '\n')
		if end < 0 {
			end = len(s)
		} else {
			end += start
		}
		l := s[start:end]
		if nl := fix(l); nl != l || b != nil {
			if b == nil {
				b = append(make([]byte, 0, len(s)+8), s[:start]...)
			}
			b = append(b, nl...)
			if end < len(s) {
				b = append(b, '\n')
			}
		}
		start = end + 1
	}
	if b == nil {
		return strings.TrimSpace(s)
	}
	return strings.TrimSpace(string(b))
}

// needsSpaceWork reports whether a cleaned text has a tab, a doubled
// space, or a line starting or ending in a space: whether collapseSpaces
// changes one of its lines. Each by the standard library's vector
// searches: no loop a byte here.
func needsSpaceWork(s string) bool {
	if len(s) > 0 && (s[0] == ' ' || s[len(s)-1] == ' ') {
		return true
	}
	return strings.IndexByte(s, '\t') >= 0 || strings.Contains(s, "  ") || strings.Contains(s, " \n") || strings.Contains(s, "\n ")
}

// clean is vntext.Clean, returning s itself when it is already clean: every
// rune printable ASCII, a line break, or a letter or punctuation mark that
// is its own NFC form (Latin-1 to Latin Extended-B, Latin Extended
// Additional where Vietnamese lives, general punctuation). Anything else
// goes through vntext.Clean; TestCleanMatchesVntext holds them equal.
func clean(s string) string {
	if plain(s) {
		return s
	}
	return vntext.Clean(s)
}

// plain reports whether clean(s) is s without a look at vntext.Clean:
// every rune one of the text of articles. No invalid byte and no U+FFFD
// is, so BadUTF8(s) is -1 for plain text.
//
// The runes of articles are printable ASCII and the line feed, U+00A1 to
// U+02FF but for the soft hyphen, × and ÷ (Latin-1 to Latin Extended-B),
// U+1E00 to U+1EFF (Latin Extended Additional, where Vietnamese lives),
// U+2010 to U+2027 and U+2030 to U+205E (general punctuation): checked
// byte by byte by the automaton plainDFA, with no branch on what a byte
// is (Vietnamese text switches between ASCII and two- or three-byte runes
// every few bytes, which a branch a rune mispredicts). TestPlainAgrees
// holds it to the rune loop it replaces.
func plain(s string) bool {
	// Four runs of the automaton at once over quarters of s, each from a
	// byte that starts a rune: each step waits for the one before it, the
	// four do not wait for each other. A quarter that ends inside a rune
	// ends out of state 0, as one run would fail at the next byte, which
	// starts no rune's tail.
	if len(s) >= 64 {
		b := runeStart(s, len(s)/4)
		c := runeStart(s, len(s)/2)
		d := runeStart(s, 3*len(s)/4)
		if b < c && c < d && d < len(s) {
			p, q, r, t := s[:b], s[b:c], s[c:d], s[d:]
			s0, s1, s2, s3 := uint(0), uint(0), uint(0), uint(0)
			n := min(len(p), len(q), len(r), len(t))
			for i := 0; i < n; i++ {
				s0 = uint(plainDFA[s0<<8|uint(p[i])])
				s1 = uint(plainDFA[s1<<8|uint(q[i])])
				s2 = uint(plainDFA[s2<<8|uint(r[i])])
				s3 = uint(plainDFA[s3<<8|uint(t[i])])
			}
			return plainFrom(s0, p[n:]) == 0 && plainFrom(s1, q[n:]) == 0 && plainFrom(s2, r[n:]) == 0 && plainFrom(s3, t[n:]) == 0
		}
	}
	return plainFrom(0, s) == 0
}

// plainFrom runs plainDFA over s from the state st.
func plainFrom(st uint, s string) uint {
	for i := 0; i < len(s); i++ {
		st = uint(plainDFA[st<<8|uint(s[i])])
	}
	return st
}

// runeStart is the first byte at or after i that is no continuation byte
// (a rune's tail), or len(s).
func runeStart(s string, i int) int {
	for i < len(s) && s[i]&0xC0 == 0x80 {
		i++
	}
	return i
}

// plainDFA's states: 0 between runes; the bytes a rune of articles may go
// on with after its lead byte and those read so far; plainFail: not
// plain, whatever follows.
const (
	plainCont = 1 + iota // one continuation byte, any
	plainC2              // after C2: A1..BF but AD
	plainC3              // after C3: 80..BF but 97 (×), B7 (÷)
	plainE1              // after E1: B8..BB (U+1E00..U+1EFF), then one more
	plainE2              // after E2: 80 or 81
	plainE280            // after E2 80: 90..A7 or B0..BF
	plainE281            // after E2 81: 80..9E
	plainFail
	plainStates
)

var plainDFA = func() (t [plainStates << 8]uint8) {
	for i := range t {
		t[i] = plainFail
	}
	set := func(st uint, lo, hi byte, to uint8) {
		for c := uint(lo); c <= uint(hi); c++ {
			t[st<<8|c] = to
		}
	}
	set(0, 0x20, 0x7E, 0)
	set(0, '\n', '\n', 0)
	set(0, 0xC2, 0xC2, plainC2)
	set(0, 0xC3, 0xC3, plainC3)
	set(0, 0xC4, 0xCB, plainCont)
	set(0, 0xE1, 0xE1, plainE1)
	set(0, 0xE2, 0xE2, plainE2)
	set(plainCont, 0x80, 0xBF, 0)
	set(plainC2, 0xA1, 0xBF, 0)
	set(plainC2, 0xAD, 0xAD, plainFail)
	set(plainC3, 0x80, 0xBF, 0)
	set(plainC3, 0x97, 0x97, plainFail)
	set(plainC3, 0xB7, 0xB7, plainFail)
	set(plainE1, 0xB8, 0xBB, plainCont)
	set(plainE2, 0x80, 0x80, plainE280)
	set(plainE2, 0x81, 0x81, plainE281)
	set(plainE280, 0x90, 0xA7, 0)
	set(plainE280, 0xB0, 0xBF, 0)
	set(plainE281, 0x80, 0x9E, 0)
	return t
}()

// cleanLine is cleanText for a one-line field (title, source, author).
func cleanLine(s string) string {
	s = pairQuotes(clean(s))
	if vntext.SpacedOnce(s) {
		return s // most titles: no slice of words, no copy
	}
	return strings.Join(strings.Fields(s), " ")
}

func collapseSpaces(s string) string {
	s = strings.ReplaceAll(s, "\t", " ")
	if !strings.Contains(s, "  ") && !strings.HasPrefix(s, " ") && !strings.HasSuffix(s, " ") {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}

// pairQuotes repairs mismatched quotation marks within one line: an opening
// “ or ‘ closed by the other kind (“Bứt phá về đích’) becomes “…”. Quotes
// that already match, and apostrophes inside words, are left alone.
func pairQuotes(s string) string {
	if !hasQuote(s) || doublesAlternate(s) {
		return s
	}
	rs := []rune(s)
	open := -1
	changed := false
	for i, r := range rs {
		if !isQuote(r) {
			continue
		}
		var prev, next rune = ' ', ' '
		if i > 0 {
			prev = rs[i-1]
		}
		if i+1 < len(rs) {
			next = rs[i+1]
		}
		if isWordRune(prev) && isWordRune(next) {
			continue // apostrophe: Vietnam’s
		}
		opening := !isWordRune(prev) && !unicode.IsPunct(prev) || prev == '(' || prev == '['
		if open < 0 && opening && !unicode.IsSpace(next) {
			open = i
			continue
		}
		if open >= 0 && !unicode.IsSpace(prev) {
			o, c := rs[open], r
			if !(o == '“' && c == '”' || o == '‘' && c == '’' || o == '"' && c == '"') {
				rs[open], rs[i] = '“', '”'
				changed = true
			}
			open = -1
		}
	}
	if !changed {
		return s
	}
	return string(rs)
}

// doublesAlternate reports whether the only quotation marks in s are “ and
// ”, alternating from “ to ”, or only straight ones: then there is nothing
// to pair (FuzzClean holds pairQuotes to that). The curly marks are looked
// for from one E2 byte to the next.
func doublesAlternate(s string) bool {
	want := byte(0x9C) // “ is E2 80 9C, ” is E2 80 9D
	curly := false
	for i := 0; ; i++ {
		j := strings.IndexByte(s[i:], 0xE2)
		if j < 0 {
			break
		}
		i += j
		if i+2 < len(s) && s[i+1] == 0x80 && s[i+2] >= 0x98 && s[i+2] <= 0x9D {
			if s[i+2] != want {
				return false
			}
			curly = true
			want ^= 1 // 9C <-> 9D
			i += 2
		}
	}
	return want == 0x9C && !(curly && strings.IndexByte(s, '"') >= 0)
}

// hasQuote reports whether s holds " or one of “ ” ‘ ’ (E2 80 98..9D).
func hasQuote(s string) bool {
	if strings.IndexByte(s, '"') >= 0 {
		return true
	}
	for i := 0; ; i++ {
		j := strings.IndexByte(s[i:], 0xE2)
		if j < 0 {
			return false
		}
		i += j
		if i+2 < len(s) && s[i+1] == 0x80 && s[i+2] >= 0x98 && s[i+2] <= 0x9D {
			return true
		}
	}
}

func isQuote(r rune) bool { return r == '“' || r == '”' || r == '‘' || r == '’' || r == '"' }

func isWordRune(r rune) bool {
	if r < 0x2000 {
		return runeClass[r]&clWord != 0
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// runeLen is the length of s in runes, the unit of every offset here.
func runeLen(s string) int { return utf8.RuneCountInString(s) }
