package search

import (
	"context"
	"sort"

	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
)

// Field weights: a word in the title counts more than in the lead, and
// more there than in the body. Entity names count like a title.
var fieldBoosts = []struct {
	field string
	boost float64
}{{fTitle, 3}, {fLead, 2}, {fBody, 1}, {fCaptions, 1}, {fNames, 3}}

const (
	// phraseScore is the bonus of a document with the whole query in
	// order, so that it makes the re-rank window.
	phraseScore = 10
	// maxPhraseVariants caps the phrase clauses a query with abbreviations
	// or OR expands into.
	maxPhraseVariants = 8
)

var storedFields = []string{fTitle, fLead, fBody, fCaptions, fNames}

// textQuery adds the query text to bq: every group must match (in any
// field, by any of its alternatives), the whole query as a phrase should,
// excluded words must not.
func textQuery(bq *query.BooleanQuery, pq parsedQuery) {
	must := make([]query.Query, 0, len(pq.groups))
	for _, g := range pq.groups {
		d := query.NewDisjunctionQuery(nil)
		for _, a := range g.alts {
			d.AddQuery(altQuery(a))
		}
		must = append(must, d)
	}
	bq.AddMust(query.NewConjunctionQuery(must))

	if len(pq.groups) > 1 {
		// The whole query in order earns a fixed bonus: a phrase of
		// common words has a tiny BM25 score, yet it is the best evidence.
		d := query.NewDisjunctionQuery(nil)
		for _, terms := range phraseVariants(pq.groups) {
			for _, fb := range fieldBoosts {
				p := query.NewPhraseQuery(terms, fb.field)
				p.SetBoost(fb.boost)
				d.AddQuery(p)
			}
		}
		bq.AddShould(query.NewCustomScoreQueryWithScorer(d, phraseBonus, nil, nil))
	}
	for _, a := range pq.exclude {
		bq.AddMustNot(altQuery(a))
	}
}

func phraseBonus(_ context.Context, d *bsearch.DocumentMatch) (float64, error) {
	return phraseScore + d.Score, nil
}

// altQuery matches one alternative in any text field, without diacritics:
// the re-rank tells ĐV from DV.
func altQuery(a alt) query.Query {
	if a.loose {
		c := query.NewConjunctionQuery(nil)
		for _, w := range a.words {
			c.AddQuery(altQuery(alt{words: []word{w}}))
		}
		return c
	}
	d := query.NewDisjunctionQuery(nil)
	terms := folds(a.words)
	for _, fb := range fieldBoosts {
		if len(terms) == 1 {
			t := query.NewTermQuery(terms[0])
			t.SetField(fb.field)
			t.SetBoost(fb.boost)
			d.AddQuery(t)
		} else {
			p := query.NewPhraseQuery(terms, fb.field)
			p.SetBoost(fb.boost)
			d.AddQuery(p)
		}
	}
	return d
}

// wordsQuery matches any word of the query in any text field.
func wordsQuery(pq parsedQuery) query.Query {
	d := query.NewDisjunctionQuery(nil)
	seen := map[string]bool{}
	for _, g := range pq.groups {
		for _, a := range g.alts {
			for _, w := range a.words {
				if seen[w.fold] {
					continue
				}
				seen[w.fold] = true
				for _, fb := range fieldBoosts {
					t := query.NewTermQuery(w.fold)
					t.SetField(fb.field)
					d.AddQuery(t)
				}
			}
		}
	}
	return d
}

func folds(ws []word) []string {
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = w.fold
	}
	return out
}

// phraseVariants lists the folded term sequences of the whole query, one
// for each combination of the groups' alternatives, at most
// maxPhraseVariants of them, what the user typed first.
func phraseVariants(groups []group) [][]string {
	variants := [][]string{nil}
	for _, g := range groups {
		var next [][]string
		for _, a := range g.alts {
			if a.loose {
				continue
			}
			for _, v := range variants {
				if len(next) == maxPhraseVariants {
					break
				}
				nv := append(append([]string(nil), v...), folds(a.words)...)
				next = append(next, nv)
			}
		}
		variants = next
	}
	return variants
}

// candidate is a Bleve hit with the proximity features of the re-rank.
type candidate struct {
	h      *bsearch.DocumentMatch
	cover  int // query words matched in one in-order run of adjacent words
	marked int // of those, words whose diacritics are as in the query
	punct  int // punctuation marks inside that run
	final  float64
}

// Weights of the re-rank score. The run of adjacent query words dominates:
// BM25 sums alone under-reward proximity. Diacritics come next, then
// Bleve's score, scaled to [0,1] within the window.
const (
	coverWeight  = 4
	markedWeight = 3
	punctWeight  = 1
)

// rerank orders Bleve's best hits by the longest in-order run of query
// words in one field, the diacritics in that run, then Bleve's score.
func rerank(pq parsedQuery, hits bsearch.DocumentMatchCollection) []candidate {
	out := make([]candidate, len(hits))
	total := 0
	for _, g := range pq.groups {
		total += g.n
	}
	maxScore := 0.0
	for _, h := range hits {
		if h.Score > maxScore {
			maxScore = h.Score
		}
	}
	for i, h := range hits {
		c := scored(h, pq)
		c.final = c.rank(pq, total, maxScore)
		out[i] = c
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].final > out[j].final })
	return out
}

func (c candidate) rank(pq parsedQuery, total int, maxScore float64) float64 {
	s := 0.0
	if maxScore > 0 {
		s = c.h.Score / maxScore
	}
	if total > 0 {
		s += coverWeight * float64(c.cover) / float64(total)
		if pq.accented {
			s += markedWeight * float64(c.marked) / float64(total)
		}
		s -= punctWeight * float64(c.punct) / float64(total)
	}
	return s
}

// scored computes the proximity features of a hit from the term vectors
// and stored text of its best field.
func scored(h *bsearch.DocumentMatch, pq parsedQuery) candidate {
	c := candidate{h: h}
	for _, f := range storedFields {
		for _, doc := range matchedTokens(h, f) {
			if r := bestRun(pq, doc); r.better(run{c.cover, c.marked, c.punct}) {
				c.cover, c.marked, c.punct = r.cover, r.marked, r.punct
			}
		}
	}
	return c
}

func fieldTexts(h *bsearch.DocumentMatch, field string) []string {
	switch v := h.Fields[field].(type) {
	case string:
		return []string{v}
	case []interface{}:
		out := make([]string, 0, len(v))
		for _, x := range v {
			if s, ok := x.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
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
				if j := i + len(a.words); g+1 < ng && next[j].cover > 0 {
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
			cur[i] = here
			if here.better(best) {
				best = here
			}
		}
		cur[len(doc)] = run{}
		next, cur = cur, next
	}
	return best
}

// hit turns a candidate into a result hit with highlights.
func (c candidate) hit(pq parsedQuery, cur string) Hit {
	return Hit{
		ID:         c.h.ID,
		Type:       docType(c.h.ID),
		Score:      c.final,
		Cursor:     cur,
		Highlights: highlights(c.h, pq),
	}
}
