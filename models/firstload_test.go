package models_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"tracuu/models"
	"tracuu/models/modelstest"
)

// schema is what the database's schema says of its indexes and triggers:
// on SQLite every row of sqlite_master (type, name, table, SQL), on
// PostgreSQL every index's definition.
func schema(t *testing.T, db *gorm.DB) []string {
	t.Helper()
	q := "SELECT type || '|' || name || '|' || tbl_name || '|' || coalesce(sql, '') FROM sqlite_master ORDER BY type, name"
	if db.Dialector.Name() == "postgres" {
		q = "SELECT tablename || '|' || indexname || '|' || indexdef FROM pg_indexes WHERE schemaname = current_schema() ORDER BY 1"
	}
	var rows []string
	if err := db.Raw(q).Scan(&rows).Error; err != nil {
		t.Fatal(err)
	}
	return rows
}

// storeArticles stores n articles, each with an author and a mention of
// its author, titled "Bài số i về Hòa Bình".
func storeArticles(t *testing.T, s *models.Store, from, n int) {
	t.Helper()
	ctx := context.Background()
	p := &models.Person{Name: fmt.Sprintf("Nguyễn Văn Tác Giả %d", from)}
	if err := s.CreatePerson(ctx, p); err != nil {
		t.Fatal(err)
	}
	for i := from; i < from+n; i++ {
		at := time.Date(2020, 1, 1+i%28, 8, 0, 0, 0, time.UTC)
		a := &models.Article{Title: fmt.Sprintf("Bài số %d về Hòa Bình", i), Body: fmt.Sprintf("Nội dung %d.", i), Source: "Báo " + fmt.Sprint(i%3), Section: "Thời sự", PublishedAt: &at}
		if _, err := s.SaveArticle(ctx, a, []int64{p.ID}); err != nil {
			t.Fatal(err)
		}
		if err := s.AddMentions(ctx, a.ID, []models.Mention{{EntityType: models.TypePerson, EntityID: p.ID, Sentence: "x", StartOffset: 0, EndOffset: 1}}); err != nil {
			t.Fatal(err)
		}
	}
}

// titled counts the articles whose title contains "hòa bình", through the
// titles' trigram index.
func titled(t *testing.T, s *models.Store) int {
	t.Helper()
	l, err := s.Articles(context.Background(), models.ArticleFilter{Title: "hòa bình"}, models.ArticlesNewest, models.Page{First: models.MaxPage})
	if err != nil {
		t.Fatal(err)
	}
	return len(l.Items)
}

func hasDeferredTable(t *testing.T, db *gorm.DB) bool {
	t.Helper()
	return db.Migrator().HasTable("deferred_indexes")
}

