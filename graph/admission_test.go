package graph_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"tracuu/graph"
	"tracuu/models"
	"tracuu/models/modelstest"
)

// waitFor polls cond until it holds; the test's own deadline (go test
// -timeout) ends a wait that never does.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for !cond() {
		if t.Context().Err() != nil {
			t.Fatalf("gave up waiting for %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}

// TestAdmissionOrder: requests that wait are admitted in the order they
// arrived, one as each running one ends.
func TestAdmissionOrder(t *testing.T) {
	a := graph.NewAdmission(1, 0)
	if err := a.Acquire(context.Background()); err != nil {
		t.Fatal(err)
	}
	var (
		mu    sync.Mutex
		order []int
		wg    sync.WaitGroup
	)
	const n = 8
	for i := range n {
		wg.Go(func() {
			if err := a.Acquire(context.Background()); err != nil {
				t.Error(err)
				return
			}
			mu.Lock()
			order = append(order, i)
			mu.Unlock()
			a.Release()
		})
		waitFor(t, fmt.Sprintf("waiter %d queued", i), func() bool { return a.Stats().Queued == i+1 })
	}
	if st := a.Stats(); st.Running != 1 || st.Admitted != 1 {
		t.Fatalf("while held: %+v", st)
	}
	a.Release()
	wg.Wait()
	for i, got := range order {
		if got != i {
			t.Fatalf("admitted in order %v, want 0 to %d", order, n-1)
		}
	}
	if st := a.Stats(); st.Running != 0 || st.Queued != 0 || st.Admitted != n+1 {
		t.Errorf("after: %+v", st)
	}
}

// TestAdmissionBounded: past MaxQueue waiting, a request is refused at
// once with the figures; none waiting (negative) refuses what cannot run.
func TestAdmissionBounded(t *testing.T) {
	a := graph.NewAdmission(1, 2)
	a.Acquire(context.Background())
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	for i := range 2 {
		wg.Go(func() { a.Acquire(ctx) })
		waitFor(t, "queued", func() bool { return a.Stats().Queued == i+1 })
	}
	var qf *graph.QueueFullError
	if err := a.Acquire(context.Background()); !errors.As(err, &qf) || qf.Queued != 2 || qf.MaxQueue != 2 || qf.Running != 1 {
		t.Errorf("third waiter: %v", err)
	}
	cancel()
	wg.Wait()
	a.Release()
	if st := a.Stats(); st.Refused != 1 || st.Abandoned != 2 || st.Running != 0 || st.Queued != 0 {
		t.Errorf("after: %+v", st)
	}

	none := graph.NewAdmission(1, -1)
	none.Acquire(context.Background())
	if err := none.Acquire(context.Background()); !errors.As(err, &qf) {
		t.Errorf("no queue: %v", err)
	}
	none.Release()
	if err := none.Acquire(context.Background()); err != nil {
		t.Errorf("no queue, free: %v", err)
	}
}

// TestAdmissionLeave: a waiter whose context ends leaves the queue (the
// ones behind it move up), counted as abandoned (cancelled) or timed out
// (deadline); a turn granted as its context ended passes on.
func TestAdmissionLeave(t *testing.T) {
	a := graph.NewAdmission(1, 0)
	a.Acquire(context.Background())
	cctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() { errc <- a.Acquire(cctx) }()
	waitFor(t, "queued", func() bool { return a.Stats().Queued == 1 })
	behind := make(chan error, 1)
	go func() { behind <- a.Acquire(context.Background()) }()
	waitFor(t, "second queued", func() bool { return a.Stats().Queued == 2 })
	cancel()
	if err := <-errc; !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled waiter: %v", err)
	}
	if st := a.Stats(); st.Queued != 1 || st.Abandoned != 1 {
		t.Errorf("after cancel: %+v", st)
	}
	a.Release()
	if err := <-behind; err != nil {
		t.Errorf("waiter behind: %v", err)
	}
	dctx, cancel2 := context.WithDeadline(context.Background(), time.Now().Add(time.Millisecond))
	defer cancel2()
	if err := a.Acquire(dctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("deadline: %v", err)
	}
	a.Release()
	if st := a.Stats(); st.TimedOut != 1 || st.Running != 0 || st.Queued != 0 || st.Admitted != 2 {
		t.Errorf("after: %+v", st)
	}

	// Many waiters cancelled while turns are handed out: every turn is
	// either taken or passed on, none lost.
	b := graph.NewAdmission(2, 0)
	var wg sync.WaitGroup
	for i := range 200 {
		ctx, cancel := context.WithCancel(context.Background())
		wg.Go(func() {
			if b.Acquire(ctx) == nil {
				b.Release()
			}
		})
		if i%2 == 0 {
			go cancel()
		} else {
			defer cancel()
		}
	}
	wg.Wait()
	if st := b.Stats(); st.Running != 0 || st.Queued != 0 || st.Admitted+st.Abandoned != 200 {
		t.Errorf("after cancellations: %+v", st)
	}
	if err := b.Acquire(context.Background()); err != nil {
		t.Error(err)
	}
}

// admissionEnv serves the sample over a store of dialect with adm.
func admissionEnv(t *testing.T, dialect string, cfg graph.Config) *env {
	t.Helper()
	e := newEnv(t, modelstest.Open(t, dialect))
	cfg.Tokens, cfg.PublicRead = []string{token}, true
	e.srv.Close()
	e.srv = httptest.NewServer(graph.NewHandler(e.store, e.index, cfg))
	t.Cleanup(e.srv.Close)
	return e
}

type rawResponse struct {
	status     int
	retryAfter string
	timing     string // Server-Timing
	Data       map[string]any
	Errors     []codedError
}

func postCtx(ctx context.Context, url, query string) (rawResponse, error) {
	body, _ := json.Marshal(map[string]any{"query": query})
	req, _ := http.NewRequestWithContext(ctx, "POST", url, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return rawResponse{}, err
	}
	defer resp.Body.Close()
	r := rawResponse{status: resp.StatusCode, retryAfter: resp.Header.Get("Retry-After"), timing: resp.Header.Get("Server-Timing")}
	if err := json.NewDecoder(resp.Body).Decode(&r); err != nil {
		return r, fmt.Errorf("status %d: decode: %w", resp.StatusCode, err)
	}
	return r, nil
}

// TestAdmissionHTTP, on each database: a request waits its turn and is
// then answered; past the queue's length it is refused at once with 503,
// Retry-After and OVERLOADED; a client that goes away leaves the queue;
// a request whose budget ends while it waits gets TIMEOUT. The time a
// request waited is in its Server-Timing header.
func TestAdmissionHTTP(t *testing.T) {
	for _, dialect := range modelstest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			adm := graph.NewAdmission(1, 1)
			e := admissionEnv(t, dialect, graph.Config{Admission: adm})
			const q = `{ articles(first: 1) { totalCount } }`
			adm.Acquire(context.Background()) // a request running
			waited := make(chan rawResponse, 1)
			go func() {
				r, err := postCtx(context.Background(), e.srv.URL, q)
				if err != nil {
					t.Error(err)
				}
				waited <- r
			}()
			waitFor(t, "queued", func() bool { return adm.Stats().Queued == 1 })
			r, err := postCtx(context.Background(), e.srv.URL, q)
			if err != nil || r.status != http.StatusServiceUnavailable || r.retryAfter == "" || firstCode(r.Errors) != graph.CodeOverloaded ||
				r.Errors[0].Extensions["maxQueue"] != float64(1) {
				t.Errorf("over the queue: %v %+v", err, r)
			}
			adm.Release()
			r = <-waited
			if r.status != 200 || len(r.Errors) > 0 || get(r.Data, "articles", "totalCount") == nil {
				t.Errorf("waited: %+v", r)
			}
			// The time it waited for its turn, in its Server-Timing header.
			if v, ok := strings.CutPrefix(r.timing, "queue;dur="); !ok {
				t.Errorf("Server-Timing %q, want queue;dur=", r.timing)
			} else if ms, err := strconv.ParseFloat(v, 64); err != nil || ms <= 0 {
				t.Errorf("Server-Timing %q of a request that waited: %v", r.timing, err)
			}

			// The client goes away while it waits.
			adm.Acquire(context.Background())
			ctx, cancel := context.WithCancel(context.Background())
			gone := make(chan error, 1)
			go func() { _, err := postCtx(ctx, e.srv.URL, q); gone <- err }()
			waitFor(t, "queued", func() bool { return adm.Stats().Queued == 1 })
			cancel()
			if err := <-gone; !errors.Is(err, context.Canceled) {
				t.Errorf("cancelled client: %v", err)
			}
			waitFor(t, "left the queue", func() bool { return adm.Stats().Queued == 0 })
			adm.Release()
			if st := adm.Stats(); st.Abandoned != 1 || st.Refused != 1 || st.Running != 0 {
				t.Errorf("stats: %+v", st)
			}

			// The budget ends in the queue.
			short := graph.NewAdmission(1, 0)
			e2 := admissionEnv(t, dialect, graph.Config{Admission: short, RequestTimeout: 20 * time.Millisecond})
			short.Acquire(context.Background())
			r, err = postCtx(context.Background(), e2.srv.URL, q)
			short.Release()
			if err != nil || r.status != http.StatusServiceUnavailable || firstCode(r.Errors) != graph.CodeTimeout {
				t.Errorf("budget ended in the queue: %v %+v", err, r)
			}
			if st := short.Stats(); st.TimedOut != 1 {
				t.Errorf("stats: %+v", st)
			}
		})
	}
}

