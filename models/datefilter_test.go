package models_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"tracuu/models"
	"tracuu/models/modelstest"
)

// A date range is a range of instants whatever offset each article's time
// was written with: SQLite keeps the text, offset included, and "20:00
// +07:00 on 24 April" (13:00 UTC) is not before "17:00 +00:00" as text.
func TestArticlesFilterByInstantAcrossOffsets(t *testing.T) {
	ctx := context.Background()
	vn := time.FixedZone("ICT", 7*3600)
	ny := time.FixedZone("EST", -5*3600)
	modelstest.ForEach(t, func(t *testing.T, s *models.Store) {
		times := map[string]time.Time{
			"trước, giờ Việt Nam": time.Date(2021, 4, 24, 20, 0, 0, 0, vn),       // 13:00 UTC on the 24th
			"trong, UTC":          time.Date(2021, 4, 24, 18, 0, 0, 0, time.UTC), // 01:00 on the 25th in Vietnam
			"trong, giờ Việt Nam": time.Date(2021, 4, 25, 9, 30, 0, 0, vn),
			"trong, New York":     time.Date(2021, 4, 25, 11, 0, 0, 0, ny),        // 23:00 on the 25th in Vietnam
			"sau, UTC":            time.Date(2021, 4, 25, 17, 30, 0, 0, time.UTC), // 00:30 on the 26th in Vietnam
			"sau, giờ Việt Nam":   time.Date(2021, 4, 26, 0, 0, 1, 0, vn),
		}
		ids := map[int64]string{}
		for title, at := range times {
			a := &models.Article{Title: title, Body: "Bài viết về " + title + ".", PublishedAt: &at}
			if _, err := s.SaveArticle(ctx, a, nil); err != nil {
				t.Fatal(err)
			}
			ids[a.ID] = title
		}
		from := time.Date(2021, 4, 25, 0, 0, 0, 0, vn)
		to := time.Date(2021, 4, 26, 0, 0, 0, 0, vn)
		for _, c := range []struct {
			name     string
			from, to *time.Time
			want     []string
		}{
			{"from and to", &from, &to, []string{"trong, UTC", "trong, giờ Việt Nam", "trong, New York"}},
			{"from", &from, nil, []string{"trong, UTC", "trong, giờ Việt Nam", "trong, New York", "sau, UTC", "sau, giờ Việt Nam"}},
			{"to", nil, &to, []string{"trước, giờ Việt Nam", "trong, UTC", "trong, giờ Việt Nam", "trong, New York"}},
		} {
			l, err := s.Articles(ctx, models.ArticleFilter{From: c.from, To: c.to}, "", models.Page{First: 20})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, a := range l.Items {
				got = append(got, ids[a.ID])
			}
			slices.Sort(got)
			slices.Sort(c.want)
			if !slices.Equal(got, c.want) || l.Total != int64(len(c.want)) {
				t.Errorf("%s: %v (total %d), want %v", c.name, got, l.Total, c.want)
			}
		}
	})
}

