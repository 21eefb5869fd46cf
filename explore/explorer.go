package explore

import (
	"context"
	"errors"
	"log/slog"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"tracuu/models"
)

// Explorer answers relationship queries over one store. It is safe for
// concurrent use; create one per process.
type Explorer struct {
	store *models.Store

	// MaxAge is how long a graph is used before the database is checked
	// for changes (in the background; queries keep using the old graph
	// until the new one is built). Zero means DefaultMaxAge. A check that
	// finds changes applies the change log to the graph (follow), which
	// costs in proportion to the graph's size in memory and to the
	// changes, not to the database's size; a graph whose last refresh took
	// D is checked again after reloadFactor·D at the soonest, so that
	// refreshing it under a stream of writes takes at most about a tenth
	// of a core (the first load excepted: the refresh after it follows
	// the log).
	MaxAge time.Duration

	hubMin   int        // entities in this many articles may be hubs; 0 means defaultHubMin
	mu       sync.Mutex // one refresh at a time
	cur      atomic.Pointer[graph]
	checked  atomic.Int64 // unix nanoseconds of the last check
	loadCost atomic.Int64 // nanoseconds the next refresh is expected to take: the last one's (see Refresh)
	checking atomic.Bool

	// loads and follows count the graphs built by loading the whole
	// graph and by applying the change log to the last one.
	loads, follows atomic.Int64
	refreshTime    atomic.Int64 // nanoseconds, all refreshes that built a graph
	noFollow       bool         // tests: always load the whole graph
}

// Stats says how the graph was kept up to date since the explorer was
// created.
type Stats struct {
	Loads   int64         // graphs loaded whole
	Follows int64         // graphs built by applying the change log to the last one
	Time    time.Duration // spent building them
}

// Stats returns how the graph was kept up to date.
func (e *Explorer) Stats() Stats {
	return Stats{Loads: e.loads.Load(), Follows: e.follows.Load(), Time: time.Duration(e.refreshTime.Load())}
}

// DefaultMaxAge is the default Explorer.MaxAge.
const DefaultMaxAge = 2 * time.Second

// reloadFactor is how many times its own refresh time a graph is used at
// the least before the database is checked again (Explorer.MaxAge).
const reloadFactor = 10

// New returns an Explorer over s. The graph is loaded on first use.
func New(s *models.Store) *Explorer { return &Explorer{store: s} }

// Refresh brings the graph up to date with the database if it changed
// since (or loads it the first time). Call it after writes when the next
// query must see them.
func (e *Explorer) Refresh(ctx context.Context) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	g := e.cur.Load()
	if g != nil {
		// The version of a graph is a settled head, and the log's largest
		// id is still it when nothing committed since.
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
	var next *graph
	changes := 0
	if g != nil && !e.noFollow {
		var err error
		if next, changes, err = e.follow(ctx, g, hubMin); err != nil {
			return err
		}
	}
	how := "followed the change log"
	if next == nil {
		how = "loaded"
		var err error
		if next, err = load(ctx, e.store, hubMin); err != nil {
			return err
		}
		e.loads.Add(1)
	} else {
		e.follows.Add(1)
	}
	e.cur.Store(next)
	took := time.Since(start)
	e.refreshTime.Add(int64(took))
	if g == nil && how == "loaded" && next.version != "" && !e.noFollow {
		// The first load: the next refresh will follow the log, at a
		// cost still unknown, so the first check comes after MaxAge, not
		// ten whole loads (97 s among 1,000,000 articles). A load that
		// replaced a graph which could not follow the log keeps its
		// cost, so that such loads take a tenth of a core at most.
		took = 0
	}
	e.loadCost.Store(int64(took))
	e.checked.Store(time.Now().UnixNano())
	slog.Debug("explore: graph "+how, "changes", changes, "version", next.version, "nodes", len(next.typ), "mentions", len(next.artEnt.to), "relations", len(next.adj)/2, "took", time.Since(start))
	return nil
}

// followPage is how many changes are read at a time; a graph with more
// than maxFollow(nodes) changes to apply is loaded whole instead.
const followPage = 5000

func maxFollow(nodes int) int { return max(20000, nodes/4) }

var errTooMany = errors.New("explore: too many changes to follow")

// follow applies the changes logged after g's version to g and returns the
// new graph with the number of changes applied, or nil when g cannot
// follow the log: its version is unknown (it was loaded while writers
// held the log), the log was pruned past it, or too many changes are
// waiting (a full load is then as cheap). The changes are taken as far as
// their ids follow on without a gap: no change can still appear among
// them. Only a gap makes it settle the log (Store.SettledHead, which on
// PostgreSQL holds writers back for an instant): a gap below the settled
// head is a rolled-back transaction's; when writers hold the log the rest
// waits for the next check.
func (e *Explorer) follow(ctx context.Context, g *graph, hubMin int) (*graph, int, error) {
	from, err := strconv.ParseInt(g.version, 10, 64)
	if err != nil {
		return nil, 0, nil
	}
	read := func(head int64) ([]models.Change, int64, bool, error) {
		var changes []models.Change
		pos := from
		for {
			cs, err := e.store.Changes(ctx, pos, followPage)
			if err != nil {
				return nil, 0, false, err
			}
			gap, stop := false, len(cs) < followPage
			for _, c := range cs {
				if head < 0 && c.ID != pos+1 {
					gap, stop = true, true
					break
				}
				if head >= 0 && c.ID > head {
					stop = true
					break
				}
				changes = append(changes, c)
				pos = c.ID
			}
			if len(changes) > maxFollow(len(g.typ)) {
				return nil, 0, false, errTooMany
			}
			if stop {
				return changes, max(pos, head), gap, nil
			}
		}
	}
	changes, pos, gap, err := read(-1)
	if gap {
		// err must not be shadowed here: the second read's error (too
		// many changes, or the database's) is the one that counts.
		var head int64
		head, err = e.store.SettledHead(ctx)
		if err == nil {
			changes, pos, _, err = read(head)
		} else if errors.Is(err, models.ErrLogBusy) {
			err = nil
		} else {
			return nil, 0, err
		}
	}
	if errors.Is(err, errTooMany) {
		return nil, 0, nil
	}
	if err != nil {
		return nil, 0, err
	}
	// Pruning moves the mark before it deletes: read after the changes, a
	// mark at or below from means none of them was missed.
	st, err := e.store.LogState(ctx)
	if err != nil {
		return nil, 0, err
	}
	if st.PrunedThrough > from {
		return nil, 0, nil
	}
	if pos == from {
		return g, 0, nil
	}
	seen := make(map[models.Ref]bool, len(changes))
	var touched []models.Ref
	for _, c := range changes {
		r := models.Ref{Type: c.EntityType, ID: c.EntityID}
		if !seen[r] {
			seen[r] = true
			touched = append(touched, r)
		}
	}
	d, err := e.store.ReadGraphDelta(ctx, touched)
	if err != nil {
		return nil, 0, err
	}
	return g.apply(touched, d, strconv.FormatInt(pos, 10), hubMin), len(changes), nil
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
// MaxAge, or reloadFactor times the last refresh's time when that is
// longer.
func (e *Explorer) maxAge() time.Duration {
	age := e.MaxAge
	if age <= 0 {
		age = DefaultMaxAge
	}
	return max(age, reloadFactor*time.Duration(e.loadCost.Load()))
}
