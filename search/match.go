package search

import (
	"slices"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"tracuu/vntext"
)

// Matching of query words against stored text, shared by the re-rank
// (rank.go) and the highlights (highlight.go): the text is split into
// words as the index splits it, and the query's alternatives are matched
// against them.

// token is a word of stored text with its byte offsets in the text. exact
// and fold may be shared: do not modify them. A token with no forms
// stands for words the query does not have.
type token struct {
	exact, fold []byte
	start, end  int
	// punct: punctuation or a line break separates the word from the one
	// before it ("đó, người"), which makes the pair a weaker match; the
	// same rule as the index's pair variants (isBreak).
	punct bool
}

// tokens returns the words of text that the query may match, in order;
// a run of other words becomes one empty token, which matches nothing.
func tokens(text string, pq parsedQuery) []token { return tokensOf(text, pq, nil) }

// tokensOf is tokens with the words of text already split (ws, from
// scanText), or split now if ws is nil.
func tokensOf(text string, pq parsedQuery, ws *wordScan) []token {
	if ws != nil {
		return ws.tokens(text, pq)
	}
	var out []token
	prevEnd, gap := 0, false
	folds := pq.folds()
	filter := newWordFilter(folds)
	var buf [64]byte
	scanWords(text, buf[:0], func(sp span, fold []byte, quick bool) {
		var f *termForms
		if quick {
			if filter.may(fold) && folds[string(fold)] {
				f = forms.get([]byte(text[sp.start:sp.end]))
			}
		} else if f = forms.get([]byte(text[sp.start:sp.end])); !folds[string(f.fold)] {
			f = nil
		}
		if f == nil || len(f.fold) == 0 {
			if !gap {
				out = append(out, token{})
				gap = true
			}
			prevEnd = sp.end
			return
		}
		punct := prevEnd > 0 && !gap && isBreak(text[prevEnd:sp.start])
		out = append(out, token{exact: f.exact, fold: f.fold, start: sp.start, end: sp.end, punct: punct})
		prevEnd, gap = sp.end, false
	})
	return out
}

// wordScan is what scanWords finds in a text, kept: the words of a
// stored text do not depend on the query, and the re-rank and the
// highlights of every search split the texts of its 100 candidates
// (scanWords was 11% of the CPU of 16 mixed clients, docs/reliability.md).
// Each word's key (its quick fold, or for a word that is not quick the
// fold of its forms) is indexed by a hash, so that a query finds its
// words in the text without visiting the others (walking every word of
// 100 texts was 6% of the CPU of 16 mixed clients).
type wordScan struct {
	spans []span
	keys  []byte   // the keys of the words, one after another
	ends  []int32  // where word i's key ends in keys
	index []uint64 // keyHash(key)<<32 | i, for every word with a key, in order
}

// scanText splits text as scanWords does.
func scanText(text string) *wordScan {
	ws := &wordScan{}
	var buf [64]byte
	scanWords(text, buf[:0], func(sp span, fold []byte, quick bool) {
		i := len(ws.spans)
		ws.spans = append(ws.spans, sp)
		if !quick {
			fold = forms.get([]byte(text[sp.start:sp.end])).fold
		}
		ws.keys = append(ws.keys, fold...)
		ws.ends = append(ws.ends, int32(len(ws.keys)))
		if len(fold) > 0 {
			ws.index = append(ws.index, uint64(keyHash(fold))<<32|uint64(i))
		}
	})
	slices.Sort(ws.index)
	return ws
}

// keyHash is FNV-1a of a word's key.
func keyHash[S string | []byte](k S) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(k); i++ {
		h = (h ^ uint32(k[i])) * 16777619
	}
	return h
}

// key returns word i's key.
func (ws *wordScan) key(i int) []byte {
	start := int32(0)
	if i > 0 {
		start = ws.ends[i-1]
	}
	return ws.keys[start:ws.ends[i]]
}

