package main

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"tracuu/graph"
	"tracuu/models/modelstest"
)

// TestAdmissionSparesProbes: with every GraphQL turn taken and the queue
// full, /healthz, /readyz and /metrics still answer (they never queue),
// GraphQL refuses with OVERLOADED, and /metrics shows the queue's figures.
func TestAdmissionSparesProbes(t *testing.T) {
	for _, dialect := range modelstest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			ctx := context.Background()
			s := modelstest.Open(t, dialect)
			a := registeredApp(t, s, "adm")
			ix := a.index
			adm := graph.NewAdmission(1, 1)
			a.metrics.watch(s, ix, a.indexer)
			a.metrics.watchAdmission(adm)
			srv := httptest.NewServer(a.routes(graph.NewHandler(s, ix, graph.Config{PublicRead: true, Admission: adm}), http.NotFoundHandler(), http.NotFoundHandler()))
			defer srv.Close()

			adm.Acquire(ctx) // the one turn, taken
			const q = `{"query": "{ articles(first: 1) { totalCount } }"}`
			queued := make(chan int, 1)
			go func() {
				resp, err := http.Post(srv.URL+"/graphql", "application/json", strings.NewReader(q))
				if err != nil {
					t.Error(err)
					queued <- 0
					return
				}
				resp.Body.Close()
				queued <- resp.StatusCode
			}()
			for adm.Stats().Queued < 1 {
				time.Sleep(time.Millisecond)
			}
			resp, err := http.Post(srv.URL+"/graphql", "application/json", strings.NewReader(q))
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusServiceUnavailable || !strings.Contains(string(body), graph.CodeOverloaded) {
				t.Errorf("GraphQL over a full queue: %d %s", resp.StatusCode, body)
			}
			for _, path := range []string{"/healthz", "/readyz", "/metrics"} {
				resp, err := http.Get(srv.URL + path)
				if err != nil {
					t.Fatalf("%s: %v", path, err)
				}
				body, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				// /readyz says 503 while this index is not built: it
				// answered, which is what is tested here.
				if resp.StatusCode != 200 && path != "/readyz" || len(body) == 0 {
					t.Errorf("%s while GraphQL is full: %d %s", path, resp.StatusCode, body)
				}
				if path == "/metrics" {
					for _, want := range []string{"tracuu_admission_running 1", "tracuu_admission_queued 1", "tracuu_admission_refused_total 1", "tracuu_admission_limit 1"} {
						if !strings.Contains(string(body), want) {
							t.Errorf("/metrics lacks %q", want)
						}
					}
				}
			}
			adm.Release()
			if code := <-queued; code != 200 {
				t.Errorf("queued request: %d", code)
			}
		})
	}
}
