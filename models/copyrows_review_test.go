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

// copyReviewArticles are articles whose values try the COPY's binary
// encoding: NULLs, empty strings, times in other zones, before 2000 (a
// negative offset from PostgreSQL's epoch) and with nanoseconds, text
// with odd bytes (soft hyphen, zero-width space, emoji, combining marks,
// quotes, backslashes, tabs and line breaks).
func copyReviewArticles() ([]*models.Article, [][]models.Mention) {
	minus5 := time.FixedZone("UTC-5", -5*3600)
	times := []*time.Time{
		nil,
		vptr(time.Date(2021, 3, 4, 23, 30, 1, 123456789, minus5)),
		vptr(time.Date(1975, 1, 2, 3, 4, 5, 999999999, time.UTC)),
		vptr(time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)),
		vptr(time.Date(1999, 12, 31, 23, 59, 59, 999999000, time.UTC)),
	}
	texts := []string{
		"",
		"Kinh\u00adtế xã\u200bhội 🇻🇳 e\u0301 ‘quote’ \"q\" \\back\\slash\ttab",
		"dòng một\r\ndòng hai\nba",
		"'; DROP TABLE articles; --",
		"\\x00\\N NULL \\.",
	}
	var arts []*models.Article
	var mentions [][]models.Mention
	for i := range 10 {
		a := &models.Article{
			Title:      fmt.Sprintf("Bài %d %s", i, texts[i%len(texts)]),
			Lead:       texts[(i+1)%len(texts)],
			Body:       fmt.Sprintf("Thân bài %d. %s", i, texts[(i+2)%len(texts)]),
			Source:     texts[(i+3)%len(texts)],
			SourceCode: []string{"", "ND", "vnx"}[i%3],
			Section:    texts[(i+4)%len(texts)],
		}
		if i%2 == 0 {
			u := fmt.Sprintf("https://example.vn/%d?q=kinh-tế&x=%%27", i)
			a.URL = &u
		}
		switch i % 3 {
		case 1:
			a.Captions = models.StringList{""}
		case 2:
			a.Captions = models.StringList{texts[i%len(texts)], "ảnh 2"}
		}
		a.PublishedAt = times[i%len(times)]
		a.Normalise()
		var ms []models.Mention
		for j := range i % 4 {
			m := models.Mention{EntityType: models.TypePerson, Field: []string{"", "title", "caption"}[j%3],
				Sentence: texts[(i+j)%len(texts)], StartOffset: j, EndOffset: j * 7}
			if m.Field == "caption" {
				m.Caption = vptr(j - 2)
			}
			ms = append(ms, m)
		}
		arts, mentions = append(arts, a), append(mentions, ms)
	}
	return arts, mentions
}

// storedRows reads back the articles, their authors and mentions in id
// order, without what differs between two stores by design (ids of rows,
// times of writing).
func storedRows(t *testing.T, s *models.Store) []string {
	t.Helper()
	db := modelstest.DB(t, s)
	var out []string
	var arts []models.Article
	if err := db.Order("id").Find(&arts).Error; err != nil {
		t.Fatal(err)
	}
	for _, a := range arts {
		url, pub := "<nil>", "<nil>"
		if a.URL != nil {
			url = fmt.Sprintf("%q", *a.URL)
		}
		if a.PublishedAt != nil {
			pub = a.PublishedAt.UTC().Format(time.RFC3339Nano)
		}
		out = append(out, fmt.Sprintf("article %d %q %q %s %q %q %q %q %q %q %q %s", a.ID, a.ContentKey, a.ContentHash, url, a.Title, a.Lead, a.Body,
			[]string(a.Captions), a.Source, a.SourceCode, a.Section, pub))
	}
	var authors []struct {
		ArticleID, PersonID int64
		Ordinal             int
	}
	if err := db.Raw("SELECT article_id, person_id, ordinal FROM article_authors ORDER BY article_id, ordinal").Scan(&authors).Error; err != nil {
		t.Fatal(err)
	}
	for _, r := range authors {
		out = append(out, fmt.Sprintf("author %+v", r))
	}
	var ms []models.Mention
	if err := db.Order("id").Find(&ms).Error; err != nil {
		t.Fatal(err)
	}
	for _, m := range ms {
		caption, pub := "<nil>", "<nil>"
		if m.Caption != nil {
			caption = fmt.Sprint(*m.Caption)
		}
		if m.PublishedAt != nil {
			pub = m.PublishedAt.UTC().Format(time.RFC3339Nano)
		}
		out = append(out, fmt.Sprintf("mention %d %d %s %d %q %q %d %d %s %s", m.ID, m.ArticleID, m.EntityType, m.EntityID, m.Field, m.Sentence,
			m.StartOffset, m.EndOffset, caption, pub))
	}
	return out
}

