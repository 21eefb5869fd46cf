package search

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
)

// Sort orders search results.
type Sort int

const (
	Relevance Sort = iota // best match first (the zero value)
	Newest                // latest publication date first
	Oldest                // earliest publication date first
)

// Filter restricts results. Values within one list are alternatives (any
// of them); different lists must all hold. People, Organisations and
// Resolutions are entity ids as in Doc.Mentions and keep the documents
// that mention any of them.
type Filter struct {
	Types, Sources, Sections           []string
	From, To                           *time.Time // inclusive
	People, Organisations, Resolutions []string
}

// Request is one search.
type Request struct {
	Query  string
	Filter Filter
	Sort   Sort
	First  int    // page size; 0 means 10
	After  string // cursor of the last hit of the previous page
	// SkipFacets saves the facet computation when the caller shows none.
	SkipFacets bool
}

// Highlight is the matched text of one field: fragments of the original
// text, HTML-escaped, with the matched words in <mark>…</mark>.
type Highlight struct {
	Field     string
	Fragments []string
}

// Hit is one result. Score orders the hits of one search: within the first
// 100 it is the re-rank score, past them Bleve's.
type Hit struct {
	ID, Type   string
	Score      float64
	Cursor     string
	Highlights []Highlight
}

// Bucket is one value of a facet and how many results have it.
type Bucket struct {
	Value string
	Count int
}

// Facets count the results by value. The counts of a facet ignore the
// filter on that facet's own field, so a user can widen a selection.
type Facets struct {
	Years, Sources, Sections, Types, People, Organisations, Resolutions []Bucket
}

// Result is a page of hits.
type Result struct {
	Total     uint64
	Hits      []Hit
	Facets    Facets
	HasNext   bool
	EndCursor string
}

const (
	defaultFirst = 10
	maxFirst     = 100
	// rerankWindow is how many of Bleve's best hits the proximity and
	// diacritics re-rank reorders.
	rerankWindow = 100
	facetSize    = 20
)

// cursor is the position after a hit: an offset in the re-ranked window,
// or Bleve's sort values after it.
type cursor struct {
	Offset int      `json:"o,omitempty"`
	After  []string `json:"a,omitempty"`
}

func (c cursor) encode() string {
	b, _ := json.Marshal(c)
	return base64.RawURLEncoding.EncodeToString(b)
}

// ErrBadCursor is returned for an After cursor that no search produced.
var ErrBadCursor = errors.New("search: invalid cursor")

func decodeCursor(s string) (cursor, error) {
	var c cursor
	if s == "" {
		return c, nil
	}
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || json.Unmarshal(b, &c) != nil || c.Offset < 0 || c.Offset > rerankWindow {
		return c, ErrBadCursor
	}
	return c, nil
}

// Search runs r. Returns ErrBadCursor if r.After is not a cursor.
func (ix *Index) Search(ctx context.Context, r Request) (*Result, error) {
	cur, err := decodeCursor(r.After)
	if err != nil {
		return nil, err
	}
	first := r.First
	if first <= 0 {
		first = defaultFirst
	}
	if first > maxFirst {
		first = maxFirst
	}
	pq := parseQuery(r.Query)

	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.bi == nil {
		return nil, errClosed
	}
	ctx, err = ix.lengths.withStats(ctx, ix.bi)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	s := searcher{bi: ix.bi, ctx: ctx, pq: pq, filter: r.Filter, facets: !r.SkipFacets}
	var res *Result
	if r.Sort == Relevance && !pq.empty() {
		res, err = s.relevance(cur, first)
	} else {
		res, err = s.sorted(r.Sort, cur, first)
	}
	if err != nil {
		return nil, err
	}
	if s.facets {
		if err := s.countFacets(res); err != nil {
			return nil, err
		}
	}
	return res, nil
}

type searcher struct {
	bi     *shards
	ctx    context.Context
	pq     parsedQuery
	filter Filter
	facets bool // compute facets
	// main is the search that found the hits; it also counted the facets
	// that no filter of their own restricts.
	main *bleve.SearchResult
}

// query is the Bleve query for the text with every filter but skip's.
func (s *searcher) query(skip string) query.Query {
	bq := query.NewBooleanQuery(nil, nil, nil)
	if s.pq.empty() {
		bq.AddMust(query.NewMatchAllQuery())
	} else {
		textQuery(bq, s.pq)
	}
	if f := filterQuery(s.filter, skip); f != nil {
		bq.AddFilter(f)
	}
	return bq
}

