package models

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	"gorm.io/gorm"
)

// A first load: an import into a database without articles builds the
// secondary indexes of the tables it fills after its rows instead of
// keeping them row by row, as bulk loaders do (PostgreSQL's "Populating a
// Database": drop the indexes, load, create them again). Each row an
// import inserts went to a random place of the articles' date and list
// indexes, of the titles' order and of the mentions' entity index, and on
// SQLite into the titles' trigram index (FTS5, through a trigger); built
// at the end, each index is one sort of the table.
//
// Only indexes that nothing of the import reads are deferred: the unique
// ones (content key, url: how an import finds an article it stores
// again), the entities' and their keys' (its look-ups), the mentions' by
// article (an article stored again replaces its mentions) and the change
// log's stay. Their definitions are read from the database (sqlite_master,
// pg_indexes) and recorded in the table deferred_indexes in the
// transaction that drops them, so an import killed before the end leaves
// a record of what to build: the next start of any command (Migrate)
// builds them, unless a first load is still running (it holds the bulk
// lock: a lock file beside the SQLite database, an advisory lock on
// PostgreSQL). Built again from the same definitions, in the order they
// were made, the schema is the migrations' to the byte.

// deferredIndexes are the names of the indexes and triggers a first load
// builds at its end, when the database has them.
var deferredIndexes = []string{
	"articles_published_at", "articles_source_published", "articles_source_code_published",
	"articles_section_published", "articles_title_order", "mentions_entity_published", "article_authors_person",
	// PostgreSQL's pg_trgm index of the titles (articles_title_trgm) stays:
	// a GIN index is built by one process (no parallel build in
	// PostgreSQL 15), 13.5 s at 100,000 articles at the end of the load,
	// about what its upkeep cost the server through the load, where two
	// cores share it (docs/scaling.md, "A first load builds its indexes
	// after its rows").
	// SQLite: the triggers that keep the titles' FTS5 index, filled in
	// one statement before they are made again (articlesTrgmFill).
	"articles_trgm_insert", "articles_trgm_update", "articles_trgm_delete",
}

// articlesTrgmFill is migration 13's statement that fills the titles'
// trigram index from the articles: the same SQL at the end of a first load.
var articlesTrgmFill = func() string {
	for _, m := range migrations {
		for _, line := range strings.Split(m.sql, "\n") {
			if stmt, ok := strings.CutPrefix(line, "{{sqlite}}INSERT INTO articles_trgm (rowid, t) SELECT"); ok {
				return strings.TrimSuffix("INSERT INTO articles_trgm (rowid, t) SELECT"+stmt, ";")
			}
		}
	}
	panic("models: migration 13 fills no articles_trgm")
}()

// fillArticlesTrgm fills the titles' trigram index (articlesTrgmFill)
// with FTS5's automerge off and its hash of pending terms at
// trgmFillHashSize, both set back in the same transaction. The fill is one
// statement, which flushes a segment each time its pending terms pass the
// hash size: with FTS5's 1 MiB, about a hundred segments at 100,000
// articles, which automerge merged 8 at a time as they came (its work
// was 1.9 s of the fill's 4.6 s of FTS5 CPU), many entries twice.
// With 16 MiB the fill writes 4 segments and merges none; automerge off,
// a fill of more (a few hundred thousand titles) leaves its segments at
// level 0 (FTS5's crisis merge still merges a level of 16) for the next
// writes to merge as any others. The table's config ends as it began: a
// setting the table did not have is deleted from it again (FTS5 reads
// its config anew on the next statement of every connection, the setting
// having changed the index's cookie).
func fillArticlesTrgm(tx *gorm.DB) error {
	fill := []struct {
		key        string
		value, def int
	}{{"automerge", 0, fts5DefaultAutomerge}, {"hashsize", trgmFillHashSize, fts5DefaultHashSize}}
	var restore []string
	for _, c := range fill {
		var was []int
		if err := tx.Raw("SELECT v FROM articles_trgm_config WHERE k = ?", c.key).Scan(&was).Error; err != nil {
			return err
		}
		if err := tx.Exec("INSERT INTO articles_trgm (articles_trgm, rank) VALUES (?, ?)", c.key, c.value).Error; err != nil {
			return err
		}
		if len(was) > 0 {
			restore = append(restore, fmt.Sprintf("INSERT INTO articles_trgm (articles_trgm, rank) VALUES ('%s', %d)", c.key, was[0]))
			continue
		}
		restore = append(restore, fmt.Sprintf("INSERT INTO articles_trgm (articles_trgm, rank) VALUES ('%s', %d)", c.key, c.def),
			fmt.Sprintf("DELETE FROM articles_trgm_config WHERE k = '%s'", c.key))
	}
	if err := tx.Exec(articlesTrgmFill).Error; err != nil {
		return fmt.Errorf("%w in %q", err, articlesTrgmFill)
	}
	for _, q := range restore {
		if err := tx.Exec(q).Error; err != nil {
			return err
		}
	}
	return nil
}

