package search

import (
	"context"
	"sort"
	"strconv"
	"time"

	"github.com/RoaringBitmap/roaring/v2"
	segment "github.com/blevesearch/scorch_segment_api/v2"

	"tracuu/vntext"
)

// execution is one search over a snapshot: the matches of the query in
// every segment, split into tiers, and what the page and the facets read.
type execution struct {
	ctx    context.Context
	sn     *snapshot
	pq     parsedQuery
	plan   *plan
	filter Filter
	st     *lengthStatsValue
	segs   map[*segView]*segMatch
	total  uint64
	counts []uint64 // matches in each tier split so far (split)
}

// segMatch is what a search found in one segment.
type segMatch struct {
	base *roaring.Bitmap // the matches: query, filters, exclusions, not deleted
	// tiers is base split into tiers, as far as a search has needed them
	// (split): the first tiers of a common query fill the page, and the
	// last, the largest, are never split off.
	tiers []*roaring.Bitmap
	rest  *roaring.Bitmap // base less tiers; nil once the last tier is split
}

// split splits the segment's matches into tiers up to tier t (the last,
// len(p.tiers), is what no tier condition takes).
func (m *segMatch) split(v *segView, p *plan, t int) {
	for len(m.tiers) <= t && m.rest != nil {
		i := len(m.tiers)
		if i == len(p.tiers) {
			m.tiers = append(m.tiers, m.rest)
			m.rest = nil
			return
		}
		if m.rest.IsEmpty() {
			m.tiers = append(m.tiers, roaring.New())
			continue
		}
		tb := roaring.And(m.rest, p.tiers[i].eval(v))
		if !tb.IsEmpty() {
			m.rest.AndNot(tb)
		}
		m.tiers = append(m.tiers, tb)
	}
}

func newExecution(ctx context.Context, sn *snapshot, pq parsedQuery, f Filter, st *lengthStatsValue) *execution {
	e := &execution{ctx: ctx, sn: sn, pq: pq, plan: buildPlan(pq), filter: f, st: st, segs: map[*segView]*segMatch{}}
	return e
}

// matches returns the segment's matches with every filter but skip's.
func (e *execution) matches(v *segView, skip string) *roaring.Bitmap {
	bm := v.live()
	if e.plan.words != nil {
		bm = roaring.And(bm, e.plan.words.eval(v))
	}
	// An excluded phrase checked in the stored text is checked among the
	// query's matches, as an included one is among the other words'
	// (andX.eval): "BN -N.V.Đ" is what "BN" has and "BN N.V.Đ" has not.
	// Before the filters, so that the facets, which leave one out, find
	// the same matches.
	if e.plan.exclude != nil {
		bm = roaring.AndNot(bm, evalIn(e.plan.exclude, v, bm))
	}
	if f := filterExpr(e.filter, skip); f != nil {
		bm = roaring.And(bm, f.eval(v))
	}
	return bm
}

// match finds the matches of every segment; the tiers are split from
// them as top needs them (count).
func (e *execution) match() error {
	found := make([][]*segMatch, len(e.sn.shards))
	err := e.sn.eachShard(func(i int, segs []*segView) error {
		for _, v := range segs {
			if err := e.ctx.Err(); err != nil {
				return stopped(err)
			}
			m := &segMatch{base: e.matches(v, "")}
			m.rest = m.base.Clone()
			found[i] = append(found[i], m)
		}
		return nil
	})
	if err != nil {
		return err
	}
	for i, segs := range e.sn.shards {
		for j, v := range segs {
			m := found[i][j]
			e.segs[v] = m
			e.total += m.base.GetCardinality()
		}
	}
	return nil
}

// tierCount is how many tiers a search has: the plan's, then the rest.
func (e *execution) tierCount() int { return len(e.plan.tiers) + 1 }

