package ingest

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"tracuu/vntext"
)

type tokKind uint8

const (
	tokWord   tokKind = iota // letters, maybe joined: "Covid-19", "KT-XH", "05-CT/TW"
	tokNumber                // starts with a digit: "49.356", "97,73", "621/638", "30/2020/NĐ-CP"
	tokPunct                 // one rune of anything else
)

// token is one word, number or punctuation mark of a field, with rune
// offsets into the field.
type token struct {
	text       string
	key        string // lower case without diacritics: "tinh uy" for "Tỉnh ủy"
	start, end int    // rune offsets
	bs, be     int    // byte offsets
	id         int32  // the key's number in the phrase vocabulary; 0: in no phrase
	// starts is firstWords[id], the bits of the tries with a phrase that
	// starts with this word, set when the token is made once the tries are
	// complete (the vocab table built); before that, allTries: ask
	// firstWords (startBits).
	starts  uint32
	kind    tokKind
	upper   bool // starts with an upper-case letter
	acronym bool // two or more letters, all upper case: UBND, TCĐ
	letters bool // letters only: no digit, hyphen or slash
	nl      bool // a line break comes before it
	// facts are what the rules ask of the word alone (wordFacts), worked
	// out once a distinct word when Extract tokenizes with its word
	// cache; 0 for a token made otherwise: its methods (syllable,
	// surnameRank...) then ask the tables themselves.
	facts   uint8
	surname uint8 // surnameRank+1, when facts are known
	// spell is the place+1 of the word's spelling among the spellings of
	// its vocab word in the exact tries' phrases (spellsOf), 0xFF for none
	// of them, set from the word cache; 0: not worked out (spellIs asks
	// spellingIs).
	spell uint8
}

// foldTable folds the runes Vietnamese uses (Latin, Latin Extended, the
// combining block and Latin Extended Additional) without the per-rune
// normalisation vntext.FoldRune does, and lower-cases them.
// It is a variable initialiser, not an init function, so that the data
// tables built in init functions can use it.
var foldTable = func() (t [0x2000]rune) {
	for r := rune(0); r < 0x2000; r++ {
		t[r] = unicode.ToLower(vntext.FoldRune(r))
	}
	return t
}()

func foldLower(r rune) rune {
	if r < 0x2000 {
		return foldTable[r]
	}
	return unicode.ToLower(r)
}

func isJoiner(r rune) bool { return r == '/' || r == '-' || r == '–' || r == '.' || r == ',' }

// tokenize splits a field into tokens. Joiners inside words: "/" between
// letters or digits; "-" in codes and acronyms (05-CT/TW, KT-XH, Covid-19);
// "." and "," between digits (so "49.356" and "97,73" are one token,
// "2020." is two). Offsets are in runes; token texts are slices of s.
func tokenize(s string) []token { return tokenizeInto(&scratch{}, s) }

// scratch is memory tokenizeInto reuses from one call to the next.
type scratch struct {
	toks  []token
	sents []sentence // the current field's sentences (sentencesInto)
	kb    []byte
	pend  []pendingKey
	later []int32 // tokenizer.later's memory
	used  []bool  // the current sentence's claimed tokens (extractor.sentence)
	hb    []byte  // the content hash's words (tokenizer.hashTok)
	// hashing: tokenizeInto appends the field's words to hb (hashTok); on
	// return, whether it could (every rune one AppendWords takes).
	hashing bool
	fixed   map[string]fixedOrg // lookupFixedOrg's answers (extractor.lookupFixedOrg)
	figs    []Figure            // extractor.figs' memory
	paras   []int               // extractor.paras' memory
	// words remembers the words read before (wordCache); nil: none
	// (tokenize's one-off scratch, the tries being built).
	words *wordCache
}

// pendingKey is a token whose key is kb[from:to].
type pendingKey struct{ tok, from, to int }

