package ingest

import (
	mathbits "math/bits"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"tracuu/vntext"
)

// trie matches phrases as sequences of token keys, longest first. Commas,
// hyphens, ampersands and full stops inside a phrase are skipped on both
// sides, so "Bộ GD&ĐT" and "Bộ GD & ĐT" are one phrase.
type trie struct {
	root *tnode
	bit  uint32 // this trie's bit in firstWords
	// exact tries match a phrase only as spelt, up to case and tone-mark
	// placement: the keys fold "Vụ" (a department) and "Vũ" (a family
	// name), "bà" (Mrs) and "ba" (three) together.
	exact      bool
	firstSpelt map[string]bool // exact tries: the first words of the phrases, spelt
}

// firstWords[id] has the bit of every trie with a phrase that starts with
// the word numbered id: most tokens are rejected by one array index.
var (
	firstWords []uint32
	tries      int
)

// allTries is token.starts of a token made before the tries were
// complete: every trie may start with it, so startBits asks firstWords.
const allTries = ^uint32(0)

// startsOf is token.starts for a token of the vocab id id.
func startsOf(id int32) uint32 {
	if vocabSlots == nil {
		return allTries
	}
	return firstWordsOf(id)
}

func firstWordsOf(id int32) uint32 {
	if int(id) >= len(firstWords) {
		return 0
	}
	return firstWords[id]
}

// startBits is firstWords[t.id]: the bits of the tries with a phrase that
// starts with t.
func (t *token) startBits() uint32 {
	if t.starts == allTries {
		return firstWordsOf(t.id)
	}
	return t.starts
}

type tnode struct {
	// kids are the nodes after this one, by the vocab id of the word that
	// leads to each: an open-addressing table (child, setChild), 0 or a
	// power of two long and at most half full.
	kids  []tchild
	nkids int
	shift uint8 // 32 - log2(len(kids))
	val   any
	has   bool
	spell [][]string // exact tries: each spelling that ends here, as lower-case words
	// spellNo are spell's words numbered as token.spell numbers them
	// (spellNumber).
	spellNo [][]uint8
	vals    []any // exact tries: the value each spelling was added with
}

// tchild is one entry of tnode.kids; n is nil in an empty slot.
type tchild struct {
	id int32
	n  *tnode
}

// child is the node after n by the word numbered id, or nil.
func (n *tnode) child(id int32) *tnode {
	if len(n.kids) == 0 {
		return nil
	}
	m := uint32(len(n.kids) - 1)
	for i := uint32(id) * 0x9E3779B1 >> n.shift; ; i = (i + 1) & m {
		e := &n.kids[i]
		if e.n == nil {
			return nil
		}
		if e.id == id {
			return e.n
		}
	}
}

// setChild adds c after n by the word numbered id (not there yet).
func (n *tnode) setChild(id int32, c *tnode) {
	if 2*(n.nkids+1) > len(n.kids) {
		old := n.kids
		size := max(2, 2*len(old))
		n.kids, n.shift = make([]tchild, size), uint8(32-mathbits.TrailingZeros(uint(size)))
		for _, e := range old {
			if e.n != nil {
				n.put(e)
			}
		}
	}
	n.put(tchild{id, c})
	n.nkids++
}

func (n *tnode) put(e tchild) {
	m := uint32(len(n.kids) - 1)
	i := uint32(e.id) * 0x9E3779B1 >> n.shift
	for n.kids[i].n != nil {
		i = (i + 1) & m
	}
	n.kids[i] = e
}

func newTrie() *trie {
	if tries == 32 {
		panic("ingest: more than 32 tries")
	}
	tries++
	return &trie{root: &tnode{}, bit: 1 << (tries - 1)}
}

// newExactTrie is a trie whose phrases match only as spelt.
func newExactTrie() *trie {
	t := newTrie()
	t.exact = true
	return t
}

