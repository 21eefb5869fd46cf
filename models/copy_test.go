package models_test

import (
	"context"
	"strings"
	"testing"

	"tracuu/models"
	"tracuu/models/modelstest"
)

// TestArticleTextLZ4: on PostgreSQL an article's long body is kept
// compressed with lz4 (migration 14), not pglz, and reads back whole.
func TestArticleTextLZ4(t *testing.T) {
	ctx := context.Background()
	s := modelstest.Open(t, "postgres")
	body := strings.Repeat("Tỉnh ủy Bến Tre tổng kết công tác xây dựng Đảng năm 2020. ", 200)
	a := &models.Article{Title: "Tổng kết", Body: body}
	if _, err := s.SaveArticle(ctx, a, nil); err != nil {
		t.Fatal(err)
	}
	var method string
	if err := modelstest.DB(t, s).Raw("SELECT COALESCE(pg_column_compression(body), 'none') FROM articles WHERE id = ?", a.ID).Scan(&method).Error; err != nil {
		t.Fatal(err)
	}
	if method != "lz4" {
		t.Errorf("the body is kept with %q, want lz4", method)
	}
	l, err := s.Articles(ctx, models.ArticleFilter{}, models.ArticlesOldest, models.Page{First: 10})
	if err != nil || len(l.Items) != 1 || l.Items[0].Body != strings.TrimSpace(body) {
		t.Errorf("read back %d articles, err %v", len(l.Items), err)
	}
}
