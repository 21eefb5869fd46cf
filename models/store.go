// Package models holds Tracuu's domain: articles, organisations, people,
// positions, resolutions, reports, figures and mentions, stored through GORM
// in PostgreSQL or in the embedded SQLite database, with versioned migrations.
package models

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	sqlitedriver "github.com/glebarez/go-sqlite"
	"github.com/glebarez/sqlite"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// Store is the database: one concrete type over PostgreSQL or SQLite.
type Store struct {
	db *gorm.DB
	// w is the writer: every write goes through it. On SQLite it is one
	// connection whose transactions begin IMMEDIATE, so writers queue in
	// the pool (honouring their context) instead of failing with
	// SQLITE_BUSY when two deferred transactions both try to upgrade; on
	// PostgreSQL, and inside a transaction, it is db.
	w       *gorm.DB
	dialect string     // "postgres" or "sqlite"
	dataDir string     // SQLite: the folder of the database (its bulk lock's)
	jobs    *jobBuffer // inside a transaction (and only there): its index jobs, written at commit
	// conn, inside a transaction on PostgreSQL, is the connection that
	// runs it, through which the import's rows go by COPY (copyRows).
	conn *sql.Conn
	// batch: inside BatchTx on PostgreSQL (no bitmap scans): look-ups of
	// a list of keys are col = ANY(array) (inList).
	batch bool

	statements *atomic.Int64 // shared with the transactions' stores
	// loading: a first load of this store has dropped its deferred
	// indexes and not yet built them (BeginBulkLoad), shared with the
	// transactions' stores: see writeBulkRows.
	loading *atomic.Bool
}

// Open connects to databaseURL when it is a postgres:// URL, else to the
// SQLite database in dataDir (created if needed). It does not migrate.
func Open(ctx context.Context, databaseURL, dataDir string) (*Store, error) {
	cfg := &gorm.Config{
		Logger:                 logger.Discard,
		SkipDefaultTransaction: true,
		NowFunc:                func() time.Time { return time.Now().UTC() },
		TranslateError:         true,
	}
	var (
		db      *gorm.DB
		err     error
		dialect string
	)
	switch {
	case strings.HasPrefix(databaseURL, "postgres://") || strings.HasPrefix(databaseURL, "postgresql://"):
		dialect = "postgres"
		db, err = gorm.Open(postgres.Open(databaseURL), cfg)
	case databaseURL == "":
		dialect = "sqlite"
		if err := createPrivate(dataDir); err != nil {
			return nil, err
		}
		// The readers keep their statements prepared too (one cache of
		// them, database/sql preparing each on the connections it runs
		// on, the driver's fork in third_party/go-sqlite keeping each
		// prepared between its queries): the pure-Go driver parsing every
		// read anew was 5% of the CPU of 16 mixed clients on SQLite
		// (docs/reliability.md). On PostgreSQL pgx keeps its own cache of
		// prepared statements.
		rcfg := *cfg
		rcfg.PrepareStmt = true
		rcfg.PrepareStmtMaxSize = 512
		db, err = gorm.Open(openSQLite(SQLiteDSN(dataDir)), &rcfg)
	default:
		return nil, fmt.Errorf("store: DATABASE_URL must be a postgres:// URL or empty, got scheme %q", strings.SplitN(databaseURL, ":", 2)[0])
	}
	if err != nil {
		return nil, fmt.Errorf("store: unable to open %s database: %w", dialect, err)
	}
	sqlDB, err := db.DB()
	if err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	w := db
	if dialect == "sqlite" {
		// Readers share the WAL; writes go through the one connection of w.
		// All four stay open when idle (database/sql keeps two by
		// default): a connection closed takes its prepared statements
		// with it, and opening one runs its pragmas again.
		sqlDB.SetMaxOpenConns(4)
		sqlDB.SetMaxIdleConns(4)
		// The writer keeps its statements prepared: parsing a statement
		// anew cost about a fifth of an import's writing (the pure-Go
		// driver's parser), and the import runs the same few statements
		// for every article.
		wcfg := *cfg
		wcfg.PrepareStmt = true
		wcfg.PrepareStmtMaxSize = 512
		// It has a page cache of 64 MiB (SQLite's default is 2 MiB): an
		// import's batch touches pages of every index of the tables it
		// writes, and with the default cache they were read again from
		// the file for most rows. It reads the database file through a
		// memory map (up to the driver's most, 2 GiB) rather than a read
		// system call a page: those calls were a tenth of an import's
		// writing (docs/scaling.md, "SQLite's pages"). It checkpoints the
		// WAL when it holds writerCheckpointPages pages.
		if w, err = gorm.Open(openSQLite(SQLiteDSN(dataDir)+"&_txlock=immediate&_pragma=cache_size(-65536)&_pragma=wal_autocheckpoint("+strconv.Itoa(writerCheckpointPages)+")&_pragma=mmap_size(2147418112)"), &wcfg); err != nil {
			sqlDB.Close()
			return nil, fmt.Errorf("store: unable to open the sqlite writer: %w", err)
		}
		wDB, err := w.DB()
		if err != nil {
			sqlDB.Close()
			return nil, fmt.Errorf("store: %w", err)
		}
		wDB.SetMaxOpenConns(1)
		wDB.SetMaxIdleConns(1)
		wDB.SetConnMaxIdleTime(0)
	} else {
		sqlDB.SetMaxOpenConns(20)
		sqlDB.SetMaxIdleConns(10)
		sqlDB.SetConnMaxIdleTime(5 * time.Minute)
	}
	s := &Store{db: db, w: w, dialect: dialect, statements: new(atomic.Int64), loading: new(atomic.Bool)}
	if dialect == "sqlite" {
		s.dataDir = dataDir
	}
	if err := sqlDB.PingContext(ctx); err != nil {
		s.Close()
		return nil, fmt.Errorf("store: unable to reach %s database: %w", dialect, err)
	}
	if err := s.countStatements(); err != nil {
		s.Close()
		return nil, fmt.Errorf("store: %w", err)
	}
	return s, nil
}

