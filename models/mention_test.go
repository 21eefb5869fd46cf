package models_test

import (
	"context"
	"testing"
	"time"

	"tracuu/models"
	"tracuu/models/modelstest"
	"tracuu/vntext"
)

// MentionsOf lists by publication date, not by when articles were stored:
// an archive is imported in any order.
func TestMentionsOfNewestFirst(t *testing.T) {
	ctx := context.Background()
	modelstest.ForEach(t, func(t *testing.T, s *models.Store) {
		p := &models.Person{Name: "Trần Ngọc Tam"}
		if err := s.CreatePerson(ctx, p); err != nil {
			t.Fatal(err)
		}
		day := func(y, m, d int) *time.Time {
			t := time.Date(y, time.Month(m), d, 8, 0, 0, 0, vntext.Vietnam)
			return &t
		}
		// Stored in this order: middle, undated, newest, oldest.
		var ids []int64
		for i, pub := range []*time.Time{day(2020, 6, 29), nil, day(2021, 1, 5), day(2019, 9, 1)} {
			a := &models.Article{Title: "Bài " + string(rune('A'+i)), Body: "Đồng chí Trần Ngọc Tam phát biểu.", PublishedAt: pub}
			if _, err := s.SaveArticle(ctx, a, nil); err != nil {
				t.Fatal(err)
			}
			ms := []models.Mention{{EntityType: models.TypePerson, EntityID: p.ID, Sentence: "Đồng chí Trần Ngọc Tam phát biểu.", StartOffset: 9, EndOffset: 22}}
			if err := s.AddMentions(ctx, a.ID, ms); err != nil {
				t.Fatal(err)
			}
			ids = append(ids, a.ID)
		}
		want := []int64{ids[2], ids[0], ids[3], ids[1]}
		l, err := s.MentionsOf(ctx, models.TypePerson, p.ID, models.Page{First: 3})
		if err != nil {
			t.Fatal(err)
		}
		if l.Total != 4 || !l.HasNext || len(l.Items) != 3 {
			t.Fatalf("total %d, next %v, %d items", l.Total, l.HasNext, len(l.Items))
		}
		rest, err := s.MentionsOf(ctx, models.TypePerson, p.ID, models.Page{First: 3, Offset: 3})
		if err != nil {
			t.Fatal(err)
		}
		got := append(l.Items, rest.Items...)
		for i, m := range got {
			if m.ArticleID != want[i] || m.EntityID != p.ID || m.StartOffset != 9 {
				t.Errorf("mention %d: article %d (want %d), %+v", i, m.ArticleID, want[i], m)
			}
		}
	})
}