// TestAdmissionWithSlots, on each database: many clients sending
// expensive (search, network) and cheap requests through an admission
// queue and fewer slots for expensive work than admitted requests, or
// more, all get their answers: a request holding its turn waits for a
// slot, never the converse, so they cannot deadlock.
func TestAdmissionWithSlots(t *testing.T) {
	for _, dialect := range modelstest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			e := newEnv(t, modelstest.Open(t, dialect))
			var personID string
			if l, err := e.store.People(context.Background(), models.PersonFilter{}, models.Page{First: 1}); err != nil || len(l.Items) == 0 {
				t.Fatalf("people: %v", err)
			} else {
				personID = graph.GlobalID(models.TypePerson, l.Items[0].ID)
			}
			queries := []string{
				`{ search(query: "tỉnh ủy", first: 5) { totalCount } }`,
				fmt.Sprintf(`{ network(ids: [%q], depth: 2, limit: 100) { nodes { id } } }`, personID),
				`{ articles(first: 2) { totalCount } }`,
				`{ suggest(prefix: "tỉn") { label } }`,
			}
			for _, c := range []struct{ admit, slots int }{{1, 1}, {2, 1}, {4, 2}, {1, 3}} {
				adm := graph.NewAdmission(c.admit, 0)
				srv := httptest.NewServer(graph.NewHandler(e.store, e.index, graph.Config{Tokens: []string{token}, PublicRead: true,
					Admission: adm, Slots: graph.NewSlots(c.slots), RequestTimeout: -1}))
				var wg sync.WaitGroup
				const clients, each = 12, 8
				for i := range clients {
					wg.Go(func() {
						for j := range each {
							q := queries[(i+j)%len(queries)]
							r, err := postCtx(t.Context(), srv.URL, q)
							if err != nil || r.status != 200 || len(r.Errors) > 0 {
								t.Errorf("admit %d, slots %d: %s: %v %+v", c.admit, c.slots, q, err, r)
							}
						}
					})
				}
				wg.Wait()
				srv.Close()
				if st := adm.Stats(); st.Admitted != clients*each || st.Running != 0 || st.Queued != 0 || st.Refused+st.Abandoned+st.TimedOut != 0 {
					t.Errorf("admit %d, slots %d: %+v", c.admit, c.slots, st)
				}
			}
		})
	}
}