// spelling is how an exact trie compares a word: lower case, tones placed
// the modern way (hòa, not hoà).
func spelling(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			if oldTones(s) {
				s = vntext.PlaceTones(s)
			}
			return lowerVN(s)
		}
	}
	return strings.ToLower(s)
}

// lowerVN is strings.ToLower, by the table lowerTable for text of runes
// below 0x2000 (Vietnamese's): s itself when it has no capital, else one
// new string. Other text goes to strings.ToLower.
func lowerVN(s string) string {
	upper := -1 // the first byte to change
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' && upper < 0 {
				upper = i
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r >= 0x2000 || r == utf8.RuneError {
			return strings.ToLower(s)
		}
		if lowerTable[r] != r && upper < 0 {
			upper = i
		}
		i += n
	}
	if upper < 0 {
		return s
	}
	b := make([]byte, upper, len(s)+4)
	copy(b, s[:upper])
	for _, r := range s[upper:] {
		b = utf8.AppendRune(b, lowerTable[r])
	}
	return string(b)
}

// spellingIs reports whether spelling(s) == want, without building
// spelling(s) for the words of Vietnamese text (runes below 0x2000, no
// tone placed the old way): lowerTable rune by rune, in one pass. Other
// words go through spelling.
func spellingIs(s, want string) bool {
	j := 0
	same, slow, prevOU := true, false, false
	for i := 0; i < len(s); {
		r, n := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, n = utf8.DecodeRuneInString(s[i:])
			if r >= 0x2000 || r == utf8.RuneError {
				slow = true
				break
			}
		}
		switch r {
		case 'a', 'e', 'y', 'A', 'E', 'Y':
			if prevOU {
				slow = true // oldTones: spelling places the tone anew
			}
		}
		if slow {
			break
		}
		prevOU = tonedOU[r]
		i += n
		if !same {
			continue
		}
		if j >= len(want) {
			same = false
			continue
		}
		w, m := rune(want[j]), 1
		if w >= utf8.RuneSelf {
			w, m = utf8.DecodeRuneInString(want[j:])
		}
		same = lowerTable[r] == w
		j += m
	}
	if slow {
		return spelling(s) == want
	}
	return same && j == len(want)
}

// lowerTable is unicode.ToLower below 0x2000.
var lowerTable = func() (t [0x2000]rune) {
	for r := range rune(0x2000) {
		t[r] = unicode.ToLower(r)
	}
	return t
}()

// oldTones reports whether s may place a tone the old way: a toned o or u
// before a, e or y ("hoà", "thuỷ").
func oldTones(s string) bool {
	prev := false
	for _, r := range s {
		switch r {
		case 'a', 'e', 'y', 'A', 'E', 'Y':
			if prev {
				return true
			}
		}
		prev = r < 0x2000 && tonedOU[r]
	}
	return false
}

// tonedOU marks the toned o and u: ò ó ỏ õ ọ ù ú ủ ũ ụ and their capitals.
var tonedOU = func() (t [0x2000]bool) {
	for _, r := range "òóỏõọùúủũụÒÓỎÕỌÙÚỦŨỤ" {
		t[r] = true
	}
	return t
}()

// vocab numbers every word of every phrase of every trie, so that a token
// is looked up once (tokenize sets its id) and tries walk on integers; a
// token in no phrase (id 0) is rejected at once.
var vocab = map[string]int32{}

// vocabSlots is vocab as an open-addressing hash table, built once the
// tries are complete (the first Extract), for the one lookup every token
// makes. A slot holds its word packed (packKey: up to 16 bytes in two
// words, every word of vocab is shorter) and its id, so that a look-up
// compares two integers in one place, with no hash computed byte by byte
// as the tokenizer scans and no string compared; longer keys go to the map.
var (
	vocabSlots []vocabSlot
	vocabMask  uint64
	vocabOnce  sync.Once
	// vocabBits has the bit h>>vocabShift set for the hash h of every
	// word of vocab: a word whose bit is clear (about 3 tokens in 10 of
	// the dev corpus; the 843 words of the phrases are common ones) is in
	// no phrase, told without probing the table.
	vocabBits  []uint64
	vocabShift uint
)

