package models

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"io"
	"reflect"
	"sync"
	"unsafe"

	_ "github.com/glebarez/go-sqlite" // registers "sqlite"
	"modernc.org/libc"
	sqlite3 "modernc.org/sqlite/lib"
)

// sqliteDriverName is the driver the store opens SQLite through: the pure-Go
// driver ("sqlite") with the context honoured while rows are read.
//
// That driver interrupts a statement when its context ends only while the
// query call itself runs; it leaves the statement's steps to the rows it
// returns, and steps them with no eye on the context. A COUNT(*) or a scan
// that finds nothing does all its work in the first step, after the call
// has returned: a list filter scanning 1,000,000 titles ran for 20-40 s
// under a request budget of 10 s and kept a core the while
// (docs/scaling.md, "List filters, 1 December evening"). Through this
// driver a query's statement is interrupted (sqlite3_interrupt) when its
// context ends, until its rows are closed, and the request stops at its
// budget. sqlite3_interrupt stops every statement of the connection: rows
// of another query still open on it (in the same transaction) end with
// the interrupt too. The store reads its rows whole (GORM's Find and
// Scan) before the next query, so no such rows are open today.
const sqliteDriverName = "tracuu-sqlite"

func init() {
	db, err := sql.Open("sqlite", "")
	if err != nil {
		panic(fmt.Sprintf("store: the sqlite driver: %v", err))
	}
	inner := db.Driver()
	db.Close()
	sql.Register(sqliteDriverName, interruptingDriver{inner})
}

// interruptingDriver opens the inner driver's connections and wraps them.
type interruptingDriver struct{ inner driver.Driver }

func (d interruptingDriver) Open(name string) (driver.Conn, error) {
	c, err := d.inner.Open(name)
	if err != nil {
		return nil, err
	}
	ic, err := newInterruptingConn(c)
	if err != nil {
		c.Close()
		return nil, err
	}
	return ic, nil
}

// driverConn is what the inner driver's connections implement.
type driverConn interface {
	driver.Conn
	driver.ConnBeginTx
	driver.ConnPrepareContext
	driver.ExecerContext
	driver.QueryerContext
	driver.Pinger
}

// interruptingConn is a connection whose queries are interrupted when their
// context ends.
type interruptingConn struct {
	driverConn
	lock sync.Locker // the inner connection's: Close and interrupt take it
	conn reflect.Value
}

func newInterruptingConn(c driver.Conn) (*interruptingConn, error) {
	dc, ok := c.(driverConn)
	lock, locks := c.(sync.Locker)
	v := reflect.ValueOf(c)
	if !ok || !locks || v.Kind() != reflect.Pointer || v.Elem().Kind() != reflect.Struct {
		return nil, fmt.Errorf("store: the sqlite driver's connection (%T) is not the one this build knows", c)
	}
	e := v.Elem()
	db, tls := e.FieldByName("db"), e.FieldByName("tls")
	if !db.IsValid() || db.Kind() != reflect.Uintptr || !tls.IsValid() || tls.Type() != reflect.TypeFor[*libc.TLS]() {
		return nil, fmt.Errorf("store: the sqlite driver's connection (%T) has no db and tls fields to interrupt it through", c)
	}
	return &interruptingConn{driverConn: dc, lock: lock, conn: e}, nil
}

// interrupt stops the statement the connection runs, if it still runs
// one: sqlite3_interrupt, under the connection's lock so that it cannot
// meet Close (which clears db and tls).
func (c *interruptingConn) interrupt() {
	c.lock.Lock()
	defer c.lock.Unlock()
	db := uintptr(c.conn.FieldByName("db").Uint())
	tls := (*libc.TLS)(unsafe.Pointer(c.conn.FieldByName("tls").Pointer()))
	if db != 0 && tls != nil {
		sqlite3.Xsqlite3_interrupt(tls, db)
	}
}

// watch interrupts the connection when ctx ends, until the returned stop
// is called (the rows closed). stop and the interrupt exclude each other,
// so that an interrupt never reaches a later statement of the connection:
// once stop has returned, none follows.
func (c *interruptingConn) watch(ctx context.Context) (stop func()) {
	var (
		mu      sync.Mutex
		stopped bool
	)
	// Registered on the context rather than a goroutine a query waiting
	// on ctx.Done (context.AfterFunc): nothing runs unless ctx ends.
	unregister := context.AfterFunc(ctx, func() {
		mu.Lock()
		if !stopped {
			c.interrupt()
		}
		mu.Unlock()
	})
	return func() {
		mu.Lock()
		stopped = true
		mu.Unlock()
		unregister()
	}
}

