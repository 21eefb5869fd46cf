package search

import (
	"context"
	"math"
	"sync"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
)

// Bleve's BM25 takes a field's average length to be its number of distinct
// terms divided by the number of documents (bm25ScoreMetrics in
// search/searcher/search_term.go). For long texts with a shared vocabulary
// that is far too small (7 words for bodies of 700), and BM25's length
// normalisation then buries every long document. Bleve lets the caller
// supply the statistics through the context instead, so Index supplies the
// real average lengths, measured on a sample of stored documents.

const (
	statsSample = 300
	// statsDrift is how much the document count may change before the
	// averages are measured again.
	statsDrift = 0.1
)

type lengthStats struct {
	mu    sync.Mutex
	bi    *shards
	count uint64
	stats *bsearch.BM25Stats
}

// keywordFields hold one term a value; their average length is 1.
var keywordFields = []string{fType, fSource, fSection, fAuthors, fMentions, fPeople, fOrgs, fRes, fYear, fFacets, fDate, fTS}

// withStats returns ctx carrying BM25 statistics for bi.
func (ls *lengthStats) withStats(ctx context.Context, bi *shards) (context.Context, error) {
	count, err := bi.DocCount()
	if err != nil {
		return nil, err
	}
	ls.mu.Lock()
	defer ls.mu.Unlock()
	if ls.stats == nil || ls.bi != bi || math.Abs(float64(count)-float64(ls.count)) > statsDrift*float64(ls.count) {
		st, err := measure(ctx, bi, count)
		if err != nil {
			return nil, err
		}
		ls.bi, ls.count, ls.stats = bi, count, st
	}
	st := &bsearch.BM25Stats{DocCount: float64(count), FieldCardinality: make(map[string]int, len(ls.stats.FieldCardinality))}
	for f, avg := range ls.stats.FieldCardinality {
		// FieldCardinality / DocCount is what Bleve takes as the average.
		st.FieldCardinality[f] = avg * int(max(count, 1))
	}
	return context.WithValue(ctx, bsearch.BM25StatsKey, st), nil
}

// measure samples stored documents and returns their average field
// lengths in words (in FieldCardinality, as averages).
func measure(ctx context.Context, bi *shards, count uint64) (*bsearch.BM25Stats, error) {
	req := bleve.NewSearchRequestOptions(query.NewMatchAllQuery(), statsSample, 0, false)
	req.Fields = storedFields
	res, err := bi.SearchInContext(ctx, req)
	if err != nil {
		return nil, err
	}
	total := map[string]int{}
	docs := map[string]int{}
	for _, h := range res.Hits {
		for _, f := range storedFields {
			texts := fieldTexts(h, f)
			if len(texts) == 0 {
				continue
			}
			docs[f]++
			for _, t := range texts {
				total[f] += len(appendSpans(nil, []byte(t)))
			}
		}
	}
	st := &bsearch.BM25Stats{DocCount: float64(count), FieldCardinality: map[string]int{}}
	for _, f := range storedFields {
		avg := 1
		if docs[f] > 0 {
			avg = max(1, int(math.Round(float64(total[f])/float64(docs[f]))))
		}
		st.FieldCardinality[f] = avg
	}
	for _, f := range keywordFields {
		st.FieldCardinality[f] = 1
	}
	// Some searchers Bleve builds internally ask for the statistics of
	// every field ("*").
	st.FieldCardinality["*"] = 1
	return st, nil
}
