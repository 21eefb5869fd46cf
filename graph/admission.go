package graph

import (
	"bytes"
	"container/heap"
	"context"
	"encoding/json"
	"fmt"
	"hash/maphash"
	"io"
	"net/http"
	"runtime"
	"strconv"
	"sync"
	"time"
)

// DefaultQueuePerSlot is how many requests may wait for admission per
// running one when Config leaves the queue's length at zero (200 per core
// with the default two running per core), about what a loaded server
// answers within the default time budget.
const DefaultQueuePerSlot = 100

// CodeOverloaded: the admission queue was full and the request was
// refused at once, without running (HTTP 503 with Retry-After).
const CodeOverloaded = "OVERLOADED"

// Admission is a queue in front of every GraphQL request: at most Limit
// run at once, the others wait, at most MaxQueue of them; a request
// arriving at a full queue is refused at once (OVERLOADED). The wait counts
// against the request's time budget, and a request whose client goes away
// leaves the queue.
//
// The waiters are admitted by least slack: the one whose arrival minus the
// time its operation is expected to run is earliest goes first (ties, and
// requests with nothing expected, by arrival: first in, first out). A
// request's expected run time is learnt online per operation (the query
// document and operation name, Observe), so an expensive search waits
// less than a cheap page that arrived at the same moment, and the two
// finish about as long after they arrived: with every request in a closed
// loop waiting about as long in total (Little's law), the tail of the
// latencies is not made of the expensive kinds alone. The expected time
// moves a request ahead by at most MaxAdvance, so that no request waits
// behind requests that arrived more than MaxAdvance after it.
//
// With a few running per core, each request runs at about full speed once
// admitted instead of sharing the cores with every other one,
// so that under load all wait about as long (their turn) rather than each
// stretching by the number of requests in flight. A request admitted may
// then wait for one of the Slots of expensive work; the converse never
// happens (a slot is taken only by an admitted request, which waits for
// nothing else), so the two cannot deadlock.
type Admission struct {
	limit, maxQueue int

	mu      sync.Mutex
	running int
	queue   waiters // by least slack, then by arrival
	seq     uint64
	stats   AdmissionStats
	// expect is the learnt run time of each operation (by key), all the
	// run time of every operation together.
	expect map[uint64]time.Duration
	all    time.Duration
}

type admissionWaiter struct {
	ready   chan struct{} // closed when admitted
	granted bool          // admitted (under mu)
	prio    int64         // arrival minus expected run time, Unix ns
	seq     uint64        // arrival order among waiters
	index   int           // in queue; -1 once out of it
}

// waiters is a heap of waiters, least slack first.
type waiters []*admissionWaiter

func (q waiters) Len() int { return len(q) }
func (q waiters) Less(i, j int) bool {
	if q[i].prio != q[j].prio {
		return q[i].prio < q[j].prio
	}
	return q[i].seq < q[j].seq
}
func (q waiters) Swap(i, j int) {
	q[i], q[j] = q[j], q[i]
	q[i].index, q[j].index = i, j
}
func (q *waiters) Push(x any) {
	w := x.(*admissionWaiter)
	w.index = len(*q)
	*q = append(*q, w)
}
func (q *waiters) Pop() any {
	old := *q
	w := old[len(old)-1]
	old[len(old)-1] = nil
	*q = old[:len(old)-1]
	w.index = -1
	return w
}

// MaxAdvance is the most a request's expected run time moves it ahead of
// the requests that arrived before it.
const MaxAdvance = 250 * time.Millisecond

// maxExpected bounds the operations whose run time an Admission learns
// at once: a new one past it takes the place of one learnt before (an
// operation not learnt, or forgotten, is expected to take the mean of
// all).
const maxExpected = 4096

