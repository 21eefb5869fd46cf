package indexer_test

import (
	"context"
	"strconv"
	"testing"

	"tracuu/indexer"
	"tracuu/models"
	"tracuu/models/modelstest"
	"tracuu/search"
)

func found(t *testing.T, ix *search.Index, q string) []string {
	t.Helper()
	res, err := ix.Search(context.Background(), search.Request{Query: q, First: 10, SkipFacets: true})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, h := range res.Hits {
		ids = append(ids, h.ID)
	}
	return ids
}

// TestCrashBetweenCommitAndIndexing: the article is committed with its
// index job, the process dies before the worker runs, and after a restart
// (a new worker over the reopened index) the article is searchable.
func TestCrashBetweenCommitAndIndexing(t *testing.T) {
	ctx := context.Background()
	modelstest.ForEach(t, func(t *testing.T, s *models.Store) {
		dir := t.TempDir() + "/index"
		ix, err := search.Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		a := &models.Article{Title: "Đảng bộ xã Tân Thạch tổ chức đại hội", Body: "Đại hội đại biểu Đảng bộ xã Tân Thạch, huyện Châu Thành, nhiệm kỳ 2020 - 2025."}
		if _, err := s.SaveArticle(ctx, a, nil); err != nil {
			t.Fatal(err)
		}
		// Crash: the index is closed without the job being applied.
		ix.Close()
		ix, err = search.Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		defer ix.Close()
		if ids := found(t, ix, "tan thach"); len(ids) != 0 {
			t.Fatalf("indexed before the worker ran: %v", ids)
		}
		w := &indexer.Worker{Store: s, Index: ix}
		if n, err := w.DrainAll(ctx); err != nil || n != 1 {
			t.Fatalf("drain: %d %v", n, err)
		}
		if ids := found(t, ix, "tan thach"); len(ids) != 1 || ids[0] != "Article:"+strconv.FormatInt(a.ID, 10) {
			t.Fatalf("after restart: %v", ids)
		}
		if n, _, _ := s.IndexLag(ctx); n != 0 {
			t.Errorf("jobs left: %d", n)
		}
		// A delete reaches the index the same way.
		if err := s.DeleteArticle(ctx, a.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := w.DrainAll(ctx); err != nil {
			t.Fatal(err)
		}
		if ids := found(t, ix, "tan thach"); len(ids) != 0 {
			t.Fatalf("deleted article still found: %v", ids)
		}
	})
}

// TestReindex rebuilds the index from the database while it stays open.
func TestReindex(t *testing.T) {
	ctx := context.Background()
	modelstest.ForEach(t, func(t *testing.T, s *models.Store) {
		ix, err := search.Open(t.TempDir() + "/index")
		if err != nil {
			t.Fatal(err)
		}
		defer ix.Close()
		o := &models.Organisation{Name: "Tỉnh ủy Bến Tre", Kind: "party_committee", Level: "province"}
		if err := s.CreateOrganisation(ctx, o); err != nil {
			t.Fatal(err)
		}
		a := &models.Article{Title: "Hội nghị Ban Chấp hành Đảng bộ tỉnh", Body: "Tỉnh ủy Bến Tre tổ chức hội nghị lần thứ 6."}
		if _, err := s.SaveArticle(ctx, a, nil); err != nil {
			t.Fatal(err)
		}
		if err := indexer.Reindex(ctx, s, ix, nil); err != nil {
			t.Fatal(err)
		}
		if n, _ := ix.DocCount(); n != 2 {
			t.Errorf("documents after reindex: %d", n)
		}
		if n, _, _ := s.IndexLag(ctx); n != 0 {
			t.Errorf("jobs before the rebuild should be complete, %d left", n)
		}
		if ids := found(t, ix, "hoi nghi"); len(ids) == 0 {
			t.Errorf("article not found after reindex")
		}
	})
}
