package indexer_test

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"tracuu/indexer"
	"tracuu/models"
	"tracuu/models/modelstest"
	"tracuu/search"
)

// startServer registers and runs an indexer server over a new index in
// dir; it stops when the test ends.
func startServer(t *testing.T, s *models.Store, id, dir string) *indexer.Server {
	t.Helper()
	return startServerReporting(t, s, id, dir, 50*time.Millisecond)
}

// startServerReporting is startServer with the server reporting to the
// registry every heartbeat.
func startServerReporting(t *testing.T, s *models.Store, id, dir string, heartbeat time.Duration) *indexer.Server {
	t.Helper()
	srv := &indexer.Server{Worker: indexer.Worker{Store: s, Index: openIndex(t, dir)}, ID: id, Addr: "test",
		Every: 20 * time.Millisecond, Heartbeat: heartbeat}
	ctx, cancel := context.WithCancel(context.Background())
	if err := srv.Register(ctx); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { srv.Run(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
	return srv
}

// eventually fails the test unless cond holds within a minute.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatalf("%s: not within a minute", what)
}

func total(t *testing.T, ix *search.Index, q string) (uint64, error) {
	res, err := ix.Search(context.Background(), search.Request{Query: q, First: 10, SkipFacets: true})
	if err != nil {
		return 0, err
	}
	return res.Total, nil
}

// TestServerReindexWhileServing: a server builds its index from the
// database while it serves, follows writes, and carries out a reindex
// request beside its live index: searches during the rebuild all answer,
// with every article, and writes made during it are in the new index.
func TestServerReindexWhileServing(t *testing.T) {
	ctx := context.Background()
	modelstest.ForEach(t, func(t *testing.T, s *models.Store) {
		const n = 400
		for i := range n {
			save(t, s, fmt.Sprintf("Hội nghị sơ kết công tác dân vận số %d", i+1), "Ban Dân vận Tỉnh ủy tổ chức hội nghị sơ kết công tác dân vận.")
		}
		srv := startServer(t, s, "one", t.TempDir()+"/index")
		eventually(t, "first build", func() bool { return srv.Status().Ready })
		if st := srv.Status(); st.State != models.ServerReady || st.Position != head(t, s) {
			t.Fatalf("after the first build: %+v, head %d", st, head(t, s))
		}

		var searches, failures, short atomic.Int64
		stop := make(chan struct{})
		var wg sync.WaitGroup
		for range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					select {
					case <-stop:
						return
					default:
					}
					got, err := total(t, srv.Index, "hoi nghi so ket")
					searches.Add(1)
					if err != nil {
						failures.Add(1)
						t.Errorf("search during the rebuild: %v", err)
					} else if got < n {
						short.Add(1)
					}
				}
			}()
		}
		req, err := s.RequestReindex(ctx)
		if err != nil {
			t.Fatal(err)
		}
		eventually(t, "the rebuild to start", func() bool { return srv.Status().State == models.ServerRebuilding || srv.Status().ReindexDone >= req })
		late := save(t, s, "Hội nghị sơ kết giữa lúc dựng lại chỉ mục", "Bài viết lưu trong khi máy chủ dựng lại chỉ mục.")
		eventually(t, "the rebuild", func() bool { return srv.Status().ReindexDone >= req })
		close(stop)
		wg.Wait()
		if failures.Load() > 0 || short.Load() > 0 || searches.Load() == 0 {
			t.Fatalf("%d searches during the rebuild: %d failed, %d missed articles", searches.Load(), failures.Load(), short.Load())
		}
		t.Logf("%d searches during the rebuild, none failed", searches.Load())
		eventually(t, "the late article", func() bool {
			ids := found(t, srv.Index, "giua luc dung lai chi muc")
			return len(ids) == 1 && ids[0] == fmt.Sprintf("Article:%d", late)
		})
		eventually(t, "the registry to show the request done", func() bool {
			rows, err := s.IndexServers(ctx)
			return err == nil && len(rows) == 1 && rows[0].ReindexDone == req && rows[0].State == models.ServerReady
		})
	})
}

// TestServerDroppedWhileRunning: a server dropped from the registry (as
// after a long pause) registers again and goes on following the log (the
// rebuild of an index the log was pruned past is TestPruneAndRetention).
func TestServerDroppedWhileRunning(t *testing.T) {
	ctx := context.Background()
	modelstest.ForEach(t, func(t *testing.T, s *models.Store) {
		save(t, s, "Ngày hội đại đoàn kết toàn dân tộc", "Khu dân cư tổ chức ngày hội đại đoàn kết.")
		other := &indexer.Worker{Store: s, Index: openIndex(t, t.TempDir()+"/other")}
		if _, err := other.CatchUp(ctx); err != nil {
			t.Fatal(err)
		}
		// It reports every 3 s, so that it does not register again between
		// being dropped and the pruning below (it did, at 50 ms, under load).
		srv := startServerReporting(t, s, "paused", t.TempDir()+"/index", 3*time.Second)
		eventually(t, "first build", func() bool { return srv.Status().Ready })
		// Another server, further on, is all the registry holds once this
		// one is dropped: the log is pruned to its position.
		save(t, s, "Ngày hội đại đoàn kết ở khu phố 3", "Khu phố 3 tổ chức ngày hội.")
		if _, err := other.CatchUp(ctx); err != nil {
			t.Fatal(err)
		}
		pos, _ := other.Index.Position()
		if _, err := s.RegisterServer(ctx, &models.IndexServer{ID: "other", Instance: "x", Position: pos, State: models.ServerReady}, time.Second); err != nil {
			t.Fatal(err)
		}
		// Dropped as if gone longer than the retention, and the log
		// pruned past it, before it has applied the last change.
		dropped, _, err := s.PruneChanges(ctx, time.Now().Add(time.Hour))
		if err != nil || len(dropped) != 2 {
			t.Fatalf("dropped %v, %v", dropped, err)
		}
		if _, err := s.RegisterServer(ctx, &models.IndexServer{ID: "other", Instance: "x", Position: pos, State: models.ServerReady}, time.Second); err != nil {
			t.Fatal(err)
		}
		if _, through, err := s.PruneChanges(ctx, time.Now().Add(-time.Hour)); err != nil || through != pos {
			t.Fatalf("pruned through %d, want %d: %v", through, pos, err)
		}
		eventually(t, "registered again and caught up", func() bool {
			rows, _ := s.IndexServers(ctx)
			for _, r := range rows {
				if r.ID == "paused" && r.Position >= pos && r.State == models.ServerReady {
					return true
				}
			}
			return false
		})
		if got := found(t, srv.Index, "ngay hoi dai doan ket"); len(got) != 2 {
			t.Fatalf("after coming back: %v", got)
		}
	})
}