// tokenizeInto is tokenize reusing sc's memory; the tokens it returns live
// in sc.toks until the next call.
func tokenizeInto(sc *scratch, s string) []token {
	z := tokenizer{s: s, toks: sc.toks[:0], kb: sc.kb[:0], pend: sc.pend[:0], wc: sc.words, later: sc.later[:0]}
	if need := len(s)/4 + 8; cap(z.toks) < need {
		z.toks = make([]token, 0, need)
	}
	if sc.hashing {
		z.hash, z.hclean, z.hb = true, true, sc.hb
	}
	for z.bi < len(s) {
		r, size := rune(s[z.bi]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[z.bi:])
		}
		switch {
		case r == ' ':
			z.bi++ // what punct does for a space, without the call
			z.ri++
		case r == '\n':
			z.nl = true
			z.bi += size
			z.ri++
		case !isWordRune(r):
			z.punct(r, size)
		default:
			z.cachedWord(r)
		}
	}
	if z.hash {
		sc.hb, sc.hashing = z.hashEnd(), z.hclean
	}
	z.setKeys()
	if z.wc != nil {
		z.setFacts()
	}
	z.splitGlued()
	sc.toks, sc.kb, sc.pend, sc.later = z.toks, z.kb, z.pend, z.later
	return z.toks
}

// splitGlued splits the words that the source glued together, two
// syllables with no space between ("Trưởngphòng", "ủyviên", "Khuđược",
// "huyệnCần"): a word of letters with Vietnamese diacritics, no syllable
// itself and in no lexicon phrase, that is two syllables of two letters or
// more each. Words without diacritics (brand names: Samsung, Vinmec) and
// family names that are no syllable (Êban, Ksor) stay whole.
func (z *tokenizer) splitGlued() {
	var splits []glue
	try := func(i int) {
		t := &z.toks[i]
		if t.kind != tokWord || !t.letters || t.acronym || t.id != 0 || len(t.key) < 4 || len(t.key) > 14 || t.facts&fNoGlue != 0 {
			return // what acronymGlue and glueSplit turn away first: most words; the word cache knows the rest
		}
		if at := glueSplit(t); at >= 0 {
			splits = append(splits, glue{i, at})
		}
	}
	if z.wc != nil {
		for _, i := range z.later {
			try(int(i)) // the others are known not to split
		}
	} else {
		for i := range z.toks {
			try(i)
		}
	}
	if len(splits) == 0 {
		return
	}
	// Grow once and move the tokens up from the end, splitting on the way.
	old := len(z.toks)
	z.toks = slices.Grow(z.toks, len(splits))[:old+len(splits)]
	w, g := len(z.toks), len(splits)-1
	for r := old - 1; r >= 0; r-- {
		t := z.toks[r]
		if g < 0 || splits[g].tok != r {
			w--
			z.toks[w] = t
			continue
		}
		at := splits[g].at
		g--
		tb := byteOfRune(t.text, at)
		a, b := t, t
		a.text, a.key, a.end, a.be = t.text[:tb], t.key[:at], t.start+at, t.bs+tb
		b.text, b.key, b.start, b.bs, b.nl = t.text[tb:], t.key[at:], t.start+at, t.bs+tb, false
		for _, p := range []*token{&a, &b} {
			first, _ := utf8.DecodeRuneInString(p.text)
			p.upper = isUpperRune(first)
			p.acronym = false
			p.id = lookupVocab(p.key)
			p.starts = startsOf(p.id)
			p.facts, p.surname, p.spell = 0, 0, 0 // the whole word's
			if z.wc != nil {
				p.facts, p.surname = wordFacts(p)
			}
		}
		z.toks[w-1], z.toks[w-2] = b, a
		w -= 2
	}
}

// glue is a word to split: its token and the rune of its key where.
type glue struct{ tok, at int }

// glueSplit is where the word t splits into two syllables (a rune index of
// its key, which folds one rune to one letter), or -1.
func glueSplit(t *token) int {
	if at := acronymGlue(t); at > 0 {
		return at
	}
	if t.kind != tokWord || !t.letters || t.acronym || t.id != 0 || len(t.key) < 5 || len(t.key) > 14 || len(t.text) == len(t.key) {
		return -1
	}
	// Two syllables have two groups of vowels; most words, one syllable
	// each, are turned away here.
	groups, inVowel := 0, false
	for i := 0; i < len(t.key); i++ {
		c := t.key[i]
		if c >= utf8.RuneSelf {
			return -1
		}
		v := c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y'
		if v && !inVowel {
			groups++
		}
		inVowel = v
	}
	if groups < 2 || isSyllable(t.key) || surnameKeys[t.key] || !vietnameseLetters(t.text) {
		return -1
	}
	// A capital after a small letter starts the second word: "tưCông" is
	// "tư Công", not "tưC ông".
	i, prevLower := 0, false
	for _, r := range t.text {
		if i >= 2 && prevLower && unicode.IsUpper(r) {
			if isSyllable(t.key[:i]) && isSyllable(t.key[i:]) {
				return i
			}
			break
		}
		prevLower = unicode.IsLower(r)
		i++
	}
	for i := len(t.key) - 2; i >= 2; i-- {
		if isSyllable(t.key[:i]) && isSyllable(t.key[i:]) {
			return i
		}
	}
	return -1
}