// trgmFillHashSize is the size of FTS5's hash of pending terms while a
// first load fills the titles' trigram index (fillArticlesTrgm).
var trgmFillHashSize = 16 << 20

// FTS5's automerge and hash size of a table whose config does not set
// them.
const (
	fts5DefaultAutomerge = 4
	fts5DefaultHashSize  = 1 << 20
)

// A deferred row is an index or trigger dropped by a first load.
type deferred struct {
	Ord  int
	Name string
	Kind string // "index" or "trigger"
	SQL  string
}

// BulkLoad is a first load under way (BeginBulkLoad): it holds the bulk
// lock until Finish or Release.
type BulkLoad struct {
	s       *Store
	unlock  func()
	Dropped []string // the indexes and triggers it dropped, in order
}

// BeginBulkLoad starts a first load when the database holds no article:
// it records and drops the deferred indexes and triggers (deferredIndexes)
// and returns the load, which Finish ends. It returns nil when the
// database holds articles, or when another first load runs.
func (s *Store) BeginBulkLoad(ctx context.Context) (*BulkLoad, error) {
	unlock, ok, err := s.bulkLock(ctx)
	if err != nil || !ok {
		return nil, err
	}
	b := &BulkLoad{s: s, unlock: unlock}
	err = func() error {
		// What a killed load left first.
		if err := s.buildDeferred(ctx, nil); err != nil {
			return err
		}
		return s.write(ctx).Transaction(func(tx *gorm.DB) error {
			var filled bool
			if err := tx.Raw("SELECT EXISTS (SELECT 1 FROM articles) OR EXISTS (SELECT 1 FROM mentions) OR EXISTS (SELECT 1 FROM article_authors)").Scan(&filled).Error; err != nil {
				return err
			}
			if filled {
				return nil
			}
			var defs []deferred
			q := "SELECT name, type AS kind, sql FROM sqlite_master WHERE name IN ? AND type IN ('index', 'trigger') ORDER BY rowid"
			if s.dialect == "postgres" {
				q = "SELECT indexname AS name, 'index' AS kind, indexdef AS sql FROM pg_indexes WHERE schemaname = current_schema() AND indexname IN ? ORDER BY (quote_ident(schemaname) || '.' || quote_ident(indexname))::regclass::oid"
			}
			if err := tx.Raw(q, deferredIndexes).Scan(&defs).Error; err != nil {
				return err
			}
			if len(defs) == 0 {
				return nil
			}
			if err := tx.Exec("CREATE TABLE IF NOT EXISTS deferred_indexes (ord INTEGER PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL, sql TEXT NOT NULL)").Error; err != nil {
				return err
			}
			for i, d := range defs {
				d.Ord = i + 1
				if err := tx.Exec("INSERT INTO deferred_indexes (ord, name, kind, sql) VALUES (?, ?, ?, ?)", d.Ord, d.Name, d.Kind, d.SQL).Error; err != nil {
					return err
				}
				if err := tx.Exec("DROP " + strings.ToUpper(d.Kind) + " " + d.Name).Error; err != nil {
					return err
				}
				b.Dropped = append(b.Dropped, d.Name)
			}
			return nil
		})
	}()
	if err == nil && len(b.Dropped) > 0 {
		s.loading.Store(true)
	}
	if err != nil || len(b.Dropped) == 0 {
		unlock()
		if err != nil {
			return nil, fmt.Errorf("store: unable to begin a first load: %w", err)
		}
		return nil, nil
	}
	return b, nil
}

