package ingest

import (
	"runtime"
	"sync"
	"unicode"
	"unicode/utf8"
	"unsafe"
)

// wordCache remembers, for each word the tokenizer has read (keyed by its
// bytes), the token word made of it: its folded key, its length in runes,
// its vocab id and its flags, and the facts the rules ask of it
// (wordFacts). A word read again (most tokens: news text repeats a few
// thousand syllables) is then found by one hash of its bytes instead of
// being decoded, classified, folded and looked up in the vocabulary rune by
// rune. The cache is a pure memo of word: an entry is stored only from
// word's own result, and used only where word would read exactly the same
// bytes (scanWord), so a token is the same with or without it
// (TestWordCacheAgrees).
//
// It is two-way set-associative (a new word takes the first slot of its
// pair and moves the word there to the second, evicting the one in the
// second), 32 bytes a slot so that a pair is one cache line, and keeps the
// folded keys in an arena of its own (keys), never written twice: when it
// is full, the keys of the words still in the cache move to a new one.
type wordCache struct {
	slots [wordCacheSize]wordEntry
	keys  []byte // the keys of the slots, back to back; never written twice
}

const (
	wordCacheSize = 1 << 14 // slots: 512 KiB
	wordKeysSize  = 1 << 18 // bytes of an arena of keys: twice what 16,384 keys of 8 bytes take
)

// wordEntry is one slot of wordCache; n == 0: empty.
type wordEntry struct {
	w0, w1  uint64 // the word's bytes, packed (packKey)
	id      int32  // token.id
	koff    uint32 // where its key starts in the cache's keys, when not the text
	n       uint8  // its length in bytes, 1 to 16
	runes   uint8  // its length in runes
	klen    uint8  // its key's length in bytes
	flags   uint8
	facts   uint8 // token.facts
	surname uint8 // token.surname
	vt      uint8 // what vntext.WordFacts says of its bytes (extract_hash.go)
	spell   uint8 // token.spell
}

// wordEntry flags: token fields, and whether the key is the text.
const (
	wfNumber = 1 << iota
	wfUpper
	wfAcronym
	wfLetters
	wfSame
)

// scratches are the scratch memories, each with its word cache, that no
// Extract is using: kept here, not in a sync.Pool, which drops what it
// holds at a collection (and with it the cache's words and the token
// buffers grown to the longest field).
var scratches struct {
	sync.Mutex
	free []*scratch
}

// takeScratch is the scratch memory of one Extract call, given back by
// giveScratch.
func takeScratch() *scratch {
	scratches.Lock()
	defer scratches.Unlock()
	if n := len(scratches.free); n > 0 {
		sc := scratches.free[n-1]
		scratches.free = scratches.free[:n-1]
		return sc
	}
	return &scratch{words: new(wordCache)}
}

// maxFreeScratches bounds the scratch memories kept between calls (each
// about 768 KiB with its word cache): a burst of concurrent Extract calls
// (ingestArticle under load) leaves no more than this many behind.
var maxFreeScratches = 2 * runtime.GOMAXPROCS(0)

// maxKeptTokens bounds the token buffer a kept scratch holds on to (80
// bytes a token: 5 MiB); one huge article's buffers are not kept for the
// life of the process.
const maxKeptTokens = 1 << 16

func giveScratch(sc *scratch) {
	if cap(sc.toks) > maxKeptTokens {
		sc.toks, sc.sents, sc.kb, sc.pend, sc.later, sc.used, sc.paras = nil, nil, nil, nil, nil, nil, nil
	}
	scratches.Lock()
	defer scratches.Unlock()
	if len(scratches.free) < maxFreeScratches {
		scratches.free = append(scratches.free, sc)
	}
}