// vocabSlot is one entry of vocabSlots; id 0 is an empty slot.
type vocabSlot struct {
	w0, w1 uint64
	n, id  int32
}

// packKey packs a key of up to 16 bytes into two words: with its length,
// they tell it from every other key of that length (the bytes that do
// not fit one load are read by overlapping loads of the head and the
// tail). Keys longer than 16 bytes pack to 0, 0 and are not looked up by
// it.
func packKey[T string | []byte](k T) (w0, w1 uint64) {
	n := len(k)
	switch {
	case n >= 8 && n <= 16:
		w0 = uint64(k[0]) | uint64(k[1])<<8 | uint64(k[2])<<16 | uint64(k[3])<<24 | uint64(k[4])<<32 | uint64(k[5])<<40 | uint64(k[6])<<48 | uint64(k[7])<<56
		t := k[n-8:]
		w1 = uint64(t[0]) | uint64(t[1])<<8 | uint64(t[2])<<16 | uint64(t[3])<<24 | uint64(t[4])<<32 | uint64(t[5])<<40 | uint64(t[6])<<48 | uint64(t[7])<<56
	case n >= 4 && n < 8:
		t := k[n-4:]
		w0 = uint64(k[0]) | uint64(k[1])<<8 | uint64(k[2])<<16 | uint64(k[3])<<24 |
			(uint64(t[0])|uint64(t[1])<<8|uint64(t[2])<<16|uint64(t[3])<<24)<<32
	case n > 0 && n < 4:
		w0 = uint64(k[0]) | uint64(k[n/2])<<8 | uint64(k[n-1])<<16
	}
	return w0, w1
}

// keyHash mixes a packed key and its length.
func keyHash(w0, w1 uint64, n int) uint64 {
	h := w0*0x9E3779B97F4A7C15 ^ (w1+uint64(n))*0xC2B2AE3D27D4EB4F
	h ^= h >> 29
	h *= 0xBF58476D1CE4E5B9
	return h ^ h>>32
}

// toneRisk holds the pairs of words (by vocab id, folded) that are a
// two-syllable word of compounds.txt and also two words of a phrase of a
// trie ("thị trường", "Thị trưởng"): only there may a tone tell a word
// from a typo of the phrase (otherTone). Built with the vocab table.
var toneRisk = map[[2]int32]bool{}

// toneRiskSecond[id] marks the words that are the second of a pair of
// toneRisk: most words of a phrase are none, told without hashing the
// pair.
var toneRiskSecond []bool

// mayToneRisk reports whether toneRisk may hold the pair (a, b).
func mayToneRisk(a, b int32) bool {
	return int(b) < len(toneRiskSecond) && toneRiskSecond[b] && toneRisk[[2]int32{a, b}]
}

func buildVocabTable() {
	for c := range compounds {
		a, b, ok := strings.Cut(c, " ")
		if !ok {
			continue
		}
		if ia, ib := vocab[key(a)], vocab[key(b)]; ia != 0 && ib != 0 {
			toneRisk[[2]int32{ia, ib}] = true
			for int(ib) >= len(toneRiskSecond) {
				toneRiskSecond = append(toneRiskSecond, false)
			}
			toneRiskSecond[ib] = true
		}
	}
	size := 1
	for size < 4*len(vocab) {
		size <<= 1
	}
	slots := make([]vocabSlot, size)
	mask := uint64(size - 1)
	bits := 64
	for bits < 16*len(vocab) {
		bits <<= 1
	}
	vb := make([]uint64, bits/64)
	shift := uint(64 - mathbits.TrailingZeros(uint(bits)))
	for k, id := range vocab {
		if len(k) > 16 {
			continue // looked up in the map
		}
		w0, w1 := packKey(k)
		h := keyHash(w0, w1, len(k))
		i := h & mask
		for slots[i].id != 0 {
			i = (i + 1) & mask
		}
		slots[i] = vocabSlot{w0, w1, int32(len(k)), id}
		b := h >> shift
		vb[b/64] |= 1 << (b % 64)
	}
	vocabSlots, vocabMask, vocabBits, vocabShift = slots, mask, vb, shift
	buildOrgHeadFirst()
}

