package models_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"tracuu/models"
	"tracuu/models/modelstest"
)

// TestFirstLoadMentionsInFewStatements: during a first load on SQLite a
// batch's mentions go in statements of 100 rows (the rest one a row),
// outside one a statement a row; the rows, ids included, are the same.
func TestFirstLoadMentionsInFewStatements(t *testing.T) {
	ctx := context.Background()
	plain, loaded := modelstest.Open(t, "sqlite"), modelstest.Open(t, "sqlite")
	b, err := loaded.BeginBulkLoad(ctx)
	if err != nil || b == nil {
		t.Fatalf("BeginBulkLoad: %v, %v", b, err)
	}
	people := map[*models.Store][]int64{}
	for _, s := range []*models.Store{plain, loaded} {
		for _, name := range []string{"Nguyễn Văn An", "Trần Thị Bình"} {
			p := &models.Person{Name: name}
			if err := s.CreatePerson(ctx, p); err != nil {
				t.Fatal(err)
			}
			people[s] = append(people[s], p.ID)
		}
	}
	// batch stores articles from..from+60, each with i%3 authors and 4
	// mentions (a caption, a title, no publication time), and returns the
	// statements it ran.
	batch := func(s *models.Store, from int) int64 {
		t.Helper()
		before := s.Statements()
		err := s.BatchTx(ctx, func(tx *models.Store) error {
			var arts []*models.Article
			for i := from; i < from+60; i++ {
				a := &models.Article{Title: fmt.Sprintf("Bài %d", i), Body: fmt.Sprintf("Thân bài %d.", i), Source: "Báo"}
				if i%5 != 0 {
					a.PublishedAt = vptr(time.Date(2020, 1, 1+i%28, 8, 0, 0, 0, time.UTC))
				}
				a.Normalise()
				arts = append(arts, a)
			}
			if err := tx.InsertArticles(ctx, arts); err != nil {
				return err
			}
			var bulk models.Bulk
			for i, a := range arts {
				if err := tx.ArticleInserted(ctx, a, people[s][:i%3], &bulk); err != nil {
					return err
				}
				var ms []models.Mention
				for j := range 4 {
					m := models.Mention{EntityType: models.TypePerson, EntityID: people[s][j%2], Field: []string{"", "title", "caption", "lead"}[j],
						Sentence: fmt.Sprintf("câu %d.%d", i, j), StartOffset: j, EndOffset: j + 3}
					if m.Field == "caption" {
						m.Caption = vptr(j)
					}
					ms = append(ms, m)
				}
				bulk.AddMentions(a, ms)
			}
			return tx.WriteBulk(ctx, &bulk)
		})
		if err != nil {
			t.Fatal(err)
		}
		return s.Statements() - before
	}
	// 240 mentions: 2 statements of 100 and 40 of one, 198 fewer.
	p, l := batch(plain, 0), batch(loaded, 0)
	if p-l != 198 {
		t.Errorf("during a first load a batch ran %d statements, outside one %d: want 198 fewer", l, p)
	}
	if err := b.Finish(ctx, nil); err != nil {
		t.Fatal(err)
	}
	// After the load, one a row again.
	if p, l := batch(plain, 60), batch(loaded, 60); p != l {
		t.Errorf("after the first load a batch ran %d statements, another store %d", l, p)
	}
	want, got := storedRows(t, plain), storedRows(t, loaded)
	if len(want) < 600 {
		t.Fatalf("only %d rows compared", len(want))
	}
	if !slices.Equal(got, want) {
		for i := range min(len(got), len(want)) {
			if got[i] != want[i] {
				t.Fatalf("row %d:\n first load %s\n plain      %s", i, got[i], want[i])
			}
		}
		t.Fatalf("%d rows, want %d", len(got), len(want))
	}
}
