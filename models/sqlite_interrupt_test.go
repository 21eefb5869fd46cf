package models_test

import (
	"context"
	"errors"
	"runtime"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"tracuu/models"
	"tracuu/models/modelstest"
)

// countMany counts 50,000,000 rows of a recursive CTE: seconds of work
// done in the statement's first step, after the query call has returned
// (as a COUNT(*) over a scan does).
const countMany = `WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 50000000) SELECT count(*) FROM c`

// TestSQLiteQueryStopsWhenItsContextEnds: a SQLite query whose context
// ends while its rows are read is interrupted and reports the context's
// error, on plain and prepared statements, and the connection it ran on
// answers the next query. Before the store opened SQLite through
// sqliteDriverName, the count ran to its end and returned 50,000,000.
func TestSQLiteQueryStopsWhenItsContextEnds(t *testing.T) {
	s := modelstest.OpenEmpty(t, "sqlite")
	for _, prepared := range []bool{false, true} {
		db := models.GormDB(s).Session(&gorm.Session{PrepareStmt: prepared})
		ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
		var n int64
		err := db.WithContext(ctx).Raw(countMany).Scan(&n).Error
		cancel()
		if err == nil {
			t.Fatalf("prepared %v: the count ran to its end (%d) past its context's deadline", prepared, n)
		}
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("prepared %v: error %v, want the context's deadline", prepared, err)
		}
		// database/sql reports the deadline even when the statement ran
		// to its end: SQLite's own error shows that it was stopped.
		if !strings.Contains(err.Error(), "interrupted") {
			t.Fatalf("prepared %v: error %v: the statement was not interrupted", prepared, err)
		}
		var one int
		if err := db.WithContext(context.Background()).Raw("SELECT 1").Scan(&one).Error; err != nil || one != 1 {
			t.Fatalf("prepared %v: the next query: %d, %v", prepared, one, err)
		}
	}
}

// TestSQLiteStatementsStartNoWatcher: a statement under a context that
// can end registers its interrupt on the context instead of starting a
// goroutine to wait on it. While a query's rows are open only
// database/sql's own goroutine (Rows.awaitDone) is added, and a running
// exec adds none. Before context.AfterFunc the store's watcher added one
// while the rows were open and the driver's one while each statement
// ran: a bulk write's rows, a statement each, started one a row.
func TestSQLiteStatementsStartNoWatcher(t *testing.T) {
	s := modelstest.OpenEmpty(t, "sqlite")
	db := models.GormDB(s)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sqlDB, err := db.DB()
	if err != nil {
		t.Fatal(err)
	}
	conn, err := sqlDB.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "CREATE TEMP TABLE w (x INTEGER)"); err != nil {
		t.Fatal(err)
	}
	settle := func() int {
		runtime.Gosched()
		time.Sleep(20 * time.Millisecond)
		return runtime.NumGoroutine()
	}
	before := settle()
	rows, err := conn.QueryContext(ctx, "SELECT 1 UNION ALL SELECT 2")
	if err != nil {
		t.Fatal(err)
	}
	during := settle()
	rows.Close()
	if during-before > 1 {
		t.Errorf("an open query added %d goroutines, want database/sql's one", during-before)
	}
	// An exec's watcher, if it had one, lives while the exec runs: a
	// slow statement shows it.
	done := make(chan error, 1)
	before = settle()
	go func() {
		_, err := conn.ExecContext(ctx, "INSERT INTO w "+countMany)
		done <- err
	}()
	time.Sleep(100 * time.Millisecond)
	during = runtime.NumGoroutine()
	cancel()
	<-done
	if during-before > 1 {
		t.Errorf("a running exec added %d goroutines besides its caller's, want none", during-before-1)
	}
}
