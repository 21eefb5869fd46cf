package main

import (
	"context"
	"fmt"
	"log/slog"
	"math"
	"net/http"
	"os"
	"runtime/metrics"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"tracuu/models"
)

// diagFile is -diag: where the mixed runs write one line per request
// (and per background event), and whether they print where the time of
// the slowest requests went. Empty: no diagnostics.
var diagFile string

// diagHeader carries a request's tag from the client to the server's side
// of the diagnostics.
const diagHeader = "X-Reliability-Tag"

// diagSpan is a stretch of time of the server's side: a request between
// the handler's start and end (wait: its Server-Timing queue time), or a
// background event (an indexing round, a load of the explorer's graph).
type diagSpan struct {
	start, end time.Time
	wait       time.Duration
	n          int   // changes applied by an indexing round
	stmts      int64 // SQL statements of a request (models.CountStatements)
}

// diagRecorder collects the server's side of each tagged request and the
// background events of one mixed run.
type diagRecorder struct {
	mu      sync.Mutex
	reqs    map[string]diagSpan
	batches []diagSpan // indexing rounds that applied changes
	loads   []diagSpan // explorer graph loads
}

func newDiagRecorder() *diagRecorder { return &diagRecorder{reqs: map[string]diagSpan{}} }

// wrap records the server's side of each tagged request.
func (d *diagRecorder) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tag := r.Header.Get(diagHeader)
		start := time.Now()
		var stmts atomic.Int64
		next.ServeHTTP(w, r.WithContext(models.CountStatements(r.Context(), &stmts)))
		if tag == "" {
			return
		}
		sp := diagSpan{start: start, end: time.Now(), stmts: stmts.Load()}
		if v, ok := strings.CutPrefix(w.Header().Get("Server-Timing"), "queue;dur="); ok {
			if f, err := strconv.ParseFloat(v, 64); err == nil {
				sp.wait = time.Duration(f * float64(time.Millisecond))
			}
		}
		d.mu.Lock()
		d.reqs[tag] = sp
		d.mu.Unlock()
	})
}

func (d *diagRecorder) batch(start time.Time, n int) {
	d.mu.Lock()
	d.batches = append(d.batches, diagSpan{start: start, end: time.Now(), n: n})
	d.mu.Unlock()
}

// current is the recorder of the running mixed run, told of the
// explorer's loads through slog (nil: none).
var current struct {
	sync.Mutex
	d *diagRecorder
}

// diagSlog passes records at Info and above (the log package's too) to
// stderr and
// turns the explorer's "graph loaded" debug records into load spans.
type diagSlog struct{ next slog.Handler }

func (h diagSlog) Enabled(_ context.Context, l slog.Level) bool { return true }
func (h diagSlog) Handle(ctx context.Context, r slog.Record) error {
	if r.Message == "explore: graph loaded" {
		var took time.Duration
		r.Attrs(func(a slog.Attr) bool {
			if a.Key == "took" {
				took = a.Value.Duration()
			}
			return true
		})
		current.Lock()
		if d := current.d; d != nil {
			d.mu.Lock()
			d.loads = append(d.loads, diagSpan{start: r.Time.Add(-took), end: r.Time})
			d.mu.Unlock()
		}
		current.Unlock()
		return nil
	}
	if r.Level < slog.LevelInfo {
		return nil
	}
	return h.next.Handle(ctx, r)
}
func (h diagSlog) WithAttrs(as []slog.Attr) slog.Handler { return diagSlog{h.next.WithAttrs(as)} }
func (h diagSlog) WithGroup(g string) slog.Handler       { return diagSlog{h.next.WithGroup(g)} }

// diagReq is one request as the client saw it, with the server's side.
type diagReq struct {
	kind  string
	start time.Time
	lat   time.Duration
	tag   string
}

