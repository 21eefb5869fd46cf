package search

import (
	"context"
	"fmt"
	"strings"

	"github.com/blevesearch/bleve/v2"
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
	must := make([]query.Query, 0, len(ws))
	for i, w := range ws {
		d := query.NewDisjunctionQuery(nil)
		for _, f := range []string{fTitle, fNames} {
			if i == len(ws)-1 {
				p := query.NewPrefixQuery(w.fold)
				p.SetField(f)
				d.AddQuery(p)
			} else {
				t := query.NewTermQuery(w.fold)
				t.SetField(f)
				d.AddQuery(t)
			}
		}
		must = append(must, d)
	}
	bq := query.NewBooleanQuery(must, nil, nil)
	// Names that start with the prefix come first.
	if len(ws) > 1 {
		for _, f := range []string{fTitle, fNames} {
			p := query.NewPhraseQuery(folds(ws[:len(ws)-1]), f)
			p.SetBoost(2)
			bq.AddShould(p)
		}
	}
	bq.AddFilter(filterQuery(Filter{Types: types}, ""))

	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.bi == nil {
		return nil, errClosed
	}
	ctx, err := ix.lengths.withStats(ctx, ix.bi)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	req := bleve.NewSearchRequestOptions(bq, limit, 0, false)
	req.SortBy(relevanceOrder)
	req.Fields = []string{fTitle, fNames}
	res, err := ix.bi.SearchInContext(ctx, req)
	if err != nil {
		return nil, err
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
	return out, nil
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