// cachedWord adds the word that starts with first at the current position,
// from the cache when it holds the word's bytes, else by word (and then
// stores what word made).
func (z *tokenizer) cachedWord(first rune) {
	if z.wc == nil {
		z.word(first)
		return
	}
	s, bi := z.s, z.bi
	j, ok := scanWord(s, bi)
	n := j - bi
	if !ok || n > 16 {
		z.later = append(z.later, int32(len(z.toks)))
		z.word(first) // its facts once its key is set (setFacts)
		return
	}
	w := s[bi:j]
	w0, w1 := packKey(w)
	set := keyHash(w0, w1, n) & (wordCacheSize - 2)
	e := &z.wc.slots[set]
	if int(e.n) != n || e.w0 != w0 || e.w1 != w1 {
		e = &z.wc.slots[set+1]
	}
	if int(e.n) == n && e.w0 == w0 && e.w1 == w1 {
		key := w
		if e.flags&wfSame == 0 {
			key = unsafe.String(&z.wc.keys[e.koff], int(e.klen))
		}
		kind := tokWord
		if e.flags&wfNumber != 0 {
			kind = tokNumber
		}
		rj := z.ri + int(e.runes)
		if e.facts&fNoGlue == 0 {
			z.later = append(z.later, int32(len(z.toks)))
		}
		z.toks = append(z.toks, token{text: w, key: key, start: z.ri, end: rj, bs: bi, be: j, id: e.id, starts: startsOf(e.id), kind: kind,
			upper: e.flags&wfUpper != 0, acronym: e.flags&wfAcronym != 0, letters: e.flags&wfLetters != 0, nl: z.nl,
			facts: e.facts, surname: e.surname, spell: e.spell})
		z.nl = false
		z.bi, z.ri = j, rj
		if z.hash {
			z.hashTok(bi, j, e.vt)
		}
		return
	}
	nt, np := len(z.toks), len(z.pend)
	z.word(first)
	t := &z.toks[nt]
	if z.bi != j || len(z.toks) != nt+1 || t.text != w || t.end-t.start > 255 {
		z.later = append(z.later, int32(nt))
		return // scanWord and word disagree: nothing to remember (TestScanWordAgrees says they do not)
	}
	var flags uint8
	if t.kind == tokNumber {
		flags |= wfNumber
	}
	if t.upper {
		flags |= wfUpper
	}
	if t.acronym {
		flags |= wfAcronym
	}
	if t.letters {
		flags |= wfLetters
	}
	var koff, klen int
	if len(z.pend) == np {
		flags |= wfSame
	} else {
		// The key into the arena, and out of the tokenizer's buffer.
		p := z.pend[np]
		klen = p.to - p.from
		c := z.wc
		if len(c.keys)+klen > cap(c.keys) {
			c.compact()
		}
		koff = len(c.keys)
		c.keys = append(c.keys, z.kb[p.from:p.to]...)
		t.key = unsafe.String(&c.keys[koff], klen)
		z.kb, z.pend = z.kb[:p.from], z.pend[:np]
	}
	t.facts, t.surname = wordFacts(t)
	t.spell = spellOf(t)
	if t.facts&fNoGlue == 0 {
		z.later = append(z.later, int32(nt))
	}
	first2 := &z.wc.slots[set]
	z.wc.slots[set+1] = *first2
	*first2 = wordEntry{w0: w0, w1: w1, id: t.id, koff: uint32(koff), n: uint8(n), runes: uint8(t.end - t.start), klen: uint8(klen),
		flags: flags, facts: t.facts, surname: t.surname, vt: textFacts(w), spell: t.spell}
}

// compact moves the keys of the words in the cache to a new arena, leaving
// out those of the words evicted: the old arena stays as it is for the
// tokens that hold its keys.
func (c *wordCache) compact() {
	keys := make([]byte, 0, wordKeysSize)
	for i := range c.slots {
		e := &c.slots[i]
		if e.n == 0 || e.flags&wfSame != 0 {
			continue
		}
		off := len(keys)
		keys = append(keys, c.keys[e.koff:e.koff+uint32(e.klen)]...)
		e.koff = uint32(off)
	}
	c.keys = keys
}

// setFacts works out the facts of the tokens the cache did not give
// theirs (all in z.later), once their keys are set.
func (z *tokenizer) setFacts() {
	for _, i := range z.later {
		if t := &z.toks[i]; t.facts == 0 {
			t.facts, t.surname = wordFacts(t)
		}
	}
}

