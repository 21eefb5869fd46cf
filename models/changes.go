package models

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// The change log.
//
// Every write records, in its own transaction, which entities it changed
// (Enqueue). Each server keeps its own search index and follows the log
// with a cursor, its position: the id of the last change its index holds.
// Servers register in index_servers and report their position; changes
// every registered server has passed are pruned, and a server gone longer
// than a retention period is dropped, so that it cannot hold the log back
// for ever (it rebuilds its index when it returns).
//
// Ordering. A cursor is only safe if a change with a smaller id can never
// become visible after one with a larger id has been read. PostgreSQL
// sequences do not promise that: an id is taken when its row is inserted
// and transactions commit in any order, so a reader can see 11 while 10 is
// still in flight, move its cursor to 11 and skip 10 for ever. The cures
// weighed, with what each costs (docs/scaling.md has the measures):
//
//   - read only below the oldest transaction still in flight (the writer's
//     xid in each row, pg_snapshot_xmin of the reader's snapshot): writers
//     pay nothing, but any long writing transaction anywhere in the
//     cluster (an import batch, a migration, a session left idle in a
//     transaction) holds every server's cursor back for as long as it runs;
//   - re-read a window behind the cursor and drop what was seen: a
//     transaction can stay open longer than any window, so a change can
//     still be missed, rarely and silently;
//   - give ids in commit order with an exclusive lock held from the insert
//     of the changes to the commit: simple and exact, but it serialises
//     every commit of the database, WAL flush included, and takes away
//     PostgreSQL's group commit: 83-116 commits/s against 1,150-1,312
//     without it on this machine's disk;
//   - what the store does: writers append their changes as the last
//     statements of their transaction under a shared advisory lock, which
//     PostgreSQL releases only after the commit is visible (writers do not
//     wait for each other, and group commit stays); a reader takes the
//     ids after its cursor that follow on without a gap, which no
//     transaction can still be writing (every id up to them is visible),
//     and only when a gap stays does it settle it with the exclusive lock
//     (SettledHead), held for an instant: once no writer holds the shared
//     lock, every id up to the largest visible one is final, and a gap
//     below it is a rolled-back transaction's, never filled.
//
// SQLite serialises write transactions, so there ids follow commit order
// and no lock is taken.

// Change is one entry of the change log: an entity that was written or
// deleted.
type Change struct {
	ID         int64 // position in the log, in commit order
	EntityType string
	EntityID   int64
	Op         string // OpUpsert or OpDelete
	CreatedAt  time.Time
}

// ChangeLogLock is the PostgreSQL advisory lock that writers of changes
// hold shared and SettledHead takes exclusive (see above): a program that
// writes changes without the store must take it too.
const ChangeLogLock = 7261002

// appendChanges writes cs into the transaction db as its last statements;
// by COPY when tx, the transaction's store, has its PostgreSQL connection.
// withIDs sets each change's ID (a COPY returns none: the ids are then
// taken from the sequence first, under the lock, as the COPY would take
// them; elsewhere GORM's insert sets them).
func appendChanges(ctx context.Context, db *gorm.DB, cs []Change, tx *Store, withIDs bool) error {
	db = db.WithContext(ctx)
	if db.Dialector.Name() == "postgres" {
		// A writer frozen between here and its commit would keep readers
		// from settling gaps: PostgreSQL ends its session after a while
		// (set_config(…, true) is SET LOCAL, here in the same round trip
		// as the lock).
		if err := db.Exec("SELECT set_config('idle_in_transaction_session_timeout', '10s', true), pg_advisory_xact_lock_shared(?)", ChangeLogLock).Error; err != nil {
			return fmt.Errorf("lock the change log: %w", err)
		}
		if tx != nil && tx.conn != nil {
			now := time.Now().UTC()
			rows := make([][]any, len(cs))
			for i, c := range cs {
				rows[i] = []any{c.EntityType, c.EntityID, c.Op, now}
			}
			if !withIDs {
				return tx.copyRows(ctx, "changes", []string{"entity_type", "entity_id", "op", "created_at"}, rows)
			}
			// The ids after the lock, as the COPY would take them: a
			// reader settling a gap (SettledHead) sees every id taken
			// under the lock as in flight until the commit.
			ids, err := tx.takeIDs(ctx, "changes", len(cs))
			if err != nil {
				return fmt.Errorf("record changes: %w", err)
			}
			for i := range cs {
				cs[i].ID, cs[i].CreatedAt = ids[i], now
				rows[i] = append([]any{ids[i]}, rows[i]...)
			}
			return tx.copyRows(ctx, "changes", []string{"id", "entity_type", "entity_id", "op", "created_at"}, rows)
		}
	}
	return db.CreateInBatches(cs, 500).Error
}