// acronymGlue: an acronym the lexicons know glued to a capitalised
// syllable ("MTTQViệt Nam", "UBNDTỉnh"): where the syllable starts (a rune
// index of the key, as glueSplit returns), or -1.
func acronymGlue(t *token) int {
	if t.kind != tokWord || !t.letters || t.acronym || t.id != 0 || len(t.key) < 4 || len(t.key) > 14 {
		return -1
	}
	n, at := 0, -1 // capitals before the first lower-case letter
	for i, r := range t.text {
		if !isUpperRune(r) {
			break
		}
		at = i
		n++
	}
	if n < 3 || at < 0 || at >= len(t.text) {
		return -1 // two capitals may open a name ("TPHCM" aside): "ĐHQG" is four
	}
	// The last capital starts the syllable: "MTTQ" + "Việt".
	if lookupVocab(t.key[:n-1]) == 0 || !isSyllable(t.key[n-1:]) || !vietnameseLetters(t.text[at:]) && len(t.key)-(n-1) < 2 {
		return -1
	}
	return n - 1
}

// vietnameseLetters: s has a letter only Vietnamese writes (đ, ư, ơ, ă,
// â, ê, ô, or a tone mark of Latin Extended Additional), not only the
// accents other languages share ("Véran", "Renée" stay whole).
func vietnameseLetters(s string) bool {
	for _, r := range s {
		switch {
		case r >= 0x1EA0 && r <= 0x1EF9:
			return true
		case strings.ContainsRune("đĐưƯơƠăĂâÂêÊôÔ", r):
			return true
		}
	}
	return false
}

// byteOfRune is the byte offset of the n-th rune of s.
func byteOfRune(s string, n int) int {
	for b := range s {
		if n == 0 {
			return b
		}
		n--
	}
	return len(s)
}

// tokenizer is the state of one tokenizeInto call: the position in s (in
// bytes and runes), and the tokens and folded keys so far. Keys that
// differ from their text are appended to one buffer and sliced from one
// string at the end: one allocation per field, not per token.
type tokenizer struct {
	s      string
	bi, ri int  // byte and rune position
	nl     bool // a line break since the last token
	toks   []token
	kb     []byte
	pend   []pendingKey
	wc     *wordCache // nil: every word read by word
	// later are, with the word cache, the tokens (in order) whose facts
	// are not known yet or may split (no fNoGlue): setFacts and
	// splitGlued look at them only.
	later []int32
	// The content hash's words (extract_hash.go), when hash: appended to
	// hb as the tokens are read; hclean, that every rune so far is one
	// vntext.AppendWords takes; the run of words pending is s[hfrom:hlast],
	// hglide that it has a toned o or u, hany that a token was read.
	hash, hclean, hglide, hany bool
	hb                         []byte
	hfrom, hlast               int
}

// punct adds the punctuation mark r (size bytes) at the current position;
// white space adds nothing.
func (z *tokenizer) punct(r rune, size int) {
	if !unicode.IsSpace(r) {
		t := punctText(r)
		id := lookupVocab(t)
		var facts uint8
		if z.wc != nil {
			facts = punctFacts(r)
		}
		z.toks = append(z.toks, token{text: t, key: t, id: id, starts: startsOf(id), start: z.ri, end: z.ri + 1, bs: z.bi, be: z.bi + size, kind: tokPunct, nl: z.nl, facts: facts})
		z.nl = false
		if z.hash {
			z.hashTok(z.bi, z.bi+size, punctVT(z.s[z.bi:z.bi+size]))
		}
	} else if r != '\t' {
		z.hclean = false // white space AppendWords does not take (a tab it does; spaces and line feeds never come here)
	}
	z.bi += size
	z.ri++
}

