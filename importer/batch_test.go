package importer_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"tracuu/importer"
	"tracuu/models"
	"tracuu/models/modelstest"
)

// TestImportDefaultBatch: without Options.Batch, an import on PostgreSQL
// writes 1000 records a transaction, on SQLite 200. Each transaction's
// changes go to the log together, with one time: 450 articles that name
// no one are one transaction on PostgreSQL, three on SQLite.
func TestImportDefaultBatch(t *testing.T) {
	var lines []string
	for i := range 450 {
		lines = append(lines, fmt.Sprintf(`{"url": "https://baodongkhoi.vn/b%d", "title": "Bản tin số %d", "body": "Trời hôm nay nắng nhẹ, số %d."}`, i, i, i))
	}
	modelstest.ForEach(t, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		path := t.TempDir() + "/b.jsonl"
		if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")), 0o644); err != nil {
			t.Fatal(err)
		}
		stats, failures, err := importer.Import(ctx, s, []string{path}, importer.Options{})
		if err != nil || stats.Inserted != 450 || len(failures) > 0 {
			t.Fatalf("stats %+v, failures %v, %v", stats, failures, err)
		}
		cs, err := s.Changes(ctx, 0, 10000)
		if err != nil {
			t.Fatal(err)
		}
		times := map[time.Time]int{}
		for _, c := range cs {
			if c.EntityType == models.TypeArticle {
				times[c.CreatedAt.UTC()]++
			}
		}
		want := 3
		if s.Dialect() == "postgres" {
			want = 1
		}
		if len(times) != want {
			t.Errorf("%s: the articles' changes have %d times (%v), want %d: one a transaction", s.Dialect(), len(times), times, want)
		}
	})
}
