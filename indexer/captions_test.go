package indexer_test

import (
	"context"
	"strings"
	"testing"

	"tracuu/importer"
	"tracuu/indexer"
	"tracuu/models"
	"tracuu/models/modelstest"
	"tracuu/search"
)

// TestCaptionsSearched: the seed article names xã Tân Thạch only in its
// photo caption; imported, indexed and searched, it is found by "Tân
// Thạch", with the caption highlighted.
func TestCaptionsSearched(t *testing.T) {
	ctx := context.Background()
	modelstest.ForEach(t, func(t *testing.T, s *models.Store) {
		if _, failures, err := importer.Import(ctx, s, []string{"../ingest/testdata/seed_bdk.txt"}, importer.Options{}); err != nil || len(failures) > 0 {
			t.Fatalf("import: %v %v", failures, err)
		}
		ix, err := search.Open(t.TempDir() + "/index")
		if err != nil {
			t.Fatal(err)
		}
		defer ix.Close()
		if _, err := (&indexer.Worker{Store: s, Index: ix}).CatchUp(ctx); err != nil {
			t.Fatal(err)
		}
		arts, _ := s.Articles(ctx, models.ArticleFilter{}, models.ArticlesOldest, models.Page{})
		if arts.Total != 1 || len(arts.Items[0].Captions) != 1 || !strings.Contains(arts.Items[0].Captions[0], "Tân Thạch") {
			t.Fatalf("stored captions: %+v", arts.Items)
		}
		if strings.Contains(arts.Items[0].Body, "Tân Thạch") || strings.Contains(arts.Items[0].Lead, "Tân Thạch") {
			t.Fatal("the seed's body names Tân Thạch: the test no longer tests captions")
		}
		for _, q := range []string{"Tân Thạch", "tan thach"} {
			res, err := ix.Search(ctx, search.Request{Query: q, Filter: search.Filter{Types: []string{models.TypeArticle}}, First: 10, SkipFacets: true})
			if err != nil {
				t.Fatal(err)
			}
			want := models.Ref{Type: models.TypeArticle, ID: arts.Items[0].ID}.String()
			if len(res.Hits) == 0 || res.Hits[0].ID != want {
				t.Fatalf("%q: hits %+v", q, res.Hits)
			}
			var caption []string
			for _, h := range res.Hits[0].Highlights {
				if h.Field == "captions" {
					caption = h.Fragments
				}
			}
			if len(caption) != 1 || !strings.Contains(caption[0], "xã <mark>Tân</mark> <mark>Thạch</mark>, huyện") {
				t.Errorf("%q: caption highlights %q", q, caption)
			}
		}
	})
}
