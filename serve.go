package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/99designs/gqlgen/graphql/playground"

	"tracuu/explore"
	"tracuu/graph"
	"tracuu/indexer"
	"tracuu/models"
	"tracuu/sample"
	"tracuu/search"
)

// maxBody bounds a request body: a GraphQL query or a mutation with one
// article's text.
const maxBody = 4 << 20

// app is the running service.
type app struct {
	store   *models.Store
	index   *search.Index
	metrics *metrics
}

func serve(ctx context.Context, cfg config, m *metrics, stdout io.Writer) error {
	s, ix, closeAll, err := openAll(ctx, cfg, m, "serve")
	if err != nil {
		return err
	}
	defer closeAll()
	m.watch(s, ix)
	if cfg.LoadSample {
		loaded, err := sample.Load(ctx, s)
		if err != nil {
			return err
		}
		if loaded {
			slog.Info("loaded the bundled sample article and its entities")
		}
	}
	tokens, err := apiTokens(cfg, stdout)
	if err != nil {
		return err
	}
	stopWorker, err := startIndexing(ctx, s, ix, m)
	if err != nil {
		return err
	}
	a := &app{store: s, index: ix, metrics: m}
	ex := explore.New(s)
	go func() {
		// Load the relationship graph now rather than on the first query.
		loaded := m.phase("serve", "graph_load")
		if err := ex.Refresh(ctx); err != nil && ctx.Err() == nil {
			slog.Error("explore: unable to load the graph", "err", err)
			return
		}
		loaded()
	}()
	var export http.Handler = ex.ExportHandler()
	if !cfg.PublicRead {
		export = graph.RequireToken(tokens, export)
	}
	h := a.routes(graph.NewHandler(s, ix, graph.Config{Tokens: tokens, PublicRead: cfg.PublicRead, Explore: ex, Observe: m.operation}), export)
	srv := &http.Server{
		Addr:              cfg.Addr,
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		stopWorker()
		return err
	}
	fmt.Fprintf(stdout, "Tracuu is serving on %s database; GraphiQL at http://%s/\n", s.Dialect(), displayAddr(ln.Addr()))
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err = <-errc:
	case <-ctx.Done():
		slog.Info("shutting down")
		shutCtx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
		err = srv.Shutdown(shutCtx)
		cancel()
	}
	stopWorker()
	if err == http.ErrServerClosed {
		err = nil
	}
	return err
}

// startIndexing applies the index jobs left by a crash, before the server
// takes requests, then starts the worker that applies new ones; stop stops
// it and waits for it.
func startIndexing(ctx context.Context, s *models.Store, ix *search.Index, m *metrics) (stop func(), err error) {
	w := &indexer.Worker{Store: s, Index: ix}
	drained := m.phase("serve", "index")
	n, err := w.DrainAll(ctx)
	drained()
	if err != nil {
		return nil, fmt.Errorf("applying pending index jobs: %w", err)
	}
	if n > 0 {
		slog.Info("applied pending index jobs", "jobs", n)
	}
	workerCtx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Go(func() { w.Run(workerCtx) })
	return func() { cancel(); wg.Wait() }, nil
}

func displayAddr(a net.Addr) string {
	host, port, err := net.SplitHostPort(a.String())
	if err != nil {
		return a.String()
	}
	if host == "" || host == "::" || host == "0.0.0.0" {
		host = "localhost"
	}
	return net.JoinHostPort(host, port)
}

func (a *app) routes(gql, export http.Handler) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("/graphql", gql)
	mux.Handle("GET /export/network", export)
	mux.Handle("GET /{$}", playground.Handler("Tracuu", "/graphql"))
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]any{"status": "ok"})
	})
	mux.HandleFunc("GET /readyz", a.readyz)
	mux.Handle("GET /metrics", a.metrics.handler())
	return a.middleware(mux)
}

// readyz: the database answers, its schema is this build's, and the index
// lag (jobs not yet applied) is reported.
func (a *app) readyz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 3*time.Second)
	defer cancel()
	body := map[string]any{"status": "ok"}
	status := http.StatusOK
	if err := a.store.Ping(ctx); err != nil {
		slog.ErrorContext(ctx, "readyz: database", "err", err)
		body["status"], body["database"] = "unavailable", "unreachable"
		writeJSON(w, http.StatusServiceUnavailable, body)
		return
	}
	body["database"] = a.store.Dialect()
	v, err := a.store.SchemaVersion(ctx)
	body["schemaVersion"] = v
	if err != nil || v != models.LatestVersion() {
		body["status"], status = "migrations pending", http.StatusServiceUnavailable
	}
	if n, age, err := a.store.IndexLag(ctx); err == nil {
		body["indexLag"] = map[string]any{"jobs": n, "oldestSeconds": age.Seconds()}
	}
	if n, err := a.index.DocCount(); err == nil {
		body["indexedDocuments"] = n
	}
	writeJSON(w, status, body)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

type requestIDKey struct{}

// middleware: request id, body limit, access log and metrics.
func (a *app) middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get("X-Request-ID")
		if id == "" || len(id) > 64 {
			b := make([]byte, 8)
			rand.Read(b)
			id = hex.EncodeToString(b)
		}
		w.Header().Set("X-Request-ID", id)
		r.Body = http.MaxBytesReader(w, r.Body, maxBody)
		ctx := context.WithValue(r.Context(), requestIDKey{}, id)
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		start := time.Now()
		next.ServeHTTP(rec, r.WithContext(ctx))
		d := time.Since(start)
		a.metrics.observe(r.URL.Path, rec.status, d)
		slog.InfoContext(ctx, "request", "id", id, "method", r.Method, "path", r.URL.Path, "status", rec.status, "ms", d.Milliseconds())
	})
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (s *statusRecorder) WriteHeader(code int) {
	s.status = code
	s.ResponseWriter.WriteHeader(code)
}