// tokens is tokensOf over the words of ws: the same tokens, from the
// words whose key is one of the query's folds, found through the index.
// A word matches as in tokensOf: a quick one whose quick fold is a fold
// of the query, or one that is not quick whose forms' fold is, and whose
// forms' fold is not empty.
func (ws *wordScan) tokens(text string, pq parsedQuery) []token {
	var found []int32
	for fold := range pq.folds() {
		if fold == "" {
			continue
		}
		h := uint64(keyHash(fold)) << 32
		j, _ := slices.BinarySearch(ws.index, h)
		for ; j < len(ws.index) && ws.index[j]&^0xFFFFFFFF == h; j++ {
			if i := int(uint32(ws.index[j])); string(ws.key(i)) == fold {
				found = append(found, int32(i))
			}
		}
	}
	slices.Sort(found)
	var out []token
	prev, gap := -1, false
	for _, i32 := range found {
		i := int(i32)
		sp := ws.spans[i]
		f := forms.get([]byte(text[sp.start:sp.end]))
		if len(f.fold) == 0 {
			continue // no match: the gap before the next match covers it
		}
		punct := false
		if i > prev+1 {
			if !gap {
				out = append(out, token{})
			}
		} else if prev >= 0 {
			punct = isBreak(text[ws.spans[prev].end:sp.start])
		}
		out = append(out, token{exact: f.exact, fold: f.fold, start: sp.start, end: sp.end, punct: punct})
		prev, gap = i, false
	}
	if prev < len(ws.spans)-1 && !gap {
		out = append(out, token{})
	}
	return out
}

func (ws *wordScan) size() int64 {
	return int64(cap(ws.spans))*int64(unsafe.Sizeof(span{})) + int64(cap(ws.keys)) + 4*int64(cap(ws.ends)) + 8*int64(cap(ws.index)) + 120
}

// wordFilter tells cheaply that most words are not among a query's: by
// their length and first letter, before the map lookup.
type wordFilter struct {
	lens  uint64
	first [4]uint64
}

func newWordFilter(folds map[string]bool) wordFilter {
	var f wordFilter
	for w := range folds {
		if w != "" {
			f.lens |= 1 << min(len(w), 63)
			f.first[w[0]>>6] |= 1 << (w[0] & 63)
		}
	}
	return f
}

func (f wordFilter) may(w []byte) bool {
	return len(w) > 0 && f.lens&(1<<min(len(w), 63)) != 0 && f.first[w[0]>>6]&(1<<(w[0]&63)) != 0
}

// Rune classes of the tokenizer's rules (appendSpans).
const (
	cWord      = 1 << iota // isWord
	cDigit                 // isDigit
	cMark                  // a combining mark (Mn) at or past U+0300
	cInvisible             // isInvisible
)

// classTable holds the classes of the runes below its size: every rune of
// Vietnamese.
var classTable = func() (t [0x2000]uint8) {
	for r := range rune(len(t)) {
		t[r] = classify(r)
	}
	return t
}()

func classify(r rune) uint8 {
	var c uint8
	if isWord(r) {
		c |= cWord
	}
	if isDigit(r) {
		c |= cDigit
	}
	if isMark(r) {
		c |= cMark
	}
	if r >= 0x80 && isInvisible(r) {
		c |= cInvisible
	}
	return c
}

func classOf(r rune) uint8 {
	if r >= 0 && r < rune(len(classTable)) {
		return classTable[r]
	}
	return classify(r)
}

func decodeString(s string, i int) (rune, int) {
	if i >= len(s) {
		return utf8.RuneError, 0
	}
	if c := s[i]; c < utf8.RuneSelf {
		return rune(c), 1
	}
	return utf8.DecodeRuneInString(s[i:])
}

// wordSpans is appendSpans for a string, with the rune classes looked up
// in a table: the same spans (TestWordSpans), without copying the text
// and without the unicode tables for each letter. appendSpans cannot
// simply call it: the analyzers run while the package's variables are
// initialised (the abbreviations are parsed through them), before
// classTable is filled, since Go does not see a dependency through
// Bleve's Tokenizer interface.
func wordSpans(spans []span, input string) []span {
	var buf [64]byte
	scanWords(input, buf[:0], func(sp span, _ []byte, _ bool) { spans = append(spans, sp) })
	return spans
}

