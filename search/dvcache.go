package search

import (
	"container/list"
	"hash/maphash"
	"strings"
	"sync"
	"sync/atomic"
	"weak"

	segment "github.com/blevesearch/scorch_segment_api/v2"
	zapx "github.com/blevesearch/zapx/v17"
)

// The facets read the same parts of a segment for every query, and a
// segment never changes: what they read is kept here, in a form that
// counts fast, across searches.
//
// The entity facets read the `entities` doc values of the matches (all of
// them, or a sample of whole blocks past exactFacetLimit). Zap keeps doc
// values in snappy-compressed chunks of dvBlockSize documents, and a read
// decodes the whole chunk of the document: among 1,000,000 articles that
// decoding was 16% of all search CPU, the same chunks decoded again by
// every query (the sample takes the same blocks for the same step). A
// chunk, once decoded, is kept parsed: each document's entities as
// ordinals in a table of the segment's entity terms, counted in an array
// rather than a map of strings.
//
// The year, source, section and type facets were one bitmap intersection
// per value and segment: a cost of the number of values times the
// matches. Each of those fields holds one value a document, so a column
// of each document's value (its ordinal) counts them in one pass over the
// matches.
//
// The cache is bounded (segCacheLimit bytes, least recently used first
// out) and keyed by the segment object itself (a weak pointer: a segment
// that Bleve merged away and dropped is never mistaken for a new one at
// the same address). Counts are the same as without it
// (TestFacetCacheSameCounts).

// dvBlockSize is the number of documents of a zap doc-value chunk
// (zap's legacy chunk mode, which doc values keep).
const dvBlockSize = 1024

// segCacheLimit bounds the bytes of what the cache holds.
var segCacheLimit int64 = 64 << 20

// segCacheOn is off only in tests, to compare with the direct reads.
var segCacheOn = true

// entityTable numbers the entity terms of one segment as its blocks are
// decoded. Ordinals only grow: a block's ordinals stay valid.
type entityTable struct {
	mu     sync.Mutex
	ords   map[string]uint32
	terms  []string // "field\x1fid" (facetSep)
	split  []uint8  // the length of each term's field; noField if it has none
	blocks int      // cached blocks that use the table (guarded by the cache's mu)
	bytes  int64    // (guarded by the cache's mu)
}

// ordinal returns the ordinal of term, numbering it if it is new, and
// the bytes that took.
func (t *entityTable) ordinal(term []byte) (uint32, int64) {
	if o, ok := t.ords[string(term)]; ok {
		return o, 0
	}
	s := string(term)
	o := uint32(len(t.terms))
	t.ords[s] = o
	t.terms = append(t.terms, s)
	f := strings.Index(s, facetSep)
	if f < 0 || f >= noField {
		f = noField
	}
	t.split = append(t.split, uint8(f))
	return o, int64(len(s)) + 64 // the string, its map entry and its slots in terms and split
}

const noField = 255

// snapshot returns the terms numbered so far, and their split.
func (t *entityTable) snapshot() ([]string, []uint8) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.terms, t.split
}

// entityBlock is one block's entities: document i of the block (its
// number minus the block's first) has ords[start[i]:start[i+1]].
type entityBlock struct {
	table *entityTable
	start []uint32
	ords  []uint32
}

func (b *entityBlock) size() int64 { return int64(4*(len(b.start)+len(b.ords))) + 128 }

// entities returns the ordinals of doc's entities (doc in b).
func (b *entityBlock) entities(doc uint64) []uint32 {
	i := doc % dvBlockSize
	return b.ords[b.start[i]:b.start[i+1]]
}

// keywordColumn is a field of one value a document: doc's value is
// terms[ords[doc]-1], none if ords[doc] is 0.
type keywordColumn struct {
	terms []string
	ords  []uint16
}

func (k *keywordColumn) size() int64 {
	n := int64(2*len(k.ords)) + 128
	for _, t := range k.terms {
		n += int64(len(t)) + 16
	}
	return n
}

type facetKey struct {
	seg   any // weak.Pointer of the segment
	field string
	block uint64 // entity blocks: the block
}

type cacheEntry struct {
	key   facetKey
	value interface{ size() int64 }
}

// segCache is the process's cache of what the facets read (facetCache),
// or of the words of stored texts (wordCache).
type segCache struct {
	limit   int64 // bytes held at most; 0: segCacheLimit
	mu      sync.Mutex
	lru     list.List // of *cacheEntry, most recently used first
	entries map[facetKey]*list.Element
	tables  map[any]*entityTable // each segment's entity terms
	segs    map[any]bool         // the segments of the entries
	bytes   int64

	hits, misses atomic.Uint64
}

var facetCache = &segCache{entries: map[facetKey]*list.Element{}, tables: map[any]*entityTable{}, segs: map[any]bool{}}