// AdmissionStats are an Admission's figures since it was made (Running
// and Queued: now).
type AdmissionStats struct {
	Limit, MaxQueue int
	Running, Queued int
	// Admitted requests ran, Refused found the queue full, Abandoned left
	// the queue because their client went away, TimedOut because their
	// time budget ended while waiting.
	Admitted, Refused, Abandoned, TimedOut int64
	// Waited is the total time admitted requests spent in the queue.
	Waited time.Duration
	// Overtaken counts the requests admitted before one that had arrived
	// earlier (least slack, not arrival, decided).
	Overtaken int64
}

// DefaultAdmit is how many requests run at once when ADMIT is not set:
// two per core, on either database. A request does not use its core all
// the time: it waits for the database (PostgreSQL's server, SQLite's
// single writer and its disk) and, for lookups gathered from many
// goroutines (the fields of a list), for the data loaders' batch window
// (2 ms; lookups whose keys a resolver holds at once skip it); with one
// per core the cores idle meanwhile. Measured in docs/reliability.md (16
// mixed clients on 2 cores, SQLite: one per core answered a fifth fewer
// requests than no queue at all, two per core a fifth more, four per core
// about as many; PostgreSQL: one per core a quarter fewer, two per core
// more; measured again on 1 December evening, once the lookups skipped
// the window, on a machine too loaded to tell the two apart).
func DefaultAdmit() int {
	return 2 * runtime.GOMAXPROCS(0)
}

// NewAdmission returns a queue that runs limit requests at once (<= 0:
// DefaultAdmit) with up to maxQueue waiting (0: DefaultQueuePerSlot per
// running one; negative: none wait, a request that cannot run at once is
// refused).
func NewAdmission(limit, maxQueue int) *Admission {
	if limit <= 0 {
		limit = DefaultAdmit()
	}
	if maxQueue == 0 {
		maxQueue = DefaultQueuePerSlot * limit
	}
	return &Admission{limit: limit, maxQueue: max(maxQueue, 0), expect: map[uint64]time.Duration{}}
}

// QueueFullError is a request refused because MaxQueue others waited.
type QueueFullError struct{ Queued, MaxQueue, Running int }

func (e *QueueFullError) Error() string {
	return fmt.Sprintf("the server is overloaded: %d requests running and %d waiting, the most it queues; try again in a moment", e.Running, e.Queued)
}

// Acquire waits for the request's turn, as AcquireAt with nothing
// expected: among such requests, first in, first out.
func (a *Admission) Acquire(ctx context.Context) error {
	return a.AcquireAt(ctx, time.Now(), 0)
}

// AcquireAt waits for the turn of a request that arrived at arrived and is
// expected to run for expected (Expected): it returns nil once the request
// may run (Release must follow), a *QueueFullError at once when the queue
// is full, or ctx's error when ctx ends first (the request left the
// queue). Waiters are admitted by arrived minus expected (at most
// MaxAdvance), the earliest first.
func (a *Admission) AcquireAt(ctx context.Context, arrived time.Time, expected time.Duration) error {
	start := time.Now()
	a.mu.Lock()
	if a.running < a.limit && a.queue.Len() == 0 {
		a.running++
		a.stats.Admitted++
		a.mu.Unlock()
		return nil
	}
	if a.queue.Len() >= a.maxQueue {
		a.stats.Refused++
		err := &QueueFullError{Queued: a.queue.Len(), MaxQueue: a.maxQueue, Running: a.running}
		a.mu.Unlock()
		return err
	}
	w := &admissionWaiter{ready: make(chan struct{}), prio: arrived.Add(-min(max(expected, 0), MaxAdvance)).UnixNano(), seq: a.seq}
	a.seq++
	heap.Push(&a.queue, w)
	a.mu.Unlock()

	select {
	case <-w.ready:
		a.mu.Lock()
		a.stats.Admitted++
		a.stats.Waited += time.Since(start)
		a.mu.Unlock()
		return nil
	case <-ctx.Done():
	}
	a.mu.Lock()
	granted := w.granted
	if !granted {
		heap.Remove(&a.queue, w.index)
	}
	if ctx.Err() == context.DeadlineExceeded {
		a.stats.TimedOut++
	} else {
		a.stats.Abandoned++
	}
	a.mu.Unlock()
	if granted {
		a.Release() // admitted as ctx ended: pass the turn on
	}
	return ctx.Err()
}

