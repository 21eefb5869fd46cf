package models

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "github.com/glebarez/go-sqlite"
)

// TestSQLiteWriterBeginsImmediate: the writer's transactions take SQLite's
// write lock at BEGIN, as store.go asks (_txlock=immediate), so another
// process's writer waits for the whole transaction instead of writing
// between its reads and its first write, which would leave the
// transaction unable to write (SQLITE_BUSY, not retried by busy_timeout).
// The driver fork read _txlock only when the DSN had no _time_format,
// and ours has one: every transaction began DEFERRED.
func TestSQLiteWriterBeginsImmediate(t *testing.T) {
	ctx := context.Background()
	s, dir := openMigratedSQLite(t)

	// Another process: its own connection to the file, which gives up on
	// a held lock after 50 ms.
	other, err := sql.Open("sqlite", "file:"+filepath.Join(dir, dbFile)+"?_pragma=busy_timeout(50)")
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	other.SetMaxOpenConns(1)
	if _, err := other.ExecContext(ctx, "CREATE TABLE probe (x INTEGER)"); err != nil {
		t.Fatal(err)
	}

	var otherErr error
	err = s.Tx(ctx, func(tx *Store) error {
		// The transaction has only read so far.
		var n int64
		if err := tx.db.WithContext(ctx).Raw("SELECT count(*) FROM articles").Scan(&n).Error; err != nil {
			return err
		}
		_, otherErr = other.ExecContext(ctx, "INSERT INTO probe (x) VALUES (1)")
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if otherErr == nil {
		t.Fatal("another connection wrote while the writer's transaction was open: the transaction began DEFERRED, not IMMEDIATE")
	}
	if !strings.Contains(strings.ToLower(otherErr.Error()), "locked") && !strings.Contains(strings.ToLower(otherErr.Error()), "busy") {
		t.Fatalf("another connection's write: %v, want SQLITE_BUSY", otherErr)
	}

	// Once the transaction ends the other connection writes.
	deadline := time.Now().Add(5 * time.Second)
	for {
		_, err := other.ExecContext(ctx, "INSERT INTO probe (x) VALUES (2)")
		if err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal(errors.Join(errors.New("another connection could not write after the transaction ended"), err))
		}
		time.Sleep(10 * time.Millisecond)
	}
}