// lookupVocab is vocab[k]: the key's number in the phrase vocabulary, 0
// for a word of no phrase.
func lookupVocab[T string | []byte](k T) int32 {
	if vocabSlots == nil || len(k) > 16 {
		return vocab[string(k)]
	}
	w0, w1 := packKey(k)
	n := len(k)
	h := keyHash(w0, w1, n)
	if b := h >> vocabShift; vocabBits[b/64]&(1<<(b%64)) == 0 {
		return 0
	}
	for i := h & vocabMask; ; i = (i + 1) & vocabMask {
		e := &vocabSlots[i]
		if e.id == 0 {
			return 0
		}
		if e.w0 == w0 && e.w1 == w1 && e.n == int32(n) {
			return e.id
		}
	}
}

func vocabID(key string) int32 {
	if id, ok := vocab[key]; ok {
		return id
	}
	id := int32(len(vocab) + 1)
	vocab[key] = id
	return id
}

func skippable(t token) bool {
	return t.kind == tokPunct && (t.text == "," || t.text == "-" || t.text == "–" || t.text == "&" || t.text == ".")
}

func (t *trie) add(phrase string, v any) {
	n := t.root
	var words []string
	var nos []uint8
	for _, tk := range tokenize(phrase) {
		if skippable(tk) {
			continue
		}
		words = append(words, spelling(tk.text))
		id := vocabID(tk.key)
		if t.exact {
			nos = append(nos, spellNumber(id, words[len(words)-1]))
		}
		if n == t.root {
			for int(id) >= len(firstWords) {
				firstWords = append(firstWords, 0)
			}
			firstWords[id] |= t.bit
		}
		c := n.child(id)
		if c == nil {
			c = &tnode{}
			n.setChild(id, c)
		}
		n = c
	}
	if !n.has { // first definition wins
		n.val, n.has = v, true
	}
	if t.exact && len(words) > 0 {
		if !n.hasSpelling(words) {
			n.spell = append(n.spell, words)
			n.spellNo = append(n.spellNo, nos)
			n.vals = append(n.vals, v)
		}
		if t.firstSpelt == nil {
			t.firstSpelt = map[string]bool{}
		}
		t.firstSpelt[words[0]] = true
	}
}

// hasSpelling: words is one of n's spellings already ("Trưởng phòng" and
// "Trưởng Phòng" are one).
func (n *tnode) hasSpelling(words []string) bool {
	for _, sp := range n.spell {
		if slices.Equal(sp, words) {
			return true
		}
	}
	return false
}

// pick is the value of the phrase toks[i:j] ends at n, for an exact trie:
// the value of the first spelling it matches in every word, so that of two
// phrases that fold alike the one spelt as written wins ("Trưởng bản", a
// village head, over "Trưởng ban"), else the first definition's when the
// phrase is spelt as spelt requires.
func (n *tnode) pick(toks []token, i, j int, all bool) (any, bool) {
	if len(n.spell) > 1 {
		for s := range n.spell {
			if n.spellingAt(s, toks, i, j, true) {
				return n.vals[s], true
			}
		}
		if all {
			return nil, false
		}
	}
	if n.spelt(toks, i, j, all) {
		return n.val, true
	}
	return nil, false
}

