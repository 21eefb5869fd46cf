package search

import (
	"bytes"
	"container/list"
	"sync"
	"sync/atomic"
	"weak"

	segment "github.com/blevesearch/scorch_segment_api/v2"
	zapx "github.com/blevesearch/zapx/v17"
)

// The entity facets read the `entities` doc values of the matches (all of
// them, or a sample of whole blocks past exactFacetLimit). Zap keeps doc
// values in snappy-compressed chunks of dvBlockSize documents, and a read
// decodes the whole chunk of the document: among 1,000,000 articles that
// decoding was 16% of all search CPU, the same chunks decoded again by
// every query (the sample takes the same blocks for the same step). A
// segment never changes, so a chunk, once decoded, is kept here, parsed:
// each document's entities as ordinals in a table of the segment's entity
// terms, counted in an array rather than a map of strings. The cache is
// bounded (entityCacheLimit bytes, least recently used blocks dropped
// first) and keyed by the segment object itself (a weak pointer: a
// segment that Bleve merged away and dropped is never mistaken for a new
// one at the same address). Counts are the same as from the doc values
// read directly (TestEntityCacheSameCounts).

// dvBlockSize is the number of documents of a zap doc-value chunk
// (zap's legacy chunk mode, which doc values keep).
const dvBlockSize = 1024

// entityCacheLimit bounds the bytes of the cached blocks and term tables.
var entityCacheLimit int64 = 48 << 20

// entityCacheOn is off only in tests, to compare with the direct reads.
var entityCacheOn = true

// entityTerm is one term of the `entities` doc values: its facet field
// and the entity's id.
type entityTerm struct{ field, value string }

// entityTable numbers the entity terms of one segment as its blocks are
// decoded. Ordinals only grow: a block's ordinals stay valid.
type entityTable struct {
	mu     sync.Mutex
	ords   map[string]uint32
	terms  []entityTerm
	blocks int // cached blocks that use the table (guarded by the cache's mu)
	bytes  int64
}

// ordinal returns the ordinal of term, numbering it if it is new, and
// the bytes that took.
func (t *entityTable) ordinal(term []byte) (uint32, int64) {
	if o, ok := t.ords[string(term)]; ok {
		return o, 0
	}
	f, value, _ := bytes.Cut(term, sep)
	s := string(term)
	o := uint32(len(t.terms))
	t.ords[s] = o
	t.terms = append(t.terms, entityTerm{field: s[:len(f)], value: s[len(s)-len(value):]})
	return o, int64(len(s)) + 96 // the string, its map entry and its entityTerm
}

// snapshot returns the terms numbered so far.
func (t *entityTable) snapshot() []entityTerm {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.terms
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

type blockKey struct {
	seg   any // weak.Pointer of the segment
	block uint64
}

type cacheEntry struct {
	key   blockKey
	block *entityBlock
}

// entityCache is the process's cache of entity blocks.
type entityCache struct {
	mu     sync.Mutex
	lru    list.List // of *cacheEntry, most recently used first
	blocks map[blockKey]*list.Element
	tables map[any]*entityTable
	bytes  int64

	hits, misses atomic.Uint64
}

var entities = &entityCache{blocks: map[blockKey]*list.Element{}, tables: map[any]*entityTable{}}

// EntityCacheStats is what the entity facets' cache holds and how it
// served: bytes of blocks and term tables, blocks, block reads found in
// it and decoded.
type EntityCacheStats struct {
	Bytes, Blocks int64
	Hits, Misses  uint64
}

// EntityCache reports the entity facets' cache (for the metrics).
func EntityCache() EntityCacheStats {
	c := entities
	c.mu.Lock()
	defer c.mu.Unlock()
	return EntityCacheStats{Bytes: c.bytes, Blocks: int64(len(c.blocks)), Hits: c.hits.Load(), Misses: c.misses.Load()}
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

// entityBlock returns the entities of block b of v (documents b×1024 to
// b×1024+1023), from the cache or decoded and cached; nil if v's
// segment cannot be cached.
func (v *segView) entityBlock(b uint64) *entityBlock {
	if !entityCacheOn {
		return nil
	}
	if v.cacheKey == nil {
		k, ok := segmentKey(v.seg)
		if !ok {
			return nil
		}
		v.cacheKey = k
	}
	c := entities
	key := blockKey{v.cacheKey, b}
	c.mu.Lock()
	if e, ok := c.blocks[key]; ok {
		c.lru.MoveToFront(e)
		c.mu.Unlock()
		c.hits.Add(1)
		return e.Value.(*cacheEntry).block
	}
	t := c.tables[v.cacheKey]
	if t == nil {
		t = &entityTable{ords: map[string]uint32{}}
		c.tables[v.cacheKey] = t
		c.sweep()
	}
	c.mu.Unlock()
	c.misses.Add(1)

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
	if e, ok := c.blocks[key]; ok { // decoded meanwhile by another search
		return e.Value.(*cacheEntry).block
	}
	c.blocks[key] = c.lru.PushFront(&cacheEntry{key: key, block: blk})
	t.blocks++
	c.bytes += blk.size()
	for c.bytes > entityCacheLimit && c.lru.Len() > 0 {
		c.evict(c.lru.Back())
	}
	return blk
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

// evict drops a block, and its segment's table with the last block.
func (c *entityCache) evict(e *list.Element) {
	ce := e.Value.(*cacheEntry)
	c.lru.Remove(e)
	delete(c.blocks, ce.key)
	c.bytes -= ce.block.size()
	t := ce.block.table
	t.blocks--
	if t.blocks == 0 && c.tables[ce.key.seg] == t {
		delete(c.tables, ce.key.seg)
		c.bytes -= t.bytes
	}
}

// sweep drops the blocks of segments that are gone (merged away and
// collected): their keys can never be asked for again.
func (c *entityCache) sweep() {
	dead := map[any]bool{}
	for k := range c.tables {
		if !alive(k) {
			dead[k] = true
		}
	}
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
		if t := c.tables[k]; t != nil {
			delete(c.tables, k)
			c.bytes -= t.bytes
		}
	}
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