// Newest first means the latest instant first, whatever offset each time
// was given with: 18:00 Z on 24 April (01:00 on the 25th in Vietnam) is
// after 00:30 +07:00 on the 25th, though not as text.
func TestArticlesOrderAcrossOffsets(t *testing.T) {
	ctx := context.Background()
	vn := time.FixedZone("ICT", 7*3600)
	modelstest.ForEach(t, func(t *testing.T, s *models.Store) {
		later := time.Date(2021, 4, 24, 18, 0, 0, 0, time.UTC)
		earlier := time.Date(2021, 4, 25, 0, 30, 0, 0, vn)
		p := &models.Person{Name: "Trần Ngọc Tam"}
		if err := s.CreatePerson(ctx, p); err != nil {
			t.Fatal(err)
		}
		ids := map[int64]string{}
		for title, at := range map[string]time.Time{"sau": later, "trước": earlier} {
			a := &models.Article{Title: title, Body: "Đồng chí Trần Ngọc Tam phát biểu.", PublishedAt: &at}
			if _, err := s.SaveArticle(ctx, a, nil); err != nil {
				t.Fatal(err)
			}
			if err := s.AddMentions(ctx, a.ID, []models.Mention{{EntityType: models.TypePerson, EntityID: p.ID, Sentence: "Đồng chí Trần Ngọc Tam phát biểu."}}); err != nil {
				t.Fatal(err)
			}
			ids[a.ID] = title
		}
		l, err := s.Articles(ctx, models.ArticleFilter{}, "", models.Page{First: 10})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, a := range l.Items {
			got = append(got, ids[a.ID])
		}
		if want := []string{"sau", "trước"}; !slices.Equal(got, want) {
			t.Errorf("articles newest first: %v, want %v", got, want)
		}
		ms, err := s.MentionsOf(ctx, models.TypePerson, p.ID, models.Page{First: 10})
		if err != nil {
			t.Fatal(err)
		}
		got = nil
		for _, m := range ms.Items {
			got = append(got, ids[m.ArticleID])
		}
		if want := []string{"sau", "trước"}; !slices.Equal(got, want) {
			t.Errorf("mentions newest first: %v, want %v", got, want)
		}
	})
}

// Migration 12 rewrites, on SQLite, the times stored with another offset
// than +07:00, so that an archive written before lists in order too.
func TestMigratePublishedInVietnamTime(t *testing.T) {
	ctx := context.Background()
	for _, d := range modelstest.Dialects {
		t.Run(d, func(t *testing.T) {
			s := modelstest.OpenEmpty(t, d)
			if _, err := s.MigrateTo(ctx, 11); err != nil {
				t.Fatal(err)
			}
			db := modelstest.DB(t, s)
			now := time.Now().UTC()
			vn := time.FixedZone("ICT", 7*3600)
			var ids []int64
			for i, pub := range []time.Time{time.Date(2021, 4, 24, 18, 0, 0, 0, time.UTC), time.Date(2021, 4, 25, 0, 30, 0, 0, vn)} {
				var id int64
				if err := db.Raw(`INSERT INTO articles (content_key, content_hash, title, body, published_at, created_at, updated_at) VALUES (?, 'x', 'Tiêu đề', 'Nội dung', ?, ?, ?) RETURNING id`,
					"sha256:"+string(rune('a'+i)), pub, now, now).Scan(&id).Error; err != nil {
					t.Fatal(err)
				}
				if err := db.Exec(`INSERT INTO mentions (article_id, entity_type, entity_id, sentence, published_at) VALUES (?, 'Person', 7, 'Câu.', ?)`, id, pub).Error; err != nil {
					t.Fatal(err)
				}
				ids = append(ids, id)
			}
			if _, err := s.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			l, err := s.Articles(ctx, models.ArticleFilter{}, "", models.Page{First: 10})
			if err != nil {
				t.Fatal(err)
			}
			var got []int64
			for _, a := range l.Items {
				got = append(got, a.ID)
				if !a.PublishedAt.Equal(map[int64]time.Time{ids[0]: time.Date(2021, 4, 24, 18, 0, 0, 0, time.UTC), ids[1]: time.Date(2021, 4, 25, 0, 30, 0, 0, vn)}[a.ID]) {
					t.Errorf("article %d: published at %v after the migration", a.ID, a.PublishedAt)
				}
			}
			if want := ids; !slices.Equal(got, want) {
				t.Errorf("articles newest first after the migration: %v, want %v", got, want)
			}
			ms, err := s.MentionsOf(ctx, models.TypePerson, 7, models.Page{First: 10})
			if err != nil {
				t.Fatal(err)
			}
			got = nil
			for _, m := range ms.Items {
				got = append(got, m.ArticleID)
			}
			if want := ids; !slices.Equal(got, want) {
				t.Errorf("mentions newest first after the migration: %v, want %v", got, want)
			}
		})
	}
}