// schedLatency reads the histogram of the time goroutines spent runnable
// before they ran (runtime/metrics).
func schedLatency() *metrics.Float64Histogram {
	s := []metrics.Sample{{Name: "/sched/latencies:seconds"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindFloat64Histogram {
		return nil
	}
	h := s[0].Value.Float64Histogram()
	return &metrics.Float64Histogram{Counts: slices.Clone(h.Counts), Buckets: h.Buckets}
}

// histPct is the p-th percentile (0 to 100) of the counts b minus a.
func histPct(a, b *metrics.Float64Histogram, p float64) time.Duration {
	if a == nil || b == nil || len(a.Counts) != len(b.Counts) {
		return 0
	}
	var total uint64
	for i := range b.Counts {
		total += b.Counts[i] - a.Counts[i]
	}
	if total == 0 {
		return 0
	}
	want := uint64(math.Ceil(float64(total) * p / 100))
	var seen uint64
	for i := range b.Counts {
		seen += b.Counts[i] - a.Counts[i]
		if seen >= want {
			hi := b.Buckets[i+1]
			if math.IsInf(hi, 1) {
				hi = b.Buckets[i]
			}
			return time.Duration(hi * float64(time.Second))
		}
	}
	return 0
}

// diagReport prints where the time of a mixed run's requests went: per
// kind, the wait for admission, the run in the handler and the rest (the
// HTTP client and server, the client's decoding); for the slowest 1%, the
// same and whether an indexing round or a graph load ran beside them;
// and writes every request and event to diagFile.
func diagReport(name string, clients int, t0 time.Time, reqs []diagReq, d *diagRecorder, sched0, sched1 *metrics.Float64Histogram) {
	d.mu.Lock()
	defer d.mu.Unlock()
	type row struct {
		diagReq
		sp diagSpan
		ok bool
	}
	rows := make([]row, len(reqs))
	for i, r := range reqs {
		sp, ok := d.reqs[r.tag]
		rows[i] = row{r, sp, ok}
	}
	p := func(l []time.Duration, q int) float64 { slices.Sort(l); return ms(pct(l, q)) }
	split := func(rs []row) (wait, run, rest []time.Duration) {
		for _, r := range rs {
			if !r.ok {
				continue
			}
			wait = append(wait, r.sp.wait)
			run = append(run, r.sp.end.Sub(r.sp.start)-r.sp.wait)
			rest = append(rest, r.lat-r.sp.end.Sub(r.sp.start))
		}
		return
	}
	for _, kind := range mixKinds {
		var rs []row
		for _, r := range rows {
			if r.kind == kind {
				rs = append(rs, r)
			}
		}
		wait, run, rest := split(rs)
		var stmts, most, counted int64
		for _, r := range rs {
			if r.ok {
				stmts += r.sp.stmts
				most = max(most, r.sp.stmts)
				counted++
			}
		}
		fmt.Printf("%-8s diag clients=%-3d %-14s wait p50 %6.1f p99 %6.1f | run p50 %6.1f p99 %6.1f | rest p50 %5.1f p99 %5.1f ms | SQL statements %.2f a request, at most %d\n",
			name, clients, kind, p(wait, 50), p(wait, 99), p(run, 50), p(run, 99), p(rest, 50), p(rest, 99), float64(stmts)/float64(max(1, counted)), most)
	}
	slices.SortFunc(rows, func(a, b row) int { return int(b.lat - a.lat) })
	slow := rows[:max(1, len(rows)/100)]
	wait, run, rest := split(slow)
	mean := func(l []time.Duration) float64 {
		var s time.Duration
		for _, v := range l {
			s += v
		}
		return ms(s / time.Duration(max(1, len(l))))
	}
	kinds := map[string]int{}
	withBatch, withLoad := 0, 0
	overlaps := func(sp diagSpan, evs []diagSpan) bool {
		for _, e := range evs {
			if e.start.Before(sp.end) && e.end.After(sp.start) {
				return true
			}
		}
		return false
	}
	for _, r := range slow {
		kinds[r.kind]++
		if !r.ok {
			continue
		}
		if overlaps(r.sp, d.batches) {
			withBatch++
		}
		if overlaps(r.sp, d.loads) {
			withLoad++
		}
	}
	// The share of all requests beside an indexing round, to compare.
	allBatch := 0
	for _, r := range rows {
		if r.ok && overlaps(r.sp, d.batches) {
			allBatch++
		}
	}
	var ks []string
	for _, k := range mixKinds {
		if kinds[k] > 0 {
			ks = append(ks, fmt.Sprintf("%s %d", k, kinds[k]))
		}
	}
	fmt.Printf("%-8s diag clients=%-3d slowest 1%% (%d, from %.1f ms): mean wait %.1f, run %.1f, rest %.1f ms; %s; beside an indexing round %d (all requests: %.0f%%), a graph load %d\n",
		name, clients, len(slow), ms(slow[len(slow)-1].lat), mean(wait), mean(run), mean(rest), strings.Join(ks, ", "), withBatch, 100*float64(allBatch)/float64(max(1, len(rows))), withLoad)
	var bd []time.Duration
	changes := 0
	for _, b := range d.batches {
		bd = append(bd, b.end.Sub(b.start))
		changes += b.n
	}
	var ld []time.Duration
	for _, l := range d.loads {
		ld = append(ld, l.end.Sub(l.start))
	}
	fmt.Printf("%-8s diag clients=%-3d indexing rounds %d (%d changes), p50 %.1f ms, max %.1f ms; graph loads %d, max %.1f ms; goroutines' scheduling latency p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms\n",
		name, clients, len(d.batches), changes, p(bd, 50), p(bd, 100), len(ld), p(ld, 100),
		ms(histPct(sched0, sched1, 50)), ms(histPct(sched0, sched1, 99)), ms(histPct(sched0, sched1, 99.9)))
	if diagFile == "" || diagFile == "-" {
		return
	}
	f, err := os.OpenFile(diagFile, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		fmt.Printf("  diag: %v\n", err)
		return
	}
	defer f.Close()
	off := func(t time.Time) float64 { return ms(t.Sub(t0)) }
	for _, r := range rows {
		if !r.ok {
			continue
		}
		fmt.Fprintf(f, "%s,%d,req,%s,%.3f,%.3f,%.3f,%.3f,%.3f\n", name, clients, r.kind, off(r.start), ms(r.lat), off(r.sp.start), off(r.sp.end), ms(r.sp.wait))
	}
	for _, b := range d.batches {
		fmt.Fprintf(f, "%s,%d,index,%d,%.3f,%.3f,,,\n", name, clients, b.n, off(b.start), ms(b.end.Sub(b.start)))
	}
	for _, l := range d.loads {
		fmt.Fprintf(f, "%s,%d,graphload,,%.3f,%.3f,,,\n", name, clients, off(l.start), ms(l.end.Sub(l.start)))
	}
}