// scanWords calls fn with the span of every word of input, as appendSpans
// splits it, and the word folded as quickFold folds it (in buf, valid
// during the call) if quick. ASCII bytes are classed and folded from
// tables without decoding, and the two- and three-byte letters of
// Vietnamese are decoded in place (nextRune): the re-rank splits the text
// of 100 candidates a search with it.
func scanWords(input string, buf []byte, fn func(sp span, fold []byte, quick bool)) {
	i := 0
	for i < len(input) {
		if b := input[i]; b < utf8.RuneSelf {
			if classTable[b]&cWord == 0 {
				i++
				continue
			}
		} else if r, size := nextRune(input, i); !startsWord(classOf(r)) {
			i += size
			continue
		}
		start := i
		numeric := true
		prevDigit := false
		fold, quick := buf[:0], true
	word:
		for i < len(input) {
			var r rune
			var c uint8
			size := 1
			if b := input[i]; b < utf8.RuneSelf {
				r, c = rune(b), classTable[b]
			} else {
				r, size = nextRune(input, i)
				c = classOf(r)
			}
			switch {
			case c&cWord != 0:
				d := c&cDigit != 0
				if !d && c&cMark == 0 {
					numeric = false
				}
				prevDigit = d
			case (r == '.' || r == ',') && prevDigit:
				if next, _ := decodeString(input, i+size); classOf(next)&cDigit == 0 {
					break word
				}
			case c&cInvisible != 0:
				if next, _ := decodeString(input, i+size); classOf(next)&cWord == 0 {
					break word
				}
			default:
				break word
			}
			if quick {
				if r < utf8.RuneSelf {
					fold = append(fold, asciiFold[r])
				} else if r < rune(len(quickFolds)) && quickFolds[r] != 0 {
					fold = append(fold, quickFolds[r])
				} else {
					quick = false
				}
			}
			i += size
		}
		fn(span{start: start, end: i, numeric: numeric}, fold, quick)
	}
}

// startsWord reports whether a rune of class c may begin a word: a word
// character that is not a combining mark.
func startsWord(c uint8) bool { return c&cWord != 0 && c&cMark == 0 }

// asciiFold is quickFoldRune of ASCII: upper-case letters to lower case.
var asciiFold = func() (t [utf8.RuneSelf]byte) {
	for b := range t {
		t[b], _ = quickFoldRune(rune(b))
	}
	return t
}()

// nextRune decodes the rune of s at i (not ASCII) as
// utf8.DecodeRuneInString does: valid two-byte sequences and three-byte
// ones from U+1000 to U+CFFF (Vietnamese's letters U+1EA0-U+1EF9 among
// them) in place, anything else through the standard library.
func nextRune(s string, i int) (rune, int) {
	b := s[i]
	switch {
	case b >= 0xC2 && b <= 0xDF && i+1 < len(s):
		if c := s[i+1]; c&0xC0 == 0x80 {
			return rune(b&0x1F)<<6 | rune(c&0x3F), 2
		}
	case b >= 0xE1 && b <= 0xEC && i+2 < len(s):
		if c, d := s[i+1], s[i+2]; c&0xC0 == 0x80 && d&0xC0 == 0x80 {
			return rune(b&0x0F)<<12 | rune(c&0x3F)<<6 | rune(d&0x3F), 3
		}
	}
	return utf8.DecodeRuneInString(s[i:])
}

// folds returns the set of the query's folded words.
func (pq parsedQuery) folds() map[string]bool {
	if pq.foldSet != nil {
		return pq.foldSet
	}
	m := map[string]bool{}
	for _, g := range pq.groups {
		for _, a := range g.alts {
			for _, w := range a.words {
				m[w.fold] = true
			}
		}
	}
	return m
}

// quickFolds maps the precomposed letters of Vietnamese (and Latin-1) to
// their folded lower-case ASCII letter; 0 where there is none.
var quickFolds = func() (t [0x1f00]byte) {
	for r := rune(0x80); r < 0x1f00; r++ {
		if !unicode.IsLetter(r) {
			continue
		}
		if f := vntext.FoldRune(unicode.ToLower(r)); 'a' <= f && f <= 'z' {
			t[r] = byte(f)
		}
	}
	return t
}()