// Finish builds the indexes and triggers the load dropped, calling
// progress after each (its name, how many are built of all, how long it
// took), and releases the bulk lock.
func (b *BulkLoad) Finish(ctx context.Context, progress func(name string, done, total int, took time.Duration)) error {
	defer b.Release()
	if err := b.s.buildDeferred(ctx, progress); err != nil {
		return fmt.Errorf("store: unable to build the indexes deferred by the first load (the next start builds them): %w", err)
	}
	return nil
}

// Checkpoint copies the pages of SQLite's WAL into the database file
// as far as no reader needs them (a passive checkpoint), and returns how
// many pages the WAL held and how many of them are copied; on PostgreSQL
// it does nothing (-1, -1). After Finish the WAL holds the pages of the
// indexes the load built, which the next checkpoint copies: the first
// commit past the writer's wal_autocheckpoint, or the close of the
// database.
func (b *BulkLoad) Checkpoint(ctx context.Context) (wal, copied int, err error) {
	if b.s.dialect == "postgres" {
		return -1, -1, nil
	}
	var busy int
	if err := b.s.write(ctx).Raw("PRAGMA wal_checkpoint(PASSIVE)").Row().Scan(&busy, &wal, &copied); err != nil {
		return 0, 0, fmt.Errorf("store: unable to checkpoint the WAL: %w", err)
	}
	return wal, copied, nil
}

// Release releases the bulk lock without building anything: the next
// start (Migrate) builds what the load dropped.
func (b *BulkLoad) Release() {
	b.s.loading.Store(false)
	if b.unlock != nil {
		b.unlock()
		b.unlock = nil
	}
}

// buildDeferred builds what deferred_indexes records, each index in a
// transaction of its own (a writer beside it waits for one index, not
// for all), the titles' trigram triggers with the statement that fills
// their index in one, so that no title is missed between them.
func (s *Store) buildDeferred(ctx context.Context, progress func(name string, done, total int, took time.Duration)) error {
	db := s.write(ctx)
	var exists bool
	q := "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'deferred_indexes')"
	if s.dialect == "postgres" {
		q = "SELECT to_regclass('deferred_indexes') IS NOT NULL"
	}
	if err := db.Raw(q).Scan(&exists).Error; err != nil || !exists {
		return err
	}
	var defs []deferred
	if err := db.Raw("SELECT ord, name, kind, sql FROM deferred_indexes ORDER BY ord").Scan(&defs).Error; err != nil {
		return err
	}
	// The groups: each index alone, the triggers together.
	var groups [][]deferred
	trigger := -1
	for _, d := range defs {
		switch {
		case d.Kind != "trigger":
			groups = append(groups, []deferred{d})
		case trigger < 0:
			trigger = len(groups)
			groups = append(groups, []deferred{d})
		default:
			groups[trigger] = append(groups[trigger], d)
		}
	}
	done := 0
	for i, g := range groups {
		t := time.Now()
		err := db.Transaction(func(tx *gorm.DB) error {
			if s.dialect == "postgres" {
				// CREATE INDEX sorts in memory up to this much.
				if err := tx.Exec("SET LOCAL maintenance_work_mem = '512MB'").Error; err != nil {
					return err
				}
			}
			if g[0].Kind == "trigger" && slices.ContainsFunc(g, func(d deferred) bool { return strings.HasPrefix(d.Name, "articles_trgm_") }) {
				if err := tx.Exec("DELETE FROM articles_trgm").Error; err != nil {
					return err
				}
				if err := fillArticlesTrgm(tx); err != nil {
					return err
				}
			}
			for _, d := range g {
				// Made meanwhile (a writer that does not know of the load):
				// its record only goes.
				var made bool
				q := "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE name = ?)"
				if s.dialect == "postgres" {
					q = "SELECT EXISTS (SELECT 1 FROM pg_indexes WHERE schemaname = current_schema() AND indexname = ?)"
				}
				if err := tx.Raw(q, d.Name).Scan(&made).Error; err != nil {
					return err
				}
				if made {
					if err := tx.Exec("DELETE FROM deferred_indexes WHERE ord = ?", d.Ord).Error; err != nil {
						return err
					}
					continue
				}
				if err := tx.Exec(d.SQL).Error; err != nil {
					return fmt.Errorf("%w in %q", err, d.SQL)
				}
				if err := tx.Exec("DELETE FROM deferred_indexes WHERE ord = ?", d.Ord).Error; err != nil {
					return err
				}
			}
			if i == len(groups)-1 {
				return tx.Exec("DROP TABLE deferred_indexes").Error
			}
			return nil
		})
		if err != nil {
			return err
		}
		done += len(g)
		if progress != nil {
			names := make([]string, len(g))
			for j, d := range g {
				names[j] = d.Name
			}
			progress(strings.Join(names, ", "), done, len(defs), time.Since(t))
		}
	}
	if len(groups) == 0 {
		return db.Exec("DROP TABLE deferred_indexes").Error
	}
	return nil
}

