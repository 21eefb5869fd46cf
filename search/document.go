package search

import (
	_ "embed"
	"fmt"
	"hash/maphash"
	"math/bits"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"github.com/blevesearch/bleve/v2/document"
	index "github.com/blevesearch/bleve_index_api"

	"tracuu/models"
	"tracuu/vntext"
)

// Doc is one thing to index. ID is "Type:dbid", e.g. "Article:12".
type Doc struct {
	ID, Type          string   // Type: Article, Organisation, Person, Resolution, Report
	Title, Lead, Body string   // Title for entities is their name; Body their summary
	Captions          []string // an article's photo captions
	Names             []string
	Source, Section   string
	Authors           []string
	PublishedAt       time.Time
	Mentions          []string // ids of mentioned entities: "Person:3"
}

// Fields of the index. The text is analysed once, by Go code here rather
// than by Bleve's analysis, into the terms of five inverted fields; the
// text itself is stored for highlights. No field keeps term vectors:
// phrases are answered from syllable pairs where both syllables are
// common, and from their words and the stored text elsewhere (pairIndexed).
const (
	// Stored text, not indexed.
	fTitle    = "title"
	fLead     = "lead"
	fBody     = "body"
	fCaptions = "captions"
	fNames    = "names"

	fWords     = "w"  // folded syllables of all the text (BM25: frequencies and norms)
	fHeadWords = "hw" // folded syllables of title, lead and names
	fPairs     = "p"  // pairs of adjacent common syllables of all the text (pairIndexed), one variant each (appendPairVariant)
	fHeadPairs = "hp" // the same, of title, lead and names
	fExact     = "x"  // syllables as written (NFC, lower case), those with diacritics; membership only
	fSuggest   = "nm" // folded syllables of an entity's name and aliases, for Suggest

	// Keywords: membership only.
	fType    = "type"
	fSource  = "source"
	fSection = "section"
	fPeople  = "people"
	fOrgs    = "organisations"
	fRes     = "resolutions"
	fYear    = "year"
	fMonth   = "month" // "2020-06" in Vietnam's time: date sorts and ranges
	fDay     = "day"   // "2020-06-29" in Vietnam's time, or noDay
	// Doc values.
	fEntities = "entities" // "people\x1fPerson:3", … : one doc value read per hit for the entity facets
	fTS       = "ts"       // publication time, for the date sorts
)

// noDay is the day and month of a document without a publication date;
// it sorts after every date.
const noDay = "none"

// facetSep separates a facet's field from its value in fEntities.
const facetSep = "\x1f"

var storedFields = []string{fTitle, fLead, fBody, fCaptions, fNames}

const (
	keywordOptions = index.IndexField | index.SkipFreqNorm
	textOptions    = index.IndexField
	storeOptions   = index.StoreField
	// Zap builds doc values from the postings: the field is indexed too.
	docValueOptions = index.IndexField | index.SkipFreqNorm | index.DocValues
)

// document turns d into the Bleve document the index stores; coded: the
// scored fields' lengths as one byte each (lengthCode, index format 4),
// else exact (an index of an older format, until it is rebuilt).
//
// lists, when not nil, gives the term sets their lists (applyBatch's,
// reused once Bleve has built the batch's segment); nil: the heap.
func (d *Doc) document(coded bool, lists *termLists) (*document.Document, error) {
	if d.ID == "" {
		return nil, fmt.Errorf("search: document without id")
	}
	typ := d.Type
	if typ == "" {
		typ = docType(d.ID)
	}
	doc := document.NewDocument(d.ID)
	for _, f := range []struct {
		name  string
		value string
	}{{fTitle, d.Title}, {fLead, d.Lead}, {fBody, d.Body}} {
		if f.value != "" {
			doc.AddField(document.NewTextFieldWithIndexingOptions(f.name, nil, stringBytes(f.value), storeOptions))
		}
	}
	for i, n := range d.Names {
		doc.AddField(document.NewTextFieldWithIndexingOptions(fNames, []uint64{uint64(i)}, stringBytes(n), storeOptions))
	}
	for i, c := range d.Captions {
		doc.AddField(document.NewTextFieldWithIndexingOptions(fCaptions, []uint64{uint64(i)}, stringBytes(c), storeOptions))
	}

	t := terms{lists: lists}
	head := append([]string{d.Title, d.Lead}, d.Names...)
	headSize, size := 0, len(d.Body)
	for _, text := range head {
		headSize += len(text)
	}
	for _, c := range d.Captions {
		size += len(c)
	}
	t.reserve(size+headSize, headSize)
	for _, text := range head {
		t.add(text, true)
	}
	t.add(d.Body, false)
	for _, c := range d.Captions {
		t.add(c, false)
	}
	t.addTo(doc, coded)
	t.release()
	if typ != models.TypeArticle {
		var s terms
		for _, text := range append([]string{d.Title}, d.Names...) {
			s.add(text, true)
		}
		addTerms(doc, fSuggest, textOptions, &s.headWords, s.nHead, true)
		s.release() // the tables back to the pool for the next document
	}

	// A keyword is one term, counted as Bleve counts the one token of a
	// field without an analyser (frequency 0: SkipFreqNorm; length 1),
	// without the field's analysis and map of terms.
	keyword := func(name, v string, opts index.FieldIndexingOptions) {
		doc.AddField(&countedField{name: name, opts: opts, bytes: stringBytes(v), ends: []uint32{uint32(len(v))},
			freqs: []uint32{0}, length: 1, plain: uint64(len(v))})
	}
	keyword(fType, typ, keywordOptions)
	if d.Source != "" {
		keyword(fSource, d.Source, keywordOptions)
	}
	if d.Section != "" {
		keyword(fSection, d.Section, keywordOptions)
	}
	for _, m := range d.Mentions {
		if f := mentionField(m); f != "" {
			keyword(f, m, keywordOptions)
			keyword(fEntities, f+facetSep+m, docValueOptions)
		}
	}
	day, month, ts := noDay, noDay, "0"
	if !d.PublishedAt.IsZero() {
		local := d.PublishedAt.In(vntext.Vietnam)
		keyword(fYear, strconv.Itoa(local.Year()), keywordOptions)
		day = local.Format(time.DateOnly)
		month = day[:7]
		ts = strconv.FormatInt(d.PublishedAt.Unix(), 10)
	}
	keyword(fDay, day, keywordOptions)
	keyword(fMonth, month, keywordOptions)
	keyword(fTS, ts, docValueOptions)
	return doc, nil
}

