package search

import (
	"context"
	"fmt"
	"testing"
)

// TestFirstStagePages: paging past the re-rank window through a tier that
// firstStage prunes returns every match the first page could reach, each
// once: a later page, which needs fewer hits, must not prune to a smaller
// set that the earlier pages have already shown.
func TestFirstStagePages(t *testing.T) {
	defer func(l int) { firstStageLimit = l }(firstStageLimit)
	firstStageLimit = 10
	ix, err := Open(t.TempDir() + "/index")
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	var docs []Doc
	for i := range 150 {
		body := "Người dân nam bộ và các tỉnh." // two pairs of the query
		if i >= 50 {
			body = "Người dân ở phía nam và các tỉnh." // one pair
		}
		docs = append(docs, Doc{ID: fmt.Sprintf("Article:%d", i+1), Type: "Article", Title: fmt.Sprintf("Tin %d", i), Body: body})
	}
	if err := ix.Apply(context.Background(), docs, nil); err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	req := Request{Query: "người dân nam các", First: 100, SkipFacets: true}
	for page := 0; page < 50; page++ {
		res := mustSearch(t, ix, req)
		for _, h := range res.Hits {
			if seen[h.ID] {
				t.Fatalf("page %d: %s again", page, h.ID)
			}
			seen[h.ID] = true
		}
		if !res.HasNext {
			break
		}
		req.After, req.First = res.EndCursor, 10
	}
	if len(seen) != len(docs) {
		t.Errorf("%d hits paged, want %d", len(seen), len(docs))
	}
}

// TestFirstStageRestReached: the matches that a tier's first stage leaves
// out (no pair of the query, and more than firstStageLimit of them) come
// on the pages after it, after every tier, so paging reaches each match
// that the total counts.
func TestFirstStageRestReached(t *testing.T) {
	defer func(l int) { firstStageLimit = l }(firstStageLimit)
	firstStageLimit = 10
	ix, err := Open(t.TempDir() + "/index")
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	var docs []Doc
	for i := range 300 {
		body := "Người dân nam bộ và các tỉnh." // pairs of the query
		if i >= 20 {
			body = "Dân các tỉnh phía nam, người nào cũng biết." // the words apart
		}
		docs = append(docs, Doc{ID: fmt.Sprintf("Article:%d", i+1), Type: "Article", Title: fmt.Sprintf("Tin %d", i), Body: body})
	}
	if err := ix.Apply(context.Background(), docs, nil); err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	req := Request{Query: "người dân nam các", First: 100, SkipFacets: true}
	var total uint64
	for page := 0; page < 100; page++ {
		res := mustSearch(t, ix, req)
		total = res.Total
		for i, h := range res.Hits {
			if seen[h.ID] {
				t.Fatalf("page %d: %s again", page, h.ID)
			}
			seen[h.ID] = true
			var n int
			fmt.Sscanf(h.ID, "Article:%d", &n)
			if page == 0 && i < 20 && n > 20 {
				t.Errorf("hit %d of the first page is %s, which has no pair of the query", i, h.ID)
			}
		}
		if !res.HasNext {
			break
		}
		req.After, req.First = res.EndCursor, 25
	}
	if total != 300 || len(seen) != 300 {
		t.Errorf("%d hits paged of a total of %d, want 300 of 300", len(seen), total)
	}
}
