package indexer_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"tracuu/importer"
	"tracuu/indexer"
	"tracuu/ingest"
	"tracuu/models"
	"tracuu/models/modelstest"
	"tracuu/search"
)

// feedLines are articles for an import: authors (some shared), people and
// organisations named in the text, repeats of one article in the same
// batch and in a later one (updates: read back), and a record that fails
// in the store (its batch is rolled back and written again record by
// record, with nothing handed over).
func feedLines() []string {
	authors := []string{"Hương Thu", "Lê Văn Mất", "Trần Minh", "Nguyễn Lan"}
	people := []string{"Trần Ngọc Tam", "Nguyễn Văn Phúc", "Lê Thị Hoa", "Phạm Văn Bình"}
	orgs := []string{"Tỉnh ủy Bến Tre", "Huyện ủy Châu Thành", "UBND tỉnh Bến Tre", "Sở Y tế Bến Tre"}
	var lines []string
	for i := range 60 {
		body := fmt.Sprintf("Phó Bí thư Thường trực %s %s chủ trì hội nghị số %d. Ông %s phát biểu.", orgs[i%4], people[i%4], i, people[(i+1)%4])
		l := fmt.Sprintf(`{"url": "https://baodongkhoi.vn/a%d", "title": "Hội nghị %d của %s", "body": %q, "publishedAt": "2020-06-%02d", "source": "Báo Đồng Khởi", "authors": [%q, %q]}`,
			i, i, orgs[(i+2)%4], body, 1+i%28, authors[i%4], authors[(i+1)%4])
		lines = append(lines, l)
		switch i {
		case 7: // the same article again in its batch: an update
			lines = append(lines, strings.Replace(l, "hội nghị", "hội thảo", 1))
		case 33: // a record the store refuses
			lines = append(lines, `{"url": "ftp://baodongkhoi.vn/b", "title": "Địa chỉ hỏng", "body": "Bí thư Huyện ủy Châu Thành Nguyễn Văn Phúc phát biểu.", "authors": ["Lê Văn Mất"]}`)
		}
	}
	lines = append(lines, strings.Replace(lines[3], "hội nghị", "buổi họp", 1)) // a later batch updates an article
	return lines
}