// ErrLogBusy is returned by SettledHead when writers have held the change
// log for longer than it waits; trying again later works.
var ErrLogBusy = errors.New("store: the change log is busy: a writer has not committed within 100ms")

// SettledHead returns the largest id of the change log below which no
// change can still appear: every transaction that took an id up to it has
// committed or rolled back. On PostgreSQL it waits, at most a tenth of a
// second, for the writers appending changes at that moment to commit, and
// returns ErrLogBusy when they have not.
func (s *Store) SettledHead(ctx context.Context) (int64, error) {
	var head int64
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if s.dialect == "postgres" {
			if err := tx.Exec("SET LOCAL lock_timeout = '100ms'").Error; err != nil {
				return err
			}
			if err := tx.Exec("SELECT pg_advisory_xact_lock(?)", ChangeLogLock).Error; err != nil {
				if ctx.Err() == nil {
					return ErrLogBusy
				}
				return err
			}
		}
		var err error
		head, err = logHead(tx)
		return err
	})
	if errors.Is(err, ErrLogBusy) {
		return 0, err
	}
	return head, wrap("settle the change log", err)
}

// Changes returns up to limit changes after position after, in log order.
// A caller that follows the log must then check LogState: when
// PrunedThrough is above after, changes it never read may be gone.
func (s *Store) Changes(ctx context.Context, after int64, limit int) ([]Change, error) {
	var cs []Change
	err := s.db.WithContext(ctx).Where("id > ?", after).Order("id").Limit(limit).Find(&cs).Error
	return cs, wrap("read the change log", err)
}

// LogState is where the change log stands.
type LogState struct {
	// Head is the last change visible (or the point pruned to, when the
	// log is empty). Changes below it may still be in flight: an index
	// built from the database takes SettledHead instead.
	Head int64
	// PrunedThrough: changes up to here may be deleted. An index whose
	// position is below it cannot follow the log and must be rebuilt.
	PrunedThrough int64
	// ReindexRequest counts the reindex requests (RequestReindex); a
	// server that has done fewer rebuilds its index.
	ReindexRequest     int64
	ReindexRequestedAt *time.Time
}

// logHead is the largest id of the change log that db sees committed,
// or where it was pruned through if that is larger.
func logHead(db *gorm.DB) (int64, error) {
	var st changeLogState
	if err := db.Take(&st, 1).Error; err != nil {
		return 0, err
	}
	var head int64
	if err := db.Model(&Change{}).Select("COALESCE(MAX(id), 0)").Scan(&head).Error; err != nil {
		return 0, err
	}
	return max(head, st.PrunedThrough), nil
}

// changeLogState is the one row of change_log_state.
type changeLogState struct {
	ID                 int64
	PrunedThrough      int64
	ReindexRequest     int64
	ReindexRequestedAt *time.Time
}

func (changeLogState) TableName() string { return "change_log_state" }

// LogState returns the state of the change log.
func (s *Store) LogState(ctx context.Context) (LogState, error) {
	db := s.db.WithContext(ctx)
	var st changeLogState
	if err := db.Take(&st, 1).Error; err != nil {
		return LogState{}, wrap("read the change log state", err)
	}
	var head int64
	if err := db.Model(&Change{}).Select("COALESCE(MAX(id), 0)").Scan(&head).Error; err != nil {
		return LogState{}, wrap("read the change log head", err)
	}
	return LogState{Head: max(head, st.PrunedThrough), PrunedThrough: st.PrunedThrough,
		ReindexRequest: st.ReindexRequest, ReindexRequestedAt: st.ReindexRequestedAt}, nil
}

// OldestChangeAfter returns when the first change after position pos was
// made, and false when there is none: how far behind an index at pos is.
func (s *Store) OldestChangeAfter(ctx context.Context, pos int64) (time.Time, bool, error) {
	var cs []Change
	if err := s.db.WithContext(ctx).Where("id > ?", pos).Order("id").Limit(1).Find(&cs).Error; err != nil || len(cs) == 0 {
		return time.Time{}, false, wrap("read the change log", err)
	}
	return cs[0].CreatedAt, true, nil
}

