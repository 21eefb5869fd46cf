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