// importFeeding imports lines in batches of 10, handing what each
// transaction commits to feed, and checks what was handed over against the
// database: each article with the id it was committed with, and the change
// the log holds for it.
func importFeeding(t *testing.T, s *models.Store, feed *indexer.Feed, lines []string) (importer.Stats, int) {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "in.jsonl")
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var handed []importer.Committed
	stats, _, err := importer.Import(ctx, s, []string{path}, importer.Options{Batch: 10, Committed: func(cs []importer.Committed) {
		mu.Lock()
		defer mu.Unlock()
		for _, c := range cs {
			if !feed.Add(c.Change, c.Article, c.Authors, c.Mentions) {
				t.Errorf("feed full at change %d", c.Change)
			}
			handed = append(handed, c)
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	changes, err := s.Changes(ctx, 0, 100000)
	if err != nil {
		t.Fatal(err)
	}
	byID := map[int64]models.Change{}
	last := map[int64]int64{} // article -> its last change
	for _, c := range changes {
		byID[c.ID] = c
		if c.EntityType == models.TypeArticle {
			last[c.EntityID] = c.ID
		}
	}
	for _, c := range handed {
		if lc, ok := byID[c.Change]; !ok || lc.EntityType != models.TypeArticle || lc.EntityID != c.Article.ID || lc.Op != models.OpUpsert {
			t.Errorf("article %d handed over with change %d, which the log has as %+v", c.Article.ID, c.Change, lc)
		}
		if last[c.Article.ID] != c.Change {
			continue // written again since by a later batch
		}
		as, err := models.ByIDs[models.Article](ctx, s, []int64{c.Article.ID})
		if a := as[c.Article.ID]; err != nil || a == nil || a.Title != c.Article.Title || a.Body != c.Article.Body {
			t.Errorf("article %d handed over as %q, stored as %+v (%v)", c.Article.ID, c.Article.Title, a, err)
		}
	}
	return stats, len(handed)
}

// TestFeedIndexesAsTheDatabase: an import's follower that takes the
// import's own articles from the feed reads no article, author or mention
// from the database for them, and its index holds exactly what an index
// built from the database holds (search.Index.Digest), with another
// writer's changes to imported articles (read back) among the import's.
// Without the feed (Worker.Feed nil: main before it) the follower reads
// them back and the test fails on its queries.
func TestFeedIndexesAsTheDatabase(t *testing.T) {
	ctx := context.Background()
	modelstest.ForEach(t, func(t *testing.T, s *models.Store) {
		// The follower's index exists before the import, at the log's
		// start, as an import's into an existing index.
		ix := indexAtStart(t)
		feed := indexer.NewFeed(1000)
		stats, handed := importFeeding(t, s, feed, feedLines())
		if stats.Inserted != 60 || stats.Updated != 2 || stats.Failed != 1 {
			t.Fatalf("import: %+v", stats)
		}
		// 60 inserted, of which the one its batch wrote again is not
		// handed over, nor the articles of the batch written again
		// record by record.
		if handed < 40 || handed > 59 {
			t.Fatalf("%d articles handed over", handed)
		}
		// Another writer changes two imported articles after the import.
		arts, err := s.Articles(ctx, models.ArticleFilter{}, models.ArticlesOldest, models.Page{First: 100})
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range []*models.Article{arts.Items[5], arts.Items[50]} {
			a.Title += " (sửa)"
			if _, err := s.SaveArticle(ctx, a, nil); err != nil {
				t.Fatal(err)
			}
		}
		var queries []string
		var mu sync.Mutex
		watch := models.WatchStatements(ctx, func(sql string) {
			mu.Lock()
			queries = append(queries, sql)
			mu.Unlock()
		})
		w := &indexer.Worker{Store: s, Index: ix, Batch: 25, Feed: feed}
		if _, err := w.CatchUp(watch); err != nil {
			t.Fatal(err)
		}
		fed, read := w.Articles()
		t.Logf("%d articles from the feed, %d read back, %d statements", fed, read, len(queries))
		reads := regexp.MustCompile(`(?i)\bFROM\s+["` + "`" + `]?(articles|article_authors|mentions)\b|JOIN\s+["` + "`" + `]?people`)
		var readBack int
		for _, q := range queries {
			if reads.MatchString(q) {
				readBack++
			}
		}
		// The articles read back: the two updates of the import and the
		// other writer's two, the record-by-record batch's; one query
		// each of articles, authors and mentions per batch that has them.
		// Three imported articles were written again since (one by
		// the import, two by the other writer): when a batch holds both
		// changes, the last one reads the article back.
		if fed < int64(handed-3) || fed > int64(handed) || read > int64(60-handed+4) {
			t.Errorf("%d of %d handed articles from the feed, %d read back", fed, handed, read)
		}
		maxReads := 3 * int(read)
		if readBack > maxReads {
			t.Errorf("%d queries of articles, authors or mentions for %d articles read back (at most %d)", readBack, read, maxReads)
		}
		if n := feed.Len(); n != 0 {
			t.Errorf("the feed holds %d articles after the follower passed them", n)
		}
		atHead(t, s, ix)

		want := sameAsBuilt(t, s, ix)
		if !strings.Contains(want, "field people:") || !strings.Contains(want, "field organisations:") {
			t.Errorf("the digest lacks the mentions' fields:\n%s", want)
		}
	})
}

// TestFeedNoQueriesForImportedArticles: a follower given only the
// import's own articles (no author, no entity) makes no query but the
// change log's; without the feed it reads each batch's articles, authors
// and mentions back.
func TestFeedNoQueriesForImportedArticles(t *testing.T) {
	ctx := context.Background()
	modelstest.ForEach(t, func(t *testing.T, s *models.Store) {
		ix := indexAtStart(t)
		var lines []string
		for i := range 40 {
			lines = append(lines, fmt.Sprintf(`{"url": "https://example.vn/%d", "title": "Trời nắng đẹp ngày %d", "body": "Hôm nay trời nắng đẹp, gió nhẹ, số %d."}`, i, i, i))
		}
		feed := indexer.NewFeed(1000)
		if stats, handed := importFeeding(t, s, feed, lines); stats.Inserted != 40 || handed != 40 {
			t.Fatalf("import %+v, %d handed over", stats, handed)
		}
		var queries []string
		watch := models.WatchStatements(ctx, func(sql string) { queries = append(queries, sql) })
		w := &indexer.Worker{Store: s, Index: ix, Batch: 15, Feed: feed}
		if _, err := w.CatchUp(watch); err != nil {
			t.Fatal(err)
		}
		for _, q := range queries {
			if !regexp.MustCompile(`(?i)\bFROM\s+["` + "`" + `]?(changes|change_log_state)\b`).MatchString(q) {
				t.Errorf("the follower queried %s", q)
			}
		}
		if fed, read := w.Articles(); fed != 40 || read != 0 {
			t.Errorf("%d articles from the feed, %d read back", fed, read)
		}
		if got := found(t, ix, "gió nhẹ"); len(got) != 10 {
			t.Errorf("search found %v", got)
		}
	})
}

// TestFeedRolledBack: a transaction that rolls back hands nothing over;
// AfterCommit gives the committed changes with the ids the log holds.
func TestFeedRolledBack(t *testing.T) {
	ctx := context.Background()
	modelstest.ForEach(t, func(t *testing.T, s *models.Store) {
		var got [][]models.Change
		fail := fmt.Errorf("rolled back")
		err := s.Tx(ctx, func(tx *models.Store) error {
			if !tx.AfterCommit(func(cs []models.Change) { got = append(got, cs) }) {
				t.Error("AfterCommit refused in a transaction")
			}
			if _, err := tx.SaveArticle(ctx, &models.Article{Title: "Sẽ hủy", Body: "Bài này không được lưu."}, nil); err != nil {
				return err
			}
			return fail
		})
		if err != fail || len(got) != 0 {
			t.Fatalf("rolled back: %v, handed %v", err, got)
		}
		var ids []int64
		err = s.Tx(ctx, func(tx *models.Store) error {
			tx.AfterCommit(func(cs []models.Change) { got = append(got, cs) })
			for i := range 3 {
				a := &models.Article{Title: fmt.Sprintf("Bài %d", i), Body: "Nội dung."}
				if _, err := tx.SaveArticle(ctx, a, nil); err != nil {
					return err
				}
				ids = append(ids, a.ID)
			}
			return nil
		})
		if err != nil || len(got) != 1 {
			t.Fatalf("committed: %v, handed %v", err, got)
		}
		log, err := s.Changes(ctx, 0, 100)
		if err != nil {
			t.Fatal(err)
		}
		if len(log) != 3 {
			t.Fatalf("log %+v", log)
		}
		for i, c := range got[0] {
			if c.ID != log[i].ID || c.EntityID != ids[i] || log[i].EntityID != ids[i] {
				t.Errorf("handed %+v, log %+v, article %d", c, log[i], ids[i])
			}
		}
		if (&models.Store{}).AfterCommit(func([]models.Change) {}) {
			t.Error("AfterCommit outside a transaction")
		}
	})
}

// TestFeedWithConcurrentWriters: while an import runs, handing its
// articles to the feed, other writers store articles of their own
// (importer.StoreArticle, the same people and organisations) and rewrite
// imported ones, and the follower drains the log with the feed as it
// goes: the index ends as an index built from the database. On
// PostgreSQL the writers' changes interleave with the import's in the log.
func TestFeedWithConcurrentWriters(t *testing.T) {
	ctx := context.Background()
	modelstest.ForEach(t, func(t *testing.T, s *models.Store) {
		ix := indexAtStart(t)
		lines := feedLines()
		for i := range 60 {
			lines = append(lines, strings.Replace(lines[i], "baodongkhoi.vn/a", "baodongkhoi.vn/late", 1))
		}
		path := filepath.Join(t.TempDir(), "in.jsonl")
		if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")), 0o644); err != nil {
			t.Fatal(err)
		}
		feed := indexer.NewFeed(100)
		imported := make(chan error, 1)
		go func() {
			_, _, err := importer.Import(ctx, s, []string{path}, importer.Options{Batch: 10, Committed: func(cs []importer.Committed) {
				for _, c := range cs {
					feed.Add(c.Change, c.Article, c.Authors, c.Mentions)
				}
			}})
			imported <- err
		}()
		stop := make(chan struct{})
		var wg sync.WaitGroup
		errs := make(chan error, 4)
		wg.Add(2)
		go func() { // another writer: articles of its own
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				_, _, err := importer.StoreArticle(ctx, s, ingestArticle(i))
				if err != nil {
					errs <- err
					return
				}
			}
		}()
		go func() { // another writer: imported articles rewritten
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				arts, err := s.Articles(ctx, models.ArticleFilter{}, models.ArticlesNewest, models.Page{First: 3})
				if err != nil {
					errs <- err
					return
				}
				if len(arts.Items) > 0 {
					a := arts.Items[i%len(arts.Items)]
					a.Title = fmt.Sprintf("%s (sửa %d)", strings.SplitN(a.Title, " (sửa", 2)[0], i)
					if _, err := s.SaveArticle(ctx, a, nil); err != nil && models.ErrorCode(err) != models.ENOTFOUND {
						errs <- err
						return
					}
				}
			}
		}()
		w := &indexer.Worker{Store: s, Index: ix, Batch: 20, Feed: feed}
		var importErr error
	follow:
		for {
			select {
			case importErr = <-imported:
				break follow
			default:
			}
			if _, err := w.Drain(ctx); err != nil {
				t.Fatal(err)
			}
		}
		close(stop)
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
		if importErr != nil {
			t.Fatal(importErr)
		}
		if _, err := w.CatchUp(ctx); err != nil {
			t.Fatal(err)
		}
		fed, read := w.Articles()
		t.Logf("%d articles from the feed, %d read back", fed, read)
		if fed == 0 || feed.Len() != 0 {
			t.Errorf("%d articles from the feed, %d left in it", fed, feed.Len())
		}
		sameAsBuilt(t, s, ix)
	})
}

