package indexer

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"tracuu/models"
)

// Defaults of a Server.
const (
	// DefaultRetention: a server not seen for this long is dropped, and the
	// change log no longer waits for it.
	DefaultRetention = 7 * 24 * time.Hour
	// KeepChanges: the changes of the last ten minutes are not pruned,
	// even when every server has passed them, so that the explorer's graph,
	// which holds no position, follows the log from where it is when it
	// is next asked within that time (models.Store.PruneChangesKeeping).
	KeepChanges = 10 * time.Minute
	// LiveWindow: a server that has reported within it counts as running.
	// It reports every second.
	LiveWindow = 10 * time.Second
)

// Server is the indexer of one serving process. It registers the server
// in the database with its index's position, keeps the index in step with
// the change log, reports its position and state every second, prunes the
// log (any server may: it deletes only what every registered server has
// passed), and builds the index from the database when it has none, when
// it has fallen behind the pruned log, or when `reindex` asks.
type Server struct {
	Worker
	// ID names the server across restarts; Home is the host and folder of
	// its index (see models.IndexServer); Addr is where it listens, shown
	// to operators.
	ID, Home, Addr string
	// Retention (default DefaultRetention): how long a server may be gone
	// before the log stops waiting for it.
	Retention time.Duration
	// Every is how often the server looks for changes when idle (default
	// 100ms), Heartbeat how often it reports (default 1s).
	Every, Heartbeat time.Duration

	mu       sync.Mutex
	row      models.IndexServer
	ready    bool
	behind   atomic.Bool  // the log was pruned past the index's position
	request  atomic.Int64 // the last reindex request seen
	rebuilds sync.WaitGroup
	wake     chan struct{}
}

// Status is what a server says about its index (in /readyz).
type Status struct {
	ID     string `json:"server"`
	State  string `json:"state"`
	Detail string `json:"detail,omitempty"`
	// Ready: the index holds the whole database up to its position and
	// follows the log; false while a first build or a rebuild after falling
	// behind runs (searches answer from what is built).
	Ready       bool  `json:"ready"`
	Position    int64 `json:"position"`
	Built       int64 `json:"built,omitempty"`
	Total       int64 `json:"total,omitempty"`
	ReindexDone int64 `json:"reindexDone"`
}

// Register records the server in the database. It fails when another
// running process has the same ID.
func (s *Server) Register(ctx context.Context) error {
	if s.Retention <= 0 {
		s.Retention = DefaultRetention
	}
	if s.Every <= 0 {
		s.Every = 100 * time.Millisecond
	}
	if s.Heartbeat <= 0 {
		s.Heartbeat = time.Second
	}
	s.wake = make(chan struct{}, 1)
	b := make([]byte, 8)
	rand.Read(b)
	pos, ok := s.Index.Position()
	s.row = models.IndexServer{ID: s.ID, Instance: hex.EncodeToString(b), Home: s.Home, Addr: s.Addr, Position: max(pos, 0), State: models.ServerReady}
	s.ready = ok && pos != incomplete
	if !s.ready {
		s.row.State = models.ServerBuilding
	}
	// A process of this ID elsewhere that looks alive may be a crashed one
	// moved to another host: it is waited for until it has been silent
	// for LiveWindow; one that goes on reporting is a second process.
	ls, err := s.Store.RegisterServer(ctx, &s.row, LiveWindow)
	for wait := time.Now().Add(LiveWindow + s.Heartbeat); models.ErrorCode(err) == models.ECONFLICT && time.Now().Before(wait); {
		slog.Warn("indexer: waiting for another process with this server id to stop reporting", "err", err)
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(s.Heartbeat):
		}
		ls, err = s.Store.RegisterServer(ctx, &s.row, LiveWindow)
	}
	if err != nil {
		return err
	}
	s.request.Store(ls.ReindexRequest)
	if s.ready && ls.PrunedThrough > pos {
		s.behind.Store(true)
	}
	return nil
}

// Status returns the server's state.
func (s *Server) Status() Status {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.row
	built, total := s.Progress()
	st := Status{ID: r.ID, State: r.State, Detail: r.Detail, Ready: s.ready, ReindexDone: r.ReindexDone, Built: built, Total: total}
	if pos, ok := s.Index.Position(); ok && pos != incomplete {
		st.Position = pos
	}
	return st
}

func (s *Server) set(state, detail string, ready bool) {
	s.mu.Lock()
	s.row.State, s.row.Detail, s.ready = state, detail, ready
	s.mu.Unlock()
}

// Run follows the log until ctx ends, then reports the server stopped.
// Register must have been called.
func (s *Server) Run(ctx context.Context) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); s.report(ctx) }()
	s.follow(ctx)
	s.rebuilds.Wait()
	wg.Wait()
	s.set(models.ServerStopped, "", false)
	stopCtx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	if err := s.Store.ReportServer(stopCtx, s.snapshot()); err != nil {
		slog.Warn("indexer: unable to report the server stopped", "err", err)
	}
}

func (s *Server) follow(ctx context.Context) {
	var rebuilding atomic.Bool
	for ctx.Err() == nil {
		pos, ok := s.Index.Position()
		if !ok || pos == incomplete || s.behind.Load() {
			if rebuilding.Load() {
				s.sleep(ctx, s.Every) // a reindex is running: wait for it
				continue
			}
			s.build(ctx, ok, pos)
			continue
		}
		if req := s.request.Load(); req > s.reindexDone() && rebuilding.CompareAndSwap(false, true) {
			s.rebuilds.Add(1)
			go func() {
				defer s.rebuilds.Done()
				defer rebuilding.Store(false)
				s.reindex(ctx, req)
			}()
		}
		n, err := s.Drain(ctx)
		switch {
		case errors.Is(err, ErrBehind):
			s.behind.Store(true)
		case err != nil && ctx.Err() == nil:
			slog.Error("indexer: round failed; trying again in a second", "err", err)
			s.sleep(ctx, time.Second)
		case n == 0:
			s.sleep(ctx, s.Every)
		}
	}
}