// stringBytes is s's bytes, not copied, for a field's value that is only
// read: the segment writer copies a stored field's bytes (compressed) and
// a keyword's into the segment; copying the text first was 0.5 s of the
// index role at 100,000 articles. The bytes must not be changed.
func stringBytes(s string) []byte {
	return unsafe.Slice(unsafe.StringData(s), len(s))
}

// mentionField is the filter field of a mentioned entity's id.
func mentionField(id string) string {
	switch docType(id) {
	case models.TypePerson:
		return fPeople
	case models.TypeOrganisation:
		return fOrgs
	case models.TypeResolution:
		return fRes
	}
	return ""
}

// docType returns the type of a document id ("Person:3" is a Person).
func docType(id string) string {
	ref, _ := models.ParseRef(id)
	return ref.Type
}

// terms collects the index terms of a document's text in one pass over
// its words, counted as Bleve's segments take them.
type terms struct {
	words, headWords, pairs, headPairs, exact termSet
	nWords, nHead, nPairs, nHeadPairs         int
	seen                                      pairsSeen
	idt                                       *idTable   // taken by add, given back by release
	lists                                     *termLists // where reserve takes the sets' lists; nil: the heap
}

// add analyses text into words and pairs; head text counts for the head
// fields too.
func (t *terms) add(text string, head bool) {
	if text == "" {
		return
	}
	if t.idt == nil {
		t.idt = getIDTable()
	}
	// the words' forms first, then the counting: a word's look-up does
	// not wait for the previous word's counting, so the processor
	// overlaps the look-ups' cache misses
	words := t.idt.words[:0]
	for i := 0; ; {
		start, end := nextWord(text, i)
		if start == end {
			break
		}
		i = end
		words = append(words, wordAt{forms.getIn(text, start, end), int32(start), int32(end)})
	}
	t.idt.words = words
	var prev *termForms
	var pair []byte
	prevEnd := 0
	for _, w := range words {
		f, start, end := w.f, int(w.start), int(w.end)
		if f.empty {
			continue
		}
		t.countWord(f, head)
		if prev != nil && prev.common && f.common {
			brk := isBreak(text[prevEnd:start])
			t.nPairs++
			if head {
				t.nHeadPairs++
			}
			// the variant's number: its folded syllables, separator and
			// code, without its bytes; the variant's bytes are built
			// only when it is new to the document
			vid := pairVariantID(prev, f, brk)
			e := t.seen.get(vid)
			if e.pair == 0 || head && e.head == 0 {
				key := uint32(vid >> 16)
				if prev.inline && f.inline && inlineForms {
					if e.pair == 0 {
						e.pair = t.pairs.appendPairShort(prev, f, brk, vid, key)
					}
					if head && e.head == 0 {
						e.head = t.headPairs.appendPairShort(prev, f, brk, vid, key)
					}
				} else {
					pair = appendPairOf(pair[:0], prev, f, brk, vid)
					if e.pair == 0 {
						e.pair = t.pairs.appendNew(pair, key)
					}
					if head && e.head == 0 {
						e.head = t.headPairs.appendNew(pair, key)
					}
				}
			}
			t.pairs.freqs[e.pair-1]++
			if head {
				t.headPairs.freqs[e.head-1]++
			}
		}
		prev, prevEnd = f, end
	}
}

