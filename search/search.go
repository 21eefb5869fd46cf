package search

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"time"
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
// that mention any of them. From and To compare days in Vietnam's time.
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
	// Facets names the facets to count (FacetYears, …); nil counts every
	// one. The others stay empty.
	Facets []string
	// ExactFacets counts the people, organisations and resolutions of
	// every match; without it they are estimated from a sample when
	// there are more than exactFacetLimit matches.
	ExactFacets bool
}

// Highlight is the matched text of one field: fragments of the original
// text, HTML-escaped, with the matched words in <mark>…</mark>.
type Highlight struct {
	Field     string
	Fragments []string
}

// Hit is one result. Score orders the hits of one search: within the
// re-ranked window it is the re-rank score, past it the engine's.
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
// Years, sources, sections and types are always exact; Approximate says
// that people, organisations and resolutions were estimated from a
// sample of the matches (see Request.ExactFacets).
type Facets struct {
	Years, Sources, Sections, Types, People, Organisations, Resolutions []Bucket
	Approximate                                                         bool
}

// Names of the facets, for Request.Facets.
const (
	FacetYears         = "years"
	FacetSources       = "sources"
	FacetSections      = "sections"
	FacetTypes         = "types"
	FacetPeople        = "people"
	FacetOrganisations = "organisations"
	FacetResolutions   = "resolutions"
)

// Result is a page of hits.
type Result struct {
	Total     uint64
	Hits      []Hit
	Facets    Facets
	HasNext   bool
	EndCursor string
	// IgnoredWords is how many words of the query were not searched for:
	// past MaxQueryWords distinct words, past twice as many in all, or
	// past MaxQueryBytes of text.
	IgnoredWords int
}

const (
	defaultFirst = 10
	maxFirst     = 100
	// rerankWindow is how many of the engine's best hits the re-rank
	// reorders.
	rerankWindow = 100
	facetSize    = 20
)

// cursor is the position after a hit: an offset in the re-ranked window,
// or the engine's order key of the hit.
type cursor struct {
	Offset int       `json:"o,omitempty"`
	After  *afterKey `json:"a,omitempty"`
}

// afterKey is a hit's place in the engine's order: tier and score for
// relevance, publication time for the date sorts, then id.
type afterKey struct {
	Tier  int     `json:"t,omitempty"`
	Score float64 `json:"s,omitempty"`
	TS    int64   `json:"ts,omitempty"`
	ID    string  `json:"i"`
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

// Search runs r. Returns ErrBadCursor if r.After is not a cursor. It stops
// and returns ctx's error when ctx ends first.
func (ix *Index) Search(ctx context.Context, r Request) (*Result, error) {
	cur, err := decodeCursor(r.After)
	if err != nil {
		return nil, err
	}
	first := r.First
	if first <= 0 {
		first = defaultFirst
	}
	first = min(first, maxFirst)
	pq, ignored := parseQuery(r.Query)

	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.bi == nil {
		return nil, errClosed
	}
	key := cacheKey(pq, r, first, ix.gen.Load())
	if res, ok := ix.cache.get(key); ok {
		return res.clone(), nil
	}
	sn, err := ix.bi.snapshot()
	if err != nil {
		return nil, err
	}
	defer sn.close()
	st, err := ix.lengths.get(ctx, sn)
	if err != nil {
		return nil, err
	}
	e := newExecution(ctx, sn, pq, r.Filter, st)
	if err := e.match(); err != nil {
		return nil, err
	}
	var res *Result
	if r.Sort == Relevance && !pq.empty() {
		res, err = e.relevance(cur, first)
	} else {
		res, err = e.sorted(r.Sort, cur, first)
	}
	if err != nil {
		return nil, err
	}
	res.IgnoredWords = ignored
	if !r.SkipFacets {
		if res.Facets, err = e.facets(r.Facets, r.ExactFacets); err != nil {
			return nil, err
		}
	}
	ix.cache.put(key, res)
	return res.clone(), nil
}

// clone copies what a caller may change of a cached result.
func (r *Result) clone() *Result {
	c := *r
	c.Hits = append([]Hit(nil), r.Hits...)
	return &c
}

func (r *Result) finish() {
	if n := len(r.Hits); n > 0 {
		r.EndCursor = r.Hits[n-1].Cursor
	}
}

// errStopped wraps a context's error when a search stops early.
func stopped(err error) error { return fmt.Errorf("search: stopped: %w", err) }
