package graph_test

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"testing"
	"time"

	"tracuu/graph"
	"tracuu/models/modelstest"
)

// TestAdmissionLeastSlack: waiters are admitted by their arrival minus
// the run time expected of them, the least slack first, not in the order
// they arrived; the expected time moves a waiter ahead by at most
// MaxAdvance, and waiters with the same slack go in arrival order.
func TestAdmissionLeastSlack(t *testing.T) {
	a := graph.NewAdmission(1, 0)
	if err := a.Acquire(context.Background()); err != nil {
		t.Fatal(err)
	}
	base := time.Now()
	ms := time.Millisecond
	waiters := []struct{ arrived, expected time.Duration }{
		{0, 0},                                // slack 0
		{1 * ms, 10 * ms},                     // -9 ms
		{2 * ms, 0},                           // 2 ms
		{3 * ms, 30 * ms},                     // -27 ms
		{4 * ms, 5 * ms},                      // -1 ms
		{5 * ms, time.Second},                 // -245 ms: MaxAdvance, not a second
		{graph.MaxAdvance + 10*ms, time.Hour}, // 10 ms: after every one before
		{6 * ms, 4 * ms},                      // 2 ms, as the third, which came first
	}
	want := []int{5, 3, 1, 4, 0, 2, 7, 6}
	var (
		mu    sync.Mutex
		order []int
		wg    sync.WaitGroup
	)
	for i, w := range waiters {
		wg.Go(func() {
			if err := a.AcquireAt(context.Background(), base.Add(w.arrived), w.expected); err != nil {
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
	a.Release()
	wg.Wait()
	if fmt.Sprint(order) != fmt.Sprint(want) {
		t.Errorf("admitted in order %v, want %v (least slack first)", order, want)
	}
	if st := a.Stats(); st.Running != 0 || st.Queued != 0 || st.Admitted != int64(len(waiters)+1) || st.Overtaken == 0 {
		t.Errorf("after: %+v", st)
	}
}

// TestAdmissionLearns: the expected run time of an operation moves an
// eighth of the way to each run's; one not seen yet is expected to take
// the mean of all.
func TestAdmissionLearns(t *testing.T) {
	a := graph.NewAdmission(1, 0)
	if d := a.Expected(1); d != 0 {
		t.Errorf("nothing observed: %v", d)
	}
	a.Observe(1, 80*time.Millisecond)
	if d := a.Expected(1); d != 80*time.Millisecond {
		t.Errorf("one run of 80ms: %v", d)
	}
	a.Observe(1, 0)
	if d := a.Expected(1); d != 70*time.Millisecond {
		t.Errorf("then one of 0: %v, want 70ms", d)
	}
	a.Observe(2, time.Millisecond)
	if d := a.Expected(2); d != time.Millisecond {
		t.Errorf("another operation: %v", d)
	}
	if d := a.Expected(3); d <= time.Millisecond || d >= 80*time.Millisecond {
		t.Errorf("an operation not seen: %v, want the mean of all", d)
	}
}

// TestOperationKey: a POST's operation is known by its document and
// operation name, whatever its variables and wherever its query stands
// in the body, also when the body goes on past what was read ahead;
// a body that is not a JSON object is not known.
func TestOperationKey(t *testing.T) {
	body := func(v map[string]any) []byte { b, _ := json.Marshal(v); return b }
	q := `query($q: String!) { search(query: $q) { totalCount } }`
	k1, ok1 := graph.OperationKey(body(map[string]any{"query": q, "variables": map[string]any{"q": "a"}}))
	k2, ok2 := graph.OperationKey([]byte(`{"variables": {"q": "b", "x": [1, {"y": null}]}, "query": ` + string(body(map[string]any{"q": q})[5:len(body(map[string]any{"q": q}))-1]) + `}`))
	if !ok1 || !ok2 || k1 != k2 {
		t.Errorf("the same document: %v %v, %x %x", ok1, ok2, k1, k2)
	}
	k3, _ := graph.OperationKey(body(map[string]any{"query": q, "operationName": "Other"}))
	k4, _ := graph.OperationKey(body(map[string]any{"query": q + " "}))
	if k3 == k1 || k4 == k1 {
		t.Errorf("another name or document, the same key")
	}
	// Cut short: the query came before the cut.
	k5, ok5 := graph.OperationKey([]byte(`{"query": ` + string(body(map[string]any{"q": q})[5:len(body(map[string]any{"q": q}))-1]) + `, "variables": {"in": "tỉnh ủy bến`))
	if !ok5 || k5 != k1 {
		t.Errorf("a body cut after its query: %v %x", ok5, k5)
	}
	for _, b := range []string{``, `[]`, `not json`, `{"variables": {}}`, `{"query": 3}`} {
		if _, ok := graph.OperationKey([]byte(b)); ok {
			t.Errorf("%q: known", b)
		}
	}
	if _, ok := graph.OperationKey([]byte(`{"extensions": {"persistedQuery": {"version": 1, "sha256Hash": "ab"}}}`)); !ok {
		t.Errorf("a persisted query: not known")
	}
}

// TestAdmissionHTTPLeastSlack, on each database: over HTTP a request
// whose operation the queue has learnt to be long is admitted before a
// cheap one that arrived just before it, and each request's run teaches
// the queue its operation's time.
func TestAdmissionHTTPLeastSlack(t *testing.T) {
	for _, dialect := range modelstest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			adm := graph.NewAdmission(1, 0)
			var (
				mu  sync.Mutex
				ran []string
			)
			e := admissionEnv(t, dialect, graph.Config{Admission: adm, Observe: func(_, op string, _ time.Duration) {
				mu.Lock()
				ran = append(ran, op)
				mu.Unlock()
			}})
			const cheap, long = `{ articles(first: 1) { totalCount } }`, `{ suggest(prefix: "tỉn") { label } }`
			key := func(q string) uint64 {
				b, _ := json.Marshal(map[string]any{"query": q})
				k, ok := graph.OperationKey(b)
				if !ok {
					t.Fatalf("%s: no key", q)
				}
				return k
			}
			adm.Observe(key(cheap), time.Millisecond)
			adm.Observe(key(long), 200*time.Millisecond)
			adm.Acquire(context.Background()) // a request running
			var wg sync.WaitGroup
			for i, q := range []string{cheap, long} {
				wg.Go(func() {
					if r, err := postCtx(context.Background(), e.srv.URL, q); err != nil || r.status != 200 || len(r.Errors) > 0 {
						t.Errorf("%s: %v %+v", q, err, r)
					}
				})
				waitFor(t, "queued", func() bool { return adm.Stats().Queued == i+1 })
			}
			adm.Release()
			wg.Wait()
			if fmt.Sprint(ran) != "[suggest articles]" {
				t.Errorf("ran %v, want the long one (suggest) first", ran)
			}
			if d := adm.Expected(key(long)); d >= 200*time.Millisecond {
				t.Errorf("the long one's expected time after a run: %v, want it to have moved down", d)
			}
		})
	}
}

// TestAdmissionLearnsPastBound: once it has learnt maxExpected operations,
// an Admission still learns a new one (another is forgotten), instead of
// expecting the mean of all of every operation from then on.
func TestAdmissionLearnsPastBound(t *testing.T) {
	a := graph.NewAdmission(1, 0)
	for k := range uint64(graph.MaxExpected) {
		a.Observe(k, time.Millisecond)
	}
	for k := uint64(graph.MaxExpected); k < graph.MaxExpected+10; k++ {
		a.Observe(k, time.Second)
		if d := a.Expected(k); d != time.Second {
			t.Fatalf("operation %d, seen once for 1s after %d others: expected %v", k, graph.MaxExpected, d)
		}
	}
	if n := a.Learnt(); n > graph.MaxExpected {
		t.Errorf("%d operations learnt, more than %d", n, graph.MaxExpected)
	}
}