// quickFold folds a word of precomposed letters and digits without
// looking it up; false for anything else (NFD, other scripts), which the
// caller analyses the slow way.
func quickFold(raw string, buf []byte) ([]byte, bool) {
	for _, r := range raw {
		b, ok := quickFoldRune(r)
		if !ok {
			return buf, false
		}
		buf = append(buf, b)
	}
	return buf, true
}

// quickFoldRune folds an ASCII letter or digit, or a precomposed letter of
// quickFolds; false for any other rune.
func quickFoldRune(r rune) (byte, bool) {
	switch {
	case r < utf8.RuneSelf:
		b := byte(r)
		if 'A' <= b && b <= 'Z' {
			b += 'a' - 'A'
		}
		return b, true
	case r < 0x1f00 && quickFolds[r] != 0:
		return quickFolds[r], true
	}
	return 0, false
}

// termForms are the exact and folded forms of a word as written; common:
// the folded form is a common syllable, which makes indexed pairs. What
// the index analysis reads of every word (the numbers, the flags, and the
// forms themselves when they are of up to 16 bytes, nearly every word) is
// in the first 64 bytes, and the struct is 192 bytes (a size class of
// 192-byte slots, each at a multiple of 64 bytes): one cache line a word.
// A word's forms of up to 16 bytes (inline) are kept in exactIn and
// foldIn, zero-padded, and exact and fold are slices of them: the
// analysis copies them with one 16-byte move (termSet.addNumberedShort,
// appendPairShort), not by the length, from memory read already; they
// were two allocations elsewhere in memory, which every new term of a
// document (about half its words) and every pair read.
type termForms struct {
	exactID, foldID uint32 // termIDs of exact and fold; 0: none
	commonID        uint32 // fold's place among commonSyllables + 1; 0: not common
	codeState       uint32 // exactCode's hash after exact and the space, for the pairs it starts
	common          bool
	marked          bool  // exact is not fold: a pair of it has a code (appendPairVariant)
	exactASCII      bool  // exact is ASCII: not in the exact forms' field
	empty           bool  // no exact form: not a word of the index
	inline          bool  // exact and fold are of up to 16 bytes, in exactIn and foldIn
	exactLen        uint8 // len(exact) when inline
	foldLen         uint8 // len(fold) when inline
	_               byte
	exactIn, foldIn [16]byte // exact and fold when inline, zero-padded
	foldHash        uint64   // termHash of fold

	exactHash   uint64 // termHash of exact
	exact, fold []byte
	raw         []byte // the word as written (the cache's key)
	_           [48]byte
}

// setInline keeps f's exact and fold in f when both are of up to 16
// bytes (the slices then are of f's arrays).
func (f *termForms) setInline() {
	if len(f.exact) > 16 || len(f.fold) > 16 {
		return
	}
	f.inline = true
	f.exactLen, f.foldLen = uint8(len(f.exact)), uint8(len(f.fold))
	copy(f.exactIn[:], f.exact)
	copy(f.foldIn[:], f.fold)
	f.exact = f.exactIn[:f.exactLen:f.exactLen]
	f.fold = f.foldIn[:f.foldLen:f.foldLen]
}

// formsCache maps words as written to their forms. Reads take no lock:
// they look in a map that is never changed once published (snap); a word
// not there is looked up, or added, under the lock in the map of the
// words since (dirty), which is published with the snapshot's words once
// it holds an eighth as many (the vocabulary settles early in an import,
// so nearly every read is of the snapshot). A read-write lock's shared
// counter was about a sixth of the look-ups' CPU with two goroutines
// indexing. A word is analysed outside the lock; once the cache holds
// maxCachedTerms words, what is waiting is published and a word not in
// it is analysed without taking the lock at all (full), so that a
// long-running server's rare words (numbers, codes) do not make indexing
// and searches take turns on it.
type formsCache struct {
	snap  atomic.Pointer[formsTable]
	full  atomic.Bool
	mu    sync.Mutex
	dirty map[string]*termForms
}

var forms formsCache