// token.facts bits: fKnown, that the others are set; the word is a
// syllable (isSyllable of its key), names a private body (private), may
// start a list (isListWord), is no word the source glued (glueSplit finds
// no split), is "là" or "gồm" folded, is a colon.
const (
	fKnown = 1 << iota
	fSyllable
	fPrivate
	fListWord
	fNoGlue
	fLa
	fGom
	fColon
)

// wordFacts works out token.facts and token.surname for t, from its
// text and key alone.
func wordFacts(t *token) (facts, surname uint8) {
	if t.kind == tokPunct {
		r, _ := utf8.DecodeRuneInString(t.text)
		return punctFacts(r), 0
	}
	r := surnameRankOf(t)
	if r >= 254 {
		return 0, 0 // does not fit: ask surnameRankOf each time
	}
	f := uint8(fKnown)
	if isSyllable(t.key) {
		f |= fSyllable
	}
	if _, ok := private[t.key]; ok {
		f |= fPrivate
	}
	if isListWord(t.key) {
		f |= fListWord
	}
	switch t.key {
	case "la":
		f |= fLa
	case "gom":
		f |= fGom
	}
	if glueSplit(t) < 0 {
		f |= fNoGlue
	}
	return f, uint8(r + 1)
}

// punctFacts is wordFacts of a punctuation mark r: no syllable, no
// family name, no private body, no list word (TestWordFacts).
func punctFacts(r rune) uint8 {
	if r == ':' {
		return fKnown | fNoGlue | fColon
	}
	return fKnown | fNoGlue
}

// syllable is isSyllable(t.key).
func (t *token) syllable() bool {
	if t.facts&fKnown != 0 {
		return t.facts&fSyllable != 0
	}
	return isSyllable(t.key)
}

// isPrivate reports whether private has t's key.
func (t *token) isPrivate() bool {
	if t.facts&fKnown != 0 {
		return t.facts&fPrivate != 0
	}
	_, ok := private[t.key]
	return ok
}

// listWord is isListWord(t.key).
func (t *token) listWord() bool {
	if t.facts&fKnown != 0 {
		return t.facts&fListWord != 0
	}
	return isListWord(t.key)
}

// scanWord finds where word, called at byte i of s, ends the word it reads
// there, when that is sure from the word's own bytes and the rune after
// it: every rune before is a word rune below U+2000 (a letter, a digit or
// a combining mark, classified by runeTable as word classifies them), and
// the rune after it is no word rune and can join nothing ("/", "-", "–",
// and "." or "," after a digit may). ok is false when word must decide
// (invalid UTF-8, runes at or above U+2000 in the word, a joiner after it).
func scanWord(s string, i int) (end int, ok bool) {
	var last uint8 // the class of the last rune
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			cl := runeTable[c].class
			if cl&clWord != 0 {
				last = cl
				i++
				continue
			}
			switch c {
			case '/', '-':
				return 0, false
			case '.', ',':
				if last&clDigit != 0 {
					return 0, false
				}
			}
			return i, true
		}
		var r rune
		size := 0
		switch {
		case c >= 0xC2 && c < 0xE0:
			if i+1 >= len(s) || s[i+1]&0xC0 != 0x80 {
				return 0, false
			}
			r, size = rune(c&0x1F)<<6|rune(s[i+1]&0x3F), 2
		case c == 0xE1:
			if i+2 >= len(s) || s[i+1]&0xC0 != 0x80 || s[i+2]&0xC0 != 0x80 {
				return 0, false
			}
			r, size = rune(c&0x0F)<<12|rune(s[i+1]&0x3F)<<6|rune(s[i+2]&0x3F), 3
		case c == 0xE2:
			// U+2000-U+2FFF: punctuation mostly. word stops at it unless it
			// is a letter, a digit, a mark or the dash it joins with.
			r, _ := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError || r == '–' || unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) {
				return 0, false
			}
			return i, true
		default:
			return 0, false
		}
		if cl := runeTable[r].class; cl&clWord != 0 || r >= 0x300 && r < 0x370 {
			last = cl
			i += size
			continue
		}
		return i, true // a rune below U+2000 that is no word rune and no joiner
	}
	return i, true
}
