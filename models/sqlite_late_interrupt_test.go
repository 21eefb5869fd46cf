package models

import (
	"context"
	"sync"
	"testing"
	"time"

	gosqlite "github.com/glebarez/go-sqlite"
)

// TestSQLiteLateInterruptStaysWithItsCall: a statement whose context ends
// as it finishes is interrupted at most itself, never the next statement
// run on the connection. The driver interrupts from a goroutine of its
// own when the context ends; upstream's call returned without waiting for
// it, so the interrupt could land on a statement that another request
// started on the connection meanwhile ("interrupted", with its own
// context alive). The hook holds the interrupt back until the next
// statement runs (or a second has passed: the driver now waits for it).
func TestSQLiteLateInterruptStaysWithItsCall(t *testing.T) {
	c := openConn(t)
	const long = `WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < 400000) SELECT count(*) FROM r`
	fired := make(chan struct{})
	proceed := make(chan struct{})
	var once sync.Once
	gosqlite.TestHookInterrupt = func() {
		once.Do(func() { close(fired) })
		select {
		case <-proceed:
		case <-time.After(time.Second):
		}
	}
	t.Cleanup(func() { gosqlite.TestHookInterrupt = nil })

	ctx, cancel := context.WithCancel(context.Background())
	first := make(chan error, 1)
	go func() {
		_, err := c.ExecContext(ctx, long)
		first <- err
	}()
	time.Sleep(20 * time.Millisecond)
	cancel()
	select {
	case <-fired:
	case err := <-first:
		t.Fatalf("the long statement ended (%v) before its context was cancelled: make it longer", err)
	}
	<-first // its own outcome either way: the interrupt was late

	second := make(chan error, 1)
	go func() {
		var n int
		second <- c.QueryRowContext(context.Background(), long).Scan(&n)
	}()
	time.Sleep(50 * time.Millisecond) // the second statement steps
	close(proceed)
	if err := <-second; err != nil {
		t.Fatalf("a statement with its context alive, after another's context ended: %v", err)
	}
}
