package main

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"tracuu/graph"
	"tracuu/indexer"
	"tracuu/models"
	"tracuu/models/modelstest"
	"tracuu/search"
)

// TestIndexBuilding: while a server's index is being built, /readyz
// answers 503 with the state, and GraphQL answers, from what is built,
// with extensions.searchIndex saying the index is not complete.
func TestIndexBuilding(t *testing.T) {
	ctx := context.Background()
	s := modelstest.Open(t, "sqlite")
	if _, err := s.SaveArticle(ctx, &models.Article{Title: "Hội nghị sơ kết", Body: "Nội dung hội nghị."}, nil); err != nil {
		t.Fatal(err)
	}
	// Registered, not yet built: a new server's first moments.
	a := registeredApp(t, s, "new")
	ix, w := a.index, a.indexer
	h := a.routes(graph.NewHandler(s, ix, graph.Config{PublicRead: true, IndexNotice: a.indexNotice}), http.NotFoundHandler(), http.NotFoundHandler())

	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/readyz", nil))
	var ready struct {
		Status string
		Index  struct{ State string }
	}
	json.NewDecoder(rec.Body).Decode(&ready)
	if rec.Code != 503 || ready.Index.State != models.ServerBuilding || ready.Status != "index building" {
		t.Errorf("readyz while building: %d %+v", rec.Code, ready)
	}

	rec = httptest.NewRecorder()
	req := httptest.NewRequest("POST", "/graphql", strings.NewReader(`{"query": "{ search(query: \"hoi nghi\") { totalCount } }"}`))
	req.Header.Set("Content-Type", "application/json")
	h.ServeHTTP(rec, req)
	var resp struct {
		Data       map[string]any
		Errors     []any
		Extensions struct {
			SearchIndex struct {
				State    string
				Complete *bool
			}
		}
	}
	json.NewDecoder(rec.Body).Decode(&resp)
	si := resp.Extensions.SearchIndex
	if len(resp.Errors) > 0 || resp.Data["search"] == nil || si.State != models.ServerBuilding || si.Complete == nil || *si.Complete {
		t.Errorf("search while building: %d %+v", rec.Code, resp)
	}

	// Built: ready, and no notice.
	runCtx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { w.Run(runCtx); close(done) }()
	defer func() { cancel(); <-done }()
	for deadline := time.Now().Add(time.Minute); !w.Status().Ready; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("not built: %+v", w.Status())
		}
	}
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/readyz", nil))
	if rec.Code != 200 {
		t.Errorf("readyz once built: %d %s", rec.Code, rec.Body)
	}
	rec = httptest.NewRecorder()
	req = httptest.NewRequest("POST", "/graphql", strings.NewReader(`{"query": "{ search(query: \"hoi nghi\") { totalCount } }"}`))
	req.Header.Set("Content-Type", "application/json")
	h.ServeHTTP(rec, req)
	if body := rec.Body.String(); strings.Contains(body, "searchIndex") || !strings.Contains(body, `"totalCount":1`) {
		t.Errorf("search once built: %s", body)
	}
}

// registeredApp returns an app on s with an index of its own and an
// indexing server registered as id, not yet built.
func registeredApp(t *testing.T, s *models.Store, id string) *app {
	t.Helper()
	ix, err := search.Open(t.TempDir() + "/index")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	w := &indexer.Server{Worker: indexer.Worker{Store: s, Index: ix}, ID: id, Home: "here"}
	if err := w.Register(context.Background()); err != nil {
		t.Fatal(err)
	}
	return &app{store: s, index: ix, indexer: w, metrics: newMetrics()}
}
