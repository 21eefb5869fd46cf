package search

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"tracuu/models"
)

// Suggestion is an entity whose name or alias starts with what the user
// typed.
type Suggestion struct {
	ID, Type string
	Label    string  // the entity's name
	Match    string  // the name or alias that matched, as stored
	Score    float64 // higher is better
}

// entityTypes are the types Suggest looks at by default.
var entityTypes = []string{models.TypeOrganisation, models.TypePerson, models.TypeResolution, models.TypeReport}

// Suggest returns up to limit entities (of the given types, or of every
// entity type) with a name or alias whose words start with the words of
// prefix, the last one possibly unfinished. Matching ignores case and
// diacritics, so "tinh u" suggests "Tỉnh ủy Bến Tre".
func (ix *Index) Suggest(ctx context.Context, prefix string, types []string, limit int) ([]Suggestion, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	ws := words(prefix)
	if len(ws) == 0 {
		return nil, nil
	}
	if limit <= 0 || limit > maxFirst {
		limit = defaultFirst
	}
	if len(types) == 0 {
		types = entityTypes
	}
	must := make([]query.Query, 0, len(ws)+1)
	for i, w := range ws {
		if i == len(ws)-1 {
			p := query.NewPrefixQuery(w.fold)
			p.SetField(fSuggest)
			must = append(must, p)
		} else {
			t := query.NewTermQuery(w.fold)
			t.SetField(fSuggest)
			must = append(must, t)
		}
	}
	anyType := query.NewDisjunctionQuery(nil)
	for _, typ := range types {
		t := query.NewTermQuery(typ)
		t.SetField(fType)
		anyType.AddQuery(t)
	}
	bq := query.NewBooleanQuery(must, nil, nil)
	bq.AddFilter(anyType)

	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.bi == nil {
		return nil, errClosed
	}
	// More than asked for: names that start with the words typed come
	// first, whatever Bleve's score says.
	req := bleve.NewSearchRequestOptions(bq, 4*limit, 0, false)
	req.SortBy([]string{"-_score", "_id"})
	req.Fields = []string{fTitle, fNames}
	res, err := ix.bi.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	out := make([]Suggestion, 0, len(res.Hits))
	for _, h := range res.Hits {
		s := Suggestion{ID: h.ID, Type: docType(h.ID), Score: h.Score}
		if t := fieldTexts(h, fTitle); len(t) > 0 {
			s.Label = t[0]
		}
		s.Match = s.Label
		for _, name := range append(fieldTexts(h, fTitle), fieldTexts(h, fNames)...) {
			if startsWithWords(name, ws) {
				s.Match = name
				break
			}
		}
		out = append(out, s)
	}
	sort.SliceStable(out, func(i, j int) bool {
		return startsWithWords(out[i].Match, ws) && !startsWithWords(out[j].Match, ws)
	})
	if len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

// fieldTexts returns the values of a stored field of a Bleve hit.
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

// startsWithWords reports whether name's words start with ws, the last
// one as a prefix.
func startsWithWords(name string, ws []word) bool {
	nw := words(name)
	if len(nw) < len(ws) {
		return false
	}
	for i, w := range ws {
		if i == len(ws)-1 {
			return strings.HasPrefix(nw[i].fold, w.fold)
		}
		if nw[i].fold != w.fold {
			return false
		}
	}
	return true
}