// Release ends an admitted request's turn: the waiter with the least slack
// runs next.
func (a *Admission) Release() {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.queue.Len() > 0 {
		w := heap.Pop(&a.queue).(*admissionWaiter)
		for _, o := range a.queue {
			if o.seq < w.seq {
				a.stats.Overtaken++
				break
			}
		}
		w.granted = true
		close(w.ready) // the turn passes on: running stays the same
		return
	}
	a.running--
}

// Expected is the run time expected of the operation key: what it took
// lately (Observe), or the mean of every operation's when key has not run
// yet.
func (a *Admission) Expected(key uint64) time.Duration {
	a.mu.Lock()
	defer a.mu.Unlock()
	if d, ok := a.expect[key]; ok {
		return d
	}
	return a.all
}

// Observe tells the Admission that an operation key ran for d (from its
// admission to its release): the expected time moves an eighth of the
// way to it.
func (a *Admission) Observe(key uint64, d time.Duration) {
	a.mu.Lock()
	defer a.mu.Unlock()
	ewma := func(old time.Duration) time.Duration {
		if old == 0 {
			return d
		}
		return old + (d-old)/8
	}
	a.all = ewma(a.all)
	old, ok := a.expect[key]
	if !ok && len(a.expect) >= maxExpected {
		// Full: forget one operation (the map's iteration starts at a
		// random one), so that new operations are still learnt.
		for k := range a.expect {
			delete(a.expect, k)
			break
		}
	}
	a.expect[key] = ewma(old)
}

// Stats returns the queue's figures.
func (a *Admission) Stats() AdmissionStats {
	a.mu.Lock()
	defer a.mu.Unlock()
	s := a.stats
	s.Limit, s.MaxQueue, s.Running, s.Queued = a.limit, a.maxQueue, a.running, a.queue.Len()
	return s
}

// admit runs next once the request's turn has come (OPTIONS requests, a
// CORS preflight, do not queue). The request's time budget starts when it
// arrives: arrivalKey carries the moment to bound, where the budget is set.
// The request is priced before it queues: its operation (the query
// document and operation name, read from the first queuedBodyBytes of its
// body or from its URL) has the run time the Admission learnt for it, and
// it is told how long this one ran.
func admit(a *Admission, budget time.Duration, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		arrived := time.Now()
		ctx := context.WithValue(r.Context(), arrivalKey{}, arrived)
		if r.Method == http.MethodOptions {
			next.ServeHTTP(w, r.WithContext(ctx))
			return
		}
		r, head := readAhead(r.WithContext(ctx))
		ctx = r.Context()
		wctx := ctx
		if budget > 0 {
			var cancel context.CancelFunc
			wctx, cancel = context.WithDeadline(ctx, arrived.Add(budget))
			defer cancel()
		}
		key, known := operationKey(r, head)
		var expected time.Duration
		if known {
			expected = a.Expected(key)
		}
		if err := a.AcquireAt(wctx, arrived, expected); err != nil {
			refuse(w, r, err, budget)
			return
		}
		defer a.Release()
		// The time the request waited for its turn, for the client and
		// the browser's tools (Server-Timing, W3C), in milliseconds.
		admitted := time.Now()
		w.Header().Set("Server-Timing", "queue;dur="+strconv.FormatFloat(float64(admitted.Sub(arrived).Microseconds())/1000, 'f', 3, 64))
		next.ServeHTTP(w, r)
		if known {
			a.Observe(key, time.Since(admitted))
		}
	})
}

// keySeed hashes the operations' keys (operationKey).
var keySeed = maphash.MakeSeed()