// max is the bytes c holds at most.
func (c *segCache) max() int64 {
	if c.limit > 0 {
		return c.limit
	}
	return segCacheLimit
}

// FacetCacheStats is what the facets' cache holds and how it served:
// bytes, entries (entity blocks and columns), reads found in it and read
// from the segment.
type FacetCacheStats struct {
	Bytes, Entries int64
	Hits, Misses   uint64
}

// FacetCache reports the facets' cache (for the metrics).
func FacetCache() FacetCacheStats {
	c := facetCache
	c.mu.Lock()
	defer c.mu.Unlock()
	return FacetCacheStats{Bytes: c.bytes, Entries: int64(len(c.entries)), Hits: c.hits.Load(), Misses: c.misses.Load()}
}

// segmentKey is the cache's key of a segment, false for a segment of a
// kind it does not know (read directly then).
func segmentKey(s segment.Segment) (any, bool) {
	switch s := s.(type) {
	case *zapx.Segment:
		return weak.Make(s), true
	case *zapx.SegmentBase:
		return weak.Make(s), true
	}
	return nil, false
}

// cached returns c's key for field and block of v, and what c holds
// there (nil: nothing). ok is false when v cannot be cached.
func (v *segView) cached(c *segCache, field string, block uint64) (key facetKey, value any, ok bool) {
	if !segCacheOn {
		return key, nil, false
	}
	if v.cacheKey == nil {
		k, ok := segmentKey(v.seg)
		if !ok {
			return key, nil, false
		}
		v.cacheKey = k
	}
	key = facetKey{v.cacheKey, field, block}
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.entries[key]; ok {
		c.lru.MoveToFront(e)
		c.hits.Add(1)
		return key, e.Value.(*cacheEntry).value, true
	}
	c.misses.Add(1)
	return key, nil, true
}

// put keeps value under key, unless it is there already (read meanwhile
// by another search): it returns what the cache holds then.
func (c *segCache) put(key facetKey, value interface{ size() int64 }) any {
	if e, ok := c.entries[key]; ok {
		return e.Value.(*cacheEntry).value
	}
	if !c.segs[key.seg] {
		c.sweep()
		c.segs[key.seg] = true
	}
	c.entries[key] = c.lru.PushFront(&cacheEntry{key: key, value: value})
	if b, ok := value.(*entityBlock); ok {
		b.table.blocks++
	}
	c.bytes += value.size()
	for c.bytes > c.max() && c.lru.Len() > 0 {
		c.evict(c.lru.Back())
	}
	return value
}

// entityBlock returns the entities of block b of v (documents b×1024 to
// b×1024+1023), from the cache or decoded and cached; nil if v's
// segment cannot be cached.
func (v *segView) entityBlock(b uint64) *entityBlock {
	key, value, ok := v.cached(facetCache, fEntities, b)
	if !ok {
		return nil
	}
	if value != nil {
		return value.(*entityBlock)
	}
	c := facetCache
	c.mu.Lock()
	t := c.tables[v.cacheKey]
	if t == nil {
		t = &entityTable{ords: map[string]uint32{}}
		c.tables[v.cacheKey] = t
	}
	c.mu.Unlock()

	blk, grown := v.decodeEntities(b, t)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.tables[v.cacheKey] != t {
		// The table was dropped meanwhile (its last block evicted): the
		// block is used, not kept.
		return blk
	}
	c.bytes += grown
	t.bytes += grown
	return c.put(key, blk).(*entityBlock)
}

// decodeEntities reads the entities of block b of v's segment, numbering
// them in t; it returns the bytes t grew by.
func (v *segView) decodeEntities(b uint64, t *entityTable) (*entityBlock, int64) {
	first := b * dvBlockSize
	last := min(first+dvBlockSize, v.n)
	blk := &entityBlock{table: t, start: make([]uint32, 1, last-first+1)}
	var grown int64
	t.mu.Lock()
	defer t.mu.Unlock()
	for doc := first; doc < last; doc++ {
		v.visitDocValues(doc, fEntities, func(term []byte) {
			o, n := t.ordinal(term)
			grown += n
			blk.ords = append(blk.ords, o)
		})
		blk.start = append(blk.start, uint32(len(blk.ords)))
	}
	blk.ords = blk.ords[:len(blk.ords):len(blk.ords)]
	return blk, grown
}