// word adds the word or number that starts with first at the current
// position, its key folded into z.kb and looked up in the vocabulary.
func (z *tokenizer) word(first rune) {
	s, bi, ri := z.s, z.bi, z.ri
	bj, rj := bi, ri
	prev := first
	dash := false
	from := len(z.kb)
	same := true // key == text: ASCII lower case, digits and joiners
	letters, allUpper := true, true
	kb := z.kb // in a register through the loop, stored back after it
	for bj < len(s) {
		c, cs := rune(s[bj]), 1
		if c >= utf8.RuneSelf {
			c, cs = utf8.DecodeRuneInString(s[bj:])
		}
		var cl, fa uint8
		if c < 0x2000 {
			rc := runeTable[c]
			cl, fa = rc.class, rc.fold
		} else if unicode.IsLetter(c) || unicode.IsDigit(c) {
			cl = clWord
		}
		if cl&clWord == 0 && !(c >= 0x300 && c < 0x370 || c >= 0x2000 && unicode.Is(unicode.Mn, c)) {
			if bj == bi || !z.joins(bj, cs, c, prev, first) {
				break
			}
			if c == '–' {
				dash, same, c = true, false, '-'
			}
			letters = false
		} else {
			letters = letters && cl&clDigit == 0 && cl&clWord != 0
			allUpper = allUpper && cl&clUpper != 0
		}
		if fa != 0 && c != '–' {
			same = same && rune(fa) == c
			kb = append(kb, fa)
		} else {
			same = false
			kb = utf8.AppendRune(kb, foldLower(c))
		}
		bj += cs
		rj++
		prev = c
	}
	z.kb = kb
	text := s[bi:bj]
	if dash {
		text = strings.ReplaceAll(text, "–", "-")
	}
	k := tokWord
	if isDigitRune(first) {
		k = tokNumber
	}
	t := token{text: text, key: text, start: ri, end: rj, bs: bi, be: bj, kind: k, upper: isUpperRune(first), nl: z.nl,
		letters: letters, acronym: letters && allUpper && rj-ri > 1}
	t.id = lookupVocab(z.kb[from:])
	t.starts = startsOf(t.id)
	if same {
		z.kb = z.kb[:from]
	} else {
		z.pend = append(z.pend, pendingKey{len(z.toks), from, len(z.kb)})
	}
	if z.hash {
		z.hashTok(bi, bj, textFacts(s[bi:bj]))
	}
	z.toks = append(z.toks, t)
	z.nl = false
	z.bi, z.ri = bj, rj
}

// joins reports whether the joiner c (cs bytes at byte bj, after the rune
// prev, in a word that starts with first) joins the word to what follows:
// "/" always; "-" in codes and acronyms (05-CT/TW, KT-XH, Covid-19) but
// not between words ("Thành ủy-HĐND-UBND", "Rịa-Vũng Tàu"); "." and ","
// between digits.
func (z *tokenizer) joins(bj, cs int, c, prev, first rune) bool {
	if !isJoiner(c) || bj+cs >= len(z.s) {
		return false
	}
	n, _ := utf8.DecodeRuneInString(z.s[bj+cs:])
	if !isWordRune(n) {
		return false
	}
	if c == '.' || c == ',' {
		return isDigitRune(prev) && isDigitRune(n)
	}
	return c == '/' || isDigitRune(prev) || isDigitRune(n) || isUpperRune(prev) && isUpperRune(n) || isDigitRune(first)
}

// setKeys points the tokens whose key differs from their text into one
// string of all the folded keys.
func (z *tokenizer) setKeys() {
	if len(z.pend) == 0 {
		return
	}
	all := string(z.kb)
	for _, p := range z.pend {
		z.toks[p.tok].key = all[p.from:p.to]
	}
}

// Rune classes for the runes Vietnamese uses, looked up instead of the
// unicode tables.
const (
	clWord = 1 << iota
	clDigit
	clUpper
)

// foldASCII is foldLower's result for the runes that fold to ASCII, 0 for
// the others.
var foldASCII = func() (t [0x2000]byte) {
	for r := rune(0); r < 0x2000; r++ {
		if f := foldLower(r); f > 0 && f < utf8.RuneSelf {
			t[r] = byte(f)
		}
	}
	return t
}()

// runeTable is runeClass and foldASCII side by side: one lookup per rune
// in the tokenizer's loop.
var runeTable = func() (t [0x2000]struct{ class, fold uint8 }) {
	for r := range t {
		t[r].class, t[r].fold = runeClass[r], foldASCII[r]
	}
	return t
}()

var runeClass = func() (t [0x2000]uint8) {
	for r := rune(0); r < 0x2000; r++ {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			t[r] |= clWord
		}
		if unicode.IsDigit(r) {
			t[r] |= clDigit
		}
		if unicode.IsUpper(r) {
			t[r] |= clUpper
		}
	}
	return t
}()

func isDigitRune(r rune) bool {
	if r < 0x2000 {
		return runeClass[r]&clDigit != 0
	}
	return unicode.IsDigit(r)
}

