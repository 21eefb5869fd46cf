package search

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// TestChunkSkipScores: a scorer that skips whole chunks of postings
// (chunkSkip) gives every candidate the score of one that walks them,
// for candidates dense and sparse, on terms whose postings span several
// chunks; and zap's chunk size is read (else nothing is skipped).
func TestChunkSkipScores(t *testing.T) {
	defer func(v bool) { chunkSkipping = v }(chunkSkipping)
	ix, err := Open(t.TempDir() + "/index")
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	var docs []Doc
	for i := range 3000 {
		body := strings.Repeat("Người dân nam bộ. ", 1+i%4) + strings.Repeat("Tỉnh tổ chức họp. ", i%9)
		if i%3 == 0 {
			body += " Nam nói với người dân."
		}
		docs = append(docs, Doc{ID: fmt.Sprintf("Article:%d", i+1), Type: "Article", Title: fmt.Sprintf("Tin %d", i), Body: body})
	}
	ctx := context.Background()
	if err := ix.Apply(ctx, docs, nil); err != nil {
		t.Fatal(err)
	}
	sn, err := ix.bi.snapshot()
	if err != nil {
		t.Fatal(err)
	}
	defer sn.close()
	st, err := ix.lengths.get(ctx, sn)
	if err != nil {
		t.Fatal(err)
	}
	terms := []scoreTerm{{field: fWords, term: "nam", boost: 1}, {field: fWords, term: "nguoi", boost: 1},
		{field: fPairs, term: string(pairTerm([]byte("nguoi"), []byte("dan"))), boost: 1}, {field: fWords, term: "tinh", boost: 1}}
	sn.setIDF(terms)
	skipped := false
	for _, v := range sn.segments() {
		chunkSkipping = true
		for _, sk := range newScorer(v, terms, st).skips {
			if sk.chunk > 0 && sk.chunk < v.n {
				skipped = true
			}
		}
		for _, stride := range []uint64{1, 3, 97, 700, 1100, 2900} {
			for _, from := range []uint64{0, 5, stride / 2} {
				chunkSkipping = false
				walk := newScorer(v, terms, st)
				chunkSkipping = true
				skip := newScorer(v, terms, st)
				for doc := from; doc < v.n; doc += stride {
					if a, b := skip.score(doc), walk.score(doc); a != b {
						t.Fatalf("stride %d from %d: doc %d scores %v skipping chunks, %v walking", stride, from, doc, a, b)
					}
				}
			}
		}
	}
	if !skipped {
		t.Error("no iterator skips chunks: zap's chunk size was not read")
	}
}