// countWord counts the word of forms f in the words' and exact forms'
// sets (and the head words' if head). A word's forms numbered
// (termIDs) are found in the sets by their numbers (idTable); a word
// analysed once the forms cache was full has none, and its forms are
// found by their bytes (termSet.countID), which also finds a numbered
// form counted before.
func (t *terms) countWord(f *termForms, head bool) {
	t.nWords++
	if head {
		t.nHead++
	}
	if t.idt == nil {
		t.idt = getIDTable()
	}
	if id := f.foldID; id != 0 {
		s := t.idt.slot(id)
		if s.word == 0 {
			s.word = t.words.addFold(f, id)
		}
		t.words.freqs[s.word-1]++
		if head {
			if s.head == 0 {
				s.head = t.headWords.addFold(f, id)
			}
			t.headWords.freqs[s.head-1]++
		}
	} else {
		t.words.countID(f.fold, f.foldHash, 0, true)
		if head {
			t.headWords.countID(f.fold, f.foldHash, 0, true)
		}
	}
	if !f.exactASCII {
		if id := f.exactID; id != 0 {
			if s := t.idt.slot(id); s.exact == 0 {
				s.exact = t.exact.addExact(f, id)
			}
		} else {
			t.exact.countID(f.exact, f.exactHash, 0, false)
		}
	}
}

// nextWord returns the span of the first word of text at or after i, as
// appendSpans splits it (TestNextWord); start == end when there is none.
// ASCII bytes are classed from a table and the two- and three-byte
// letters of Vietnamese decoded in place, as scanWords does: appendSpans
// decoded every rune and asked the unicode tables of most (a quarter of
// the analysis). The analysis runs after the package's variables are
// initialised, so classTable is filled.
func nextWord(text string, i int) (start, end int) {
	for i < len(text) {
		if b := text[i]; b < utf8.RuneSelf {
			if classTable[b]&cWord != 0 {
				break
			}
			i++
			continue
		}
		r, size := nextRune(text, i)
		if startsWord(classOf(r)) {
			break
		}
		i += size
	}
	if i >= len(text) {
		return len(text), len(text)
	}
	start = i
	prevDigit := false
	for i < len(text) {
		b := text[i]
		if b < utf8.RuneSelf {
			c := classTable[b]
			if c&cWord != 0 {
				prevDigit = c&cDigit != 0
				i++
				continue
			}
			if (b == '.' || b == ',') && prevDigit {
				if next, _ := decodeString(text, i+1); classOf(next)&cDigit != 0 {
					i++
					continue
				}
			}
			break
		}
		r, size := nextRune(text, i)
		c := classOf(r)
		switch {
		case c&cWord != 0:
			prevDigit = c&cDigit != 0
		case c&cInvisible != 0:
			if next, _ := decodeString(text, i+size); classOf(next)&cWord == 0 {
				return start, i
			}
		default:
			return start, i
		}
		i += size
	}
	return start, i
}

// idTable finds the terms of the document being analysed by their numbers
// (termIDs, a word's exact and folded forms): slot id is where term id is
// in the words', head words' and exact forms' sets, valid when its epoch
// is the table's, which moves on with each document (no clearing). A
// word counted so costs one slot of a slice and no hash, table probe or
// comparison of its bytes (termSet.countID was a fifth of the analysis).
// The numbers are at most twice maxCachedTerms and given to the words in
// the order they are first seen, so the frequent words' slots are
// together at the start.
type idTable struct {
	epoch uint32
	slots []idSlot
	words []wordAt // a text's words (terms.add)
}

// wordAt is a word of a text: its forms, where it is.
type wordAt struct {
	f          *termForms
	start, end int32
}

// idSlot is where a numbered term is in a document's sets: its index + 1
// in words, headWords and exact (0: not there yet).
type idSlot struct {
	epoch             uint32
	word, head, exact int32
}

// idTables keeps a few tables for the next documents (a sync.Pool lets
// the collector take them at every other cycle, and a table is a few MB
// once the vocabulary has grown).
var idTables struct {
	mu   sync.Mutex
	free []*idTable
}

// getIDTable returns a table for a new document.
func getIDTable() *idTable {
	idTables.mu.Lock()
	var t *idTable
	if n := len(idTables.free); n > 0 {
		t = idTables.free[n-1]
		idTables.free = idTables.free[:n-1]
	}
	idTables.mu.Unlock()
	if t == nil {
		t = &idTable{}
	}
	t.epoch++
	if t.epoch == 0 {
		clear(t.slots)
		t.epoch = 1
	}
	return t
}

func putIDTable(t *idTable) {
	idTables.mu.Lock()
	if len(idTables.free) < 4 {
		idTables.free = append(idTables.free, t)
	}
	idTables.mu.Unlock()
}

// slot returns term id's slot for the document, emptied if it was
// another's.
func (t *idTable) slot(id uint32) *idSlot {
	if int(id) >= len(t.slots) {
		t.grow(id)
	}
	s := &t.slots[id]
	if s.epoch != t.epoch {
		*s = idSlot{epoch: t.epoch}
	}
	return s
}

func (t *idTable) grow(id uint32) {
	n := max(int(id)+1, 2*len(t.slots), 1<<12)
	slots := make([]idSlot, n)
	copy(slots, t.slots)
	t.slots = slots
}