func TestFirstLoad(t *testing.T) {
	ctx := context.Background()
	for _, d := range modelstest.Dialects {
		t.Run(d, func(t *testing.T) {
			t.Run("DropsAndBuildsAgain", func(t *testing.T) {
				s := modelstest.Open(t, d)
				db := modelstest.DB(t, s)
				migrated := schema(t, db)
				b, err := s.BeginBulkLoad(ctx)
				if err != nil || b == nil {
					t.Fatalf("BeginBulkLoad on an empty database: %v, %v", b, err)
				}
				want := []string{"articles_published_at", "articles_title_order", "mentions_entity_published", "article_authors_person"}
				if d == "sqlite" {
					want = append(want, "articles_trgm_insert")
				}
				for _, n := range want {
					if !slices.Contains(b.Dropped, n) {
						t.Errorf("%s not dropped: %v", n, b.Dropped)
					}
				}
				during := schema(t, db)
				for _, row := range during {
					for _, n := range b.Dropped {
						if strings.Contains(row, "|"+n+"|") {
							t.Errorf("%s still there during the load: %s", n, row)
						}
					}
				}
				if !hasDeferredTable(t, db) {
					t.Error("no record of what was dropped")
				}
				storeArticles(t, s, 0, 30)
				var steps []string
				if err := b.Finish(ctx, func(name string, done, total int, took time.Duration) {
					steps = append(steps, fmt.Sprintf("%s %d/%d", name, done, total))
				}); err != nil {
					t.Fatal(err)
				}
				if len(steps) == 0 || !strings.HasSuffix(steps[len(steps)-1], fmt.Sprintf("%d/%d", len(b.Dropped), len(b.Dropped))) {
					t.Errorf("progress: %v", steps)
				}
				checkBuilt(t, db, s, migrated, 30)
				// The triggers are back: a new article is found too.
				storeArticles(t, s, 30, 1)
				if n := titled(t, s); n != 31 {
					t.Errorf("title filter finds %d of 31 articles", n)
				}
			})
			t.Run("NotEmpty", func(t *testing.T) {
				s := modelstest.Open(t, d)
				db := modelstest.DB(t, s)
				storeArticles(t, s, 0, 1)
				before := schema(t, db)
				b, err := s.BeginBulkLoad(ctx)
				if err != nil || b != nil {
					t.Fatalf("BeginBulkLoad on a database with an article: %v, %v", b, err)
				}
				if got := schema(t, db); !slices.Equal(got, before) || hasDeferredTable(t, db) {
					t.Errorf("schema changed: %q", got)
				}
			})
			t.Run("KilledRepairedOnReopen", func(t *testing.T) {
				s := modelstest.Open(t, d)
				db := modelstest.DB(t, s)
				migrated := schema(t, db)
				b, err := s.BeginBulkLoad(ctx)
				if err != nil || b == nil {
					t.Fatalf("BeginBulkLoad: %v, %v", b, err)
				}
				storeArticles(t, s, 0, 20)
				// A second first load does not start while one runs, and
				// a start meanwhile (Migrate) leaves its indexes to it.
				s2 := modelstest.Reopen(t, s)
				if b2, err := s2.BeginBulkLoad(ctx); err != nil || b2 != nil {
					t.Fatalf("second BeginBulkLoad: %v, %v", b2, err)
				}
				if _, err := s2.Migrate(ctx); err != nil {
					t.Fatal(err)
				}
				if !hasDeferredTable(t, db) || slices.Equal(schema(t, db), migrated) {
					t.Fatal("a start during the load built its indexes")
				}
				// The import dies: its lock goes, its indexes are not built.
				b.Release()
				s.Close()
				s3 := modelstest.Reopen(t, s2)
				if _, err := s3.Migrate(ctx); err != nil {
					t.Fatal(err)
				}
				checkBuilt(t, db, s3, migrated, 20)
			})
			t.Run("KilledRepairedByRunningServer", func(t *testing.T) {
				// A server's store, open before the load began, repairs it
				// once the load is gone (serve calls RepairDeferred).
				s := modelstest.Open(t, d)
				db := modelstest.DB(t, s)
				migrated := schema(t, db)
				server := modelstest.Reopen(t, s)
				b, err := s.BeginBulkLoad(ctx)
				if err != nil || b == nil {
					t.Fatalf("BeginBulkLoad: %v, %v", b, err)
				}
				storeArticles(t, s, 0, 20)
				if err := server.RepairDeferred(ctx, nil); err != nil {
					t.Fatal(err)
				}
				if !hasDeferredTable(t, db) || slices.Equal(schema(t, db), migrated) {
					t.Fatal("a repair during the load built its indexes")
				}
				b.Release()
				s.Close()
				var built []string
				if err := server.RepairDeferred(ctx, func(name string, done, total int, took time.Duration) { built = append(built, name) }); err != nil {
					t.Fatal(err)
				}
				if len(built) == 0 {
					t.Error("RepairDeferred reported no index built")
				}
				checkBuilt(t, db, server, migrated, 20)
			})
		})
	}
}

// checkBuilt fails unless, after a first load's indexes are built (at its
// end or by a repair), the schema is the migrated one again, the record
// gone, and the title filter finds the load's n articles.
func checkBuilt(t *testing.T, db *gorm.DB, s *models.Store, migrated []string, n int) {
	t.Helper()
	if got := schema(t, db); !slices.Equal(got, migrated) {
		t.Errorf("schema after the build differs from the migrated one:\n got %q\nwant %q", got, migrated)
	}
	if hasDeferredTable(t, db) {
		t.Error("deferred_indexes left after the build")
	}
	if got := titled(t, s); got != n {
		t.Errorf("title filter finds %d of %d articles", got, n)
	}
}

// titledTotal is how many articles the title filter "hòa bình" finds in all.
func titledTotal(t *testing.T, s *models.Store) int64 {
	t.Helper()
	l, err := s.Articles(context.Background(), models.ArticleFilter{Title: "hòa bình"}, models.ArticlesNewest, models.Page{First: 1})
	if err != nil {
		t.Fatal(err)
	}
	return l.Total
}

// trgmLevels is how many segments each level of the titles' FTS5 index
// holds, from its structure record (articles_trgm_data, id 10: a 4-byte
// cookie, then varints: levels, segments, write counter, and for each
// level its merge state and segments, each segment three varints).
func trgmLevels(t *testing.T, db *gorm.DB) (segments, merging []int) {
	t.Helper()
	var rec []byte
	if err := db.Raw("SELECT block FROM articles_trgm_data WHERE id = 10").Row().Scan(&rec); err != nil {
		t.Fatal(err)
	}
	i := 4
	next := func() uint64 { // SQLite's varint: big-endian groups of 7 bits, a ninth byte of 8
		var v uint64
		for k := 0; k < 9 && i < len(rec); k++ {
			b := rec[i]
			i++
			if k == 8 {
				return v<<8 | uint64(b)
			}
			v = v<<7 | uint64(b&0x7f)
			if b < 0x80 {
				return v
			}
		}
		t.Fatalf("structure record cut short: %x", rec)
		return 0
	}
	levels := int(next())
	next() // segments
	next() // write counter
	segments, merging = make([]int, levels), make([]int, levels)
	for l := range segments {
		merging[l] = int(next())
		segments[l] = int(next())
		for range segments[l] {
			next()
			next()
			next()
		}
	}
	for len(segments) > 0 && segments[len(segments)-1] == 0 {
		segments, merging = segments[:len(segments)-1], merging[:len(merging)-1]
	}
	return segments, merging
}

