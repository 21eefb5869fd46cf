package search

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strings"
	"sync"
	"unsafe"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	index "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
	zapx "github.com/blevesearch/zapx/v17"
)

// The search engine works on Bleve's segments directly: Bleve (scorch)
// builds, merges and persists them; a search reads each segment's posting
// lists as bitmaps, combines them (conjunctions, phrases from syllable
// pairs, filters, exclusions), counts the matches exactly with bitmap
// operations, and scores only the documents of the best tiers that the
// page needs. Its cost follows the size of the answer's best part, not
// the number of matches.

// snapshot is a search's consistent view of every shard.
type snapshot struct {
	readers []index.IndexReader
	shards  [][]*segView // segments of each shard
	docs    uint64       // live documents
}

// segView is one segment of a snapshot, with the bitmaps read from it
// during one search.
type segView struct {
	seg      segment.Segment
	coded    bool // lengths kept as lengthCode (shards.coded)
	deleted  *roaring.Bitmap
	n        uint64 // documents in the segment, deleted ones included
	dicts    map[string]segment.TermDictionary
	bms      map[string]*roaring.Bitmap        // field \x00 term → docs
	pairs    map[string][]segment.PostingsList // field \x00 pair → the postings of its variants
	livebm   *roaring.Bitmap
	memo     map[*memoX]*roaring.Bitmap // expressions evaluated during the search
	dvState  segment.DocVisitState      // kept between doc value reads: one chunk decoded for many
	cacheKey any                        // the segment's key in the facet cache (segmentKey), once asked
	docs     map[uint64]storedDoc       // stored text read during the search
	seqs     map[string]*seqChecks      // phrase key → the documents checked for it
}

// snapshot takes a view of every part of the index; close releases it.
func (s *shards) snapshot() (*snapshot, error) {
	sn := &snapshot{shards: make([][]*segView, len(s.parts))}
	for i, p := range s.parts {
		adv, err := p.Advanced()
		if err != nil {
			sn.close()
			return nil, fmt.Errorf("search: %w", err)
		}
		r, err := adv.Reader()
		if err != nil {
			sn.close()
			return nil, fmt.Errorf("search: %w", err)
		}
		sn.readers = append(sn.readers, r)
		is, ok := r.(*scorch.IndexSnapshot)
		if !ok {
			sn.close()
			return nil, fmt.Errorf("search: index part %d is not a scorch index", i)
		}
		for _, ss := range is.Segments() {
			v := &segView{seg: ss.Segment(), coded: s.coded[i], deleted: ss.Deleted(), n: ss.Segment().Count(),
				dicts: map[string]segment.TermDictionary{}, bms: map[string]*roaring.Bitmap{}, pairs: map[string][]segment.PostingsList{}}
			sn.shards[i] = append(sn.shards[i], v)
			sn.docs += ss.Count()
		}
	}
	return sn, nil
}

func (sn *snapshot) close() {
	for _, r := range sn.readers {
		r.Close()
	}
}

// segments lists every segment of every shard.
func (sn *snapshot) segments() []*segView {
	var out []*segView
	for _, segs := range sn.shards {
		out = append(out, segs...)
	}
	return out
}

