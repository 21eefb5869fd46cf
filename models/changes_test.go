package models_test

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"tracuu/models"
	"tracuu/models/modelstest"
)

// follow reads every change after *cursor and moves the cursor, as a
// server does.
func follow(t *testing.T, s *models.Store, cursor *int64) []models.Change {
	t.Helper()
	cs, err := s.Changes(context.Background(), *cursor, 1000)
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) > 0 {
		*cursor = cs[len(cs)-1].ID
	}
	return cs
}

// TestOutOfOrderCommits: a transaction that began first and commits last
// is not skipped by a cursor that has read a change committed meanwhile.
func TestOutOfOrderCommits(t *testing.T) {
	ctx := context.Background()
	modelstest.ForEach(t, func(t *testing.T, s *models.Store) {
		var cursor int64
		follow(t, s, &cursor)
		wrote, release, committed := make(chan struct{}), make(chan struct{}), make(chan error)
		go func() {
			committed <- s.Tx(ctx, func(tx *models.Store) error {
				if err := tx.Enqueue(ctx, models.TypeArticle, models.OpUpsert, 1); err != nil {
					return err
				}
				if _, err := tx.SaveArticle(ctx, &models.Article{Title: "Giao dịch dài", Body: "Giao dịch bắt đầu trước, kết thúc sau."}, nil); err != nil {
					return err
				}
				close(wrote)
				<-release
				return nil
			})
		}()
		<-wrote
		// A second writer commits while the first is open (on SQLite it
		// waits for the first: there writes are serialised anyway).
		second := make(chan error)
		go func() { second <- s.Enqueue(ctx, models.TypePerson, models.OpUpsert, 2) }()
		var early []models.Change
		select {
		case err := <-second:
			if err != nil {
				t.Fatal(err)
			}
			early = follow(t, s, &cursor)
			close(release)
		case <-time.After(300 * time.Millisecond):
			close(release)
			if err := <-second; err != nil {
				t.Fatal(err)
			}
		}
		if err := <-committed; err != nil {
			t.Fatal(err)
		}
		late := follow(t, s, &cursor)
		var types []string
		for _, c := range append(early, late...) {
			types = append(types, c.EntityType)
		}
		seen := map[string]bool{}
		for _, typ := range types {
			seen[typ] = true
		}
		if !seen[models.TypePerson] || !seen[models.TypeArticle] {
			t.Fatalf("the cursor saw %v: a change was skipped", types)
		}
	})
}

// TestCommitOrderLock runs the store's protocol by hand on PostgreSQL: a
// transaction appending changes under the shared lock does not hold other
// writers back, but keeps SettledHead from passing its ids until it has
// committed; without the lock, a cursor that trusts SettledHead skips a
// change (the hazard the lock is there for, shown so that this test can
// fail).
func TestCommitOrderLock(t *testing.T) {
	ctx := context.Background()
	s := modelstest.Open(t, "postgres")
	raw, err := modelstest.DB(t, s).DB()
	if err != nil {
		t.Fatal(err)
	}
	// open begins a transaction that appends a change and stays open.
	open := func(lock bool) (*sql.Tx, int64) {
		t.Helper()
		tx, err := raw.BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		if lock {
			if _, err := tx.Exec("SELECT pg_advisory_xact_lock_shared($1)", models.ChangeLogLock); err != nil {
				t.Fatal(err)
			}
		}
		var id int64
		if err := tx.QueryRow("INSERT INTO changes (entity_type, entity_id, op, created_at) VALUES ('Article', 1, 'upsert', now()) RETURNING id").Scan(&id); err != nil {
			t.Fatal(err)
		}
		return tx, id
	}
	var cursor int64
	follow(t, s, &cursor)

	t.Run("SettledOnlyOnceCommitted", func(t *testing.T) {
		tx, first := open(true)
		second := make(chan error)
		go func() { second <- s.Enqueue(ctx, models.TypePerson, models.OpUpsert, 2) }()
		select {
		case err := <-second:
			if err != nil {
				t.Fatal(err)
			}
		case <-time.After(30 * time.Second):
			t.Fatal("a writer waited for another")
		}
		cs := follow(t, s, &cursor)
		if len(cs) != 1 || cs[0].ID <= first {
			t.Fatalf("visible while the first is open: %+v (first id %d)", cs, first)
		}
		if _, err := s.SettledHead(ctx); err != models.ErrLogBusy {
			t.Fatalf("settled while a writer holds the log: %v", err)
		}
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
		head, err := s.SettledHead(ctx)
		if err != nil || head != cs[0].ID {
			t.Fatalf("settled head %d, %v; want %d", head, err, cs[0].ID)
		}
		all, err := s.Changes(ctx, first-1, 10)
		if err != nil || len(all) != 2 || all[0].ID != first {
			t.Fatalf("after the commit: %+v, %v", all, err)
		}
	})
	t.Run("WithoutTheLockACursorSkips", func(t *testing.T) {
		tx, first := open(false)
		if err := s.Enqueue(ctx, models.TypePerson, models.OpUpsert, 3); err != nil {
			t.Fatal(err)
		}
		head, err := s.SettledHead(ctx)
		if err != nil || head <= first {
			t.Fatalf("settled head %d, %v", head, err)
		}
		cursor = head // what a reader trusting it does
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
		if cs := follow(t, s, &cursor); len(cs) != 0 {
			t.Fatalf("the late commit was read (%+v): the hazard is gone, and the lock may be too", cs)
		}
	})
}

