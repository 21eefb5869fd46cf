package main

import (
	"context"
	"math"
	"net/http"
	"runtime"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"tracuu/explore"
	"tracuu/graph"
	"tracuu/indexer"
	"tracuu/models"
	"tracuu/search"
)

// metrics are the process's Prometheus metrics. serve exposes them at
// GET /metrics; the other commands write them to METRICS_FILE, when set,
// as they end (for node_exporter's textfile collector).
type metrics struct {
	reg        *prometheus.Registry
	requests   *prometheus.CounterVec   // by path and status
	latency    *prometheus.HistogramVec // by path
	operations *prometheus.HistogramVec // by GraphQL operation (root field)
	phases     *prometheus.HistogramVec // by command and phase
}

// latencyBuckets suit requests and phases from a few milliseconds (a
// search) to minutes (an import, a reindex).
var latencyBuckets = []float64{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300}

func newMetrics() *metrics {
	m := &metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "tracuu_http_requests_total", Help: "HTTP requests by path and status.",
		}, []string{"path", "status"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "tracuu_http_request_duration_seconds", Help: "HTTP request latency by path.", Buckets: latencyBuckets,
		}, []string{"path"}),
		operations: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "tracuu_graphql_operation_duration_seconds", Help: "Latency of each GraphQL operation (query or mutation root field), its whole selection included.", Buckets: latencyBuckets,
		}, []string{"type", "operation"}),
		phases: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "tracuu_command_phase_duration_seconds", Help: "Duration of each phase of a command (migrate, import, index, rebuild, graph load...).", Buckets: latencyBuckets,
		}, []string{"command", "phase"}),
	}
	m.reg.MustRegister(m.requests, m.latency, m.operations, m.phases,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// watchExplorer exports how the explorer's graph is kept up to date.
func (m *metrics) watchExplorer(ex *explore.Explorer) {
	counter := func(name, help string, f func(explore.Stats) float64) prometheus.Collector {
		return prometheus.NewCounterFunc(prometheus.CounterOpts{Name: name, Help: help}, func() float64 { return f(ex.Stats()) })
	}
	m.reg.MustRegister(
		counter("tracuu_explore_graph_loads_total", "Relationship graphs loaded whole from the database.", func(s explore.Stats) float64 { return float64(s.Loads) }),
		counter("tracuu_explore_graph_follows_total", "Relationship graphs brought up to date from the change log.", func(s explore.Stats) float64 { return float64(s.Follows) }),
		counter("tracuu_explore_graph_refresh_seconds_total", "Time spent building relationship graphs, either way.", func(s explore.Stats) float64 { return s.Time.Seconds() }),
	)
}

// watch adds the gauges of a running server, read when scraped: its
// store, its index and the indexer that keeps the index on the change log.
func (m *metrics) watch(s *models.Store, ix *search.Index, w *indexer.Server) {
	gauge := func(name, help string, f func() float64) prometheus.Collector {
		return prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: name, Help: help}, f)
	}
	m.reg.MustRegister(
		prometheus.NewCounterFunc(prometheus.CounterOpts{
			Name: "tracuu_db_statements_total", Help: "SQL statements run since the process started.",
		}, func() float64 { return float64(s.Statements()) }),
		gauge("tracuu_index_lag_jobs", "Changes in the log after this server's index position.", func() float64 {
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			defer cancel()
			ls, err := s.LogState(ctx)
			if err != nil {
				return math.NaN()
			}
			return float64(max(ls.Head-w.Status().Position, 0))
		}),
		gauge("tracuu_index_position", "Position of this server's index in the change log.", func() float64 {
			return float64(w.Status().Position)
		}),
		gauge("tracuu_index_ready", "Whether this server's index is complete (1) or being built (0).", func() float64 {
			if w.Status().Ready {
				return 1
			}
			return 0
		}),
		gauge("tracuu_index_documents", "Documents in the search index.", func() float64 {
			n, err := ix.DocCount()
			if err != nil {
				return math.NaN()
			}
			return float64(n)
		}),
		gauge("tracuu_facet_cache_bytes", "Bytes held by the facets' cache of segment data (entity doc-value blocks, value columns), bounded.", func() float64 {
			return float64(search.FacetCache().Bytes)
		}),
		prometheus.NewCounterFunc(prometheus.CounterOpts{
			Name: "tracuu_facet_cache_hits_total", Help: "Reads of the facets found in their cache.",
		}, func() float64 { return float64(search.FacetCache().Hits) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{
			Name: "tracuu_facet_cache_misses_total", Help: "Reads of the facets decoded from the segments and cached.",
		}, func() float64 { return float64(search.FacetCache().Misses) }),
		gauge("tracuu_go_heap_bytes", "Bytes of allocated Go heap objects.", func() float64 {
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			return float64(ms.HeapAlloc)
		}),
	)
}