// ingestArticle is the i-th article of another writer: the import's
// people and organisations, by names it may create first.
func ingestArticle(i int) ingest.Article {
	return ingest.Article{URL: fmt.Sprintf("https://example.vn/other/%d", i), Title: fmt.Sprintf("Tin khác %d", i),
		Body:    fmt.Sprintf("Chủ tịch UBND tỉnh Bến Tre Trần Ngọc Tam tiếp đoàn số %d. Ông Nguyễn Văn Phúc dự.", i),
		Authors: []string{"Hương Thu", fmt.Sprintf("Phóng viên %d", i%3)}}
}

// sameAsBuilt checks that ix, followed with the feed, has the digest of an
// index built from s's database from scratch, and returns that digest.
func sameAsBuilt(t *testing.T, s *models.Store, ix *search.Index) string {
	t.Helper()
	ctx := context.Background()
	built := openIndex(t, t.TempDir()+"/built")
	if err := (&indexer.Worker{Store: s, Index: built}).Build(ctx); err != nil {
		t.Fatal(err)
	}
	got, err := ix.Digest(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want, err := built.Digest(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got != want {
		t.Errorf("index followed with the feed:\n%s\nbuilt from the database:\n%s", got, want)
	}
	return want
}

// indexAtStart is a new index at the log's start, as an import's into an
// existing index.
func indexAtStart(t *testing.T) *search.Index {
	t.Helper()
	ix := openIndex(t, t.TempDir()+"/index")
	if err := ix.ApplyAt(context.Background(), 0, nil, nil); err != nil {
		t.Fatal(err)
	}
	return ix
}