func isUpperRune(r rune) bool {
	if r < 0x2000 {
		return runeClass[r]&clUpper != 0
	}
	return unicode.IsUpper(r)
}

// sentence is a run of tokens of one field.
type sentence struct {
	toks       []token
	start, end int // rune offsets in the field
	bs, be     int // byte offsets
}

// dotWords are words that take a full stop without ending a sentence.
var dotWords = map[string]bool{"tp": true, "ths": true, "ts": true, "gs": true, "pgs": true, "bs": true, "st": true, "v.v": true, "ks": true, "tx": true, "tt": true, "q": true, "p": true, "ông": true}

// sentences splits a field's tokens at sentence-ending punctuation that is
// followed by a capital, a digit or an opening quote, and at line breaks.
func sentences(toks []token) []sentence { return sentencesInto(nil, toks) }

// sentencesInto is sentences appending to buf[:0].
func sentencesInto(buf []sentence, toks []token) []sentence {
	out := buf[:0]
	first := 0
	flush := func(end int) {
		if end > first {
			out = append(out, sentence{toks: toks[first:end:end], start: toks[first].start, end: toks[end-1].end, bs: toks[first].bs, be: toks[end-1].be})
		}
		first = end
	}
	for i := range toks {
		if i > first && toks[i].nl {
			flush(i)
		}
		t := &toks[i]
		if t.kind != tokPunct || !(t.text == "." || t.text == "!" || t.text == "?" || t.text == "…" || t.text == ";") {
			continue
		}
		if i+1 >= len(toks) {
			continue
		}
		n := &toks[i+1]
		if t.text == ";" {
			continue
		}
		if t.text == "." && i > 0 && dotWords[toks[i-1].key] && toks[i-1].end == t.start {
			continue
		}
		if t.text == "." && n.start == t.end && i > 0 && toks[i-1].end == t.start {
			continue // "T.Ư", "T.W": a dot inside a word
		}
		if n.nl || n.upper || n.kind == tokNumber || n.text == "“" || n.text == "\"" || n.text == "(" || n.text == "-" {
			flush(i + 1)
		}
	}
	flush(len(toks))
	return out
}

// punctText returns the one-rune string of a punctuation mark without
// allocating for the common ones.
func punctText(r rune) string {
	if r < 0x80 {
		return asciiStrings[r]
	}
	return string(r)
}

var asciiStrings = func() (a [0x80]string) {
	for i := range a {
		a[i] = string(rune(i))
	}
	return a
}()

// joinTableRows joins, in a table laid out one cell a line, a line that is
// only a name ("GS. Lê Anh Tuấn") with the lines of titles after it ("Chủ
// tịch Hội đồng Trường", "Viện trưởng Viện Cơ khí Động lực"), so that the
// grammar reads the name and its titles as one sentence.
func joinTableRows(ss []sentence) []sentence {
	out := ss[:0] // in place: out never overtakes the sentence being read
	for i := 0; i < len(ss); i++ {
		s := ss[i]
		// Whether a line of titles follows first: most sentences have
		// none after them (one rule's look-up), and only then is the
		// sentence read as a name (the people rules' walk).
		if titleRowAfter(ss, i) && bareName(s.toks) {
			for titleRowAfter(ss, i) {
				i++
				s = sentence{toks: s.toks[:len(s.toks):len(s.toks)], start: s.start, end: ss[i].end, bs: s.bs, be: ss[i].be}
				s.toks = append(s.toks, ss[i].toks...)
			}
		}
		out = append(out, s)
	}
	return out
}

// titleRowAfter: the sentence after ss[i] is a line that starts with a
// title.
func titleRowAfter(ss []sentence, i int) bool {
	return i+1 < len(ss) && ss[i+1].toks[0].nl && startsTitle(ss[i+1].toks)
}

// bareName: a line that is a form of address and a name, nothing else.
func bareName(toks []token) bool {
	k, _ := skipRanks(toks, 0)
	for k < len(toks) && toks[k].text == "." {
		k++ // "GS. Lê Anh Tuấn"
	}
	return k < len(toks) && nameAt(toks, k, licAddressed) == len(toks)
}

// startsTitle: a line that starts with a title, maybe qualified.
func startsTitle(toks []token) bool {
	k := 0
	if _, v, ok := titleQuals.match(toks, 0); ok && !v.(qualInfo).After {
		k = 1
	}
	_, _, ok := titles.match(toks, k)
	return ok
}
