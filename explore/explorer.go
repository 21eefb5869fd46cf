package explore

import (
	"context"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"tracuu/models"
)

// Explorer answers relationship queries over one store. It is safe for
// concurrent use; create one per process.
type Explorer struct {
	store *models.Store

	// MaxAge is how long a loaded graph is used before the database is
	// checked for changes (in the background; queries keep using the old
	// graph until the new one is loaded). Zero means DefaultMaxAge. A graph
	// that took D to load is checked again after reloadFactor·D at the
	// soonest, so that reloading it under a stream of writes takes at most
	// about a tenth of a core however large the archive (among 1,000,000
	// articles a load took 9.7 s: a check every 97 s).
	MaxAge time.Duration

	hubMin   int        // entities in this many articles may be hubs; 0 means defaultHubMin
	mu       sync.Mutex // one load at a time
	cur      atomic.Pointer[graph]
	checked  atomic.Int64 // unix nanoseconds of the last check
	loadCost atomic.Int64 // nanoseconds the last load took
	checking atomic.Bool
}

// DefaultMaxAge is the default Explorer.MaxAge.
const DefaultMaxAge = 10 * time.Second

// reloadFactor is how many times its own load time a graph is used at the
// least before the database is checked again (Explorer.MaxAge).
const reloadFactor = 10

// New returns an Explorer over s. The graph is loaded on first use.
func New(s *models.Store) *Explorer { return &Explorer{store: s} }

// Refresh reloads the graph now if the database changed since it was
// loaded (or loads it the first time). Call it after writes when the next
// query must see them.
func (e *Explorer) Refresh(ctx context.Context) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if g := e.cur.Load(); g != nil {
		// The version a graph is loaded with is a settled head, and the
		// log's largest id is still it when nothing committed since.
		same, err := e.store.GraphUnchanged(ctx, g.version)
		if err != nil {
			return err
		}
		if same {
			e.checked.Store(time.Now().UnixNano())
			return nil
		}
	}
	start := time.Now()
	hubMin := e.hubMin
	if hubMin <= 0 {
		hubMin = defaultHubMin
	}
	g, err := load(ctx, e.store, hubMin)
	if err != nil {
		return err
	}
	e.cur.Store(g)
	e.loadCost.Store(int64(time.Since(start)))
	e.checked.Store(time.Now().UnixNano())
	slog.Debug("explore: graph loaded", "nodes", len(g.typ), "mentions", len(g.artEnt.to), "relations", len(g.adj)/2, "took", time.Since(start))
	return nil
}

// graph returns the current graph, loading it on first use and starting a
// background check for changes when it is older than maxAge.
func (e *Explorer) graph(ctx context.Context) (*graph, error) {
	g := e.cur.Load()
	if g == nil {
		if err := e.Refresh(ctx); err != nil {
			return nil, err
		}
		return e.cur.Load(), nil
	}
	if time.Since(time.Unix(0, e.checked.Load())) > e.maxAge() && e.checking.CompareAndSwap(false, true) {
		go func() {
			defer e.checking.Store(false)
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
			defer cancel()
			e.checked.Store(time.Now().UnixNano()) // a failing database is retried after MaxAge, not per query
			if err := e.Refresh(ctx); err != nil {
				slog.Warn("explore: unable to refresh graph", "err", err)
			}
		}()
	}
	return g, nil
}

// maxAge is how long the current graph is used before the next check:
// MaxAge, or reloadFactor times the last load's time when that is longer.
func (e *Explorer) maxAge() time.Duration {
	age := e.MaxAge
	if age <= 0 {
		age = DefaultMaxAge
	}
	return max(age, reloadFactor*time.Duration(e.loadCost.Load()))
}
