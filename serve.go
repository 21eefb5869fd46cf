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
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"tracuu/explore"
	"tracuu/graph"
	"tracuu/indexer"
	"tracuu/models"
	"tracuu/sample"
	"tracuu/search"
	"tracuu/web"
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

func serve(ctx context.Context, cfg config, stdout io.Writer) error {
	s, ix, closeAll, err := openAll(ctx, cfg)
	if err != nil {
		return err
	}
	defer closeAll()
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
	site, err := web.New()
	if err != nil {
		return err
	}
	w := &indexer.Worker{Store: s, Index: ix}
	// Jobs left by a crash are applied before the server takes requests.
	if n, err := w.DrainAll(ctx); err != nil {
		return fmt.Errorf("applying pending index jobs: %w", err)
	} else if n > 0 {
		slog.Info("applied pending index jobs", "jobs", n)
	}
	workerCtx, stopWorker := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); w.Run(workerCtx) }()

	a := &app{store: s, index: ix, metrics: newMetrics()}
	ex := explore.New(s)
	go func() {
		// Load the relationship graph now rather than on the first query.
		if err := ex.Refresh(ctx); err != nil && ctx.Err() == nil {
			slog.Error("explore: unable to load the graph", "err", err)
		}
	}()
	var export http.Handler = ex.ExportHandler()
	if !cfg.PublicRead {
		export = graph.RequireToken(tokens, export)
	}
	h := a.routes(graph.NewHandler(s, ix, graph.Config{Tokens: tokens, PublicRead: cfg.PublicRead, Explore: ex}), export, site.Handler())
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
	addr := displayAddr(ln.Addr())
	fmt.Fprintf(stdout, "Tracuu is serving on %s database: the web app at http://%s/, GraphiQL at http://%s/graphiql\n", s.Dialect(), addr, addr)
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
	wg.Wait()
	if err == http.ErrServerClosed {
		err = nil
	}
	return err
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

// routes: the API, the exports and the probes; every other GET is the web
// app's (its pages, /graphiql and /assets/).
func (a *app) routes(gql, export, site http.Handler) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("/graphql", gql)
	mux.Handle("GET /export/network", export)
	mux.Handle("/", site)
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]any{"status": "ok"})
	})
	mux.HandleFunc("GET /readyz", a.readyz)
	mux.HandleFunc("GET /metrics", a.metricsHandler)
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

// metrics counts requests and their latency in Prometheus text format.
type metrics struct {
	mu       sync.Mutex
	requests map[string]*atomic.Int64 // "path status"
	buckets  []float64
	hist     map[string][]int64 // path -> counts per bucket (+Inf last)
	sum      map[string]float64
}

func newMetrics() *metrics {
	return &metrics{requests: map[string]*atomic.Int64{}, hist: map[string][]int64{}, sum: map[string]float64{},
		buckets: []float64{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5}}
}

func (m *metrics) observe(path string, status int, d time.Duration) {
	switch path {
	case "/graphql", "/", "/healthz", "/readyz", "/metrics", "/export/network":
	default:
		path = "other"
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	k := path + " " + strconv.Itoa(status)
	if m.requests[k] == nil {
		m.requests[k] = &atomic.Int64{}
	}
	m.requests[k].Add(1)
	h := m.hist[path]
	if h == nil {
		h = make([]int64, len(m.buckets)+1)
		m.hist[path] = h
	}
	sec := d.Seconds()
	for i, b := range m.buckets {
		if sec <= b {
			h[i]++
		}
	}
	h[len(m.buckets)]++
	m.sum[path] += sec
}

func (a *app) metricsHandler(w http.ResponseWriter, r *http.Request) {
	m := a.metrics
	w.Header().Set("Content-Type", "text/plain; version=0.0.4")
	m.mu.Lock()
	var b strings.Builder
	b.WriteString("# HELP tracuu_http_requests_total HTTP requests by path and status.\n# TYPE tracuu_http_requests_total counter\n")
	keys := make([]string, 0, len(m.requests))
	for k := range m.requests {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		path, status, _ := strings.Cut(k, " ")
		fmt.Fprintf(&b, "tracuu_http_requests_total{path=%q,status=%q} %d\n", path, status, m.requests[k].Load())
	}
	b.WriteString("# HELP tracuu_http_request_duration_seconds HTTP request latency.\n# TYPE tracuu_http_request_duration_seconds histogram\n")
	paths := make([]string, 0, len(m.hist))
	for p := range m.hist {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		h := m.hist[p]
		for i, bound := range m.buckets {
			fmt.Fprintf(&b, "tracuu_http_request_duration_seconds_bucket{path=%q,le=\"%g\"} %d\n", p, bound, h[i])
		}
		fmt.Fprintf(&b, "tracuu_http_request_duration_seconds_bucket{path=%q,le=\"+Inf\"} %d\n", p, h[len(m.buckets)])
		fmt.Fprintf(&b, "tracuu_http_request_duration_seconds_sum{path=%q} %g\ntracuu_http_request_duration_seconds_count{path=%q} %d\n", p, m.sum[p], p, h[len(m.buckets)])
	}
	m.mu.Unlock()
	if n, _, err := a.store.IndexLag(r.Context()); err == nil {
		fmt.Fprintf(&b, "# HELP tracuu_index_lag_jobs Index jobs not yet applied.\n# TYPE tracuu_index_lag_jobs gauge\ntracuu_index_lag_jobs %d\n", n)
	}
	if n, err := a.index.DocCount(); err == nil {
		fmt.Fprintf(&b, "# HELP tracuu_index_documents Documents in the search index.\n# TYPE tracuu_index_documents gauge\ntracuu_index_documents %d\n", n)
	}
	io.WriteString(w, b.String())
}