// RepairDeferred builds what a first load killed before its end left
// recorded, unless a first load is running (then it does nothing), calling
// progress (if not nil) after each index. Migrate calls it; a running
// server calls it from time to time, so that a load killed after the
// server started is repaired without a restart.
func (s *Store) RepairDeferred(ctx context.Context, progress func(name string, done, total int, took time.Duration)) error {
	unlock, ok, err := s.bulkLock(ctx)
	if err != nil || !ok {
		return err
	}
	defer unlock()
	if err := s.buildDeferred(ctx, progress); err != nil {
		return fmt.Errorf("store: unable to build the indexes a first load left to build: %w", err)
	}
	return nil
}

// firstLoading tells whether a first load of the store has dropped its
// deferred indexes and not yet built them (BeginBulkLoad).
func (s *Store) firstLoading() bool { return s.loading != nil && s.loading.Load() }

// bulkLockKey is the key of PostgreSQL's advisory lock a first load holds.
const bulkLockKey = 7261013

// bulkLock takes the bulk lock if it is free (ok false when it is not):
// on PostgreSQL a session's advisory lock, on SQLite a lock on the file
// DATA_DIR/tracuu.db-bulk. Either goes with the process that holds it.
func (s *Store) bulkLock(ctx context.Context) (unlock func(), ok bool, err error) {
	if s.dialect == "postgres" {
		sqlDB, err := s.db.DB()
		if err != nil {
			return nil, false, err
		}
		conn, err := sqlDB.Conn(ctx)
		if err != nil {
			return nil, false, err
		}
		if err := conn.QueryRowContext(ctx, "SELECT pg_try_advisory_lock($1)", bulkLockKey).Scan(&ok); err != nil || !ok {
			conn.Close()
			return nil, false, err
		}
		return func() {
			conn.ExecContext(context.Background(), "SELECT pg_advisory_unlock($1)", bulkLockKey)
			conn.Close()
		}, true, nil
	}
	if s.dataDir == "" {
		return nil, false, errors.New("store: no data dir for the bulk lock")
	}
	f, err := os.OpenFile(filepath.Join(s.dataDir, dbFile+"-bulk"), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, false, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, false, nil
		}
		return nil, false, err
	}
	return func() { f.Close() }, true, nil
}