// pairVariantID is the number of the variant of the pair a b (both
// common syllables from the forms cache; brk: punctuation or a line break
// between them), one number a variant's bytes (appendPairVariant), none
// of the bytes built: its key, then its code (0 without one), as 48 bits.
// The key (the term's number in the pairs' sets, CountedTermIDs) is
// k+1 from the syllables' places among the common ones and the
// separator, k below 2·500²; a variant with a code is 1<<31 | k+1, which
// the segment writer completes with the term's last two bytes, the code
// (zapx's termNumberer).
func pairVariantID(a, b *termForms, brk bool) uint64 {
	n := uint32(len(commonIDs))
	k := ((a.commonID-1)*n+b.commonID-1)*2 + 1
	if brk {
		k++
	}
	if !a.marked && !b.marked {
		return uint64(k) << 16
	}
	h := a.codeState
	exact := b.exact
	if b.inline {
		exact = b.exactIn[:b.exactLen]
	}
	for _, c := range exact {
		h = (h ^ uint32(c)) * 16777619
	}
	return uint64(1<<31|k)<<16 | uint64(uint16(h^h>>16))
}

// appendPairOf appends the variant of number vid (pairVariantID) of the
// pair a b to dst: appendPairVariant's bytes, its code taken from vid.
func appendPairOf(dst []byte, a, b *termForms, brk bool, vid uint64) []byte {
	dst = append(append(append(dst, a.fold...), ' '), b.fold...)
	if brk {
		dst = append(dst, pairBreak)
	} else {
		dst = append(dst, pairClean)
	}
	if vid>>47&1 != 0 {
		dst = append(dst, byte(vid>>8), byte(vid))
	}
	return dst
}

// pairsSeen finds a document's pair variants by their numbers
// (pairVariantID), where they are in pairs and headPairs: a variant seen
// before in the document is counted without building its bytes or hashing
// them. An open-addressing table of the numbers, kept for the next
// document.
type pairsSeen struct {
	slots []pairSeen // key 0: empty
	n     int
}

// pairSeen is a variant's number (key) and where it is: its index + 1 in
// pairs and headPairs (0: not yet there); one 16-byte slot, one cache
// line a look-up.
type pairSeen struct {
	key        uint64
	pair, head int32
}

var seenPool sync.Pool

// get returns the entry of key (not 0), added empty if new.
func (ps *pairsSeen) get(key uint64) *pairSeen {
	if len(ps.slots) == 0 {
		ps.reserve(64)
	}
	mask := uint64(len(ps.slots) - 1)
	i := (key * 0x9e3779b97f4a7c15) >> 32 & mask
	for {
		s := &ps.slots[i]
		switch s.key {
		case key:
			return s
		case 0:
			if 2*(ps.n+1) > len(ps.slots) {
				ps.grow()
				return ps.get(key)
			}
			s.key = key
			ps.n++
			return s
		}
		i = (i + 1) & mask
	}
}

// reserve makes an empty table of at least 2n slots.
func (ps *pairsSeen) reserve(n int) {
	size := 64
	for size < 2*n {
		size *= 2
	}
	if old, _ := seenPool.Get().(*pairsSeen); old != nil && cap(old.slots) >= size {
		ps.slots = old.slots[:size]
		clear(ps.slots)
	} else {
		ps.slots = make([]pairSeen, size)
	}
	ps.n = 0
}

func (ps *pairsSeen) grow() {
	slots := ps.slots
	ps.slots = make([]pairSeen, 2*len(slots))
	mask := uint64(len(ps.slots) - 1)
	for _, s := range slots {
		if s.key == 0 {
			continue
		}
		i := (s.key * 0x9e3779b97f4a7c15) >> 32 & mask
		for ps.slots[i].key != 0 {
			i = (i + 1) & mask
		}
		ps.slots[i] = s
	}
}

func (ps *pairsSeen) release() {
	if ps.slots != nil {
		seenPool.Put(&pairsSeen{slots: ps.slots})
		ps.slots, ps.n = nil, 0
	}
}

// reserve sizes the sets for size bytes of text, head of them in the
// head fields: about one word in six bytes of Vietnamese text; in the
// development corpus's articles, on average 0.38 distinct words a word,
// 0.64 distinct indexed pairs and 0.35 distinct words with diacritics;
// in the head, 0.93 distinct words and 0.77 pairs. The synthetic articles
// of the import's benchmark (sentences of many articles) hold more: 0.52,
// 0.75 and 0.49, 3.6, 10.6 and 5.2 bytes a term. A set that outgrows its
// reserve costs a copy; the reserve is for the larger.
func (t *terms) reserve(size, head int) {
	n, h := size/6, head/6
	if l := t.lists; l != nil {
		l.reserve(&t.words, n*7/10, 5)
		l.reserve(&t.headWords, h+h/4, 5)
		l.reserve(&t.pairs, n*9/10, 13)
		l.reserve(&t.headPairs, h, 13)
		l.reserve(&t.exact, n*2/3, 6)
	} else {
		t.words.reserveList(n*7/10, 5)
		t.headWords.reserveList(h+h/4, 5)
		t.pairs.reserveList(n*9/10, 13)
		t.headPairs.reserveList(h, 13)
		t.exact.reserveList(n*2/3, 6)
	}
	t.seen.reserve(n * 9 / 10)
}

// release gives the sets' tables back for the next document; the terms
// stay with the document.
func (t *terms) release() {
	for _, ts := range []*termSet{&t.words, &t.headWords, &t.pairs, &t.headPairs, &t.exact} {
		ts.release()
	}
	t.seen.release()
	if t.idt != nil {
		putIDTable(t.idt)
		t.idt = nil
	}
}

