package importer_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"tracuu/importer"
	"tracuu/models"
	"tracuu/models/modelstest"
)

// committedLines are articles with authors and entities named in the text,
// one written twice in its batch.
func committedLines() []string {
	authors := []string{"Hương Thu", "Lê Văn Mất", "Trần Minh", "Nguyễn Lan"}
	people := []string{"Trần Ngọc Tam", "Nguyễn Văn Phúc", "Lê Thị Hoa", "Phạm Văn Bình"}
	orgs := []string{"Tỉnh ủy Bến Tre", "Huyện ủy Châu Thành", "UBND tỉnh Bến Tre", "Sở Y tế Bến Tre"}
	var lines []string
	for i := range 30 {
		body := fmt.Sprintf("Phó Bí thư Thường trực %s %s chủ trì hội nghị số %d. Ông %s phát biểu.", orgs[i%4], people[i%4], i, people[(i+1)%4])
		l := fmt.Sprintf(`{"url": "https://baodongkhoi.vn/r%d", "title": "Hội nghị %d của %s", "body": %q, "publishedAt": "2020-06-%02d", "source": "Báo Đồng Khởi", "authors": [%q, %q]}`,
			i, i, orgs[(i+2)%4], body, 1+i%28, authors[i%4], authors[(i+1)%4])
		lines = append(lines, l)
		if i == 4 {
			lines = append(lines, strings.Replace(l, "hội nghị", "hội thảo", 1))
		}
	}
	return lines
}

// TestCommittedAfterRacedBatch (review rev5): a batch that another
// writer's transaction undoes (a deadlock, here raised by a trigger on the
// change log, the batch's last statement, after the articles were handed
// to AfterCommit) runs again; what Options.Committed receives is the run
// that committed: articles, authors and mentions as the database holds
// them, with the changes the log has for them; a batch that goes one
// record at a time hands nothing over.
func TestCommittedAfterRacedBatch(t *testing.T) {
	for _, c := range []struct {
		name   string
		fails  int  // runs of the first batch undone
		handed bool // the first batch's articles handed over
	}{{"once", 1, true}, {"until one by one", 4, false}} {
		t.Run(c.name, func(t *testing.T) {
			ctx := context.Background()
			s := modelstest.Open(t, "postgres")
			db := modelstest.DB(t, s)
			for _, q := range []string{
				"CREATE SEQUENCE review_fail",
				fmt.Sprintf(`CREATE FUNCTION review_deadlock() RETURNS trigger AS $$
BEGIN
	IF nextval('review_fail') <= %d THEN
		RAISE EXCEPTION 'review: deadlock detected' USING ERRCODE = '40P01';
	END IF;
	RETURN NULL;
END $$ LANGUAGE plpgsql`, c.fails),
				"CREATE TRIGGER review_deadlock AFTER INSERT ON changes FOR EACH STATEMENT EXECUTE FUNCTION review_deadlock()",
			} {
				if err := db.Exec(q).Error; err != nil {
					t.Fatal(err)
				}
			}
			path := filepath.Join(t.TempDir(), "in.jsonl")
			lines := committedLines()
			if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")), 0o644); err != nil {
				t.Fatal(err)
			}
			var handed []importer.Committed
			stats, fails, err := importer.Import(ctx, s, []string{path}, importer.Options{Batch: 20, Committed: func(cs []importer.Committed) {
				handed = append(handed, cs...)
			}})
			if err != nil || len(fails) > 0 {
				t.Fatalf("import: %v %v", err, fails)
			}
			if stats.Retried != c.fails {
				t.Errorf("%d runs again, want %d", stats.Retried, c.fails)
			}
			changes, err := s.Changes(ctx, 0, 100000)
			if err != nil {
				t.Fatal(err)
			}
			byID := map[int64]models.Change{}
			for _, ch := range changes {
				byID[ch.ID] = ch
			}
			firstBatch := 0
			for _, h := range handed {
				if ch := byID[h.Change]; ch.EntityType != models.TypeArticle || ch.EntityID != h.Article.ID {
					t.Errorf("article %d handed over with change %d, which the log has as %+v", h.Article.ID, h.Change, ch)
				}
				as, err := models.ByIDs[models.Article](ctx, s, []int64{h.Article.ID})
				a := as[h.Article.ID]
				if err != nil || a == nil || a.Title != h.Article.Title || a.Body != h.Article.Body || a.ContentKey != h.Article.ContentKey {
					t.Errorf("article %d handed over as %q, stored as %+v (%v)", h.Article.ID, h.Article.Title, a, err)
					continue
				}
				authors, err := s.AuthorsOf(ctx, []int64{a.ID})
				if err != nil {
					t.Fatal(err)
				}
				var ids []int64
				for _, p := range authors[a.ID] {
					ids = append(ids, p.ID)
				}
				if !slices.Equal(ids, h.Authors) {
					t.Errorf("article %d: authors handed over %v, stored %v", a.ID, h.Authors, ids)
				}
				mentioned, err := s.MentionedIn(ctx, []int64{a.ID})
				if err != nil {
					t.Fatal(err)
				}
				var want, got []string
				for typ, eids := range mentioned[a.ID] {
					for _, id := range eids {
						want = append(want, models.Ref{Type: typ, ID: id}.String())
					}
				}
				for _, m := range h.Mentions {
					got = append(got, m.String())
				}
				slices.Sort(want)
				slices.Sort(got)
				if got = slices.Compact(got); !slices.Equal(got, want) {
					t.Errorf("article %d: mentions handed over %v, stored %v", a.ID, got, want)
				}
				if a.ContentKey == "https://baodongkhoi.vn/r0" || a.ContentKey == "https://baodongkhoi.vn/r1" {
					firstBatch++
				}
			}
			if c.handed && firstBatch != 2 || !c.handed && firstBatch != 0 {
				t.Errorf("%d articles of the first batch handed over (r0, r1), want them handed over: %v", firstBatch, c.handed)
			}
			if len(handed) == 0 {
				t.Error("nothing handed over")
			}
		})
	}
}