// openSQLite is GORM's dialector of the SQLite database at dsn, opened
// through sqliteDriverName.
func openSQLite(dsn string) gorm.Dialector {
	return &sqlite.Dialector{DriverName: sqliteDriverName, DSN: dsn}
}

// createPrivate creates dataDir and the SQLite database file in it
// readable by the owner only: SQLite gives its -wal and -shm files the
// database file's mode.
func createPrivate(dataDir string) error {
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return fmt.Errorf("store: unable to create data dir: %w", err)
	}
	f, err := os.OpenFile(filepath.Join(dataDir, dbFile), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("store: unable to create the database file: %w", err)
	}
	return f.Close()
}

func init() {
	// SQLite's LOWER folds ASCII only ("Ủy" stays "Ủy"): filters fold
	// text with Go's rules through this function instead (see lower).
	sqlitedriver.MustRegisterDeterministicScalarFunction("tracuu_lower", 1, func(_ *sqlitedriver.FunctionContext, args []driver.Value) (driver.Value, error) {
		switch v := args[0].(type) {
		case string:
			return strings.ToLower(v), nil
		case []byte:
			return strings.ToLower(string(v)), nil
		}
		return args[0], nil
	})
}

// lower is the SQL that folds the case of column col as strings.ToLower
// does, on both databases.
func (s *Store) lower(col string) string {
	if s.dialect == "sqlite" {
		return "tracuu_lower(" + col + ")"
	}
	return "LOWER(" + col + ")"
}

// dbFile is the name of the SQLite database in DATA_DIR.
const dbFile = "tracuu.db"

// sqlitePageSize is the page size of a new SQLite database: 16 KiB
// rather than SQLite's 4 KiB, so that a committed article (about 4 KB of
// text, its rows and their index entries) writes fewer pages to the WAL,
// each with one system call for its header and one for its bytes, and
// the checkpoint copies fewer back. A database made before keeps its
// page size: SQLite changes it in WAL mode only through a VACUUM.
const sqlitePageSize = 16384

// writerCheckpointPages is the size of the WAL, in pages, at which the
// writer's commit checkpoints it (SQLite's wal_autocheckpoint; its
// default is 1,000): 40,000 pages, 640 MiB with pages of 16 KiB. An
// import's batch of 200 articles changes about two thousand pages (1,982
// at 87,200 articles before migration 16, 1,640 after it: docs/scaling.md,
// "The SQLite writer's pages"), most of them leaves of the random-keyed
// indexes (the date indexes, the titles' order, the mentions' entity
// index) that the next batches change again; a checkpoint copies each page once, whatever the number of its
// versions in the WAL, so the fewer the checkpoints, the fewer pages
// copied: at 100,000 articles the checkpoints took 3.6 s of the writer's
// CPU at 10,000 pages and 1.4 s at 40,000 (docs/scaling.md, "The SQLite
// writer's FTS5 index and checkpoints"). The WAL file keeps its largest
// size until the database is closed, and a reader's look-up of a page in
// it probes one more hash table for every 4,096 pages.
const writerCheckpointPages = 40000