// termSet is the distinct terms of one field of a document with their
// frequencies, which the segment writer reads as they are
// (countedField): the terms' bytes one after another, the end of each
// and its frequency, and an open-addressing table of the terms' hashes
// to find a term. Bleve's map of terms (index.TokenFrequencies), made for
// each field of each document and ranged over by the segment writer, was
// most of the analysis's CPU; a list of index.TokenFreq (56 bytes and two
// pointers a term, written with the collector's barriers) then was a
// third of what was left.
type termSet struct {
	bytes  []byte   // the terms
	ends   []uint32 // term k is bytes[ends[k-1]:ends[k]] (from 0 for the first)
	freqs  []uint32 // term k occurs freqs[k] times (0: counted as membership only)
	ids    []uint32 // term k's number (termIDs, pairKey; 0: none), for a set of numbered terms (countID), else nil
	hashes []uint64 // the hash of each term
	slots  []int32  // a term's index + 1; 0: empty
}

// setTables are a termSet's table and hashes, kept for the next
// document: only the terms stay with the document.
type setTables struct {
	slots  []int32
	hashes []uint64
}

var tablesPool sync.Pool

// reserveList sizes the set's lists for n terms of about size bytes
// each, without a table (appendNew, addNumbered).
func (ts *termSet) reserveList(n, size int) {
	ts.bytes = make([]byte, 0, n*size)
	ts.ends = make([]uint32, 0, n)
	ts.freqs = make([]uint32, 0, n)
	ts.ids = make([]uint32, 0, n)
}

func (ts *termSet) release() {
	if ts.slots != nil {
		tablesPool.Put(&setTables{slots: ts.slots, hashes: ts.hashes})
		ts.slots = nil
	}
	ts.hashes = nil
}

// len is the number of distinct terms.
func (ts *termSet) len() int { return len(ts.ends) }

// term is term k, which the caller may not change.
func (ts *termSet) term(k int) []byte {
	start := uint32(0)
	if k > 0 {
		start = ts.ends[k-1]
	}
	return ts.bytes[start:ts.ends[k]:ts.ends[k]]
}

// countID adds one occurrence of term, of hash h and number id (0 when it
// has none, which the set keeps with the term when it is new), to the set
// (a membership only when freq is false), and tells whether it is new:
// then the set's last term is a copy of term's bytes (the caller may
// reuse term).
func (ts *termSet) countID(term []byte, h uint64, id uint32, freq bool) (added bool) {
	if len(ts.slots) == 0 {
		ts.tableFor(nil)
	}
	mask := uint64(len(ts.slots) - 1)
	i := h & mask
	for {
		k := ts.slots[i]
		if k == 0 {
			break
		}
		if ts.hashes[k-1] == h && string(ts.term(int(k-1))) == string(term) {
			if freq {
				ts.freqs[k-1]++
			}
			return false
		}
		i = (i + 1) & mask
	}
	ts.bytes = append(ts.bytes, term...)
	ts.ends = append(ts.ends, uint32(len(ts.bytes)))
	f := uint32(0)
	if freq {
		f = 1
	}
	ts.freqs = append(ts.freqs, f)
	if id != 0 || ts.ids != nil {
		if ts.ids == nil {
			ts.ids = make([]uint32, len(ts.ends)-1, cap(ts.ends))
		}
		ts.ids = append(ts.ids, id)
	}
	ts.hashes = append(ts.hashes, h)
	ts.slots[i] = int32(len(ts.ends))
	if 2*len(ts.ends) > len(ts.slots) {
		ts.grow()
	}
	return true
}

// tableFor gives the set a table of its terms' hashes, for the terms
// counted by their bytes (countID): of a set counted so from the
// start, or of one whose terms came by their numbers (addNumbered) until
// a term without a number (a word analysed once the forms cache was
// full). hashes are the terms' hashes if known (nil: computed).
func (ts *termSet) tableFor(hashes []uint64) {
	n := max(len(ts.ends), 16)
	size := 16
	for size < 2*n {
		size *= 2
	}
	if tb, _ := tablesPool.Get().(*setTables); tb != nil && cap(tb.slots) >= size {
		ts.slots = tb.slots[:size]
		clear(ts.slots)
		ts.hashes = tb.hashes[:0]
	} else {
		ts.slots = make([]int32, size)
	}
	if hashes == nil {
		for k := range ts.len() {
			ts.hashes = append(ts.hashes, termHash(ts.term(k)))
		}
	} else {
		ts.hashes = append(ts.hashes, hashes...)
	}
	mask := uint64(len(ts.slots) - 1)
	for k, h := range ts.hashes {
		i := h & mask
		for ts.slots[i] != 0 {
			i = (i + 1) & mask
		}
		ts.slots[i] = int32(k + 1)
	}
}