// Index server states.
const (
	// ServerBuilding: the server has no complete index yet and builds one
	// from the database; its searches answer from what is built.
	ServerBuilding = "building"
	// ServerRebuilding: the server builds a new index beside its live one,
	// which goes on answering, and swaps it in when done.
	ServerRebuilding = "rebuilding"
	// ServerReady: the index follows the change log.
	ServerReady = "ready"
	// ServerStopped: the server shut down cleanly; its position still holds
	// the log back until the retention period has passed.
	ServerStopped = "stopped"
)

// IndexServer is a running (or stopped) server's row in index_servers: who
// it is, where it listens and how far its index is.
type IndexServer struct {
	// ID names the server across restarts (SERVER_ID, else kept in its
	// DATA_DIR); Instance names this process, so that two processes that
	// claim the same ID are told apart.
	ID       string `gorm:"primaryKey"`
	Instance string
	// Home is the host and the index folder: a process that registers with
	// the home of a live-looking instance holds that index's lock, so the
	// other is a crashed process, not a second one.
	Home     string
	Addr     string
	Position int64
	State    string
	// Detail says why the server is building or rebuilding.
	Detail string
	// Built and Total are the documents built so far and to build, while
	// building or rebuilding.
	Built, Total int64
	// ReindexDone is the last reindex request the server has carried out.
	ReindexDone int64
	StartedAt   time.Time
	SeenAt      time.Time
}

// Live reports whether the server has reported within window and has not
// stopped.
func (srv *IndexServer) Live(now time.Time, window time.Duration) bool {
	return srv.State != ServerStopped && now.Sub(srv.SeenAt) <= window
}

// lockLog takes the change log state row for the rest of the transaction:
// registering, pruning and requesting a rebuild are serialised by it, so a
// server never registers below a point being pruned. (An UPDATE rather
// than SELECT … FOR UPDATE, which SQLite lacks: it takes SQLite's write
// lock too.)
func lockLog(tx *gorm.DB) (changeLogState, error) {
	var st changeLogState
	if err := tx.Exec("UPDATE change_log_state SET pruned_through = pruned_through WHERE id = 1").Error; err != nil {
		return st, err
	}
	return st, tx.Take(&st, 1).Error
}

// RegisterServer records srv as running, with the position of its index,
// and returns the log state. Returns ECONFLICT when another process, in
// another home, that has reported within live holds the same server ID.
func (s *Store) RegisterServer(ctx context.Context, srv *IndexServer, live time.Duration) (LogState, error) {
	err := s.write(ctx).Transaction(func(tx *gorm.DB) error {
		if _, err := lockLog(tx); err != nil {
			return err
		}
		var old []IndexServer
		if err := tx.Where("id = ?", srv.ID).Find(&old).Error; err != nil {
			return err
		}
		now := time.Now().UTC()
		if len(old) == 1 && old[0].Instance != srv.Instance && old[0].Home != srv.Home && old[0].Live(now, live) {
			return Errorf(ECONFLICT, "server id %q is in use by another running process (listening on %s, last seen %s ago): give each server its own DATA_DIR or SERVER_ID",
				srv.ID, old[0].Addr, now.Sub(old[0].SeenAt).Round(time.Second))
		}
		if len(old) == 1 {
			// The same server again: the requests its index has carried
			// out stay done.
			srv.ReindexDone = max(srv.ReindexDone, old[0].ReindexDone)
		}
		srv.StartedAt, srv.SeenAt = now, now
		return tx.Save(srv).Error
	})
	if err != nil {
		return LogState{}, wrap("register the server", err)
	}
	// Read after the commit: from now on the row holds pruning back, so
	// the mark read here is the one to compare the index with.
	return s.LogState(ctx)
}

// ReportServer records srv's progress (its position, state and rebuild
// counts) and that it is alive. Returns ENOTFOUND when its row is gone: it
// was dropped after the retention period and must register again.
func (s *Store) ReportServer(ctx context.Context, srv *IndexServer) error {
	srv.SeenAt = time.Now().UTC()
	res := s.write(ctx).Model(&IndexServer{}).Where("id = ? AND instance = ?", srv.ID, srv.Instance).Updates(map[string]any{
		"addr": srv.Addr, "position": srv.Position, "state": srv.State, "detail": srv.Detail,
		"built": srv.Built, "total": srv.Total, "reindex_done": srv.ReindexDone, "seen_at": srv.SeenAt,
	})
	if res.Error != nil {
		return wrap("report the server", res.Error)
	}
	if res.RowsAffected == 0 {
		return Errorf(ENOTFOUND, "server %q is not registered", srv.ID)
	}
	return nil
}