// SQLiteDSN is the data source name of the SQLite database in dataDir.
// The page size comes first: it applies only while the file is empty,
// and journal_mode(WAL) writes the file's first page.
func SQLiteDSN(dataDir string) string {
	path := filepath.Join(dataDir, dbFile)
	return "file:" + path + "?_pragma=page_size(" + strconv.Itoa(sqlitePageSize) + ")&_pragma=foreign_keys(1)&_pragma=journal_mode(WAL)&_pragma=busy_timeout(10000)&_pragma=synchronous(NORMAL)&_pragma=temp_store(MEMORY)&_time_format=sqlite"
}

type statementCountKey struct{}

// CountStatements returns a context under which every statement run through
// a store, reads and writes, also adds one to n: the statements of one
// request (cmd/reliability -diag).
func CountStatements(ctx context.Context, n *atomic.Int64) context.Context {
	return context.WithValue(ctx, statementCountKey{}, n)
}

type statementWatchKey struct{}

// WatchStatements returns a context under which every statement run
// through a store also goes to fn, as its SQL with placeholders (a COPY
// as "COPY table"): which queries a piece of work makes (tests).
func WatchStatements(ctx context.Context, fn func(sql string)) context.Context {
	return context.WithValue(ctx, statementWatchKey{}, fn)
}

// watcher is the function of WatchStatements in ctx, or nil.
func watcher(ctx context.Context) func(string) {
	fn, _ := ctx.Value(statementWatchKey{}).(func(string))
	return fn
}

// countStatements counts every statement run through s, reads and writes.
func (s *Store) countStatements() error {
	// A subquery is built by a dry run of its own, which sends nothing.
	count := func(db *gorm.DB) {
		if !db.DryRun {
			s.statements.Add(1)
			if n, ok := db.Statement.Context.Value(statementCountKey{}).(*atomic.Int64); ok {
				n.Add(1)
			}
			if fn := watcher(db.Statement.Context); fn != nil {
				fn(db.Statement.SQL.String())
			}
		}
	}
	dbs := []*gorm.DB{s.db}
	if s.w != s.db {
		dbs = append(dbs, s.w)
	}
	for _, db := range dbs {
		cb := db.Callback()
		for _, err := range []error{
			cb.Query().After("gorm:query").Register("tracuu:count", count),
			cb.Row().After("gorm:row").Register("tracuu:count", count),
			cb.Raw().After("gorm:raw").Register("tracuu:count", count),
			cb.Create().After("gorm:create").Register("tracuu:count", count),
			cb.Update().After("gorm:update").Register("tracuu:count", count),
			cb.Delete().After("gorm:delete").Register("tracuu:count", count),
		} {
			if err != nil {
				return err
			}
		}
	}
	return nil
}

// write is the database to write to: the writer, or the transaction.
func (s *Store) write(ctx context.Context) *gorm.DB { return s.w.WithContext(ctx) }

// Statements returns how many SQL statements have run through the store
// since it was opened (a transaction's included), for metrics and for
// tests that bound the queries of a request.
func (s *Store) Statements() int64 { return s.statements.Load() }

// Dialect is "postgres" or "sqlite".
func (s *Store) Dialect() string { return s.dialect }