// count returns the matches of tier t, splitting the tiers up to t in
// every segment first.
func (e *execution) count(t int) (uint64, error) {
	if t < len(e.counts) {
		return e.counts[t], nil
	}
	err := e.sn.eachShard(func(_ int, segs []*segView) error {
		for _, v := range segs {
			if err := e.ctx.Err(); err != nil {
				return stopped(err)
			}
			e.segs[v].split(v, e.plan, t)
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	for n := len(e.counts); n <= t; n++ {
		var c uint64
		for _, v := range e.sn.segments() {
			c += e.segs[v].tiers[n].GetCardinality()
		}
		e.counts = append(e.counts, c)
	}
	return e.counts[t], nil
}

// top returns the k best hits after key (nil: from the first), best
// first, with their ids. It scores the tiers in order and stops at the
// first tier that completes the k.
func (e *execution) top(k int, key *afterKey) ([]hit, error) {
	top := &topK{k: k}
	start := 0
	if key != nil {
		start = key.Tier
	}
	// Tiers past the last (tierCount and one more) are what firstStage
	// left out of the two last tiers, when they were staged (staged).
	n := e.tierCount()
	for t := start; t < n+2 && len(top.hits) < k; t++ {
		src, rest := t, false
		if t >= n {
			src, rest = t-2, true
		}
		if c, err := e.count(src); err != nil {
			return nil, err
		} else if c == 0 {
			continue
		}
		// A large tier of word matches is scored only in its documents
		// with the most adjacent query pairs (firstStage). They are the
		// same documents for every page (need does not depend on k or on
		// the hits of earlier tiers, and k is never more), so that a later
		// page goes on where the first stopped, and past them into the
		// rest of the tier.
		need := firstStageNeed
		staged := e.staged(src)
		if rest && !staged {
			continue
		}
		terms := append([]scoreTerm(nil), e.plan.terms[src]...)
		e.sn.setIDF(terms)
		var accept func(*hit) bool
		if key != nil && t == key.Tier {
			accept = key.follows
		}
		tops := make([]*topK, len(e.sn.shards))
		err := e.sn.eachShard(func(i int, segs []*segView) error {
			tops[i] = &topK{k: k}
			for _, v := range segs {
				cands := e.segs[v].tiers[src]
				if staged {
					first := e.firstStage(v, cands, need)
					if rest {
						first = roaring.AndNot(cands, first)
					}
					cands = first
				}
				if err := scoreInto(e.ctx, v, cands, t, terms, e.st, tops[i], accept); err != nil {
					return stopped(err)
				}
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		for _, st := range tops {
			top.merge(st)
		}
	}
	hits := top.hits
	for i := range hits {
		hits[i].loadID()
	}
	sort.Slice(hits, func(i, j int) bool { return hits[i].before(&hits[j]) })
	return hits, nil
}

// staged reports whether tier t is scored in two steps: its first stage,
// then (on the pages past it) the rest, as tier t+2 (after every tier:
// the documents firstStage leaves out are a page's last resort, and
// paging reaches every match).
func (e *execution) staged(t int) bool {
	return firstStageLimit > 0 && t >= len(e.plan.tiers)-1 && e.counts[t] > uint64(firstStageLimit)
}

// firstStageLimit is the size past which a tier of word matches (every
// query word, not as a phrase) is not scored whole: 0 scores every tier
// whole.
var firstStageLimit = 4096

// firstStageNeed is how many documents of a segment firstStage keeps at
// the least, where the tier holds them: as many as a page of top (k) can
// need, the re-rank window or a page past it and one more.
const firstStageNeed = max(rerankWindow, maxFirst) + 1

// firstStage returns the documents of cands (a tier of word matches in
// v) worth scoring for the need best: those with the most distinct
// adjacent pairs of the query's words, at the highest level that still
// holds need of them; when fewer than need have any pair, those and at
// most firstStageLimit others, the latest indexed.
func (e *execution) firstStage(v *segView, cands *roaring.Bitmap, need int) *roaring.Bitmap {
	var levels []*roaring.Bitmap // levels[j]: the documents with more than j pairs
	for _, t := range e.plan.pairTerms {
		b := roaring.And(cands, v.bitmap(t.field, t.term))
		if b.IsEmpty() {
			continue
		}
		for j := len(levels) - 1; j >= 0; j-- {
			up := roaring.And(levels[j], b)
			if j+1 == len(levels) {
				if up.IsEmpty() {
					continue
				}
				levels = append(levels, up)
			} else {
				levels[j+1].Or(up)
			}
		}
		if len(levels) == 0 {
			levels = append(levels, b)
		} else {
			levels[0].Or(b)
		}
	}
	for j := len(levels) - 1; j >= 0; j-- {
		if levels[j].GetCardinality() >= uint64(need) {
			return levels[j]
		}
	}
	out := roaring.New()
	if len(levels) > 0 {
		out = levels[0].Clone()
	}
	rest := roaring.AndNot(cands, out)
	it := rest.ReverseIterator()
	for n := 0; n < firstStageLimit && it.HasNext(); n++ {
		out.Add(it.Next())
	}
	return out
}

// follows reports whether h comes after the key in the engine's order
// (same tier).
func (k *afterKey) follows(h *hit) bool {
	if h.score != k.Score {
		return h.score < k.Score
	}
	h.loadID()
	return h.id > k.ID
}

func (h *hit) loadID() {
	if h.id == "" {
		if b, err := h.v.seg.DocID(h.doc); err == nil {
			h.id = string(b)
		}
	}
}

// storedDoc is the stored text of a hit.
type storedDoc struct {
	fields map[string][]string
	// toks caches the words of each text of fields that the query may
	// match (tokens), split once for the re-rank and the highlights.
	toks map[string][][]token
}

// tokens returns the words of the i-th text of field f (tokens) for pq,
// the query of the search that read sd.
func (sd storedDoc) tokens(f string, i int, pq parsedQuery) []token {
	ts := sd.toks[f]
	if ts == nil {
		ts = make([][]token, len(sd.fields[f]))
		sd.toks[f] = ts
	}
	if ts[i] == nil {
		text := sd.fields[f][i]
		ts[i] = tokensOf(text, pq, wordCache.words(text))
		if ts[i] == nil {
			ts[i] = []token{}
		}
	}
	return ts[i]
}

// stored reads the stored text of doc, once a search: the phrase checks
// and the page read the same documents.
func (v *segView) stored(doc uint64) (storedDoc, error) {
	if sd, ok := v.docs[doc]; ok {
		return sd, nil
	}
	sd, err := v.readStored(doc)
	if err == nil {
		if v.docs == nil {
			v.docs = map[uint64]storedDoc{}
		}
		v.docs[doc] = sd
	}
	return sd, err
}

// readStored reads the stored text of doc, without keeping it.
func (v *segView) readStored(doc uint64) (storedDoc, error) {
	if sd, ok := v.docs[doc]; ok {
		return sd, nil
	}
	sd := storedDoc{fields: map[string][]string{}, toks: map[string][][]token{}}
	err := v.seg.VisitStoredFields(doc, func(field string, _ byte, value []byte, _ []uint64) bool {
		if field != "_id" {
			sd.fields[field] = append(sd.fields[field], string(value))
		}
		return true
	})
	return sd, err
}

// relevance pages through the re-ranked window of the engine's best hits,
// then on in the engine's order.
func (e *execution) relevance(cur cursor, first int) (*Result, error) {
	out := &Result{Total: e.total}
	if cur.After == nil {
		hits, err := e.top(rerankWindow, nil)
		if err != nil {
			return nil, err
		}
		cands, err := e.candidates(hits)
		if err != nil {
			return nil, err
		}
		rerank(e.pq, cands, e.demote, e.plan.scaleOf)
		for i := cur.Offset; i < len(cands) && len(out.Hits) < first; i++ {
			out.Hits = append(out.Hits, e.hitOf(cands[i], cursor{Offset: i + 1}))
		}
		if cur.Offset+first < len(cands) || len(hits) < rerankWindow {
			out.HasNext = cur.Offset+first < len(cands)
			out.finish()
			return out, nil
		}
		// The page runs past the window: continue after its last hit.
		last := hits[len(hits)-1]
		cur.After = &afterKey{Tier: last.tier, Score: last.score, ID: last.id}
	}
	need := first - len(out.Hits)
	hits, err := e.top(need+1, cur.After)
	if err != nil {
		return nil, err
	}
	if len(hits) > need {
		out.HasNext = true
		hits = hits[:need]
	}
	cands, err := e.candidates(hits)
	if err != nil {
		return nil, err
	}
	for _, c := range cands {
		c.final = c.h.score
		out.Hits = append(out.Hits, e.hitOf(c, cursor{After: &afterKey{Tier: c.h.tier, Score: c.h.score, ID: c.h.id}}))
	}
	out.finish()
	return out, nil
}

// demote returns the tier of a candidate of a phrase tier whose text
// lacks the whole phrase: the tier of every word in the head if it has
// them, else the last; other candidates keep theirs.
func (e *execution) demote(c *candidate) int {
	head := len(e.plan.tiers) - 1
	if c.h.tier >= head {
		return c.h.tier
	}
	if e.plan.tiers[head].eval(c.h.v).Contains(uint32(c.h.doc)) {
		return head
	}
	return head + 1
}

// candidates reads the stored text of hits.
func (e *execution) candidates(hits []hit) ([]candidate, error) {
	out := make([]candidate, len(hits))
	for i, h := range hits {
		if i%16 == 15 {
			if err := e.ctx.Err(); err != nil {
				return nil, stopped(err)
			}
		}
		sd, err := h.v.stored(h.doc)
		if err != nil {
			return nil, err
		}
		out[i] = candidate{h: h, text: sd}
	}
	return out, nil
}

// hitOf makes a result hit with its highlights.
func (e *execution) hitOf(c candidate, cur cursor) Hit {
	return Hit{ID: c.h.id, Type: docType(c.h.id), Score: c.final, Cursor: cur.encode(), Highlights: highlights(c.text, e.pq)}
}

// dated is a match with its publication time, for the date sorts.
type dated struct {
	h  hit
	ts int64
}

// sorted pages through the matches by publication date (newest first
// for an empty query), month by month: only the months that hold the
// page are read.
func (e *execution) sorted(order Sort, cur cursor, first int) (*Result, error) {
	newest := order != Oldest
	months := e.months(newest)
	key := cur.After
	var page []dated
	for _, month := range months {
		if key != nil && monthBefore(month, monthOf(key.TS), newest, key.TS == 0) {
			continue
		}
		n := len(page)
		for _, v := range e.sn.segments() {
			if err := e.ctx.Err(); err != nil {
				return nil, stopped(err)
			}
			page = e.addDated(page, v, month)
		}
		sortDated(page[n:], newest)
		if key != nil {
			page = dropUntil(page, key, newest)
		}
		if len(page) > first {
			break
		}
	}
	out := &Result{Total: e.total}
	if len(page) > first {
		out.HasNext = true
		page = page[:first]
	}
	for _, d := range page {
		sd, err := d.h.v.stored(d.h.doc)
		if err != nil {
			return nil, err
		}
		c := candidate{h: d.h, text: sd}
		out.Hits = append(out.Hits, e.hitOf(c, cursor{After: &afterKey{TS: d.ts, ID: d.h.id}}))
	}
	out.finish()
	return out, nil
}

// addDated appends the segment's matches published in month.
func (e *execution) addDated(page []dated, v *segView, month string) []dated {
	bm := roaring.And(e.segs[v].base, v.bitmap(fMonth, month))
	it := bm.Iterator()
	for it.HasNext() {
		h := hit{v: v, doc: uint64(it.Next())}
		h.loadID()
		page = append(page, dated{h: h, ts: v.timestamp(h.doc)})
	}
	return page
}

func sortDated(ds []dated, newest bool) {
	sort.Slice(ds, func(i, j int) bool { return datedBefore(ds[i].ts, ds[i].h.id, ds[j].ts, ds[j].h.id, newest) })
}

// datedBefore orders by publication time, undated (0) last, then id.
func datedBefore(ts1 int64, id1 string, ts2 int64, id2 string, newest bool) bool {
	if ts1 != ts2 {
		if ts1 == 0 || ts2 == 0 {
			return ts2 == 0
		}
		return ts1 > ts2 == newest
	}
	return id1 < id2
}

// dropUntil removes the hits up to and including the key's.
func dropUntil(page []dated, key *afterKey, newest bool) []dated {
	out := page[:0]
	for _, d := range page {
		if datedBefore(key.TS, key.ID, d.ts, d.h.id, newest) {
			out = append(out, d)
		}
	}
	return out
}

// months lists the months of the index in the order of the sort, months
// without a date last.
func (e *execution) months(newest bool) []string {
	seen := map[string]bool{}
	var ms []string
	for _, v := range e.sn.segments() {
		v.each(fMonth, nil, nil, func(t string) {
			if !seen[t] && t != noDay {
				seen[t] = true
				ms = append(ms, t)
			}
		})
	}
	sort.Strings(ms)
	if newest {
		for i, j := 0, len(ms)-1; i < j; i, j = i+1, j-1 {
			ms[i], ms[j] = ms[j], ms[i]
		}
	}
	return append(ms, noDay)
}

// monthOf is the month of a publication time (Unix seconds; 0: none).
func monthOf(ts int64) string {
	if ts == 0 {
		return noDay
	}
	return time.Unix(ts, 0).In(vntext.Vietnam).Format("2006-01")
}

// monthBefore reports whether month comes before the cursor's month in
// the sort, so that none of its hits can follow the cursor.
func monthBefore(month, cursorMonth string, newest, cursorUndated bool) bool {
	if cursorUndated {
		return month != noDay
	}
	if month == noDay {
		return false
	}
	if newest {
		return month > cursorMonth
	}
	return month < cursorMonth
}

// timestamp reads a document's publication time (Unix seconds; 0: none).
func (v *segView) timestamp(doc uint64) int64 {
	var ts int64
	v.visitDocValues(doc, fTS, func(term []byte) {
		ts, _ = strconv.ParseInt(string(term), 10, 64)
	})
	return ts
}

// visitDocValues calls fn with each doc value of field in doc.
func (v *segView) visitDocValues(doc uint64, field string, fn func(term []byte)) {
	dv, ok := v.seg.(segment.DocValueVisitable)
	if !ok {
		return
	}
	v.dvState, _ = dv.VisitDocValues(doc, []string{field}, func(_ string, term []byte) { fn(term) }, v.dvState)
}