func (c *formsCache) get(raw []byte) *termForms {
	if t := c.snap.Load(); t != nil {
		if f := t.get(raw); f != nil {
			return f
		}
	}
	return c.miss(raw)
}

// getIn is get of the word text[start:end], its key read in place.
func (c *formsCache) getIn(text string, start, end int) *termForms {
	raw := unsafe.Slice(unsafe.StringData(text[start:]), end-start)
	if t := c.snap.Load(); t != nil {
		k0, k1 := wordKeyIn(text, start, end)
		if f := t.find(k0, k1, raw); f != nil {
			return f
		}
	}
	return c.miss(raw)
}

// miss returns the forms of a word not in the snapshot when looked up.
func (c *formsCache) miss(raw []byte) *termForms {
	if c.full.Load() {
		return analyseForms(raw, false)
	}
	c.mu.Lock()
	f, ok := c.dirty[string(raw)]
	c.mu.Unlock()
	if ok {
		return f
	}
	f = analyseForms(raw, true)
	c.mu.Lock()
	defer c.mu.Unlock()
	// added or published while this analysed: one set of forms a word
	if g, ok := c.dirty[string(raw)]; ok {
		return g
	}
	snap := c.snap.Load()
	if snap != nil {
		if g := snap.get(raw); g != nil {
			return g
		}
	}
	n := len(c.dirty)
	if snap != nil {
		n += snap.len()
	}
	if n >= maxCachedTerms {
		if len(c.dirty) > 0 {
			c.publish(snap, n)
		}
		c.full.Store(true)
		return f
	}
	if c.dirty == nil {
		c.dirty = make(map[string]*termForms)
	}
	c.dirty[string(raw)] = f
	if snap == nil || len(c.dirty) >= max(64, snap.len()/8) {
		c.publish(snap, n+1)
	}
	return f
}

// publish makes the snapshot's words and those waiting one new snapshot,
// of n words; c.mu is held.
func (c *formsCache) publish(snap *formsTable, n int) {
	all := make([]*termForms, 0, n)
	if snap != nil {
		all = append(all, snap.forms...)
	}
	for _, f := range c.dirty {
		all = append(all, f)
	}
	c.snap.Store(newFormsTable(all))
	c.dirty = nil
}

// analyseForms analyses a word as written into its forms; number: give
// the forms their term numbers (termIDs), which a word analysed once the
// cache is full goes without.
func analyseForms(raw []byte, number bool) *termForms {
	// the analysis changes the bytes it is given (lower case)
	toks := exactAnalyzer.Analyze(append([]byte(nil), raw...))
	f := &termForms{raw: append([]byte(nil), raw...)}
	f.empty = len(toks) == 0 || len(toks[0].Term) == 0
	if len(toks) > 0 {
		f.exact = toks[0].Term
		f.fold = f.exact
		if !isASCII(f.exact) {
			f.fold = foldFilter.cache.get(f.exact)
		}
		f.common = commonSyllables[string(f.fold)]
		f.commonID = commonIDs[string(f.fold)]
		f.exactHash, f.foldHash = termHash(f.exact), termHash(f.fold)
		f.marked = string(f.exact) != string(f.fold)
		f.exactASCII = isASCII(f.exact)
		f.codeState = exactCodeState(f.exact)
		if number {
			f.exactID, f.foldID = termIDs.number(f.exact), termIDs.number(f.fold)
		}
		f.setInline()
	}
	return f
}

// termNumbers gives each distinct term of the forms cache (a word's exact
// or folded form) a number, once, when its word is first analysed: the
// zapx fork's segment building finds a term's postings list by its number
// in a slice (countedField.CountedTermIDs) instead of looking its bytes up
// in a map for every document. Only words the forms cache takes are
// numbered, so the numbers are at most twice maxCachedTerms.
type termNumbers struct {
	mu sync.RWMutex
	m  map[string]uint32
}

var termIDs = termNumbers{m: make(map[string]uint32)}