// IndexServers returns every registered server, by id.
func (s *Store) IndexServers(ctx context.Context) ([]IndexServer, error) {
	var srvs []IndexServer
	err := s.db.WithContext(ctx).Order("id").Find(&srvs).Error
	return srvs, wrap("list the index servers", err)
}

// PruneChanges drops the servers not seen since the time dropBefore (now
// less the retention period), then deletes the changes every remaining
// server has passed. It returns the servers dropped and how far the log is
// pruned. With no server registered nothing is deleted: the first server
// to come builds its index from the database, and follows the log from
// there.
func (s *Store) PruneChanges(ctx context.Context, dropBefore time.Time) (dropped []string, through int64, err error) {
	return s.PruneChangesKeeping(ctx, dropBefore, time.Time{})
}

// PruneChangesKeeping is PruneChanges, but it also keeps every change
// written at or after keepFrom (none when keepFrom is zero), and those
// after it: readers that hold no position in index_servers, such as the
// explorer's graph (package explore), can follow the log from where they
// were if they come back to it within that time, instead of reading the
// whole database again.
func (s *Store) PruneChangesKeeping(ctx context.Context, dropBefore, keepFrom time.Time) (dropped []string, through int64, err error) {
	err = s.write(ctx).Transaction(func(tx *gorm.DB) error {
		st, err := lockLog(tx)
		if err != nil {
			return err
		}
		through = st.PrunedThrough
		var old []IndexServer
		if err := tx.Where("seen_at < ?", dropBefore.UTC()).Find(&old).Error; err != nil {
			return err
		}
		for _, o := range old {
			dropped = append(dropped, o.ID)
		}
		if len(dropped) > 0 {
			if err := tx.Where("id IN ?", dropped).Delete(&IndexServer{}).Error; err != nil {
				return err
			}
		}
		var low struct {
			N   int64
			Min int64
		}
		if err := tx.Model(&IndexServer{}).Select("COUNT(*) AS n, COALESCE(MIN(position), 0) AS min").Scan(&low).Error; err != nil {
			return err
		}
		if !keepFrom.IsZero() && low.N > 0 && low.Min > through {
			// The changes are few (every server prunes once a minute): a
			// scan of their times costs little.
			var old int64
			if err := tx.Model(&Change{}).Select("COALESCE(MIN(id), 0)").Where("id > ? AND created_at >= ?", through, keepFrom.UTC()).Scan(&old).Error; err != nil {
				return err
			}
			if old > 0 {
				low.Min = min(low.Min, old-1)
			}
		}
		if low.N == 0 || low.Min <= through {
			return nil
		}
		through = low.Min
		return tx.Model(&changeLogState{}).Where("id = 1").Update("pruned_through", through).Error
	})
	if err != nil {
		return nil, 0, wrap("prune the change log", err)
	}
	// The rows go after the mark has moved, in slices, without holding
	// the log: a reader below the mark learns from LogState that it must
	// rebuild, whether or not its rows are deleted yet.
	for {
		res := s.write(ctx).Exec("DELETE FROM changes WHERE id IN (SELECT id FROM changes WHERE id <= ? ORDER BY id LIMIT 10000)", through)
		if res.Error != nil {
			return dropped, through, wrap("prune the change log", res.Error)
		}
		if res.RowsAffected < 10000 {
			return dropped, through, nil
		}
	}
}

// RequestReindex asks every server to rebuild its index beside the live
// one and swap it in, and returns the number of the request: a server
// whose ReindexDone reaches it has done so.
func (s *Store) RequestReindex(ctx context.Context) (int64, error) {
	var n int64
	err := s.write(ctx).Transaction(func(tx *gorm.DB) error {
		st, err := lockLog(tx)
		if err != nil {
			return err
		}
		n = st.ReindexRequest + 1
		return tx.Model(&changeLogState{}).Where("id = 1").Updates(map[string]any{"reindex_request": n, "reindex_requested_at": time.Now().UTC()}).Error
	})
	return n, wrap("request a reindex", err)
}

// EntityCount returns how many entities there are, of every type: what a
// full build of an index has to go through.
func (s *Store) EntityCount(ctx context.Context) (int64, error) {
	var total int64
	for _, table := range tables {
		var n int64
		if err := s.db.WithContext(ctx).Table(table).Count(&n).Error; err != nil {
			return 0, wrap("count "+table, err)
		}
		total += n
	}
	return total, nil
}
