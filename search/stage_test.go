package search

import (
	"context"
	"fmt"
	"testing"
)

// stagedPaging indexes n articles, the body of the i-th from body, with
// a firstStageLimit of 10, and pages through the query "người dân nam
// các": a first page of 100, then pages of 25. It returns the ids in the
// order paged (failing on an id paged twice) and the total.
func stagedPaging(t *testing.T, n int, body func(i int) string) ([]string, uint64) {
	t.Helper()
	defer func(l int) { firstStageLimit = l }(firstStageLimit)
	firstStageLimit = 10
	ix, err := Open(t.TempDir() + "/index")
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	var docs []Doc
	for i := range n {
		docs = append(docs, Doc{ID: fmt.Sprintf("Article:%d", i+1), Type: "Article", Title: fmt.Sprintf("Tin %d", i), Body: body(i)})
	}
	if err := ix.Apply(context.Background(), docs, nil); err != nil {
		t.Fatal(err)
	}
	var paged []string
	seen := map[string]bool{}
	req := Request{Query: "người dân nam các", First: 100, SkipFacets: true}
	for page := 0; ; page++ {
		res := mustSearch(t, ix, req)
		for _, h := range res.Hits {
			if seen[h.ID] {
				t.Fatalf("page %d: %s again", page, h.ID)
			}
			seen[h.ID] = true
			paged = append(paged, h.ID)
		}
		if !res.HasNext || page > n {
			return paged, res.Total
		}
		req.After, req.First = res.EndCursor, 25
	}
}

// TestFirstStagePages: paging past the re-rank window through a tier that
// firstStage prunes returns every match the first page could reach, each
// once: a later page, which needs fewer hits, must not prune to a smaller
// set that the earlier pages have already shown.
func TestFirstStagePages(t *testing.T) {
	paged, total := stagedPaging(t, 150, func(i int) string {
		if i < 50 {
			return "Người dân nam bộ và các tỉnh." // two pairs of the query
		}
		return "Người dân ở phía nam và các tỉnh." // one pair
	})
	if len(paged) != 150 || total != 150 {
		t.Errorf("%d hits paged of a total of %d, want 150 of 150", len(paged), total)
	}
}

// TestFirstStageRestReached: the matches that a tier's first stage leaves
// out (no pair of the query, and more than firstStageLimit of them) come
// on the pages after it, after every tier, so paging reaches each match
// that the total counts; the documents with pairs come first.
func TestFirstStageRestReached(t *testing.T) {
	paged, total := stagedPaging(t, 300, func(i int) string {
		if i < 20 {
			return "Người dân nam bộ và các tỉnh." // pairs of the query
		}
		return "Dân các tỉnh phía nam, người nào cũng biết." // the words apart
	})
	if len(paged) != 300 || total != 300 {
		t.Errorf("%d hits paged of a total of %d, want 300 of 300", len(paged), total)
	}
	for i, id := range paged[:min(20, len(paged))] {
		var n int
		fmt.Sscanf(id, "Article:%d", &n)
		if n > 20 {
			t.Errorf("hit %d is %s, which has no pair of the query", i, id)
		}
	}
}
