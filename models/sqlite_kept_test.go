package models

import (
	"context"
	"database/sql"
	"fmt"
	"maps"
	"path/filepath"
	"testing"
	"unsafe"

	"modernc.org/libc"
	sqlite3 "modernc.org/sqlite/lib"
)

// openStatements counts the statements prepared on the connection that
// SQLite holds (sqlite3_next_stmt).
func openStatements(t *testing.T, c *sql.Conn) int {
	t.Helper()
	n := 0
	err := c.Raw(func(dc any) error {
		ic := dc.(*interruptingConn)
		db := uintptr(ic.conn.FieldByName("db").Uint())
		tls := (*libc.TLS)(unsafe.Pointer(ic.conn.FieldByName("tls").Pointer()))
		for p := sqlite3.Xsqlite3_next_stmt(tls, db, 0); p != 0; p = sqlite3.Xsqlite3_next_stmt(tls, db, p) {
			n++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// openConn opens a database in a temporary folder through the store's
// SQLite driver and returns one connection of it, closed with the test.
func openConn(t *testing.T) *sql.Conn {
	t.Helper()
	dir := t.TempDir()
	if err := createPrivate(dir); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open(sqliteDriverName, SQLiteDSN(filepath.Clean(dir)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	c, err := db.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// TestSQLiteStatementsStayPrepared: a prepared statement of the SQLite
// driver (the fork in third_party/go-sqlite) stays prepared between its
// queries and its execs instead of being parsed again for each (upstream
// finalized it after each and prepared it anew), answers each with its
// own arguments, also after a failed exec and while rows of it are still
// open (a second, fresh statement then), and is parked on its connection
// when closed (TestSQLiteClosedStatementsParked), one a text.
func TestSQLiteStatementsStayPrepared(t *testing.T) {
	ctx := context.Background()
	c := openConn(t)
	if _, err := c.ExecContext(ctx, `CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)`); err != nil {
		t.Fatal(err)
	}
	// The connection's pragmas and the one-off exec: parked.
	parked := openStatements(t, c)
	ins, err := c.PrepareContext(ctx, `INSERT INTO t (id, name) VALUES (?, ?)`)
	if err != nil {
		t.Fatal(err)
	}
	for i, name := range []string{"một", "hai", "ba"} {
		if _, err := ins.ExecContext(ctx, i+1, name); err != nil {
			t.Fatal(err)
		}
		if n := openStatements(t, c); n != parked+1 {
			t.Fatalf("after exec %d: %d statements held, want the insert's and the %d parked", i+1, n, parked)
		}
	}
	if _, err := ins.ExecContext(ctx, 9, "hai"); err == nil {
		t.Fatal("a duplicate name was inserted")
	}
	if _, err := ins.ExecContext(ctx, 4, "bốn"); err != nil {
		t.Fatalf("the kept insert after a failed one: %v", err)
	}
	sel, err := c.PrepareContext(ctx, `SELECT name FROM t WHERE id = ?`)
	if err != nil {
		t.Fatal(err)
	}
	name := func(id int) string {
		t.Helper()
		var s string
		if err := sel.QueryRowContext(ctx, id).Scan(&s); err != nil {
			t.Fatalf("id %d: %v", id, err)
		}
		return s
	}
	for id, want := range map[int]string{1: "một", 2: "hai", 3: "ba", 4: "bốn"} {
		if got := name(id); got != want {
			t.Errorf("id %d: %q, want %q", id, got, want)
		}
	}
	if n := openStatements(t, c); n != parked+2 {
		t.Fatalf("%d statements held after the selects, want the insert's, the select's and the %d parked", n, parked)
	}
	// Rows of the select still open: the next query of it prepares a
	// statement of its own, finalized with its rows.
	rows, err := sel.QueryContext(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	if !rows.Next() {
		t.Fatal("no row for id 1")
	}
	if got := name(3); got != "ba" {
		t.Errorf("id 3 while rows of id 1 are open: %q", got)
	}
	var first string
	if err := rows.Scan(&first); err != nil || first != "một" {
		t.Errorf("id 1: %q, %v", first, err)
	}
	rows.Close()
	if n := openStatements(t, c); n != parked+2 {
		t.Fatalf("%d statements held after the nested query, want %d", n, parked+2)
	}
	ins.Close()
	sel.Close()
	if n := openStatements(t, c); n != parked+2 {
		t.Fatalf("%d statements held after both were closed, want %d parked", n, parked+2)
	}
}

// TestSQLiteKeptStatementSeesSchemaChange: a kept statement whose table
// changed since it was prepared (ALTER TABLE ... ADD COLUMN on the same
// connection, as a migration does) answers with the table as it is now:
// its columns, names and values. SQLite prepares such a statement again
// only at its first step, and the fork read the column names before it,
// so "SELECT *" answered with the columns of before the change (upstream
// prepared it anew each time and saw the new column).
func TestSQLiteKeptStatementSeesSchemaChange(t *testing.T) {
	ctx := context.Background()
	c := openConn(t)
	for _, q := range []string{
		`CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL)`,
		`INSERT INTO t (id, name) VALUES (1, 'một')`,
	} {
		if _, err := c.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	sel, err := c.PrepareContext(ctx, `SELECT * FROM t WHERE id = ?`)
	if err != nil {
		t.Fatal(err)
	}
	defer sel.Close()
	columns := func() ([]string, []any) {
		t.Helper()
		rows, err := sel.QueryContext(ctx, 1)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		cols, err := rows.Columns()
		if err != nil {
			t.Fatal(err)
		}
		if !rows.Next() {
			t.Fatalf("no row: %v", rows.Err())
		}
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		return cols, vals
	}
	if cols, _ := columns(); len(cols) != 2 {
		t.Fatalf("columns before the change: %v", cols)
	}
	if _, err := c.ExecContext(ctx, `ALTER TABLE t ADD COLUMN note TEXT NOT NULL DEFAULT 'ghi chú'`); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		cols, vals := columns()
		if len(cols) != 3 || cols[2] != "note" {
			t.Fatalf("columns after ADD COLUMN: %v, want id, name, note", cols)
		}
		if vals[2] != "ghi chú" {
			t.Fatalf("note: %v, want %q", vals[2], "ghi chú")
		}
	}
}

// statementRuns returns, by SQL text, how many times each statement that
// the connection holds has run (SQLITE_STMTSTATUS_RUN).
func statementRuns(t *testing.T, c *sql.Conn) map[string]int {
	t.Helper()
	runs := map[string]int{}
	err := c.Raw(func(dc any) error {
		ic := dc.(*interruptingConn)
		db := uintptr(ic.conn.FieldByName("db").Uint())
		tls := (*libc.TLS)(unsafe.Pointer(ic.conn.FieldByName("tls").Pointer()))
		for p := sqlite3.Xsqlite3_next_stmt(tls, db, 0); p != 0; p = sqlite3.Xsqlite3_next_stmt(tls, db, p) {
			runs[libc.GoString(sqlite3.Xsqlite3_sql(tls, p))] += int(sqlite3.Xsqlite3_stmt_status(tls, p, sqlite3.SQLITE_STMTSTATUS_RUN, 0))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return runs
}

// TestSQLiteClosedStatementsParked: a statement closed on a connection is
// parked there, and the next statement of the same text runs it again
// instead of preparing (parsing) it anew. The sql package closes a
// statement prepared in a transaction when the transaction ends and
// prepares it again for the next (Tx.Stmt of a statement of another
// transaction): an import's writer, which writes in transactions only,
// parsed every statement of every run. Before, the statement of the
// second transaction was a fresh one (run once). Parked statements answer
// with their own arguments, and a connection parks at most 512.
func TestSQLiteClosedStatementsParked(t *testing.T) {
	ctx := context.Background()
	c := openConn(t)
	if _, err := c.ExecContext(ctx, `CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	const insert = `INSERT INTO t (id, name) VALUES (?, ?)`
	tx, err := c.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	ins, err := tx.PrepareContext(ctx, insert)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ins.ExecContext(ctx, 1, "một"); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil { // closes ins
		t.Fatal(err)
	}
	for id, name := range map[int]string{2: "hai", 3: "ba"} {
		tx, err := c.BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := tx.StmtContext(ctx, ins).ExecContext(ctx, id, name); err != nil {
			t.Fatal(err)
		}
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
	}
	// Ten runs in one transaction, each through a statement of its own
	// (Tx.Stmt): one statement still.
	tx, err = c.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	for id := 4; id < 14; id++ {
		if _, err := tx.StmtContext(ctx, ins).ExecContext(ctx, id, fmt.Sprint("số ", id)); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if n := statementRuns(t, c)[insert]; n != 13 {
		t.Fatalf("the insert's statement ran %d times, want 13: one statement for every run", n)
	}
	got := map[int]string{}
	rows, err := c.QueryContext(ctx, `SELECT id, name FROM t`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id int
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			t.Fatal(err)
		}
		got[id] = name
	}
	rows.Close()
	want := map[int]string{1: "một", 2: "hai", 3: "ba"}
	for id := 4; id < 14; id++ {
		want[id] = fmt.Sprint("số ", id)
	}
	if !maps.Equal(got, want) {
		t.Fatalf("rows %v, want %v", got, want)
	}
	for i := range 600 {
		var n int
		if err := c.QueryRowContext(ctx, fmt.Sprintf(`SELECT count(*) + %d FROM t`, i)).Scan(&n); err != nil || n != 13+i {
			t.Fatalf("query %d: %d, %v", i, n, err)
		}
	}
	if n := openStatements(t, c); n != 512 {
		t.Fatalf("%d statements parked after 600 texts, want at most 512", n)
	}
}

// TestSQLiteConnectionsWithoutMutex: the driver opens its connections in
// SQLite's multi-thread mode (no mutex of a connection's own,
// sqlite3_db_mutex is NULL): the sql package serialises the calls on a
// connection already, and the serialized mode took a mutex at every bind,
// column read and page fetch. Before, connections were opened with
// SQLITE_OPEN_FULLMUTEX.
func TestSQLiteConnectionsWithoutMutex(t *testing.T) {
	c := openConn(t)
	err := c.Raw(func(dc any) error {
		ic := dc.(*interruptingConn)
		db := uintptr(ic.conn.FieldByName("db").Uint())
		tls := (*libc.TLS)(unsafe.Pointer(ic.conn.FieldByName("tls").Pointer()))
		if m := sqlite3.Xsqlite3_db_mutex(tls, db); m != 0 {
			t.Errorf("the connection has a mutex (%#x): opened serialized, want multi-thread", m)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