// watchAdmission adds the figures of the GraphQL admission queue, read
// when scraped.
func (m *metrics) watchAdmission(a *graph.Admission) {
	stat := func(f func(graph.AdmissionStats) float64) func() float64 {
		return func() float64 { return f(a.Stats()) }
	}
	counter := func(name, help string, f func(graph.AdmissionStats) float64) prometheus.Collector {
		return prometheus.NewCounterFunc(prometheus.CounterOpts{Name: name, Help: help}, stat(f))
	}
	gauge := func(name, help string, f func(graph.AdmissionStats) float64) prometheus.Collector {
		return prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: name, Help: help}, stat(f))
	}
	m.reg.MustRegister(
		gauge("tracuu_admission_limit", "GraphQL requests that run at once (ADMIT).", func(s graph.AdmissionStats) float64 { return float64(s.Limit) }),
		gauge("tracuu_admission_queue_limit", "GraphQL requests that may wait for their turn (ADMIT_QUEUE).", func(s graph.AdmissionStats) float64 { return float64(s.MaxQueue) }),
		gauge("tracuu_admission_running", "GraphQL requests running now.", func(s graph.AdmissionStats) float64 { return float64(s.Running) }),
		gauge("tracuu_admission_queued", "GraphQL requests waiting for their turn now.", func(s graph.AdmissionStats) float64 { return float64(s.Queued) }),
		counter("tracuu_admission_admitted_total", "GraphQL requests admitted to run.", func(s graph.AdmissionStats) float64 { return float64(s.Admitted) }),
		counter("tracuu_admission_refused_total", "GraphQL requests refused with OVERLOADED: the queue was full.", func(s graph.AdmissionStats) float64 { return float64(s.Refused) }),
		counter("tracuu_admission_abandoned_total", "GraphQL requests whose client went away while they waited.", func(s graph.AdmissionStats) float64 { return float64(s.Abandoned) }),
		counter("tracuu_admission_timed_out_total", "GraphQL requests whose time budget ended while they waited (TIMEOUT).", func(s graph.AdmissionStats) float64 { return float64(s.TimedOut) }),
		counter("tracuu_admission_overtaken_total", "GraphQL requests admitted before one that arrived earlier (least slack: their operation is expected to run longer).", func(s graph.AdmissionStats) float64 { return float64(s.Overtaken) }),
		counter("tracuu_admission_wait_seconds_total", "Time admitted GraphQL requests spent waiting for their turn.", func(s graph.AdmissionStats) float64 { return s.Waited.Seconds() }),
	)
}

// observe records one HTTP request. Paths other than the service's own
// are counted as "other", so that scanners cannot grow the label set.
func (m *metrics) observe(path string, status int, d time.Duration) {
	switch path {
	case "/graphql", "/", "/healthz", "/readyz", "/metrics", "/export/network":
	default:
		path = "other"
	}
	m.requests.WithLabelValues(path, strconv.Itoa(status)).Inc()
	m.latency.WithLabelValues(path).Observe(d.Seconds())
}

// operation records one GraphQL operation (graph.Config.Observe).
func (m *metrics) operation(typ, name string, d time.Duration) {
	m.operations.WithLabelValues(typ, name).Observe(d.Seconds())
}

// phase starts timing a phase of a command; the function it returns ends it.
func (m *metrics) phase(command, phase string) func() {
	start := time.Now()
	return func() { m.phases.WithLabelValues(command, phase).Observe(time.Since(start).Seconds()) }
}

func (m *metrics) handler() http.Handler { return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{}) }

// writeFile writes the metrics in the text format to path, atomically.
func (m *metrics) writeFile(path string) error { return prometheus.WriteToTextfile(path, m.reg) }