// TestCopyRowsAsInserted (review rev5): the rows an import's batch writes
// by COPY in binary (InsertArticles, Bulk, encoded by copyEncoded) read
// back as those of GORM's INSERTs (SaveArticle, AddMentions) on PostgreSQL,
// value for value.
func TestCopyRowsAsInserted(t *testing.T) {
	ctx := context.Background()
	inserted, copied := modelstest.Open(t, "postgres"), modelstest.Open(t, "postgres")
	people := map[*models.Store][]int64{}
	for _, s := range []*models.Store{inserted, copied} {
		p := &models.Person{Name: "Nguyễn Văn An"}
		if err := s.CreatePerson(ctx, p); err != nil {
			t.Fatal(err)
		}
		q := &models.Person{Name: "Trần Thị Bình"}
		if err := s.CreatePerson(ctx, q); err != nil {
			t.Fatal(err)
		}
		people[s] = []int64{p.ID, q.ID}
	}
	arts, mentions := copyReviewArticles()
	for i, a := range arts {
		a := *a
		authors := people[inserted][:i%3]
		if _, err := inserted.SaveArticle(ctx, &a, authors); err != nil {
			t.Fatalf("article %d: %v", i, err)
		}
		ms := slices.Clone(mentions[i])
		for j := range ms {
			ms[j].EntityID = people[inserted][0]
		}
		if err := inserted.AddMentions(ctx, a.ID, ms); err != nil {
			t.Fatal(err)
		}
	}
	err := copied.BatchTx(ctx, func(tx *models.Store) error {
		copies := make([]*models.Article, len(arts))
		for i, a := range arts {
			c := *a
			copies[i] = &c
		}
		if err := tx.InsertArticles(ctx, copies); err != nil {
			return err
		}
		var b models.Bulk
		for i, a := range copies {
			authors := people[copied][:i%3]
			if err := tx.ArticleInserted(ctx, a, authors, &b); err != nil {
				return err
			}
			ms := slices.Clone(mentions[i])
			for j := range ms {
				ms[j].EntityID = people[copied][0]
			}
			b.AddMentions(a, ms)
		}
		return tx.WriteBulk(ctx, &b)
	})
	if err != nil {
		t.Fatal(err)
	}
	want, got := storedRows(t, inserted), storedRows(t, copied)
	if len(want) < 30 {
		t.Fatalf("only %d rows compared", len(want))
	}
	t.Logf("%d rows, e.g. %s", len(want), want[1])
	if !slices.Equal(got, want) {
		for i := range max(len(got), len(want)) {
			var g, w string
			if i < len(got) {
				g = got[i]
			}
			if i < len(want) {
				w = want[i]
			}
			if g != w {
				t.Errorf("row %d:\n copied   %s\n inserted %s", i, g, w)
			}
		}
	}
}

// TestBatchLookupsAsIn (review rev5): in a batch's transaction
// (col = ANY(array)) the look-ups of lists of keys find what they find in
// a Tx (col IN (…)): duplicates, keys that differ only in case or
// diacritics, an empty list, a list of one, more than a chunk of 500.
func TestBatchLookupsAsIn(t *testing.T) {
	ctx := context.Background()
	s := modelstest.Open(t, "postgres")
	names := []string{"Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"}
	for _, n := range names {
		if err := s.CreatePerson(ctx, &models.Person{Name: n}); err != nil {
			t.Fatal(err)
		}
	}
	var keys []string
	for i := range 3 {
		u := fmt.Sprintf("https://example.vn/%d", i)
		a := &models.Article{Title: fmt.Sprintf("Bài %d", i), Body: "Thân bài.", URL: &u}
		if _, err := s.SaveArticle(ctx, a, nil); err != nil {
			t.Fatal(err)
		}
		keys = append(keys, a.ContentKey)
	}
	many := slices.Clone(keys)
	for i := range 1200 {
		many = append(many, fmt.Sprintf("https://example.vn/none/%d", i))
	}
	many = append(many, keys...)
	lookups := [][]string{
		nil, {}, {"Nguyễn Văn An"}, {"Nguyễn Văn An", "Nguyễn Văn An", "NGUYỄN VĂN AN", "Nguyen Van An", "Trần Thị Bình", "Không Có Ai", ""},
	}
	articleLookups := [][]string{nil, {}, keys[:1], append(slices.Clone(keys), keys...), many}
	run := func(batch bool) (out []string) {
		fn := s.Tx
		if batch {
			fn = s.BatchTx
		}
		if err := fn(ctx, func(tx *models.Store) error {
			for _, l := range lookups {
				ids, err := tx.LookupKeys(ctx, models.TypePerson, l)
				if err != nil {
					return err
				}
				out = append(out, fmt.Sprint(ids))
			}
			for _, l := range articleLookups {
				arts, err := tx.StoredArticles(ctx, l)
				if err != nil {
					return err
				}
				var got []int64
				for _, a := range arts {
					got = append(got, a.ID)
				}
				slices.Sort(got)
				out = append(out, fmt.Sprint(len(arts), got))
			}
			res, err := tx.ResolutionsByKeys(ctx, []string{"x", "x", "key:y"})
			if err != nil {
				return err
			}
			out = append(out, fmt.Sprint(res))
			held, err := tx.HeldPositions(ctx, []int64{1, 1, 2, 999})
			if err != nil {
				return err
			}
			out = append(out, fmt.Sprint(held))
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		return out
	}
	inTx, inBatch := run(false), run(true)
	if !slices.Equal(inTx, inBatch) {
		t.Errorf("look-ups in a batch:\n%q\nin a Tx:\n%q", inBatch, inTx)
	}
	t.Logf("%q", inTx)
}

func vptr[T any](v T) *T { return &v }
