package models

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"
)

// pragma reads one integer pragma through db.
func pragma(t *testing.T, db interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}, name string) int64 {
	t.Helper()
	var v int64
	if err := db.QueryRowContext(context.Background(), "PRAGMA "+name).Scan(&v); err != nil {
		t.Fatalf("PRAGMA %s: %v", name, err)
	}
	return v
}

// openMigratedSQLite opens a store on a new SQLite database in a
// temporary folder, migrated, closed with the test; it returns the folder.
func openMigratedSQLite(t *testing.T) (*Store, string) {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	s, err := Open(ctx, "", dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if _, err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	return s, dir
}

// TestSQLitePages: a new SQLite database has pages of 16 KiB, and the
// writer's connection reads the file through a memory map (both cut the
// system calls of an import's commits and checkpoints) and checkpoints
// the WAL at 40,000 pages (fewer copies of the pages that batch after
// batch change); a database made
// with SQLite's 4 KiB pages keeps them and opens as before.
func TestSQLitePages(t *testing.T) {
	ctx := context.Background()
	s, _ := openMigratedSQLite(t)
	rdb, err := s.db.DB()
	if err != nil {
		t.Fatal(err)
	}
	wdb, err := s.w.DB()
	if err != nil {
		t.Fatal(err)
	}
	if got := pragma(t, rdb, "page_size"); got != sqlitePageSize {
		t.Errorf("new database: page_size %d, want %d", got, sqlitePageSize)
	}
	if got := pragma(t, wdb, "mmap_size"); got < 1<<30 {
		t.Errorf("writer: mmap_size %d, want at least 1 GiB", got)
	}
	if got := pragma(t, wdb, "wal_autocheckpoint"); got != 40000 {
		t.Errorf("writer: wal_autocheckpoint %d, want 40000", got)
	}

	old := t.TempDir()
	if err := createPrivate(old); err != nil {
		t.Fatal(err)
	}
	dsn := strings.Replace(SQLiteDSN(filepath.Clean(old)), "page_size(16384)", "page_size(4096)", 1)
	db, err := sql.Open(sqliteDriverName, dsn)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("CREATE TABLE kept (x INTEGER)"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	s2, err := Open(ctx, "", old)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if _, err := s2.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	rdb2, err := s2.db.DB()
	if err != nil {
		t.Fatal(err)
	}
	if got := pragma(t, rdb2, "page_size"); got != 4096 {
		t.Errorf("database made with 4 KiB pages: page_size %d after opening, want 4096", got)
	}
}