// TestFirstLoadTrigramFill: a first load fills the titles' trigram index
// in FTS5 segments of 16 MiB of pending terms, merging none as it goes
// (automerge off: at 1 MiB every segment of the fill stays at level 0),
// leaves the table's config as migrated (automerge 8, no hash size), the
// writer's next writes flush at FTS5's 1 MiB again and merge 8 at a time;
// the title filter finds every article. Without fillArticlesTrgm the fill
// merged as it went: segments by level [11 1], 8 of level 0 under merge.
func TestFirstLoadTrigramFill(t *testing.T) {
	ctx := context.Background()
	// insert stores the articles from to to in one statement, titled
	// "Hòa Bình" and hashes of their number: many distinct trigrams.
	insert := func(t *testing.T, db *gorm.DB, from, to int) {
		t.Helper()
		if err := db.Exec(`WITH RECURSIVE i(n) AS (SELECT ? UNION ALL SELECT n + 1 FROM i WHERE n < ?)
			INSERT INTO articles (id, content_key, content_hash, title, body, created_at, updated_at)
			SELECT n, 'k' || n, 'h', printf('Hòa Bình %d %x %x %x %x %x %x %x %x %x %x %x %x %x %x %x %x', n,
				n * 2654435761 % 4294967291, n * 40503 % 65521, n * 97 % 8191, n * 1103515245 % 2147483647,
				n * 69069 % 4294967291, n * 31 % 1000003, n * 48271 % 2147483647, n * 16807 % 2147483647,
				n * 2654435761 % 65521, n * 40503 % 8191, n * 97 % 4294967291, n * 1103515245 % 65521,
				n * 69069 % 8191, n * 31 % 2147483647, n * 48271 % 65521, n * 16807 % 4294967291),
				'b', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP FROM i`, from, to).Error; err != nil {
			t.Fatal(err)
		}
	}
	// About 11 MiB of FTS5's pending terms: eleven flushes of its default
	// hash (1 MiB), more than automerge's 8, fewer than the crisis
	// merge's 16.
	const n = 26000
	load := func(t *testing.T) (*models.Store, *gorm.DB) {
		s := modelstest.Open(t, "sqlite")
		db := modelstest.DB(t, s)
		b, err := s.BeginBulkLoad(ctx)
		if err != nil || b == nil {
			t.Fatalf("BeginBulkLoad: %v, %v", b, err)
		}
		insert(t, db, 1, n)
		if err := b.Finish(ctx, nil); err != nil {
			t.Fatal(err)
		}
		var config []string
		if err := db.Raw("SELECT k || ' ' || v FROM articles_trgm_config ORDER BY k").Scan(&config).Error; err != nil {
			t.Fatal(err)
		}
		if want := []string{"automerge 8", "version 4"}; !slices.Equal(config, want) {
			t.Errorf("articles_trgm_config after the load: %q, want %q (as migrated)", config, want)
		}
		if got := titledTotal(t, s); got != n {
			t.Errorf("title filter finds %d of %d articles", got, n)
		}
		return s, db
	}
	t.Run("Default", func(t *testing.T) {
		s, db := load(t)
		levels, merging := trgmLevels(t, db)
		if !slices.Equal(levels, []int{1}) || merging[0] != 0 {
			t.Errorf("after the fill: segments by level %v, under merge %v; want [1], none under merge", levels, merging)
		}
		// The writer's connection flushes at 1 MiB again: 6,000 titles
		// in one statement are three segments.
		w := models.WriterDB(s)
		insert(t, w, n+1, n+6000)
		if after, _ := trgmLevels(t, db); len(after) != 1 || after[0] < 4 {
			t.Errorf("after a write of 6,000 titles: segments by level %v, want [4] or more at level 0 (flushes of 1 MiB)", after)
		}
		// An import's batches, a segment each: automerge (8) merges them
		// before the crisis merge (16) would.
		for k := n + 6001; k <= n+8500; k += 250 {
			insert(t, w, k, k+249)
		}
		after, merging := trgmLevels(t, db)
		if len(after) < 2 && merging[0] == 0 {
			t.Errorf("after 10 more writes: segments by level %v, under merge %v; want a merge of level 0", after, merging)
		}
		if got := titledTotal(t, s); got != n+8500 {
			t.Errorf("title filter finds %d of %d articles", got, n+8500)
		}
	})
	t.Run("HashOf1MiB", func(t *testing.T) {
		defer models.SetTrigramFillHashSize(models.SetTrigramFillHashSize(1 << 20))
		_, db := load(t)
		levels, merging := trgmLevels(t, db)
		if len(levels) != 1 || levels[0] < 9 || merging[0] != 0 {
			t.Errorf("after the fill: segments by level %v, under merge %v; want more than 8 at level 0 only, none under merge", levels, merging)
		}
	})
}
