package models_test

import (
	"context"
	"slices"
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

// An entity's mentions are ordered by a copy of their article's
// publication time: changing the article's date, by an update or by
// storing it again, moves its mentions with it.
func TestMentionsOfFollowArticleDate(t *testing.T) {
	ctx := context.Background()
	modelstest.ForEach(t, func(t *testing.T, s *models.Store) {
		p := &models.Person{Name: "Trần Ngọc Tam"}
		if err := s.CreatePerson(ctx, p); err != nil {
			t.Fatal(err)
		}
		day := func(y int) *time.Time {
			t := time.Date(y, 6, 29, 8, 0, 0, 0, vntext.Vietnam)
			return &t
		}
		var arts []*models.Article
		for i, y := range []int{2019, 2020, 2021} {
			a := &models.Article{Title: "Bài " + string(rune('A'+i)), Body: "Đồng chí Trần Ngọc Tam phát biểu.", PublishedAt: day(y), URL: ptr("https://example.vn/" + string(rune('a'+i)))}
			if _, err := s.SaveArticle(ctx, a, nil); err != nil {
				t.Fatal(err)
			}
			ms := []models.Mention{{EntityType: models.TypePerson, EntityID: p.ID, Sentence: "Đồng chí Trần Ngọc Tam phát biểu.", StartOffset: 9, EndOffset: 22}}
			if err := s.AddMentions(ctx, a.ID, ms); err != nil {
				t.Fatal(err)
			}
			arts = append(arts, a)
		}
		order := func() []int64 {
			t.Helper()
			l, err := s.MentionsOf(ctx, models.TypePerson, p.ID, models.Page{First: 10})
			if err != nil {
				t.Fatal(err)
			}
			var out []int64
			for _, m := range l.Items {
				out = append(out, m.ArticleID)
			}
			return out
		}
		check := func(what string, want ...int64) {
			t.Helper()
			if got := order(); !slices.Equal(got, want) {
				t.Errorf("%s: articles %v, want %v", what, got, want)
			}
		}
		a, b, c := arts[0], arts[1], arts[2]
		check("as stored", c.ID, b.ID, a.ID)

		// The oldest becomes the newest by an update.
		a.PublishedAt = day(2022)
		if err := s.UpdateArticle(ctx, a, nil); err != nil {
			t.Fatal(err)
		}
		check("after updating A to 2022", a.ID, c.ID, b.ID)

		// The newest loses its date by an update: undated last.
		a.PublishedAt = nil
		if err := s.UpdateArticle(ctx, a, nil); err != nil {
			t.Fatal(err)
		}
		check("after A lost its date", c.ID, b.ID, a.ID)

		// Storing B again (same URL) with a later date moves it first.
		again := &models.Article{Title: b.Title, Body: b.Body, URL: b.URL, PublishedAt: day(2023)}
		if res, err := s.SaveArticle(ctx, again, nil); err != nil || res != models.Updated {
			t.Fatalf("save again: %v, %v", res, err)
		}
		check("after storing B again dated 2023", b.ID, c.ID, a.ID)
	})
}

// Migration 10 gives the mentions stored before it their article's date:
// an upgraded archive lists an entity's mentions newest first, undated
// last, as before.
func TestMigrateMentionDates(t *testing.T) {
	ctx := context.Background()
	for _, d := range modelstest.Dialects {
		t.Run(d, func(t *testing.T) {
			s := modelstest.OpenEmpty(t, d)
			if _, err := s.MigrateTo(ctx, 9); err != nil {
				t.Fatal(err)
			}
			db := modelstest.DB(t, s)
			now := time.Now().UTC()
			var ids []int64
			for i, pub := range []*time.Time{ptr(time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC)), nil, ptr(time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC))} {
				var id int64
				if err := db.Raw(`INSERT INTO articles (content_key, content_hash, title, body, published_at, created_at, updated_at) VALUES (?, 'x', 'Tiêu đề', 'Nội dung', ?, ?, ?) RETURNING id`,
					"sha256:"+string(rune('a'+i)), pub, now, now).Scan(&id).Error; err != nil {
					t.Fatal(err)
				}
				if err := db.Exec(`INSERT INTO mentions (article_id, entity_type, entity_id, sentence) VALUES (?, 'Person', 7, 'Câu.')`, id).Error; err != nil {
					t.Fatal(err)
				}
				ids = append(ids, id)
			}
			if _, err := s.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			l, err := s.MentionsOf(ctx, models.TypePerson, 7, models.Page{First: 10})
			if err != nil {
				t.Fatal(err)
			}
			var got []int64
			for _, m := range l.Items {
				got = append(got, m.ArticleID)
			}
			if want := []int64{ids[2], ids[0], ids[1]}; !slices.Equal(got, want) {
				t.Errorf("articles %v, want %v (newest first, undated last)", got, want)
			}
			// Migration 16 moved the look-up by entity and article to the
			// article's index: the rows stored before are found there.
			key := models.MentionKey{ArticleID: ids[1], Entity: models.Ref{Type: models.TypePerson, ID: 7}}
			sentences, err := s.MentionSentences(ctx, []models.MentionKey{key})
			if err != nil || !slices.Equal(sentences[key], []string{"Câu."}) {
				t.Errorf("sentences %v, %v; want [Câu.]", sentences, err)
			}
		})
	}
}
