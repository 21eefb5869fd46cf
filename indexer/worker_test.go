package indexer_test

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"testing"
	"time"

	"tracuu/indexer"
	"tracuu/models"
	"tracuu/models/modelstest"
	"tracuu/search"
)

func found(t *testing.T, ix *search.Index, q string) []string {
	t.Helper()
	res, err := ix.Search(context.Background(), search.Request{Query: q, First: 10, SkipFacets: true})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, h := range res.Hits {
		ids = append(ids, h.ID)
	}
	return ids
}

func openIndex(t *testing.T, dir string) *search.Index {
	t.Helper()
	ix, err := search.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	return ix
}

func save(t *testing.T, s *models.Store, title, body string) int64 {
	t.Helper()
	a := &models.Article{Title: title, Body: body}
	if _, err := s.SaveArticle(context.Background(), a, nil); err != nil {
		t.Fatal(err)
	}
	return a.ID
}

func head(t *testing.T, s *models.Store) int64 {
	t.Helper()
	ls, err := s.LogState(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return ls.Head
}

// atHead fails unless the index's position is the head of the log.
func atHead(t *testing.T, s *models.Store, ix *search.Index) {
	t.Helper()
	pos, ok := ix.Position()
	if h := head(t, s); !ok || pos != h {
		t.Errorf("index at position %d (%v), log head %d", pos, ok, h)
	}
}

// TestCrashBetweenCommitAndIndexing: the article is committed with its
// change, the process dies before the worker runs, and after a restart
// (a new worker over the reopened index) the article is searchable.
func TestCrashBetweenCommitAndIndexing(t *testing.T) {
	ctx := context.Background()
	modelstest.ForEach(t, func(t *testing.T, s *models.Store) {
		dir := t.TempDir() + "/index"
		ix, err := search.Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := (&indexer.Worker{Store: s, Index: ix}).CatchUp(ctx); err != nil {
			t.Fatal(err)
		}
		id := save(t, s, "Đảng bộ xã Tân Thạch tổ chức đại hội", "Đại hội đại biểu Đảng bộ xã Tân Thạch, huyện Châu Thành, nhiệm kỳ 2020 - 2025.")
		// Crash: the index is closed without the change being applied.
		ix.Close()
		ix = openIndex(t, dir)
		if ids := found(t, ix, "tan thach"); len(ids) != 0 {
			t.Fatalf("indexed before the worker ran: %v", ids)
		}
		w := &indexer.Worker{Store: s, Index: ix}
		if n, err := w.CatchUp(ctx); err != nil || n != 1 {
			t.Fatalf("catch up: %d %v", n, err)
		}
		if ids := found(t, ix, "tan thach"); len(ids) != 1 || ids[0] != "Article:"+strconv.FormatInt(id, 10) {
			t.Fatalf("after restart: %v", ids)
		}
		atHead(t, s, ix)
		// A delete reaches the index the same way.
		if err := s.DeleteArticle(ctx, id); err != nil {
			t.Fatal(err)
		}
		if _, err := w.CatchUp(ctx); err != nil {
			t.Fatal(err)
		}
		if ids := found(t, ix, "tan thach"); len(ids) != 0 {
			t.Fatalf("deleted article still found: %v", ids)
		}
	})
}

// TestReindex rebuilds the index from the database while it stays open.
func TestReindex(t *testing.T) {
	ctx := context.Background()
	modelstest.ForEach(t, func(t *testing.T, s *models.Store) {
		ix := openIndex(t, t.TempDir()+"/index")
		o := &models.Organisation{Name: "Tỉnh ủy Bến Tre", Kind: "party_committee", Level: "province"}
		if err := s.CreateOrganisation(ctx, o); err != nil {
			t.Fatal(err)
		}
		save(t, s, "Hội nghị Ban Chấp hành Đảng bộ tỉnh", "Tỉnh ủy Bến Tre tổ chức hội nghị lần thứ 6.")
		if err := indexer.Reindex(ctx, s, ix, nil); err != nil {
			t.Fatal(err)
		}
		if n, _ := ix.DocCount(); n != 2 {
			t.Errorf("documents after reindex: %d", n)
		}
		atHead(t, s, ix)
		if ids := found(t, ix, "hoi nghi"); len(ids) == 0 {
			t.Errorf("article not found after reindex")
		}
	})
}

// TestEveryIndexFollowsTheLog: two indexes follow one database; each sees
// every change, whichever applied it first (one worker consuming the
// changes must not take them from the other).
func TestEveryIndexFollowsTheLog(t *testing.T) {
	ctx := context.Background()
	modelstest.ForEach(t, func(t *testing.T, s *models.Store) {
		a := &indexer.Worker{Store: s, Index: openIndex(t, t.TempDir()+"/a")}
		b := &indexer.Worker{Store: s, Index: openIndex(t, t.TempDir()+"/b")}
		for _, w := range []*indexer.Worker{a, b} {
			if _, err := w.CatchUp(ctx); err != nil {
				t.Fatal(err)
			}
		}
		var ids []int64
		for i := range 5 {
			ids = append(ids, save(t, s, fmt.Sprintf("Hội thao lực lượng vũ trang lần %d", i+1), "Các đơn vị tham gia hội thao tại Bến Tre."))
			w := a
			if i%2 == 1 {
				w = b
			}
			if _, err := w.CatchUp(ctx); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.DeleteArticle(ctx, ids[0]); err != nil {
			t.Fatal(err)
		}
		for name, w := range map[string]*indexer.Worker{"a": a, "b": b} {
			if _, err := w.CatchUp(ctx); err != nil {
				t.Fatal(err)
			}
			if got := found(t, w.Index, "hoi thao"); len(got) != 4 {
				t.Errorf("index %s finds %v, want the 4 articles left", name, got)
			}
			atHead(t, s, w.Index)
		}
	})
}

// TestPruneAndRetention: the log is pruned only below every registered
// server; a server gone longer than the retention is dropped, the log is
// pruned past it, and when it returns its index is rebuilt from the
// database, deletes made while it was away included.
func TestPruneAndRetention(t *testing.T) {
	ctx := context.Background()
	modelstest.ForEach(t, func(t *testing.T, s *models.Store) {
		fast := &indexer.Worker{Store: s, Index: openIndex(t, t.TempDir()+"/fast")}
		slowDir := t.TempDir() + "/slow"
		slowIx := openIndex(t, slowDir)
		slow := &indexer.Worker{Store: s, Index: slowIx}
		gone := save(t, s, "Lễ hội dừa Bến Tre lần thứ nhất", "Lễ hội dừa thu hút đông đảo du khách.")
		for _, w := range []*indexer.Worker{fast, slow} {
			if _, err := w.CatchUp(ctx); err != nil {
				t.Fatal(err)
			}
		}
		register := func(id string, w *indexer.Worker) {
			t.Helper()
			pos, _ := w.Index.Position()
			if _, err := s.RegisterServer(ctx, &models.IndexServer{ID: id, Instance: id, Position: pos, State: models.ServerReady}, time.Second); err != nil {
				t.Fatal(err)
			}
		}
		register("fast", fast)
		register("slow", slow)
		slowAt, _ := slow.Index.Position()

		// While the slow server is away, an article is deleted and another
		// added; the fast one follows.
		if err := s.DeleteArticle(ctx, gone); err != nil {
			t.Fatal(err)
		}
		save(t, s, "Lễ hội dừa Bến Tre lần thứ hai", "Lễ hội dừa năm nay có thêm hội chợ.")
		if _, err := fast.CatchUp(ctx); err != nil {
			t.Fatal(err)
		}
		register("fast", fast)

		t.Run("PrunedBelowEveryServer", func(t *testing.T) {
			dropped, through, err := s.PruneChanges(ctx, time.Now().Add(-time.Hour))
			if err != nil || len(dropped) != 0 || through != slowAt {
				t.Fatalf("prune: dropped %v, through %d (want %d), %v", dropped, through, slowAt, err)
			}
			if cs, _ := s.Changes(ctx, 0, 100); len(cs) == 0 || cs[0].ID <= slowAt {
				t.Fatalf("changes left: %+v", cs)
			}
		})
		t.Run("DroppedAfterRetention", func(t *testing.T) {
			time.Sleep(10 * time.Millisecond)
			cut := time.Now()
			time.Sleep(10 * time.Millisecond)
			register("fast", fast) // seen after the cut; slow was seen before
			dropped, through, err := s.PruneChanges(ctx, cut)
			fastAt, _ := fast.Index.Position()
			if err != nil || !slices.Equal(dropped, []string{"slow"}) || through != fastAt {
				t.Fatalf("prune: dropped %v, through %d (want %d), %v", dropped, through, fastAt, err)
			}
			if _, err := slow.Drain(ctx); err != indexer.ErrBehind {
				t.Fatalf("drain behind the pruned log: %v, want ErrBehind", err)
			}
		})
		t.Run("RebuiltOnReturn", func(t *testing.T) {
			if got := found(t, slowIx, "le hoi dua"); len(got) != 1 {
				t.Fatalf("before the rebuild the slow index holds %v", got)
			}
			if _, err := slow.CatchUp(ctx); err != nil {
				t.Fatal(err)
			}
			atHead(t, s, slow.Index)
			got := found(t, slow.Index, "le hoi dua")
			if len(got) != 1 || got[0] == "Article:"+strconv.FormatInt(gone, 10) {
				t.Fatalf("after the rebuild: %v (the deleted article is %d)", got, gone)
			}
		})
	})
}

// TestFirstBuildCutShort: a first build cut short leaves some documents
// and the position Incomplete; the next start builds the index again,
// whole, without the documents of entities deleted meanwhile.
func TestFirstBuildCutShort(t *testing.T) {
	ctx := context.Background()
	modelstest.ForEach(t, func(t *testing.T, s *models.Store) {
		var ids []int64
		for i := range 30 {
			ids = append(ids, save(t, s, fmt.Sprintf("Bản tin nông nghiệp số %d", i+1), "Giá lúa tại đồng bằng sông Cửu Long tăng nhẹ."))
		}
		dir := t.TempDir() + "/index"
		ix, err := search.Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		// What a build stopped after its first batch leaves behind.
		w := &indexer.Worker{Store: s, Index: ix}
		docs, err := indexer.Docs(ctx, s, models.TypeArticle, ids[:10])
		if err != nil {
			t.Fatal(err)
		}
		if err := ix.ApplyAt(ctx, indexer.Incomplete, docs, nil); err != nil {
			t.Fatal(err)
		}
		ix.Close()
		if err := s.DeleteArticle(ctx, ids[0]); err != nil {
			t.Fatal(err)
		}
		ix = openIndex(t, dir)
		if pos, ok := ix.Position(); !ok || pos != indexer.Incomplete {
			t.Fatalf("reopened at position %d (%v)", pos, ok)
		}
		w.Index = ix
		if _, err := w.CatchUp(ctx); err != nil {
			t.Fatal(err)
		}
		atHead(t, s, ix)
		if n, _ := ix.DocCount(); n != 29 {
			t.Errorf("documents after the second build: %d, want 29", n)
		}
	})
}

// TestOutOfOrderCommit: on PostgreSQL, a transaction took an id of the log
// and is still committing when a later one has committed: the worker
// applies neither past the gap until the first has committed, then both,
// and its position never skips the first.
func TestOutOfOrderCommit(t *testing.T) {
	ctx := context.Background()
	s := modelstest.Open(t, "postgres")
	w := &indexer.Worker{Store: s, Index: openIndex(t, t.TempDir()+"/index")}
	early := save(t, s, "Hội nghị tổng kết năm", "Hội nghị tổng kết công tác năm.")
	if _, err := w.CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	raw, err := modelstest.DB(t, s).DB()
	if err != nil {
		t.Fatal(err)
	}
	// The first transaction, by hand as the store writes: the article
	// renamed, its change appended under the shared lock, not committed.
	tx, err := raw.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		fmt.Sprintf("UPDATE articles SET title = 'Hội nghị tổng kết năm có thêm chuyên đề chuyển đổi số' WHERE id = %d", early),
		fmt.Sprintf("SELECT pg_advisory_xact_lock_shared(%d)", models.ChangeLogLock),
		fmt.Sprintf("INSERT INTO changes (entity_type, entity_id, op, created_at) VALUES ('Article', %d, 'upsert', now())", early),
	} {
		if _, err := tx.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	late := save(t, s, "Bản tin chuyển đổi số", "Tỉnh đẩy mạnh chuyển đổi số.")
	before, _ := w.Index.Position()
	for range 3 {
		if _, err := w.Drain(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if pos, _ := w.Index.Position(); pos != before {
		t.Fatalf("the position moved from %d to %d past a change still committing", before, pos)
	}
	// The first commits while the worker settles the gap: it has read the
	// changes before, and must not take the settled head as leave to skip.
	drained := make(chan error)
	go func() { _, err := w.Drain(ctx); drained <- err }()
	time.Sleep(40 * time.Millisecond)
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := <-drained; err != nil {
		t.Fatal(err)
	}
	if _, err := w.CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	atHead(t, s, w.Index)
	got := found(t, w.Index, "chuyen doi so")
	want := []string{fmt.Sprintf("Article:%d", early), fmt.Sprintf("Article:%d", late)}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Fatalf("found %v, want %v", got, want)
	}
}