// number returns term's number, which it is given if it has none.
func (n *termNumbers) number(term []byte) uint32 {
	n.mu.RLock()
	id, ok := n.m[string(term)]
	n.mu.RUnlock()
	if ok {
		return id
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	if id, ok := n.m[string(term)]; ok {
		return id
	}
	id = uint32(len(n.m) + 1)
	n.m[string(term)] = id
	return id
}

// lookup returns term's number, 0 if it has none.
func (n *termNumbers) lookup(term []byte) uint32 {
	n.mu.RLock()
	id := n.m[string(term)]
	n.mu.RUnlock()
	return id
}

// matchAt reports whether alternative a matches the document words at i,
// and if so how many of its words carry the query's diacritics.
func matchAt(a alt, doc []token, i int, accented bool) (ok bool, marked int) {
	if a.loose || i+len(a.words) > len(doc) {
		return false, 0
	}
	for k, w := range a.words {
		d := doc[i+k]
		if a.abbrev && w.exact != w.fold {
			if string(d.exact) != w.exact {
				return false, 0
			}
		} else if string(d.fold) != w.fold {
			return false, 0
		}
		if a.abbrev || !accented || string(d.exact) == w.exact {
			marked++
		}
	}
	return true, marked
}

// run is a match of consecutive query groups by adjacent words.
type run struct{ cover, marked, punct int }

// better: longer, then more words as the query writes them, then fewer
// punctuation marks inside.
func (r run) better(o run) bool {
	if r.cover != o.cover {
		return r.cover > o.cover
	}
	if r.marked != o.marked {
		return r.marked > o.marked
	}
	return r.punct < o.punct
}

// bestRun finds the best run of consecutive query groups matched in order
// by adjacent document words, counted in query words.
func bestRun(pq parsedQuery, doc []token) run {
	var best run
	ng := len(pq.groups)
	if ng == 0 || len(doc) == 0 {
		return best
	}
	// next[i] is the best run starting with group g+1 at word i.
	next := make([]run, len(doc)+1)
	cur := make([]run, len(doc)+1)
	for g := ng - 1; g >= 0; g-- {
		for i := range doc {
			cur[i] = runAt(pq, g, doc, i, next)
			if cur[i].better(best) {
				best = cur[i]
			}
		}
		cur[len(doc)] = run{}
		next, cur = cur, next
	}
	return best
}

// runAt is the best run that starts with group g at word i, given the
// best runs of group g+1 (next).
func runAt(pq parsedQuery, g int, doc []token, i int, next []run) run {
	var here run
	for _, a := range pq.groups[g].alts {
		ok, mk := matchAt(a, doc, i, pq.accented)
		if !ok {
			continue
		}
		r := run{cover: pq.groups[g].n, marked: mk}
		for k := 1; k < len(a.words); k++ {
			if doc[i+k].punct {
				r.punct++
			}
		}
		if j := i + len(a.words); g+1 < len(pq.groups) && next[j].cover > 0 {
			r.cover += next[j].cover
			r.marked += next[j].marked
			r.punct += next[j].punct
			if doc[j].punct {
				r.punct++
			}
		}
		if r.better(here) {
			here = r
		}
	}
	return here
}

// span is a matched stretch of text.
type matchSpan struct{ start, end int }

// matchSpans returns the byte spans of the words matched by some
// alternative of some group, in order and without overlaps.
func matchSpans(pq parsedQuery, doc []token) []matchSpan {
	var spans []matchSpan
	for i := 0; i < len(doc); {
		longest := longestMatch(pq, doc, i)
		if longest == 0 {
			i++
			continue
		}
		spans = append(spans, matchSpan{start: doc[i].start, end: doc[i+longest-1].end})
		i += longest
	}
	return spans
}

// longestMatch is how many words from i the longest matching alternative
// covers; 0 if none matches there.
func longestMatch(pq parsedQuery, doc []token, i int) int {
	longest := 0
	for _, g := range pq.groups {
		for _, a := range g.alts {
			if a.loose {
				for _, w := range a.words {
					if string(doc[i].fold) == w.fold && longest == 0 {
						longest = 1
					}
				}
				continue
			}
			if ok, _ := matchAt(a, doc, i, false); ok && len(a.words) > longest {
				longest = len(a.words)
			}
		}
	}
	return longest
}
