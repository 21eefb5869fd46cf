package main

import (
	"bufio"
	"context"
	"database/sql"
	"encoding/binary"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// pgCounter is what -diag puts between the store and PostgreSQL: a TCP
// proxy that counts the messages the store sends (round trips: Sync ends
// each statement of the extended protocol, Query is one of the simple
// protocol; Parse is a statement prepared), and a sampler of the CPU time
// of the database's server processes (the backends and autovacuum workers
// of the database, read from /proc: PostgreSQL runs on this machine).
type pgCounter struct {
	url  string // the proxy's URL, for the store
	ln   net.Listener
	db   *sql.DB // the database itself, not through the proxy
	name string

	syncs, queries, parses atomic.Int64

	mu    sync.Mutex
	ticks map[int]int64 // CPU ticks a server process had when last read
	stop  chan struct{}
	done  chan struct{}
}

// pgCounts is a reading of a pgCounter.
type pgCounts struct {
	syncs, queries, parses int64
	cpu                    time.Duration // the database's server processes
}

func (a pgCounts) sub(b pgCounts) pgCounts {
	return pgCounts{a.syncs - b.syncs, a.queries - b.queries, a.parses - b.parses, a.cpu - b.cpu}
}

// roundTrips is the requests the store sent that waited for an answer.
func (a pgCounts) roundTrips() int64 { return a.syncs + a.queries }

// newPGCounter starts a proxy to the database at pgURL on a free local
// port.
func newPGCounter(pgURL string) (*pgCounter, error) {
	u, err := url.Parse(pgURL)
	if err != nil {
		return nil, err
	}
	target := u.Host
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	db, err := sql.Open("pgx", pgURL)
	if err != nil {
		ln.Close()
		return nil, err
	}
	db.SetMaxOpenConns(1)
	c := &pgCounter{ln: ln, db: db, name: strings.TrimPrefix(u.Path, "/"), ticks: map[int]int64{}, stop: make(chan struct{}), done: make(chan struct{})}
	pu := *u
	pu.Host = ln.Addr().String()
	c.url = pu.String()
	go c.accept(target)
	go c.sample()
	return c, nil
}

func (c *pgCounter) accept(target string) {
	for {
		cl, err := c.ln.Accept()
		if err != nil {
			return
		}
		go func() {
			defer cl.Close()
			srv, err := net.Dial("tcp", target)
			if err != nil {
				return
			}
			defer srv.Close()
			go func() {
				io.Copy(cl, srv)
				cl.Close()
			}()
			c.count(bufio.NewReaderSize(cl, 64<<10), srv)
		}()
	}
}

// count copies the store's messages to the server, counting them: the
// startup message first (no type byte), then a type byte and a length
// each.
func (c *pgCounter) count(r *bufio.Reader, w io.Writer) {
	var hdr [5]byte
	if _, err := io.ReadFull(r, hdr[:4]); err != nil {
		return
	}
	if _, err := w.Write(hdr[:4]); err != nil {
		return
	}
	if _, err := io.CopyN(w, r, int64(binary.BigEndian.Uint32(hdr[:4]))-4); err != nil {
		return
	}
	for {
		if _, err := io.ReadFull(r, hdr[:]); err != nil {
			return
		}
		switch hdr[0] {
		case 'S':
			c.syncs.Add(1)
		case 'Q':
			c.queries.Add(1)
		case 'P':
			c.parses.Add(1)
		}
		if _, err := w.Write(hdr[:]); err != nil {
			return
		}
		if _, err := io.CopyN(w, r, int64(binary.BigEndian.Uint32(hdr[1:]))-4); err != nil {
			return
		}
	}
}

// sample reads the CPU time of the database's server processes every
// 200 ms: a process that ends between two readings loses its last 200 ms.
func (c *pgCounter) sample() {
	defer close(c.done)
	t := time.NewTicker(200 * time.Millisecond)
	defer t.Stop()
	for {
		c.read()
		select {
		case <-c.stop:
			return
		case <-t.C:
		}
	}
}

func (c *pgCounter) read() {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	rows, err := c.db.QueryContext(ctx, "SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", c.name)
	if err != nil {
		return
	}
	defer rows.Close()
	for rows.Next() {
		var pid int
		if rows.Scan(&pid) != nil {
			continue
		}
		if t, ok := procTicks(pid); ok {
			c.mu.Lock()
			c.ticks[pid] = t
			c.mu.Unlock()
		}
	}
}

// procTicks is the user and system time of a process, in clock ticks
// (fields 14 and 15 of /proc/PID/stat).
func procTicks(pid int) (int64, bool) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, false
	}
	s := string(b)
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return 0, false
	}
	f := strings.Fields(s[i+1:])
	if len(f) < 13 {
		return 0, false
	}
	u, err1 := strconv.ParseInt(f[11], 10, 64)
	k, err2 := strconv.ParseInt(f[12], 10, 64)
	return u + k, err1 == nil && err2 == nil
}

// counts reads the counters now.
func (c *pgCounter) counts() pgCounts {
	c.read()
	c.mu.Lock()
	var ticks int64
	for _, t := range c.ticks {
		ticks += t
	}
	c.mu.Unlock()
	const hz = 100 // USER_HZ on Linux
	return pgCounts{c.syncs.Load(), c.queries.Load(), c.parses.Load(), time.Duration(ticks) * time.Second / hz}
}

func (c *pgCounter) close() {
	c.ln.Close()
	close(c.stop)
	<-c.done
	c.db.Close()
}