// operationKey is what identifies a request's operation before it is
// parsed: a hash of its operation name and query document (or, for a
// persisted query sent without its document, of its extensions), from the
// URL of a GET or from head, the start of a POST's JSON body. Nothing is
// known of a body whose query is not within head, nor of one that is not
// JSON: such a request waits by its arrival alone.
func operationKey(r *http.Request, head []byte) (uint64, bool) {
	var query, name, ext string
	if r.Method == http.MethodGet {
		q := r.URL.Query()
		query, name, ext = q.Get("query"), q.Get("operationName"), q.Get("extensions")
	} else {
		dec := json.NewDecoder(bytes.NewReader(head))
		if t, err := dec.Token(); err != nil || t != json.Delim('{') {
			return 0, false
		}
	fields:
		for dec.More() {
			t, err := dec.Token()
			if err != nil {
				break
			}
			var err2 error
			switch t {
			case "query":
				err2 = dec.Decode(&query)
			case "operationName":
				err2 = dec.Decode(&name)
			case "extensions":
				var raw json.RawMessage
				err2 = dec.Decode(&raw)
				ext = string(raw)
			default:
				var skip json.RawMessage
				err2 = dec.Decode(&skip)
			}
			if err2 != nil {
				break fields
			}
		}
	}
	if query == "" {
		if ext == "" {
			return 0, false
		}
		query = "\x00extensions\x00" + ext
	}
	var h maphash.Hash
	h.SetSeed(keySeed)
	h.WriteString(name)
	h.WriteByte(0)
	h.WriteString(query)
	return h.Sum64(), true
}

// queuedBodyBytes is how much of a request's body is read before it
// queues: then net/http watches the connection and ends the request's
// context when its client goes away, which it does only once the body has
// been read to its end. A longer body (an article to ingest) is read
// after the request's turn comes, and its request leaves the queue at the
// end of its time budget rather than when its client goes. The most held
// is this times the length of the queue.
const queuedBodyBytes = 64 << 10

// readAhead reads up to queuedBodyBytes of r's body and gives back a
// request whose body reads the same bytes, and the bytes it read.
func readAhead(r *http.Request) (*http.Request, []byte) {
	if r.Body == nil || r.Body == http.NoBody {
		return r, nil
	}
	buf, err := io.ReadAll(io.LimitReader(r.Body, queuedBodyBytes+1))
	rest := io.Reader(bytes.NewReader(buf))
	switch {
	case err != nil:
		// The handler sees the read's error after the bytes that came
		// (a body cut short is not a whole body).
		rest = io.MultiReader(rest, errReader{err})
	case len(buf) > queuedBodyBytes:
		rest = io.MultiReader(rest, r.Body)
	}
	r.Body = struct {
		io.Reader
		io.Closer
	}{rest, r.Body}
	return r, buf
}

// errReader returns its error on every read.
type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }

// arrivalKey holds the moment a request arrived, before admission.
type arrivalKey struct{}

// refuse answers a request that did not get its turn: 503 with a GraphQL
// error coded OVERLOADED (queue full) or TIMEOUT (its budget ended while it
// waited); nothing when its client has gone.
func refuse(w http.ResponseWriter, r *http.Request, err error, budget time.Duration) {
	if r.Context().Err() != nil {
		return // the client went away: nobody reads an answer
	}
	ext := map[string]any{}
	var msg string
	if qf, ok := err.(*QueueFullError); ok {
		msg = qf.Error()
		ext["code"], ext["queued"], ext["maxQueue"], ext["running"] = CodeOverloaded, qf.Queued, qf.MaxQueue, qf.Running
		w.Header().Set("Retry-After", "1")
	} else {
		msg = fmt.Sprintf("the server is busy: this request waited its whole time budget of %s for its turn; try again, or ask for less", budget)
		ext["code"] = CodeTimeout
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusServiceUnavailable)
	json.NewEncoder(w).Encode(map[string]any{"errors": []map[string]any{{"message": msg, "extensions": ext}}})
}