// addNumbered returns the index + 1 of term, of hash h and number id (not
// 0), in the set, where it is added with a frequency of 0 (the caller
// counts it) if new: the caller found it is not yet there by its number
// (idTable), so the set's table is asked only if a term came without a
// number (countID), which may be the same.
func (ts *termSet) addNumbered(term []byte, h uint64, id uint32) int32 {
	if len(ts.slots) != 0 {
		mask := uint64(len(ts.slots) - 1)
		for i := h & mask; ts.slots[i] != 0; i = (i + 1) & mask {
			if k := ts.slots[i]; ts.hashes[k-1] == h && string(ts.term(int(k-1))) == string(term) {
				return k
			}
		}
		ts.countID(term, h, id, false)
		return int32(len(ts.ends))
	}
	if ts.ends == nil {
		ts.reserveList(16, 8)
	}
	ts.bytes = append(ts.bytes, term...)
	ts.ends = append(ts.ends, uint32(len(ts.bytes)))
	ts.freqs = append(ts.freqs, 0)
	ts.ids = append(ts.ids, id)
	return int32(len(ts.ends))
}

// inlineForms: the analysis copies a word's forms of up to 16 bytes from
// its termForms with fixed-size moves (addNumberedShort, appendPairShort);
// false only in the test that checks both ways make the same documents.
var inlineForms = true

// addFold is addNumbered of f's folded form.
func (ts *termSet) addFold(f *termForms, id uint32) int32 {
	if f.inline && inlineForms {
		if k := ts.addNumberedShort(&f.foldIn, int(f.foldLen), id); k != 0 {
			return k
		}
	}
	return ts.addNumbered(f.fold, f.foldHash, id)
}

// addExact is addNumbered of f's exact form. The hashes are read only
// when the set is asked for them: they are past the first 64 bytes of
// termForms (exactHash) or not needed.
func (ts *termSet) addExact(f *termForms, id uint32) int32 {
	if f.inline && inlineForms {
		if k := ts.addNumberedShort(&f.exactIn, int(f.exactLen), id); k != 0 {
			return k
		}
	}
	return ts.addNumbered(f.exact, f.exactHash, id)
}

// addNumberedShort is addNumbered of the term in[:n] (n ≤ 16, the rest of
// in zero) when the set's bytes have room for 16 more and the set has no
// table: the term is copied as one 16-byte move and the bytes past it
// are left in the spare capacity, which the next term overwrites. It
// returns 0 otherwise, and the caller adds the term by addNumbered.
func (ts *termSet) addNumberedShort(in *[16]byte, n int, id uint32) int32 {
	l := len(ts.bytes)
	if len(ts.slots) != 0 || cap(ts.bytes)-l < 16 {
		return 0
	}
	*(*[16]byte)(ts.bytes[l : l+16]) = *in
	ts.bytes = ts.bytes[:l+n]
	ts.ends = append(ts.ends, uint32(l+n))
	ts.freqs = append(ts.freqs, 0)
	ts.ids = append(ts.ids, id)
	return int32(len(ts.ends))
}

// appendPairShort is appendNew of the pair variant a b of number vid
// (appendPairOf's bytes), a and b inline: when the set's bytes have room
// for the longest such variant (16 + 1 + 16 + 3 bytes), it is built in
// place, each syllable copied as one 16-byte move.
func (ts *termSet) appendPairShort(a, b *termForms, brk bool, vid uint64, id uint32) int32 {
	l := len(ts.bytes)
	if ts.ends == nil || cap(ts.bytes)-l < 36 {
		var buf [36]byte
		return ts.appendNew(appendPairOf(buf[:0], a, b, brk, vid), id)
	}
	dst := ts.bytes[l : l+36]
	na := int(a.foldLen)
	*(*[16]byte)(dst[:16]) = a.foldIn
	dst[na] = ' '
	*(*[16]byte)(dst[na+1 : na+17]) = b.foldIn
	p := na + 1 + int(b.foldLen)
	if brk {
		dst[p] = pairBreak
	} else {
		dst[p] = pairClean
	}
	p++
	if vid>>47&1 != 0 {
		dst[p], dst[p+1] = byte(vid>>8), byte(vid)
		p += 2
	}
	ts.bytes = ts.bytes[:l+p]
	ts.ends = append(ts.ends, uint32(l+p))
	ts.freqs = append(ts.freqs, 0)
	if ts.ids == nil {
		ts.ids = make([]uint32, 0, cap(ts.ends))
	}
	ts.ids = append(ts.ids, id)
	return int32(len(ts.ends))
}

// appendNew adds term, of number id, new to the set, with a frequency
// of 0 (the caller counts it), outside the set's table: for a set whose
// terms are found by their numbers (pairsSeen). It returns the term's
// index + 1.
func (ts *termSet) appendNew(term []byte, id uint32) int32 {
	if ts.ends == nil {
		ts.reserveList(16, 8)
	}
	ts.bytes = append(ts.bytes, term...)
	ts.ends = append(ts.ends, uint32(len(ts.bytes)))
	ts.freqs = append(ts.freqs, 0)
	if ts.ids == nil {
		ts.ids = make([]uint32, 0, cap(ts.ends))
	}
	ts.ids = append(ts.ids, id)
	return int32(len(ts.ends))
}

// grow doubles the table.
func (ts *termSet) grow() {
	ts.slots = make([]int32, 2*len(ts.slots))
	mask := uint64(len(ts.slots) - 1)
	for k, h := range ts.hashes {
		i := h & mask
		for ts.slots[i] != 0 {
			i = (i + 1) & mask
		}
		ts.slots[i] = int32(k + 1)
	}
}

