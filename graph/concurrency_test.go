package graph_test

import (
	"fmt"
	"sync"
	"testing"

	"tracuu/models"
	"tracuu/models/modelstest"
)

// TestConcurrentIngest sends ingestArticle from many clients at once, each
// article from two of them, through the real handler: no client sees an
// error (SQLite's contention stays inside the store) and each article is
// stored once.
func TestConcurrentIngest(t *testing.T) {
	const articles, senders = 12, 2
	const ingest = `mutation($in: IngestArticleInput!) { ingestArticle(input: $in) { status article { id } userErrors { field message } } }`
	modelstest.ForEach(t, func(t *testing.T, s *models.Store) {
		e := newEnv(t, s)
		var wg sync.WaitGroup
		errs := make(chan string, articles*senders)
		for i := range articles * senders {
			n := i % articles
			wg.Go(func() {
				in := map[string]any{"fields": map[string]any{
					"title": fmt.Sprintf("Hội nghị số %d của Huyện ủy Mỏ Cày Bắc", n),
					"body":  fmt.Sprintf("Ngày %d-7, Bí thư Huyện ủy Mỏ Cày Bắc Nguyễn Văn Phúc chủ trì hội nghị lần thứ %d về Chỉ thị số 05-CT/TW.", n%28+1, n),
					"url":   fmt.Sprintf("https://example.vn/hoi-nghi-%d", n),
				}}
				r := e.do(token, ingest, map[string]any{"in": in})
				switch {
				case len(r.Errors) > 0:
					errs <- fmt.Sprintf("article %d: %+v", n, r.Errors)
				case get(r.Data, "ingestArticle", "userErrors", 0) != nil:
					errs <- fmt.Sprintf("article %d: %v", n, get(r.Data, "ingestArticle", "userErrors"))
				case get(r.Data, "ingestArticle", "article", "id") == nil:
					errs <- fmt.Sprintf("article %d: no article: %v", n, r.Data)
				}
			})
		}
		wg.Wait()
		close(errs)
		for e := range errs {
			t.Error(e)
		}
		var rows []struct {
			URL string
			N   int
		}
		if err := modelstest.DB(t, s).Raw("SELECT url, COUNT(*) AS n FROM articles WHERE url LIKE 'https://example.vn/%' GROUP BY url").Scan(&rows).Error; err != nil {
			t.Fatal(err)
		}
		if len(rows) != articles {
			t.Errorf("%d articles stored, want %d", len(rows), articles)
		}
		for _, r := range rows {
			if r.N != 1 {
				t.Errorf("%s stored %d times", r.URL, r.N)
			}
		}
	})
}