// spelt reports whether toks[i:j] is spelt as one of n's spellings: the
// first word always (it tells the phrases apart: "Vụ" from "Vũ", "bà" from
// "ba"), every word when all is set. Otherwise the rest is matched folded,
// so that typos ("Ban Châp hành") still match.
func (n *tnode) spelt(toks []token, i, j int, all bool) bool {
	for s := range n.spell {
		if n.spellingAt(s, toks, i, j, all) {
			return true
		}
	}
	return false
}

// spellingAt reports whether toks[i:j] is spelt as n's spelling s: the
// first word always, every word when all is set.
func (n *tnode) spellingAt(s int, toks []token, i, j int, all bool) bool {
	sp := n.spell[s]
	w, ok := 0, true
	prev := i // the word before
	for k := i; k < j && ok; k++ {
		if k > i && skippable(toks[k]) {
			continue
		}
		switch {
		case w >= len(sp):
			ok = false
		case w == 0 || all:
			ok = spellIs(&toks[k], sp[w], n.spellNo[s][w])
		case mayToneRisk(toks[prev].id, toks[k].id):
			// Folded alike: a typo, unless another tone makes another
			// word, which only the pairs of toneRisk can.
			sw := spelling(toks[k].text)
			ok = sw == sp[w] || !(otherTone(sw, sp[w]) && compounds[spelling(toks[prev].text)+" "+sw])
		}
		prev = k
		w++
	}
	return ok && w == len(sp)
}

// spellsOf[id] are the spellings (spelling) of the word numbered id in
// the phrases of the exact tries, in the order they were first added. A
// token's spell is its place among its word's, so that the exact tries
// compare a word's spelling by one byte, not rune by rune (spellingIs).
// Filled as the tries are, at init; a token's spell is worked out only
// once they are complete (by the word cache, in Extract).
var spellsOf [][]string

// spellNumber is the place+1 of the spelling w among the word id's
// spellings, added to them when new; 0 past 254 (spellIs then asks
// spellingIs).
func spellNumber(id int32, w string) uint8 {
	for int(id) >= len(spellsOf) {
		spellsOf = append(spellsOf, nil)
	}
	list := spellsOf[id]
	i := slices.Index(list, w)
	if i < 0 {
		i = len(list)
		spellsOf[id] = append(list, w)
	}
	if i+1 >= 0xFF {
		return 0
	}
	return uint8(i + 1)
}

// spellOf is token.spell of t: its spelling's number among its word's
// spellings, 0xFF for none of them, 0 when it is not told (numbered past
// 254, or a word of no phrase).
func spellOf(t *token) uint8 {
	if t.id <= 0 {
		return 0
	}
	if int(t.id) >= len(spellsOf) || len(spellsOf[t.id]) == 0 {
		return 0xFF
	}
	list := spellsOf[t.id]
	if len(list) >= 0xFF {
		return 0
	}
	for i, w := range list {
		if spellingIs(t.text, w) { // spelling(t.text) == w, with no string built
			return uint8(i + 1)
		}
	}
	return 0xFF
}

// spellIs is spellingIs(t.text, want) for a token of the word (vocab id)
// want is spelt from, no the number of want among its spellings: by the
// numbers when both are told. An exact trie asks it of the words of a
// phrase it has walked by their ids, which are its words' ids.
func spellIs(t *token, want string, no uint8) bool {
	if t.spell != 0 && no != 0 {
		return t.spell == no
	}
	return spellingIs(t.text, want)
}