func (s *searcher) run(req *bleve.SearchRequest) (*bleve.SearchResult, error) {
	res, err := s.bi.SearchInContext(s.ctx, req)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	return res, nil
}

var relevanceOrder = []string{"-_score", "_id"}

func scoreKey(h *bsearch.DocumentMatch) []string {
	return []string{strconv.FormatFloat(h.Score, 'g', -1, 64), h.ID}
}

// relevance pages through the re-ranked window of Bleve's best hits, then
// on through Bleve's own order with SearchAfter.
func (s *searcher) relevance(cur cursor, first int) (*Result, error) {
	q := s.query("")
	out := &Result{}
	if cur.After == nil {
		// Bleve's best hits, without term vectors: gathering them for
		// every match costs more than the search.
		req := bleve.NewSearchRequestOptions(q, rerankWindow, 0, false)
		req.SortBy(relevanceOrder)
		s.addFacets(req)
		res, err := s.run(req)
		if err != nil {
			return nil, err
		}
		s.main = res
		out.Total = res.Total
		hits, err := s.withTermVectors(res.Hits)
		if err != nil {
			return nil, err
		}
		ranked := rerank(s.pq, hits)
		for i := cur.Offset; i < len(ranked) && len(out.Hits) < first; i++ {
			out.Hits = append(out.Hits, ranked[i].hit(s.pq, cursor{Offset: i + 1}.encode()))
		}
		if cur.Offset+first < len(ranked) || uint64(len(res.Hits)) == res.Total {
			out.HasNext = cur.Offset+first < len(ranked)
			out.finish()
			return out, nil
		}
		// The page runs past the window: continue after its last hit.
		cur.After = scoreKey(res.Hits[len(res.Hits)-1])
	}
	need := first - len(out.Hits)
	req := bleve.NewSearchRequestOptions(q, need+1, 0, false)
	req.SortBy(relevanceOrder)
	req.SetSearchAfter(cur.After)
	req.Fields = storedFields
	req.IncludeLocations = true
	if s.main == nil {
		s.addFacets(req)
	}
	res, err := s.run(req)
	if err != nil {
		return nil, err
	}
	if s.main == nil {
		s.main = res
		out.Total = res.Total
	}
	for i, h := range res.Hits {
		if i == need {
			out.HasNext = true
			break
		}
		c := scored(h, s.pq)
		c.final = h.Score
		out.Hits = append(out.Hits, c.hit(s.pq, cursor{After: scoreKey(h)}.encode()))
	}
	out.finish()
	return out, nil
}

// withTermVectors returns hits again, with the same scores, their stored
// text and the term vectors of the query's words in them, found by a search
// for those words restricted to the hits.
func (s *searcher) withTermVectors(hits bsearch.DocumentMatchCollection) (bsearch.DocumentMatchCollection, error) {
	if len(hits) == 0 {
		return hits, nil
	}
	ids := make([]string, len(hits))
	for i, h := range hits {
		ids[i] = h.ID
	}
	req := bleve.NewSearchRequestOptions(query.NewConjunctionQuery([]query.Query{query.NewDocIDQuery(ids), wordsQuery(s.pq)}), len(ids), 0, false)
	req.Fields = storedFields
	req.IncludeLocations = true
	res, err := s.run(req)
	if err != nil {
		return nil, err
	}
	byID := make(map[string]*bsearch.DocumentMatch, len(res.Hits))
	for _, h := range res.Hits {
		byID[h.ID] = h
	}
	out := make(bsearch.DocumentMatchCollection, 0, len(hits))
	for _, h := range hits {
		if full, ok := byID[h.ID]; ok {
			full.Score = h.Score
			out = append(out, full)
		}
	}
	return out, nil
}

// sorted returns hits by date (or, for an empty query, newest first).
func (s *searcher) sorted(order Sort, cur cursor, first int) (*Result, error) {
	req := bleve.NewSearchRequestOptions(s.query(""), first+1, 0, false)
	req.SortByCustom(bsearch.SortOrder{
		&bsearch.SortField{Field: fTS, Type: bsearch.SortFieldAsNumber, Desc: order != Oldest, Missing: bsearch.SortFieldMissingLast},
		&bsearch.SortDocID{},
	})
	if cur.After != nil {
		req.SetSearchAfter(cur.After)
	}
	req.Fields = storedFields
	req.IncludeLocations = true
	s.addFacets(req)
	res, err := s.run(req)
	if err != nil {
		return nil, err
	}
	s.main = res
	out := &Result{Total: res.Total}
	for i, h := range res.Hits {
		if i == first {
			out.HasNext = true
			break
		}
		c := scored(h, s.pq)
		c.final = h.Score
		out.Hits = append(out.Hits, c.hit(s.pq, cursor{After: h.DecodedSort}.encode()))
	}
	out.finish()
	return out, nil
}

