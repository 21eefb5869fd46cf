package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
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
	indexer *indexer.Server
	metrics *metrics
}

func serve(ctx context.Context, cfg config, m *metrics, stdout io.Writer) error {
	s, ix, closeAll, err := openAll(ctx, cfg, m, "serve")
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
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return err
	}
	defer ln.Close()
	w, stopIndexer, err := startIndexer(ctx, cfg, s, ix, ln.Addr())
	if err != nil {
		return err
	}
	defer stopIndexer()

	a := &app{store: s, index: ix, indexer: w, metrics: m}
	m.watch(s, ix, w)
	ex := explore.New(s)
	m.watchExplorer(ex)
	go func() {
		// Load the relationship graph now rather than on the first query.
		loaded := m.phase("serve", "graph_load")
		if err := ex.Refresh(ctx); err != nil && ctx.Err() == nil {
			slog.Error("explore: unable to load the graph", "err", err)
			return
		}
		loaded()
	}()
	go repairDeferredWhileServing(ctx, s)
	adm := graph.NewAdmission(cfg.Admit, cfg.AdmitQueue)
	m.watchAdmission(adm)
	var export http.Handler = ex.ExportHandler()
	if !cfg.PublicRead {
		export = graph.RequireToken(tokens, export)
	}
	h := a.routes(graph.NewHandler(s, ix, graph.Config{Tokens: tokens, PublicRead: cfg.PublicRead, Explore: ex, IndexNotice: a.indexNotice, Observe: m.operation,
		RequestTimeout: cfg.RequestTimeout, SearchTimeout: cfg.SearchTimeout, Slots: graph.NewSlots(cfg.Slots), Admission: adm}), export, site.Handler())
	srv := &http.Server{
		Addr:              cfg.Addr,
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
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
	if err == http.ErrServerClosed {
		err = nil
	}
	return err
}

// startIndexer registers this server and starts its indexer: the index
// follows the database's change log while the server serves, a new or
// wiped index is built meanwhile (/readyz says how far), and changes made
// through any server reach this one's index. stop stops it and waits.
func startIndexer(ctx context.Context, cfg config, s *models.Store, ix *search.Index, addr net.Addr) (w *indexer.Server, stop func(), err error) {
	id, err := serverID(cfg)
	if err != nil {
		return nil, nil, err
	}
	w = &indexer.Server{Worker: indexer.Worker{Store: s, Index: ix}, ID: id, Home: home(cfg), Addr: advertisedAddr(addr), Retention: cfg.IndexRetention}
	if err := w.Register(ctx); err != nil {
		return nil, nil, err
	}
	workerCtx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Go(func() { w.Run(workerCtx) })
	return w, func() { cancel(); wg.Wait() }, nil
}

// advertisedAddr is where other hosts reach the listener: the host name
// with the port, for the registry of servers.
func advertisedAddr(a net.Addr) string {
	host, port, err := net.SplitHostPort(a.String())
	if err != nil {
		return a.String()
	}
	if ip := net.ParseIP(host); host == "" || ip == nil || ip.IsUnspecified() {
		if h, err := os.Hostname(); err == nil {
			host = h
		}
	}
	return net.JoinHostPort(host, port)
}

// home is the host and the absolute folder of the index.
func home(cfg config) string {
	host, _ := os.Hostname()
	dir, err := filepath.Abs(indexDir(cfg))
	if err != nil {
		dir = indexDir(cfg)
	}
	return host + ":" + dir
}

// deferredRepairInterval is how often a server looks for the indexes of a
// first load that was killed after the server started.
var deferredRepairInterval = 30 * time.Second

// repairDeferredWhileServing builds, every deferredRepairInterval, the
// indexes a killed first load left recorded (models.Store.RepairDeferred:
// nothing while a load runs or when none is recorded), so that a server
// started before the load does not run without them until the next start.
func repairDeferredWhileServing(ctx context.Context, s *models.Store) {
	t := time.NewTicker(deferredRepairInterval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		err := s.RepairDeferred(ctx, func(name string, done, total int, took time.Duration) {
			slog.Info("indexes: built what a killed first load left", "index", name, "done", done, "of", total, "took", took)
		})
		if err != nil && ctx.Err() == nil {
			slog.Error("indexes: unable to build what a killed first load left", "err", err)
		}
	}
}

// serverID names this server in the registry of servers: SERVER_ID, else
// an id made at first start and kept in DATA_DIR beside the index.
func serverID(cfg config) (string, error) {
	if cfg.ServerID != "" {
		return cfg.ServerID, nil
	}
	path := filepath.Join(cfg.DataDir, "server-id")
	if b, err := os.ReadFile(path); err == nil && strings.TrimSpace(string(b)) != "" {
		return strings.TrimSpace(string(b)), nil
	}
	host, _ := os.Hostname()
	b := make([]byte, 4)
	rand.Read(b)
	id := strings.Trim(host+"-"+hex.EncodeToString(b), "-")
	if err := os.MkdirAll(cfg.DataDir, 0o755); err != nil {
		return "", err
	}
	if err := os.WriteFile(path, []byte(id+"\n"), 0o644); err != nil {
		return "", fmt.Errorf("unable to keep the server id: %w", err)
	}
	return id, nil
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
	mux.Handle("GET /metrics", a.metrics.handler())
	return a.middleware(mux)
}

// readyz: the database answers, its schema is this build's, and this
// server's index holds the database (it is not being built from scratch
// or after falling behind the log). The body says how far the index is:
// its state, its position in the change log and how far behind the head
// it is, and the progress of a build.
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
	st := a.indexer.Status()
	index := map[string]any{"server": st.ID, "state": st.State, "position": st.Position, "reindexDone": st.ReindexDone}
	if st.Detail != "" {
		index["detail"] = st.Detail
	}
	if st.Total > 0 {
		index["built"], index["total"] = st.Built, st.Total
		index["percent"] = math.Round(1000*float64(st.Built)/float64(st.Total)) / 10
	}
	if ls, err := a.store.LogState(ctx); err == nil {
		index["head"], index["behind"] = ls.Head, max(ls.Head-st.Position, 0)
		lag := map[string]any{"jobs": max(ls.Head-st.Position, 0), "oldestSeconds": 0.0}
		if at, ok, err := a.store.OldestChangeAfter(ctx, st.Position); err == nil && ok {
			lag["oldestSeconds"] = time.Since(at).Seconds()
		}
		body["indexLag"] = lag
	}
	if n, err := a.index.DocCount(); err == nil {
		body["indexedDocuments"] = n
	}
	body["index"] = index
	if !st.Ready && status == http.StatusOK {
		body["status"], status = "index "+st.State, http.StatusServiceUnavailable
	}
	writeJSON(w, status, body)
}

// indexNotice is added to GraphQL responses while the index is not
// complete: searches answer from what is built so far.
func (a *app) indexNotice() any {
	st := a.indexer.Status()
	if st.Ready {
		return nil
	}
	n := map[string]any{"state": st.State, "complete": false, "message": "the search index of this server is being built: searches answer from the part built so far"}
	if st.Total > 0 {
		n["built"], n["total"] = st.Built, st.Total
	}
	return n
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