// watched returns rows that stop watching ctx when they are closed.
func (c *interruptingConn) watched(ctx context.Context, query func() (driver.Rows, error)) (driver.Rows, error) {
	if ctx.Done() == nil {
		return query()
	}
	stop := c.watch(ctx)
	rows, err := query()
	if err != nil {
		stop()
		// The driver takes a kept statement's first step in the query
		// (third_party/go-sqlite), so the interrupt can end the query
		// itself: its error reports the context's too, as Next's does.
		if ctx.Err() != nil {
			return nil, fmt.Errorf("%w (%v)", ctx.Err(), err)
		}
		return nil, err
	}
	return &interruptingRows{Rows: rows, ctx: ctx, stop: stop}, nil
}

func (c *interruptingConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	return c.watched(ctx, func() (driver.Rows, error) { return c.driverConn.QueryContext(ctx, query, args) })
}

func (c *interruptingConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	s, err := c.driverConn.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	ds, ok := s.(driverStmt)
	if !ok {
		s.Close()
		return nil, fmt.Errorf("store: the sqlite driver's statement (%T) is not the one this build knows", s)
	}
	return &interruptingStmt{driverStmt: ds, conn: c}, nil
}

func (c *interruptingConn) Prepare(query string) (driver.Stmt, error) {
	return c.PrepareContext(context.Background(), query)
}

// driverStmt is what the inner driver's statements implement.
type driverStmt interface {
	driver.Stmt
	driver.StmtExecContext
	driver.StmtQueryContext
}

// interruptingStmt is a prepared statement whose queries are interrupted
// when their context ends.
type interruptingStmt struct {
	driverStmt
	conn *interruptingConn
}

func (s *interruptingStmt) QueryContext(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	return s.conn.watched(ctx, func() (driver.Rows, error) { return s.driverStmt.QueryContext(ctx, args) })
}

// interruptingRows are rows read under watch; they pass on the column
// types the inner rows tell.
type interruptingRows struct {
	driver.Rows
	ctx  context.Context
	stop func()
}

// Next reads the next row; a read the interrupt stopped reports the
// context's error (deadline or cancel) rather than SQLite's "interrupted".
func (r *interruptingRows) Next(dest []driver.Value) error {
	err := r.Rows.Next(dest)
	if err != nil && err != io.EOF && r.ctx.Err() != nil {
		return fmt.Errorf("%w (%v)", r.ctx.Err(), err)
	}
	return err
}

func (r *interruptingRows) Close() error {
	err := r.Rows.Close()
	r.stop()
	return err
}

func (r *interruptingRows) ColumnTypeDatabaseTypeName(i int) string {
	if t, ok := r.Rows.(driver.RowsColumnTypeDatabaseTypeName); ok {
		return t.ColumnTypeDatabaseTypeName(i)
	}
	return ""
}

func (r *interruptingRows) ColumnTypeLength(i int) (int64, bool) {
	if t, ok := r.Rows.(driver.RowsColumnTypeLength); ok {
		return t.ColumnTypeLength(i)
	}
	return 0, false
}

func (r *interruptingRows) ColumnTypeNullable(i int) (nullable, ok bool) {
	if t, ok := r.Rows.(driver.RowsColumnTypeNullable); ok {
		return t.ColumnTypeNullable(i)
	}
	return false, false
}

func (r *interruptingRows) ColumnTypePrecisionScale(i int) (precision, scale int64, ok bool) {
	if t, ok := r.Rows.(driver.RowsColumnTypePrecisionScale); ok {
		return t.ColumnTypePrecisionScale(i)
	}
	return 0, 0, false
}

func (r *interruptingRows) ColumnTypeScanType(i int) reflect.Type {
	if t, ok := r.Rows.(driver.RowsColumnTypeScanType); ok {
		return t.ColumnTypeScanType(i)
	}
	return reflect.TypeFor[any]()
}