func TestIndexServers(t *testing.T) {
	ctx := context.Background()
	modelstest.ForEach(t, func(t *testing.T, s *models.Store) {
		a := &models.IndexServer{ID: "a", Instance: "a1", Home: "host1:/data/index", Addr: "a:8080", Position: 0, State: models.ServerBuilding}
		if _, err := s.RegisterServer(ctx, a, time.Minute); err != nil {
			t.Fatal(err)
		}
		t.Run("ErrConflictWhileTheOtherRuns", func(t *testing.T) {
			_, err := s.RegisterServer(ctx, &models.IndexServer{ID: "a", Instance: "a2", Home: "host2:/data/index", State: models.ServerBuilding}, time.Minute)
			if models.ErrorCode(err) != models.ECONFLICT {
				t.Fatalf("second process with the same id: %v", err)
			}
		})
		t.Run("SameHomeTakesOver", func(t *testing.T) {
			// Killed and started again at once: the new process holds the
			// index, so the one that still looks alive is gone.
			again := &models.IndexServer{ID: "a", Instance: "a2", Home: "host1:/data/index", State: models.ServerBuilding}
			if _, err := s.RegisterServer(ctx, again, time.Minute); err != nil {
				t.Fatalf("restart in the same home: %v", err)
			}
			a.Instance = "a2"
		})
		t.Run("ReportAndRequest", func(t *testing.T) {
			n, err := s.RequestReindex(ctx)
			if err != nil || n != 1 {
				t.Fatalf("request %d, %v", n, err)
			}
			a.State, a.ReindexDone, a.Position = models.ServerReady, n, 0
			if err := s.ReportServer(ctx, a); err != nil {
				t.Fatal(err)
			}
			ls, err := s.LogState(ctx)
			if err != nil || ls.ReindexRequest != 1 || ls.ReindexRequestedAt == nil {
				t.Fatalf("log state %+v, %v", ls, err)
			}
		})
		t.Run("RestartKeepsRequestsDone", func(t *testing.T) {
			a.State = models.ServerStopped
			if err := s.ReportServer(ctx, a); err != nil {
				t.Fatal(err)
			}
			again := &models.IndexServer{ID: "a", Instance: "a3", Home: "host2:/data/index", State: models.ServerReady}
			if _, err := s.RegisterServer(ctx, again, time.Minute); err != nil {
				t.Fatalf("restart after a clean stop: %v", err)
			}
			if again.ReindexDone != 1 {
				t.Errorf("requests done after a restart: %d, want 1", again.ReindexDone)
			}
		})
		t.Run("ErrNotFoundOnceDropped", func(t *testing.T) {
			dropped, _, err := s.PruneChanges(ctx, time.Now().Add(time.Minute))
			if err != nil || len(dropped) != 1 {
				t.Fatalf("dropped %v, %v", dropped, err)
			}
			err = s.ReportServer(ctx, &models.IndexServer{ID: "a", Instance: "a3"})
			if models.ErrorCode(err) != models.ENOTFOUND {
				t.Fatalf("report after being dropped: %v", err)
			}
		})
	})
}

// TestPruneKeepsRecentChanges: the changes written since keepFrom stay,
// even when every server has passed them; those before go.
func TestPruneKeepsRecentChanges(t *testing.T) {
	ctx := context.Background()
	modelstest.ForEach(t, func(t *testing.T, s *models.Store) {
		if err := s.Enqueue(ctx, models.TypePerson, models.OpUpsert, 1, 2); err != nil {
			t.Fatal(err)
		}
		time.Sleep(20 * time.Millisecond)
		keepFrom := time.Now()
		if err := s.Enqueue(ctx, models.TypePerson, models.OpUpsert, 3); err != nil {
			t.Fatal(err)
		}
		head, err := s.SettledHead(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.RegisterServer(ctx, &models.IndexServer{ID: "a", Instance: "a", Home: "a", Position: head, State: models.ServerReady}, time.Minute); err != nil {
			t.Fatal(err)
		}
		_, through, err := s.PruneChangesKeeping(ctx, time.Now().Add(-time.Hour), keepFrom)
		if err != nil {
			t.Fatal(err)
		}
		if through != head-1 {
			t.Errorf("pruned through %d, want %d: the last change is recent", through, head-1)
		}
		cs, err := s.Changes(ctx, 0, 10)
		if err != nil || len(cs) != 1 || cs[0].EntityID != 3 {
			t.Errorf("left %+v (%v), want the change of person 3", cs, err)
		}
		if _, through, err = s.PruneChanges(ctx, time.Now().Add(-time.Hour)); err != nil || through != head {
			t.Errorf("PruneChanges: through %d (%v), want %d", through, err, head)
		}
	})
}