// keywordColumn returns the column of field in v, from the cache or
// read from the postings and cached; nil if v's segment cannot be cached,
// or some document has more than one value of field.
func (v *segView) keywordColumn(field string) *keywordColumn {
	key, value, ok := v.cached(facetCache, field, 0)
	if !ok {
		return nil
	}
	if value != nil {
		col, _ := value.(*keywordColumn)
		return col
	}
	col := &keywordColumn{ords: make([]uint16, v.n)}
	multi := false
	v.each(field, nil, nil, func(t string) {
		if multi || len(col.terms) == 1<<16-1 {
			multi = true
			return
		}
		col.terms = append(col.terms, t)
		o := uint16(len(col.terms))
		it := v.bitmap(field, t).Iterator()
		for it.HasNext() {
			d := it.Next()
			if col.ords[d] != 0 {
				multi = true
				return
			}
			col.ords[d] = o
		}
	})
	c := facetCache
	c.mu.Lock()
	defer c.mu.Unlock()
	if multi {
		c.put(key, noColumn{})
		return nil
	}
	col, _ = c.put(key, col).(*keywordColumn)
	return col
}

// noColumn marks a field that has no column in a segment.
type noColumn struct{}

func (noColumn) size() int64 { return 64 }

// evict drops an entry, and a segment's entity table with its last block.
func (c *segCache) evict(e *list.Element) {
	ce := e.Value.(*cacheEntry)
	c.lru.Remove(e)
	delete(c.entries, ce.key)
	c.bytes -= ce.value.size()
	if b, ok := ce.value.(*entityBlock); ok {
		t := b.table
		t.blocks--
		if t.blocks == 0 && c.tables[ce.key.seg] == t {
			delete(c.tables, ce.key.seg)
			c.bytes -= t.bytes
		}
	}
}

// sweep drops what the cache holds of segments that are gone (merged
// away and collected): their keys can never be asked for again.
func (c *segCache) sweep() {
	dead := map[any]bool{}
	for k := range c.segs {
		if !alive(k) {
			dead[k] = true
		}
	}
	c.drop(dead)
}

// drop evicts everything the cache holds of the segments of keys.
func (c *segCache) drop(dead map[any]bool) {
	if len(dead) == 0 {
		return
	}
	for e := c.lru.Front(); e != nil; {
		next := e.Next()
		if dead[e.Value.(*cacheEntry).key.seg] {
			c.evict(e)
		}
		e = next
	}
	for k := range dead {
		delete(c.segs, k)
		if t := c.tables[k]; t != nil {
			delete(c.tables, k)
			c.bytes -= t.bytes
		}
	}
}

// forgetFacets drops from the facet cache what it holds of the index's
// segments, when the index is closed or a rebuild replaces it (ix.mu held
// for writing): no search can ask for them again, and they would keep
// the warming of the next index from starting (it stops at three
// quarters of the bound) until searches pushed them out. A segment
// dropped by a merge earlier is swept when it is collected (sweep).
func (ix *Index) forgetFacets() {
	if ix.bi == nil {
		return
	}
	sn, err := ix.bi.snapshot()
	if err != nil {
		return
	}
	keys := map[any]bool{}
	for _, v := range sn.segments() {
		if k, ok := segmentKey(v.seg); ok {
			keys[k] = true
		}
	}
	sn.close()
	c := facetCache
	c.mu.Lock()
	defer c.mu.Unlock()
	c.drop(keys)
}

// alive reports whether the segment of a cache key is still in memory.
func alive(k any) bool {
	switch p := k.(type) {
	case weak.Pointer[zapx.Segment]:
		return p.Value() != nil
	case weak.Pointer[zapx.SegmentBase]:
		return p.Value() != nil
	}
	return false
}

// warmHook, set by tests, is called before each column or block warm
// reads, with the index's generation when the warming began.
var warmHook func(gen uint64)

// warm fills the facet cache for the index as it is now, in the
// background: the first searches after a start (or a rebuild) would
// otherwise decode every chunk they read, and the first with a few
// thousand matches scattered over the archive reads nearly all of them
// (317 ms of CPU among 1,000,000 articles, then 2.5 ms). It stops when
// the cache is three quarters full: past that it would only push out
// what it put in, or when the index is being closed or a rebuild waits to
// be swapped in (the swap waits for it, and every search behind the swap:
// it warms the new index afterwards). ix.warmed is closed when it is done.
func (ix *Index) warm() {
	done := make(chan struct{})
	ix.warmed = done
	go func() {
		defer close(done)
		ix.mu.RLock()
		defer ix.mu.RUnlock()
		if ix.bi == nil || !segCacheOn {
			return
		}
		sn, err := ix.bi.snapshot()
		if err != nil {
			return
		}
		defer sn.close()
		gen := ix.gen.Load()
		full := func() bool {
			if ix.closing.Load() || ix.swapping.Load() > 0 || FacetCache().Bytes > segCacheLimit/4*3 {
				return true
			}
			if warmHook != nil {
				warmHook(gen)
			}
			return false
		}
		for _, v := range sn.segments() {
			for _, ff := range facetFields {
				if !isEntityFacet(ff.field) && !full() {
					v.keywordColumn(ff.field)
				}
			}
			for b := uint64(0); b*dvBlockSize < v.n && !full(); b++ {
				v.entityBlock(b)
			}
		}
	}()
}