// termSeed seeds the hashes of terms.
var termSeed = maphash.MakeSeed()

func termHash(b []byte) uint64 { return maphash.Bytes(termSeed, b) }

// Pairs of adjacent syllables answer phrases, but indexing every pair
// was two thirds of the indexing's CPU and more than half the index. A
// pair is indexed only when both its syllables are common (the 500 of
// common_syllables.txt): there the words alone match most documents, and
// the pair is what makes a phrase of common words cheap and exact. A pair
// with a rarer syllable is matched by its words, whose conjunction is
// short, and the stored text checks the sequence (phraseX).
// docs/scaling.md has the measurements.

//go:embed common_syllables.txt
var commonSyllablesFile string

// commonSyllables is the set of common folded syllables.
var commonSyllables = func() map[string]bool {
	m := map[string]bool{}
	for _, l := range strings.Split(commonSyllablesFile, "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			m[l] = true
		}
	}
	return m
}()

// commonIDs numbers the common syllables from 1, in the file's order.
var commonIDs = func() map[string]uint32 {
	m := map[string]uint32{}
	for _, l := range strings.Split(commonSyllablesFile, "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			if _, ok := m[l]; !ok {
				m[l] = uint32(len(m) + 1)
			}
		}
	}
	return m
}()

// pairIndexed reports whether the pair of folded syllables a b is in the
// index.
func pairIndexed(a, b string) bool { return commonSyllables[a] && commonSyllables[b] }

// pairTerm is the pair of two adjacent folded syllables: the prefix of
// the terms of its variants, and the query's name for the pair in any
// form (segView.variants).
func pairTerm(a, b []byte) []byte {
	p := make([]byte, 0, len(a)+1+len(b))
	p = append(append(append(p, a...), ' '), b...)
	return p
}

// A pair is indexed as one variant of its folded form, so that a query
// with diacritics can require its exact form without a term more per
// occurrence (index format 3): the folded pair, then pairClean or
// pairBreak (punctuation or a line break between the two words: "đó,
// người" is not the phrase "đó người" as written), then, when the pair
// as written (NFC, lower case) has diacritics, two bytes that tell its
// written forms apart (exactCode). "ngày trước" is "ngay
// truoc\x01"+exactCode("ngày trước"), "ngay trước" is "ngay
// truoc\x01"+exactCode("ngay trước"), "đó, người" is "do
// nguoi\x02"+exactCode("đó người"), "cho con" is "cho con\x01". The
// variants of a pair sort together, right after the folded pair, so the
// pair in any form is one range of the dictionary, [fold, fold+"\x03").
// Each occurrence counts in one variant only: the postings are about those
// of one term per folded pair (format 2), and the folded pair's frequency
// is the sum of its variants'. A code and not the pair as written: the
// written pair made the dictionary four times the bytes, and indexing a
// fifth slower.
const (
	pairClean = '\x01'
	pairBreak = '\x02'
	pairEnd   = '\x03' // past the last variant
)

// appendPairVariant appends the term of the pair a b as written to dst;
// brk: punctuation or a line break separates them.
func appendPairVariant(dst []byte, a, b *termForms, brk bool) []byte {
	dst = append(append(append(dst, a.fold...), ' '), b.fold...)
	if brk {
		dst = append(dst, pairBreak)
	} else {
		dst = append(dst, pairClean)
	}
	if string(a.exact) != string(a.fold) || string(b.exact) != string(b.fold) {
		c := exactCode(a.exact, b.exact)
		dst = append(dst, byte(c>>8), byte(c))
	}
	return dst
}

// exactCode tells apart the written forms of one folded pair: 16 bits of
// the FNV-1a hash of the pair as written. Two forms of one folded pair
// (a few at most, "tới ngày", "tới ngay", "tôi ngày") share a code once in
// 65,536 pairs of forms; the exact tiers then hold both, and the re-rank,
// which reads the text, still puts the exact one first.
func exactCode(a, b []byte) uint16 {
	h := exactCodeState(a)
	for _, c := range b {
		h = (h ^ uint32(c)) * 16777619
	}
	return uint16(h ^ h>>16)
}

// exactCodeState is exactCode's hash after a and the space.
func exactCodeState(a []byte) uint32 {
	h := uint32(2166136261)
	for _, c := range a {
		h = (h ^ uint32(c)) * 16777619
	}
	return (h ^ ' ') * 16777619
}

// pairVariantTerm is the term of the pair of query words a b as written;
// brk: across punctuation.
func pairVariantTerm(a, b word, brk bool) string {
	return string(appendPairVariant(nil, &termForms{exact: []byte(a.exact), fold: []byte(a.fold)}, &termForms{exact: []byte(b.exact), fold: []byte(b.fold)}, brk))
}

// isBreak reports whether the text between two words separates them: any
// punctuation or a line break, except one joining character with no space
// around it, as in a code or a compound ("05-CT/TW", "Bà Rịa-Vũng Tàu",
// "TP.HCM").
func isBreak(gap string) bool {
	if gap == "" || gap == " " {
		return false
	}
	if r, size := utf8.DecodeRuneInString(gap); size == len(gap) {
		switch r {
		case '-', '/', '.', '\'', '’', '‐', '–', '&', '_':
			return false
		}
	}
	for _, r := range gap {
		if r == '\n' || r == '\r' || !unicode.IsSpace(r) && !isInvisible(r) {
			return true
		}
	}
	return false
}