func (r *Result) finish() {
	if n := len(r.Hits); n > 0 {
		r.EndCursor = r.Hits[n-1].Cursor
	}
}

// facetFields maps each facet to its index field and the filter that
// the facet's own counts ignore.
var facetFields = []struct {
	field  string
	active func(Filter) bool
	set    func(*Facets, []Bucket)
}{
	{fYear, func(f Filter) bool { return f.From != nil || f.To != nil }, func(f *Facets, b []Bucket) { f.Years = b }},
	{fSource, func(f Filter) bool { return len(f.Sources) > 0 }, func(f *Facets, b []Bucket) { f.Sources = b }},
	{fSection, func(f Filter) bool { return len(f.Sections) > 0 }, func(f *Facets, b []Bucket) { f.Sections = b }},
	{fType, func(f Filter) bool { return len(f.Types) > 0 }, func(f *Facets, b []Bucket) { f.Types = b }},
	{fPeople, func(f Filter) bool { return len(f.People) > 0 }, func(f *Facets, b []Bucket) { f.People = b }},
	{fOrgs, func(f Filter) bool { return len(f.Organisations) > 0 }, func(f *Facets, b []Bucket) { f.Organisations = b }},
	{fRes, func(f Filter) bool { return len(f.Resolutions) > 0 }, func(f *Facets, b []Bucket) { f.Resolutions = b }},
}

// facetTerms is how many values of the facets field a search returns:
// all of them in practice, so that every facet gets its own top values.
const facetTerms = 1 << 16

// addFacets asks req to count the values of the facets field, from which
// countFacets takes the facets that no filter of their own restricts.
func (s *searcher) addFacets(req *bleve.SearchRequest) {
	if s.facets {
		req.AddFacet(fFacets, bleve.NewFacetRequest(fFacets, facetTerms))
	}
}

// countFacets counts the results by each facet. The main search counted
// those without a filter of their own; each of the others is counted by a
// search without its filter, as Aleph does.
func (s *searcher) countFacets(out *Result) error {
	for _, ff := range facetFields {
		res := s.main
		if ff.active(s.filter) {
			req := bleve.NewSearchRequestOptions(s.query(ff.field), 0, 0, false)
			s.addFacets(req)
			var err error
			if res, err = s.run(req); err != nil {
				return err
			}
		}
		ff.set(&out.Facets, buckets(res, ff.field))
	}
	return nil
}

// buckets returns the facetSize most frequent values of field in res.
func buckets(res *bleve.SearchResult, field string) []Bucket {
	fr, ok := res.Facets[fFacets]
	if !ok || fr.Terms == nil {
		return nil
	}
	prefix := field + facetSep
	var out []Bucket
	for _, t := range fr.Terms.Terms() { // most frequent first
		if v, ok := strings.CutPrefix(t.Term, prefix); ok {
			out = append(out, Bucket{Value: v, Count: t.Count})
			if len(out) == facetSize {
				break
			}
		}
	}
	if field == fYear {
		sort.Slice(out, func(i, j int) bool { return out[i].Value > out[j].Value })
	}
	return out
}

// filterQuery is the conjunction of the filters, leaving out the one on
// field skip; nil if there is none.
func filterQuery(f Filter, skip string) query.Query {
	var qs []query.Query
	anyOf := func(field string, values []string) {
		if len(values) == 0 || field == skip {
			return
		}
		d := query.NewDisjunctionQuery(nil)
		for _, v := range values {
			t := query.NewTermQuery(v)
			t.SetField(field)
			d.AddQuery(t)
		}
		qs = append(qs, d)
	}
	anyOf(fType, f.Types)
	anyOf(fSource, f.Sources)
	anyOf(fSection, f.Sections)
	anyOf(fPeople, f.People)
	anyOf(fOrgs, f.Organisations)
	anyOf(fRes, f.Resolutions)
	if (f.From != nil || f.To != nil) && skip != fYear {
		var start, end time.Time
		if f.From != nil {
			start = *f.From
		}
		if f.To != nil {
			end = *f.To
		}
		yes := true
		d := query.NewDateRangeInclusiveQuery(start, end, &yes, &yes)
		d.SetField(fDate)
		qs = append(qs, d)
	}
	if len(qs) == 0 {
		return nil
	}
	return query.NewConjunctionQuery(qs)
}