// The words of the stored texts (scanText) are kept too, in a cache of
// their own so that they do not push the facets' blocks out: the re-rank
// and the highlights split the texts of the same documents again for
// every query that finds them. Keyed by the text itself (two hashes of
// it, 128 bits), not by its segment: the indexing of written articles
// merges small segments many times a minute, and a text keyed by its
// segment was split again after each merge (scanText was 2.5% of the CPU
// of 16 mixed clients); the same text in two documents is split once.

// wordCacheLimit bounds the bytes of the words kept (about 45 bytes a
// word: some 700 articles of 1,000 words).
var wordCacheLimit int64 = 32 << 20

// textCache keeps the words of texts, least recently used out.
type textCache struct {
	limit   int64 // bytes held at most
	mu      sync.Mutex
	lru     list.List // of *textEntry, most recently used first
	entries map[[2]uint64]*list.Element
	bytes   int64

	// hits: texts whose words were kept; misses: texts split and kept;
	// seen: texts walked and remembered, not (yet) kept.
	hits, misses, seen atomic.Uint64
}

// A text's words are kept the third time it is asked for, not the
// first: most texts a search reads are read by few other searches (one
// journalist's queries, one at a time, each reading 100 candidates), and
// splitting and indexing a text to keep it (scanText) costs more than
// walking it for the query (tokensOf) a few times. 500 development
// queries among 102,653 articles, in turn on one index (3 December, lead):
// kept at first sight (c967b1c to 413ab90^), p50 13.5-13.8 ms and p99
// 49.9-51.1 ms; at the second, 12.6-13.9 and 40.6-42.3 ms; at the third,
// 10.2-10.6 and 24.7-26.2 ms, 6.4-6.7 s of CPU against 8.0-8.6; never,
// the same as at the third. A text not kept is remembered by its key and
// how often it was seen (seenBytes).
type textEntry struct {
	key  [2]uint64
	ws   *wordScan // nil: seen, not kept
	seen int       // times seen again before it was kept
}

// keepAfter is how many times a text is seen again, walked, before its
// words are kept: kept the third time.
const keepAfter = 2

// seenBytes is what an entry costs without its words: the map's slot,
// the list's element and the entry.
const seenBytes = 112

func (te *textEntry) size() int64 {
	if te.ws == nil {
		return seenBytes
	}
	return seenBytes + te.ws.size()
}

var wordCache = &textCache{limit: wordCacheLimit, entries: map[[2]uint64]*list.Element{}}

// textSeeds make a text's 128-bit key (two 64-bit hashes): the word cache's
// and the kept lengths' (lengthsOf).
var textSeeds = [2]maphash.Seed{maphash.MakeSeed(), maphash.MakeSeed()}

// words returns the words of text, from wordCache, or split and kept
// there if the text was asked for keepAfter times before; nil before
// that (the caller walks it: tokensOf) and when the caches are off
// (segCacheOn).
func (c *textCache) words(text string) *wordScan {
	if !segCacheOn {
		return nil
	}
	key := [2]uint64{maphash.String(textSeeds[0], text), maphash.String(textSeeds[1], text)}
	c.mu.Lock()
	e, ok := c.entries[key]
	if !ok {
		c.entries[key] = c.lru.PushFront(&textEntry{key: key})
		c.bytes += seenBytes
		c.evict()
		c.mu.Unlock()
		c.seen.Add(1)
		return nil
	}
	c.lru.MoveToFront(e)
	te := e.Value.(*textEntry)
	if te.ws != nil {
		c.mu.Unlock()
		c.hits.Add(1)
		return te.ws
	}
	if te.seen++; te.seen < keepAfter {
		c.mu.Unlock()
		c.seen.Add(1)
		return nil
	}
	c.mu.Unlock()
	c.misses.Add(1)
	ws := scanText(text)
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.entries[key]; ok {
		te := e.Value.(*textEntry)
		if te.ws != nil { // split meanwhile by another search
			return te.ws
		}
		te.ws = ws
		c.bytes += ws.size()
	} else { // pushed out meanwhile
		te := &textEntry{key: key, ws: ws}
		c.entries[key] = c.lru.PushFront(te)
		c.bytes += te.size()
	}
	c.evict()
	return ws
}

// evict drops the least recently used entries past the limit (c.mu held).
func (c *textCache) evict() {
	for c.bytes > c.limit && c.lru.Len() > 0 {
		te := c.lru.Remove(c.lru.Back()).(*textEntry)
		delete(c.entries, te.key)
		c.bytes -= te.size()
	}
}