// eachShard runs fn on every shard at once: the parts of a search use as
// many cores.
func (sn *snapshot) eachShard(fn func(shard int, segs []*segView) error) error {
	errs := make([]error, len(sn.shards))
	var wg sync.WaitGroup
	for i, segs := range sn.shards {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = fn(i, segs)
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

func (v *segView) dict(field string) segment.TermDictionary {
	d, ok := v.dicts[field]
	if !ok {
		d, _ = v.seg.Dictionary(field)
		v.dicts[field] = d
	}
	return d
}

// postings returns the postings of term in field, nil if none.
func (v *segView) postings(field, term string) segment.PostingsList {
	d := v.dict(field)
	if d == nil {
		return nil
	}
	pl, err := d.PostingsList([]byte(term), nil, nil)
	if err != nil || pl == nil || pl.Count() == 0 {
		return nil
	}
	return pl
}

// anyPair reports whether term of field is a folded pair (pairTerm)
// that stands for the pair in any form: every variant the index holds
// (appendPairVariant).
func anyPair(field, term string) bool {
	return (field == fPairs || field == fHeadPairs) && strings.IndexByte(term, pairClean) < 0 && strings.IndexByte(term, pairBreak) < 0
}

// plists returns the postings of term in field: one list, or for a
// folded pair (anyPair) one list per variant.
func (v *segView) plists(field, term string) []segment.PostingsList {
	if !anyPair(field, term) {
		if pl := v.postings(field, term); pl != nil {
			return []segment.PostingsList{pl}
		}
		return nil
	}
	key := field + "\x00" + term
	if pls, ok := v.pairs[key]; ok {
		return pls
	}
	var pls []segment.PostingsList
	// From the folded pair itself: an index of format 2 or before holds
	// the pair in any form under it, and answers so while it is rebuilt.
	v.each(field, []byte(term), []byte(term+string(rune(pairEnd))), func(t string) {
		if pl := v.postings(field, t); pl != nil {
			pls = append(pls, pl)
		}
	})
	v.pairs[key] = pls
	return pls
}

type orInto interface{ OrInto(*roaring.Bitmap) }

// bitmap returns the documents of the segment (deleted ones included)
// that have term in field (a folded pair: in any form). The bitmap is
// shared: do not modify it.
func (v *segView) bitmap(field, term string) *roaring.Bitmap {
	key := field + "\x00" + term
	if bm, ok := v.bms[key]; ok {
		return bm
	}
	bm := roaring.New()
	for _, pl := range v.plists(field, term) {
		if o, ok := pl.(orInto); ok {
			o.OrInto(bm)
		} else {
			it := pl.Iterator(false, false, false, nil)
			for p, err := it.Next(); err == nil && p != nil; p, err = it.Next() {
				bm.Add(uint32(p.Number()))
			}
		}
	}
	v.bms[key] = bm
	return bm
}

// live returns the segment's documents that are not deleted.
func (v *segView) live() *roaring.Bitmap {
	if v.livebm == nil {
		bm := roaring.New()
		bm.AddRange(0, v.n)
		if v.deleted != nil {
			bm.AndNot(v.deleted)
		}
		v.livebm = bm
	}
	return v.livebm
}

// each calls fn with every term of field in [from, to) (nil: unbounded),
// in order.
func (v *segView) each(field string, from, to []byte, fn func(term string)) {
	d := v.dict(field)
	if d == nil {
		return
	}
	it := d.AutomatonIterator(allTerms{}, from, to)
	for e, err := it.Next(); err == nil && e != nil; e, err = it.Next() {
		fn(e.Term)
	}
}

// allTerms is the automaton that accepts every term.
type allTerms struct{}

func (allTerms) Start() int                 { return 0 }
func (allTerms) IsMatch(int) bool           { return true }
func (allTerms) CanMatch(int) bool          { return true }
func (allTerms) WillAlwaysMatch(int) bool   { return true }
func (allTerms) Accept(int, byte) int       { return 0 }
func (allTerms) MatchesRegex(s string) bool { return true }

// expr is a condition on documents, evaluated per segment into a bitmap.
type expr interface {
	eval(v *segView) *roaring.Bitmap
}

// memoX is an expression evaluated once a segment and search (memo):
// the plan shares the phrase's pairs among its tiers, the conditions of
// every word among the match, the tiers and the facets, and demote asks
// for the same tier for every candidate it looks at.
type memoX struct{ x expr }

// memo wraps x in a memoX, unless it keeps its result already.
func memo(x expr) expr {
	switch x.(type) {
	case termX, phraseX, *memoX:
		return x
	}
	return &memoX{x: x}
}

func (m *memoX) eval(v *segView) *roaring.Bitmap {
	if bm, ok := v.memo[m]; ok {
		return bm
	}
	bm := m.x.eval(v)
	if v.memo == nil {
		v.memo = map[*memoX]*roaring.Bitmap{}
	}
	v.memo[m] = bm
	return bm
}

// termX: documents with term in field.
type termX struct{ field, term string }

// andX: documents matching every part; orX: any part.
type (
	andX []expr
	orX  []expr
)

func (t termX) eval(v *segView) *roaring.Bitmap { return v.bitmap(t.field, t.term) }

// eval intersects the parts read from the index first, then the parts
// checked in the stored text (checked) among those documents only: a
// phrase of rare syllables is checked in the few documents that have the
// other words of the query, not in every document with its own words.
// The candidates of the checked parts (their words, unchecked) narrow the
// documents too, and the checked parts are checked fewest candidates
// first, so that the matches do not depend on the order the parts were
// typed in ("N.V.Đ T.H.K" is "T.H.K N.V.Đ").
func (a andX) eval(v *segView) *roaring.Bitmap {
	bms := make([]*roaring.Bitmap, 0, len(a))
	var later []expr
	var sups []*roaring.Bitmap
	for _, x := range a {
		var bm *roaring.Bitmap
		if checked(x) {
			bm = superset(x, v)
			later, sups = append(later, x), append(sups, bm)
		} else {
			bm = x.eval(v)
		}
		if bm.IsEmpty() {
			return roaring.New()
		}
		bms = append(bms, bm)
	}
	var acc *roaring.Bitmap
	switch len(bms) {
	case 0:
		return v.live()
	case 1:
		acc = bms[0]
	default:
		acc = roaring.FastAnd(bms...)
	}
	if len(later) > 1 {
		type part struct {
			x   expr
			n   uint64
			key string
		}
		parts := make([]part, len(later))
		for i, x := range later {
			parts[i] = part{x, sups[i].AndCardinality(acc), exprKey(x)}
		}
		slices.SortFunc(parts, func(p, q part) int {
			if p.n != q.n {
				return cmp.Compare(p.n, q.n)
			}
			return strings.Compare(p.key, q.key)
		})
		for i, p := range parts {
			later[i] = p.x
		}
	}
	for _, x := range later {
		bm := evalIn(x, v, acc)
		if bm.IsEmpty() {
			return roaring.New()
		}
		acc = roaring.And(acc, bm)
	}
	return acc
}

// superset returns the documents x may match, its checked phrases matched
// by their words without reading the stored text.
func superset(x expr, v *segView) *roaring.Bitmap {
	switch x := x.(type) {
	case *memoX:
		if checked(x) {
			return superset(x.x, v)
		}
	case phraseX:
		if checked(x) {
			return x.pairs.eval(v)
		}
	case orX:
		if checked(x) {
			return roaring.FastOr(supersets(x, v)...)
		}
	case andX:
		if checked(x) {
			return roaring.FastAnd(supersets(x, v)...)
		}
	}
	return x.eval(v)
}

// supersets is superset of each of xs.
func supersets(xs []expr, v *segView) []*roaring.Bitmap {
	bms := make([]*roaring.Bitmap, len(xs))
	for i, y := range xs {
		bms[i] = superset(y, v)
	}
	return bms
}

// exprKey names x, to order the checked parts of an andX the same way
// whatever the order they were typed in.
func exprKey(x expr) string {
	switch x := x.(type) {
	case *memoX:
		return exprKey(x.x)
	case phraseX:
		return x.key
	case termX:
		return x.field + "\x00" + x.term
	case orX:
		return "or(" + exprKeys(x) + ")"
	case andX:
		return "and(" + exprKeys(x) + ")"
	}
	return fmt.Sprintf("%T%v", x, x)
}

// exprKeys joins the keys of xs.
func exprKeys(xs []expr) string {
	keys := make([]string, len(xs))
	for i, y := range xs {
		keys[i] = exprKey(y)
	}
	return strings.Join(keys, "\x01")
}

func (o orX) eval(v *segView) *roaring.Bitmap { return o.evalIn(v, nil) }

func (o orX) evalIn(v *segView, in *roaring.Bitmap) *roaring.Bitmap {
	bms := make([]*roaring.Bitmap, 0, len(o))
	for _, x := range o {
		bms = append(bms, evalIn(x, v, in))
	}
	if len(bms) == 1 {
		return bms[0]
	}
	return roaring.FastOr(bms...)
}

// checked reports whether x reads stored text to match a phrase the
// index does not hold (matched by its words anywhere, often wrongly), or
// holds one, so that it is found among the documents with the query's
// other words: fewer to check. A phrase whose pairs are all in the index
// is matched as before, by the pairs and checked only where they are few
// in the whole segment: its pairs rarely stand for it wrongly, and
// checking it among thousands of documents costs more than it corrects.
func checked(x expr) bool {
	switch x := x.(type) {
	case *memoX:
		return checked(x.x)
	case phraseX:
		return x.verify && !x.exact
	case orX:
		return slices.ContainsFunc(x, checked)
	case andX:
		return slices.ContainsFunc(x, checked)
	}
	return false
}

// evalIn returns the documents of x among in (nil: among all; the
// result may then hold documents outside in, which the caller
// intersects). Only the parts checked in the stored text use in, to check
// fewer documents.
func evalIn(x expr, v *segView, in *roaring.Bitmap) *roaring.Bitmap {
	if in == nil || !checked(x) {
		return x.eval(v)
	}
	switch x := x.(type) {
	case *memoX: // what it holds depends on in: not kept
		return evalIn(x.x, v, in)
	case phraseX:
		return x.evalIn(v, in)
	case orX:
		return x.evalIn(v, in)
	case andX:
		return roaring.And(x.eval(v), in)
	}
	return x.eval(v)
}

// scoreTerm is a term whose BM25 score counts within a tier.
type scoreTerm struct {
	field, term string
	boost       float64
	idf         float64 // set from the snapshot's statistics
}

// BM25 parameters, Lucene's defaults.
const (
	bm25K1 = 1.2
	bm25B  = 0.75
)

func idf(docs, df uint64) float64 {
	return math.Log(1 + (float64(docs)-float64(df)+0.5)/(float64(df)+0.5))
}

// setIDF computes each term's inverse document frequency over sn.
func (sn *snapshot) setIDF(ts []scoreTerm) {
	segs := sn.segments()
	for i := range ts {
		var df uint64
		for _, v := range segs {
			switch pls := v.plists(ts[i].field, ts[i].term); len(pls) {
			case 0:
			case 1:
				df += pls[0].Count()
			default: // a pair's variants: the documents with any
				df += v.bitmap(ts[i].field, ts[i].term).GetCardinality()
			}
		}
		ts[i].idf = idf(max(sn.docs, df), df)
	}
}

type normLength interface{ NormUint64() uint64 }

// fieldLength is the length in terms of the posting's field; coded: the
// index keeps it as lengthCode.
func fieldLength(p segment.Posting, coded bool) float64 {
	if nl, ok := p.(normLength); ok {
		if coded {
			return codeLength(nl.NormUint64())
		}
		return float64(nl.NormUint64())
	}
	n := p.Norm()
	if n <= 0 {
		return 1
	}
	return 1 / (n * n)
}

// hit is a scored document of a segment.
type hit struct {
	tier  int
	score float64
	v     *segView
	doc   uint64
	id    string // read only for the hits a page shows
}

// before orders hits: better tier, then higher score, then id (read only
// for ties, so that pages of equal scores follow one another).
func (h *hit) before(o *hit) bool {
	if h.tier != o.tier {
		return h.tier < o.tier
	}
	if h.score != o.score {
		return h.score > o.score
	}
	h.loadID()
	o.loadID()
	return h.id < o.id
}

// scorer scores documents of one segment by the BM25 of a tier's terms.
// A folded pair is read from the postings of its variants, whose
// frequencies add up (in one document, they share the field's length).
type scorer struct {
	coded bool // lengths kept as lengthCode
	terms []scoreTerm
	its   []segment.PostingsIterator
	skips []chunkSkip // of each iterator
	term  []int       // the term of each iterator
	cur   []uint64    // document each iterator is on; math.MaxUint64 past the end
	freq  []uint64
	dl    []float64
	avg   []float64 // of each term
	tf    []float64 // of each term, in the document being scored
	tdl   []float64
}

func newScorer(v *segView, terms []scoreTerm, st *lengthStatsValue) *scorer {
	s := &scorer{coded: v.coded, terms: terms, avg: make([]float64, len(terms)), tf: make([]float64, len(terms)), tdl: make([]float64, len(terms))}
	for i, t := range terms {
		for _, pl := range v.plists(t.field, t.term) {
			it := pl.Iterator(true, true, false, nil)
			s.its = append(s.its, it)
			s.skips = append(s.skips, chunkSkipOf(it))
			s.term = append(s.term, i)
			s.cur = append(s.cur, 0)
		}
		s.avg[i] = st.avg(t.field)
	}
	s.freq, s.dl = make([]uint64, len(s.its)), make([]float64, len(s.its))
	return s
}

// score returns the BM25 score of doc; documents must come in increasing
// order.
func (s *scorer) score(doc uint64) float64 {
	found := false
	for k, it := range s.its {
		if it == nil {
			continue
		}
		if s.cur[k] < doc || s.freq[k] == 0 { // behind, or not started
			s.skips[k].to(doc)
			p, err := it.Advance(doc)
			if err != nil || p == nil {
				s.its[k], s.cur[k] = nil, math.MaxUint64
				continue
			}
			s.cur[k], s.freq[k], s.dl[k] = p.Number(), p.Frequency(), fieldLength(p, s.coded)
		}
		if s.cur[k] != doc {
			continue
		}
		i := s.term[k]
		s.tf[i] += float64(s.freq[k])
		s.tdl[i] = s.dl[k]
		found = true
	}
	if !found {
		return 0
	}
	total := 0.0
	for i := range s.terms {
		tf := s.tf[i]
		if tf == 0 {
			continue
		}
		s.tf[i] = 0
		t := &s.terms[i]
		norm := bm25K1 * (1 - bm25B + bm25B*s.tdl[i]/s.avg[i])
		total += t.boost * t.idf * tf * (bm25K1 + 1) / (tf + norm)
	}
	return total
}

// chunkSkipping lets a scorer skip whole chunks of postings (chunkSkip);
// tests turn it off to compare.
var chunkSkipping = true

// chunkSkip moves a zap postings iterator past whole chunks of its
// frequencies and lengths. Zap's Advance, when it reads frequencies,
// walks the document numbers one by one up to the target (the
// frequencies of a chunk, about 1,024 postings, are varints read in
// order), even across chunks it will never read: scoring 100 documents
// of a segment of 400,000 walked the whole posting list of every term.
// Moving the iterator's document numbers (zap's exported Actual) to the
// first of the target's chunk, when it is still in an earlier chunk, is
// what zap does itself when it loads a chunk: its next Advance starts
// that chunk afresh. The chunk's size (documents) is zap's unexported
// postings.chunkSize, read once by reflection; where it cannot be read
// (another segment type, a zap that renamed it) nothing is skipped.
type chunkSkip struct {
	actual roaring.IntPeekable
	chunk  uint64 // documents a chunk covers; 0: skip nothing
}

func chunkSkipOf(it segment.PostingsIterator) chunkSkip {
	zi, ok := it.(*zapx.PostingsIterator)
	if !ok || !chunkSkipping || zi.Actual == nil || zi.ActualBM == nil {
		return chunkSkip{}
	}
	pl := reflect.ValueOf(zi).Elem().FieldByName("postings")
	if !pl.IsValid() || pl.Kind() != reflect.Pointer || pl.IsNil() {
		return chunkSkip{}
	}
	size, bm := pl.Elem().FieldByName("chunkSize"), pl.Elem().FieldByName("postings")
	// Only the plain iterator (no exceptions: Actual is the postings'
	// own iterator) keeps its frequencies in step with Actual alone.
	if !size.IsValid() || size.Kind() != reflect.Uint64 || !bm.IsValid() || bm.Kind() != reflect.Pointer ||
		bm.Pointer() != uintptr(unsafe.Pointer(zi.ActualBM)) {
		return chunkSkip{}
	}
	return chunkSkip{actual: zi.Actual, chunk: size.Uint()}
}

// to moves the iterator to the first posting of doc's chunk or after,
// when its next posting is in an earlier chunk.
func (c chunkSkip) to(doc uint64) {
	if c.chunk == 0 || !c.actual.HasNext() {
		return
	}
	if start := doc / c.chunk * c.chunk; uint64(c.actual.PeekNext()) < start {
		c.actual.AdvanceIfNeeded(uint32(start))
	}
}

// checkEvery is how many documents a loop handles between two looks at
// its context.
const checkEvery = 4096

// scoreInto scores the documents of cands with terms and offers those
// that accept takes (nil: all) to top.
func scoreInto(ctx context.Context, v *segView, cands *roaring.Bitmap, tier int, terms []scoreTerm, st *lengthStatsValue, top *topK, accept func(*hit) bool) error {
	s := newScorer(v, terms, st)
	it := cands.Iterator()
	for n := 0; it.HasNext(); n++ {
		if n%checkEvery == checkEvery-1 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		doc := uint64(it.Next())
		h := hit{tier: tier, score: s.score(doc), v: v, doc: doc}
		if accept == nil || accept(&h) {
			top.offer(h)
		}
	}
	return nil
}

// topK keeps the k best hits offered.
type topK struct {
	k    int
	hits []hit // a heap with the worst hit first
}

func (t *topK) worse(i, j int) bool { return t.hits[j].before(&t.hits[i]) }

func (t *topK) offer(h hit) {
	if len(t.hits) == t.k && t.k > 0 && !h.before(&t.hits[0]) {
		return
	}
	if len(t.hits) < t.k {
		t.hits = append(t.hits, h)
		for i := len(t.hits) - 1; i > 0; {
			p := (i - 1) / 2
			if !t.worse(i, p) {
				break
			}
			t.hits[i], t.hits[p] = t.hits[p], t.hits[i]
			i = p
		}
		return
	}
	if t.k == 0 {
		return
	}
	t.hits[0] = h
	for i := 0; ; {
		l, r, m := 2*i+1, 2*i+2, i
		if l < len(t.hits) && t.worse(l, m) {
			m = l
		}
		if r < len(t.hits) && t.worse(r, m) {
			m = r
		}
		if m == i {
			return
		}
		t.hits[i], t.hits[m] = t.hits[m], t.hits[i]
		i = m
	}
}

// merge offers every hit of o.
func (t *topK) merge(o *topK) {
	for _, h := range o.hits {
		t.offer(h)
	}
}

// verifyLimit is how many documents of a segment a phrase of three or
// more words, all of whose pairs the index holds, is checked in, word by
// word in their stored text; past it, every pair of adjacent words
// present stands for the phrase (rarely wrong: the pairs are there).
//
// verifyWordsLimit is the same for a phrase with a pair the index does
// not hold (pairIndexed): there only its two words anywhere stand for the
// pair, which is often wrong, so a quoted or excluded phrase is checked in
// many more documents. Past it, which takes two syllables that are each
// outside the common ones and yet share thousands of documents of one
// segment, the words stand for the phrase. The texts read past
// verifyLimit are not kept for the page: a search holds at most
// verifyLimit texts a segment.
// A phrase with a pair the index does not hold is checked among the
// documents that have the query's other words (andX.eval), so inside a
// longer query it is checked in few documents at any archive size.
// verifyWordsLimit is a variable for the tests.
const verifyLimit = 256

var verifyWordsLimit uint64 = 8192

// phraseX matches words in sequence: the documents with every pair of
// adjacent words (its term, or its two words where the index does not
// hold the pair), checked in their text where few have them.
type phraseX struct {
	pairs  andX
	words  []word
	head   bool // in the title, lead or names only
	key    string
	verify bool // checked in the stored text (see rankSeqExpr)
	exact  bool // every pair is in the index (pairsExpr)
}

func (p phraseX) eval(v *segView) *roaring.Bitmap {
	if bm, ok := v.bms[p.key]; ok {
		return bm
	}
	bm := p.check(v, p.pairs.eval(v))
	v.bms[p.key] = bm
	return bm
}

// evalIn is eval among the documents of in only: where the phrase's
// words are in more documents than a segment's check reads, the
// documents of in may still be few enough to check.
func (p phraseX) evalIn(v *segView, in *roaring.Bitmap) *roaring.Bitmap {
	return p.check(v, roaring.And(p.pairs.eval(v), in))
}

// check returns the documents of cands whose stored text has the phrase,
// when they are few enough to read (else cands: the words stand for the
// phrase). A document's answer is kept for the search (v.seqs), since the
// matches are found again with other filters (facets).
func (p phraseX) check(v *segView, cands *roaring.Bitmap) *roaring.Bitmap {
	limit := uint64(verifyLimit)
	if !p.exact {
		limit = verifyWordsLimit
	}
	c := cands.GetCardinality()
	if !p.verify || c == 0 || c > limit {
		return cands
	}
	sc := v.seqs[p.key]
	if sc == nil {
		sc = &seqChecks{read: roaring.New(), has: roaring.New()}
		if v.seqs == nil {
			v.seqs = map[string]*seqChecks{}
		}
		v.seqs[p.key] = sc
	}
	it := roaring.AndNot(cands, sc.read).Iterator()
	for it.HasNext() {
		doc := it.Next()
		if v.hasSequence(uint64(doc), p.words, p.head, sc.read.GetCardinality() < verifyLimit) {
			sc.has.Add(doc)
		}
		sc.read.Add(doc)
	}
	return roaring.And(cands, sc.has)
}

// seqChecks are the documents whose stored text a phrase was checked in
// (read), and those that have it.
type seqChecks struct{ read, has *roaring.Bitmap }

// hasSequence reports whether the stored text of doc has the words in
// sequence, in any form.
// The text is kept for the rest of the search only when keep is set.
func (v *segView) hasSequence(doc uint64, ws []word, head, keep bool) bool {
	read := v.readStored
	if keep {
		read = v.stored
	}
	sd, err := read(doc)
	if err != nil {
		return true // keep what the pairs found
	}
	pq := parsedQuery{groups: []group{{alts: []alt{{words: ws}}, n: len(ws)}}}
	for _, f := range storedFields {
		if head && (f == fBody || f == fCaptions) {
			continue
		}
		for _, text := range sd.fields[f] {
			toks := tokens(text, pq)
			for i := range toks {
				if ok, _ := matchAt(alt{words: ws}, toks, i, false); ok {
					return true
				}
			}
		}
	}
	return false
}