func (t *terms) addTo(doc *document.Document, coded bool) {
	length := func(n int) int {
		if coded {
			return lengthCode(n)
		}
		return n
	}
	addTerms(doc, fWords, textOptions, &t.words, length(t.nWords), true)
	addTerms(doc, fHeadWords, textOptions, &t.headWords, length(t.nHead), true)
	addTerms(doc, fPairs, textOptions, &t.pairs, length(t.nPairs), true)
	addTerms(doc, fHeadPairs, textOptions, &t.headPairs, length(t.nHeadPairs), true)
	addTerms(doc, fExact, keywordOptions, &t.exact, t.exact.len(), true)
}

// Zap keeps with every posting of a scored field the field's length in
// the document (its "norm"), as a varint: two bytes for the hundreds of
// words and pairs of an article's body, a third of the postings' bytes.
// The scored fields keep instead one byte, lengthCode: exact below 16,
// then eight steps per doubling (within 1/16 of the length, as Lucene's
// one-byte norms), up to 2^18 words. BM25 reads the length back with
// codeLength. docs/scaling.md has the measurements.

// lengthCode is the one-byte code (1 to 127) of a field's length n ≥ 1.
func lengthCode(n int) int {
	if n < 16 {
		return n
	}
	e := bits.Len(uint(n)) - 1 // 4 or more
	return min(16+8*(e-4)+(n>>(e-3))&7, 127)
}

// codeLength is the length a lengthCode stands for: the middle of the
// lengths that have the code.
func codeLength(c uint64) float64 {
	if c < 16 {
		return float64(c)
	}
	e, m := (c-16)/8+4, (c-16)%8
	return (float64(8+m) + 0.5) * float64(uint64(1)<<(e-3))
}

// addTerms adds a field whose terms are counted already, each once;
// numbered: its terms are words' forms, counted with their numbers
// (countID).
func addTerms(doc *document.Document, name string, opts index.FieldIndexingOptions, ts *termSet, n int, numbered bool) {
	if ts.len() == 0 {
		return
	}
	doc.AddField(&countedField{name: name, opts: opts, bytes: ts.bytes, ends: ts.ends, freqs: ts.freqs, ids: ts.ids, numbered: numbered, length: n})
}

// countedField is an indexed field whose terms come counted: Bleve's
// analysis and counting are skipped. The segment writer (the zapx fork)
// reads the terms as they are (CountedTerms); the map Bleve's interface
// asks for is made only if something else asks for it.
type countedField struct {
	name  string
	opts  index.FieldIndexingOptions
	bytes []byte
	ends  []uint32
	freqs []uint32
	ids   []uint32 // the terms' numbers (termIDs, pairKey), or nil
	// numbered: the field's terms are words' forms, which termIDs
	// numbers (every field of this name is numbered)
	numbered bool
	length   int
	plain    uint64 // NumPlainTextBytes: a keyword's bytes, as Bleve counts them

	once   sync.Once
	freqs0 index.TokenFrequencies
}

func (f *countedField) Name() string                        { return f.name }
func (f *countedField) ArrayPositions() []uint64            { return nil }
func (f *countedField) Options() index.FieldIndexingOptions { return f.opts }
func (f *countedField) Analyze()                            {}
func (f *countedField) Value() []byte                       { return nil }
func (f *countedField) NumPlainTextBytes() uint64           { return f.plain }
func (f *countedField) Size() int                           { return 64 + len(f.bytes) + 8*len(f.ends) }
func (f *countedField) EncodedFieldType() byte              { return 't' }
func (f *countedField) AnalyzedLength() int                 { return f.length }

// CountedTerms returns the field's terms, each once: term k is
// bytes[ends[k-1]:ends[k]] (from 0 for the first), freqs[k] times. They
// are not changed after the document is made.
func (f *countedField) CountedTerms() (bytes []byte, ends, freqs []uint32) {
	return f.bytes, f.ends, f.freqs
}

// CountedTermIDs returns the numbers of the field's terms (termIDs) when
// the field is numbered (every field of its name is): term k's is
// ids[k], 0 when it was counted without one (ids is nil when no term
// was). Equal terms have one number; TermID gives a term's, 0 if it has
// none, for a term counted without its number.
func (f *countedField) CountedTermIDs() (ids []uint32, numbered bool) { return f.ids, f.numbered }

// TermID returns term's number, 0 if it has none.
func (f *countedField) TermID(term []byte) uint32 { return termIDs.lookup(term) }

func (f *countedField) AnalyzedTokenFrequencies() index.TokenFrequencies {
	f.once.Do(func() {
		f.freqs0 = make(index.TokenFrequencies, len(f.ends))
		start := uint32(0)
		for k, end := range f.ends {
			tf := &index.TokenFreq{Term: f.bytes[start:end:end]}
			tf.SetFrequency(int(f.freqs[k]))
			f.freqs0[string(tf.Term)] = tf
			start = end
		}
	})
	return f.freqs0
}