// otherTone reports whether the word w, spelt, is the lexicon's word lex
// with another tone mark: the same letters, both toned, the tones
// different. With the word before it, such a word that makes a word of
// two syllables (compounds.txt) is that word, not a typo of the title:
// a market's "thị trường" is no "Thị trưởng", while "Hiệu trường" is
// still "Hiệu trưởng". A word that lacks the tone, or differs in other
// marks, is read as a typo of lex ("Ban Châp hành", "Chủ tich").
func otherTone(w, lex string) bool {
	if len(w) != len(lex) && len(w)+1 != len(lex) && len(w) != len(lex)+1 {
		return false // a tone changes a UTF-8 word's length by one byte at most
	}
	var wt, lt rune
	i, j := 0, 0
	for i < len(w) && j < len(lex) {
		a, n := utf8.DecodeRuneInString(w[i:])
		b, m := utf8.DecodeRuneInString(lex[j:])
		i, j = i+n, j+m
		if a >= 0 && a < toneTableSize {
			if t := toneTable[a].tone; t != 0 {
				a, wt = toneTable[a].base, t
			}
		}
		if b >= 0 && b < toneTableSize {
			if t := toneTable[b].tone; t != 0 {
				b, lt = toneTable[b].base, t
			}
		}
		if a != b {
			return false
		}
	}
	return i == len(w) && j == len(lex) && wt != 0 && lt != 0 && wt != lt
}

// toneTable gives, for each rune of Vietnamese text, the letter without
// its tone mark (vowel marks kept: "ờ" → "ơ") and the tone's combining
// mark, so that otherTone compares two words without decomposing them.
const toneTableSize = 0x2000

var toneTable = func() (t [toneTableSize]struct{ base, tone rune }) {
	for r := range rune(toneTableSize) {
		t[r].base = r
		d := []rune(norm.NFD.String(string(r)))
		kept := d[:0:0]
		for _, m := range d {
			switch m {
			case 0x300, 0x301, 0x303, 0x309, 0x323:
				t[r].tone = m
				continue
			}
			kept = append(kept, m)
		}
		if t[r].tone != 0 {
			if c := []rune(norm.NFC.String(string(kept))); len(c) == 1 {
				t[r].base = c[0]
			} else {
				t[r].tone = 0
			}
		}
	}
	return t
}()

// prefixOf reports whether toks[i:], punctuation skipped, is the start of
// a phrase of t.
func (t *trie) prefixOf(toks []token, i int) bool {
	if t.exact && !t.firstSpelt[spelling(toks[i].text)] {
		return false
	}
	n := t.root
	for j := i; j < len(toks); j++ {
		if j > i && skippable(toks[j]) {
			continue
		}
		if toks[j].id == 0 {
			return false
		}
		if n = n.child(toks[j].id); n == nil {
			return false
		}
	}
	return n != t.root
}

// match returns the end (exclusive token index) and value of the longest
// phrase starting at toks[i].
func (t *trie) match(toks []token, i int) (int, any, bool) {
	// Small enough to inline: most calls end here. (A token of allTries
	// goes to walk, which finds no child of the root for a word that
	// starts no phrase: the same answer.)
	if uint(i) < uint(len(toks)) && toks[i].starts&t.bit != 0 {
		return t.walk(toks, i, false)
	}
	return 0, nil, false
}

// matchSpelt is match for a phrase spelt exactly, every word: it tells a
// body's head from a name's words that fold alike ("Văn phòng", "Văn
// Phong").
func (t *trie) matchSpelt(toks []token, i int) (int, any, bool) {
	if i >= len(toks) || toks[i].starts&t.bit == 0 {
		return 0, nil, false
	}
	return t.walk(toks, i, true)
}

func (t *trie) walk(toks []token, i int, all bool) (int, any, bool) {
	n := t.root
	end, val, ok := 0, any(nil), false
	for j := i; j < len(toks) && n.nkids > 0; j++ {
		if j > i && skippable(toks[j]) && !(t.exact && toks[j].text == ",") {
			continue // an exact trie's phrases have no comma inside: "Chính, Ủy viên" is no "Chính ủy"
		}
		c := n.child(toks[j].id)
		if c == nil || toks[j].id == 0 {
			break
		}
		n = c
		if !n.has {
			continue
		}
		if !t.exact {
			end, val, ok = j+1, n.val, true
		} else if v, spelt := n.pick(toks, i, j+1, all); spelt {
			end, val, ok = j+1, v, true
		}
	}
	return end, val, ok
}