// Close closes the connection pools.
func (s *Store) Close() error {
	var errs []error
	dbs := []*gorm.DB{s.db}
	if s.w != s.db {
		dbs = append(dbs, s.w)
	}
	for _, db := range dbs {
		sqlDB, err := db.DB()
		if err == nil {
			err = sqlDB.Close()
		}
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// Ping checks that the database answers.
func (s *Store) Ping(ctx context.Context) error {
	sqlDB, err := s.db.DB()
	if err != nil {
		return err
	}
	return sqlDB.PingContext(ctx)
}

// Tx runs fn in one transaction: everything fn writes, index jobs included,
// is committed together or not at all.
// Inside a transaction fn joins it: a savepoint per nested call would
// double the statements of an import for nothing. The index jobs of the
// transaction are collected and written in one statement before it commits.
func (s *Store) Tx(ctx context.Context, fn func(tx *Store) error) error {
	if s.jobs != nil {
		return fn(s)
	}
	run := func(db *gorm.DB, conn *sql.Conn) error {
		jobs := &jobBuffer{}
		err := db.Transaction(func(db *gorm.DB) error {
			jobs.reset()
			tx := &Store{db: db, w: db, dialect: s.dialect, jobs: jobs, conn: conn, statements: s.statements, loading: s.loading}
			if err := fn(tx); err != nil {
				return err
			}
			return tx.writeJobs(ctx)
		})
		if err == nil {
			// Committed: what was written is for others to see now.
			for _, f := range jobs.afterCommit {
				f(jobs.written)
			}
		}
		return err
	}
	if s.dialect != "postgres" {
		return run(s.write(ctx), nil)
	}
	// On PostgreSQL the transaction runs on a connection of its own,
	// which COPY can then reach (database/sql hands out a connection's
	// driver through sql.Conn only, not through sql.Tx).
	return s.write(ctx).Connection(func(db *gorm.DB) error {
		conn, _ := db.Statement.ConnPool.(*sql.Conn)
		return run(db, conn)
	})
}

// BatchTx is Tx for an import's batch. On PostgreSQL its transaction
// plans without bitmap scans (SET LOCAL enable_bitmapscan = off, in the
// round trip that begins the transaction's work): the batch's look-ups
// are of keys (entity_keys by type and key, articles by content key,
// resolutions by code), which B-tree indexes answer, but PostgreSQL
// estimates a look-up of equal keys through a pg_trgm GIN index (the
// substring filters' indexes of entity_keys.key, which GIN answers by
// bitmap scans only) far below its cost, and chose it for lists of a few
// dozen keys or, once it planned a statement generically, for the 500
// keys of a chunk: 40 ms to 2 s a look-up against under 1 ms through the
// primary key (docs/scaling.md, "The PostgreSQL import's writer").
// importer.StoreArticle (ingestArticle) stores an article the same way;
// other transactions (Tx) keep PostgreSQL's settings.
func (s *Store) BatchTx(ctx context.Context, fn func(tx *Store) error) error {
	if s.jobs != nil || s.dialect != "postgres" {
		return s.Tx(ctx, fn)
	}
	return s.Tx(ctx, func(tx *Store) error {
		if err := tx.db.WithContext(ctx).Exec("SELECT set_config('enable_bitmapscan', 'off', true)").Error; err != nil {
			return err
		}
		tx.batch = true
		return fn(tx)
	})
}

// AfterCommit, inside a transaction (Tx), has fn called once the
// transaction has committed, with the changes it wrote to the log, each
// with its id (its position in the log); a transaction that rolls back
// calls nothing. A savepoint rolled back to does not take fn back.
// Outside a transaction AfterCommit does nothing and returns false.
func (s *Store) AfterCommit(fn func(changes []Change)) bool {
	if s.jobs == nil {
		return false
	}
	s.jobs.afterCommit = append(s.jobs.afterCommit, fn)
	return true
}

// wrap turns database errors into domain errors where they have a meaning
// for the caller (not found, unique violation) and wraps the rest with op.
func wrap(op string, err error) error {
	var e *Error
	var v ValidationErrors
	switch {
	case err == nil:
		return nil
	case errors.As(err, &e), errors.As(err, &v):
		return err
	case errors.Is(err, gorm.ErrRecordNotFound):
		return &Error{Code: ENOTFOUND, Message: op + ": not found"}
	case errors.Is(err, gorm.ErrDuplicatedKey):
		return &Error{Code: ECONFLICT, Message: op + ": already exists"}
	case errors.Is(err, gorm.ErrForeignKeyViolated):
		return &Error{Code: EINVALID, Message: op + ": refers to something that does not exist"}
	}
	slog.Debug("store error", "op", op, "err", err)
	return fmt.Errorf("store: unable to %s: %w", op, err)
}

// createdAt returns the creation time of the row id of model's table, so
// that an update that saves every column keeps it. Returns ENOTFOUND when
// there is no such row.
func (s *Store) createdAt(ctx context.Context, model any, typ string, id int64) (time.Time, error) {
	var row struct{ CreatedAt time.Time }
	err := s.db.WithContext(ctx).Model(model).Select("created_at").Where("id = ?", id).Take(&row).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return row.CreatedAt, NotFound(typ, id)
	}
	return row.CreatedAt, err
}

// SavePoint marks a point inside the current transaction to roll back to.
func (s *Store) SavePoint(ctx context.Context, name string) error {
	if err := s.db.WithContext(ctx).SavePoint(name).Error; err != nil {
		return err
	}
	s.jobs.mark(name)
	return nil
}

// RollbackTo undoes everything since the savepoint name, the index jobs
// collected since then included.
func (s *Store) RollbackTo(ctx context.Context, name string) error {
	if err := s.db.WithContext(ctx).RollbackTo(name).Error; err != nil {
		return err
	}
	s.jobs.rollbackTo(name)
	return nil
}