// build builds the index from the database (Worker.Build), retrying after
// a failure, while the server reports that it is building.
func (s *Server) build(ctx context.Context, hasPos bool, pos int64) {
	state, detail, ready := models.ServerBuilding, "no index yet: building it from the database", false
	switch {
	case s.behind.Load():
		detail = "the change log was pruned past this index (the server was gone longer than the retention): rebuilding it from the database"
		state = models.ServerRebuilding
	case hasPos && pos == incomplete:
		detail = "the first build was cut short: building again"
	case !hasPos:
		if n, _ := s.Index.DocCount(); n > 0 {
			// An index from an older version, complete when it stopped:
			// it goes on answering, ready, while the new one is built.
			state, detail, ready = models.ServerRebuilding, "the index has no position in the change log (made by an older version): rebuilding it beside the live one", true
		}
	}
	s.set(state, detail, ready)
	slog.Info("indexer: building the index", "server", s.ID, "why", detail)
	req := s.request.Load()
	start := time.Now()
	if err := s.Build(ctx); err != nil {
		if ctx.Err() == nil {
			slog.Error("indexer: build failed; trying again in 5s", "err", err)
			s.set(state, detail+" (last attempt failed: "+err.Error()+")", ready)
			s.sleep(ctx, 5*time.Second)
		}
		return
	}
	s.behind.Store(false)
	s.mu.Lock()
	// A build from the database answers every request made before it.
	s.row.ReindexDone = max(s.row.ReindexDone, req)
	s.mu.Unlock()
	s.set(models.ServerReady, "", true)
	pos, _ = s.Index.Position()
	slog.Info("indexer: index built", "server", s.ID, "position", pos, "seconds", time.Since(start).Seconds())
}

// reindex carries out reindex request req: a rebuild beside the live
// index, which goes on answering and following the log.
func (s *Server) reindex(ctx context.Context, req int64) {
	s.set(models.ServerRebuilding, fmt.Sprintf("reindex request %d: rebuilding beside the live index", req), true)
	slog.Info("indexer: reindex requested", "server", s.ID, "request", req)
	start := time.Now()
	err := s.Rebuild(ctx)
	if err != nil {
		if ctx.Err() != nil {
			return
		}
		slog.Error("indexer: reindex failed; trying again in 30s", "err", err)
		s.set(models.ServerReady, fmt.Sprintf("reindex request %d failed: %v (trying again in 30s)", req, err), true)
		s.sleep(ctx, 30*time.Second)
		return
	}
	s.mu.Lock()
	s.row.ReindexDone = max(s.row.ReindexDone, req)
	s.mu.Unlock()
	s.set(models.ServerReady, "", true)
	slog.Info("indexer: reindexed", "server", s.ID, "request", req, "seconds", time.Since(start).Seconds())
}

func (s *Server) reindexDone() int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.row.ReindexDone
}

// snapshot returns the row to report.
func (s *Server) snapshot() *models.IndexServer {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.row
	if pos, ok := s.Index.Position(); ok && pos != incomplete {
		r.Position = pos
	}
	r.Built, r.Total = s.Progress()
	return &r
}

// report tells the database every Heartbeat how far the server is, learns
// of reindex requests and of a log pruned past the index, and prunes the
// log once a minute.
func (s *Server) report(ctx context.Context) {
	var pruned time.Time
	t := time.NewTicker(s.Heartbeat)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		row := s.snapshot()
		err := s.Store.ReportServer(ctx, row)
		if models.ErrorCode(err) == models.ENOTFOUND {
			// Dropped (gone longer than the retention, as seen by another
			// server): register again; the index is rebuilt if the log
			// was pruned past it.
			slog.Warn("indexer: the server was dropped from the registry; registering again", "server", s.ID)
			var ls models.LogState
			if ls, err = s.Store.RegisterServer(ctx, row, LiveWindow); err == nil && ls.PrunedThrough > row.Position {
				s.behind.Store(true)
			}
		}
		if err != nil {
			if ctx.Err() == nil {
				slog.Error("indexer: unable to report", "err", err)
			}
			continue
		}
		ls, err := s.Store.LogState(ctx)
		if err != nil {
			continue
		}
		s.request.Store(ls.ReindexRequest)
		if pos, ok := s.Index.Position(); ok && pos != incomplete && ls.PrunedThrough > pos {
			s.behind.Store(true)
		}
		if ls.ReindexRequest > row.ReindexDone || s.behind.Load() {
			s.poke()
		}
		if time.Since(pruned) >= time.Minute {
			pruned = time.Now()
			dropped, through, err := s.Store.PruneChangesKeeping(ctx, time.Now().Add(-s.Retention), time.Now().Add(-KeepChanges))
			if err != nil {
				if ctx.Err() == nil {
					slog.Error("indexer: unable to prune the change log", "err", err)
				}
				continue
			}
			if len(dropped) > 0 {
				slog.Warn("indexer: dropped servers gone longer than the retention", "servers", dropped, "retention", s.Retention)
			}
			slog.Debug("indexer: change log pruned", "through", through)
		}
	}
}

// poke wakes the follower from its sleep.
func (s *Server) poke() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

func (s *Server) sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-s.wake:
	case <-t.C:
	}
}
