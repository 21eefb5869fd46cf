package search

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"tracuu/internal/cpu"
)

// BenchmarkStages times the stages of a relevance search, first page with
// facets, on an existing index (TRACUU_BENCH_INDEX, e.g. DATA_DIR/index of
// a server that is not running) with 500 queries spread over the
// development queries, and reports each stage's share:
//
//	TRACUU_BENCH_INDEX=/work/bench/ss/sq/index go test ./search/ -run '^$' -bench Stages -benchtime 1x
//
// TRACUU_BENCH_SLOW=N also lists the N slowest queries with their stages
// and matches: the tail to look at.
func BenchmarkStages(b *testing.B) {
	dir := os.Getenv("TRACUU_BENCH_INDEX")
	if dir == "" {
		b.Skip("TRACUU_BENCH_INDEX not set")
	}
	raw, err := os.ReadFile(filepath.Join("..", "..", "shared", "corpus", "dev-queries.json"))
	if err != nil {
		b.Fatal(err)
	}
	var all []struct{ Query string }
	if err := json.Unmarshal(raw, &all); err != nil {
		b.Fatal(err)
	}
	const nq = 500
	c0, t0 := cpu.Used(), time.Now()
	ix, err := Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	// The facet cache is filled in the background after Open: not in the
	// stages' CPU.
	<-ix.warmed
	b.Logf("open and warm the facet cache: %.1f ms CPU, %.1f ms", float64((cpu.Used()-c0).Microseconds())/1000, float64(time.Since(t0).Microseconds())/1000)
	ctx := context.Background()
	names := []string{"parse+snapshot", "match", "top", "stored", "rerank", "highlights", "facets"}
	for i := 0; i < b.N; i++ {
		sums := make([]time.Duration, len(names))
		var totals []time.Duration
		type slow struct {
			query   string
			total   time.Duration
			stages  [7]time.Duration
			matches uint64
		}
		var slowest []slow
		for q := range nq {
			query := all[q*len(all)/nq].Query
			var d [7]time.Duration
			t := cpu.Used()
			lap := func(i int) {
				now := cpu.Used()
				d[i] += now - t
				t = now
			}
			pq, _ := parseQuery(query)
			sn, err := ix.bi.snapshot()
			if err != nil {
				b.Fatal(err)
			}
			st, err := ix.lengths.get(ctx, sn)
			if err != nil {
				b.Fatal(err)
			}
			e := newExecution(ctx, sn, pq, Filter{}, st)
			lap(0)
			if err := e.match(); err != nil {
				b.Fatal(err)
			}
			lap(1)
			hits, err := e.top(rerankWindow, nil)
			if err != nil {
				b.Fatal(err)
			}
			lap(2)
			cands, err := e.candidates(hits)
			if err != nil {
				b.Fatal(err)
			}
			lap(3)
			rerank(pq, cands, e.demote, e.plan.scaleOf)
			lap(4)
			for i := 0; i < len(cands) && i < defaultFirst; i++ {
				e.hitOf(cands[i], cursor{Offset: i + 1})
			}
			lap(5)
			if _, err := e.facets([]string{FacetYears, FacetSources, FacetOrganisations}, false); err != nil {
				b.Fatal(err)
			}
			lap(6)
			sn.close()
			var total time.Duration
			for i, x := range d {
				sums[i] += x
				total += x
			}
			totals = append(totals, total)
			slowest = append(slowest, slow{query, total, d, e.total})
		}
		slices.Sort(totals)
		var all time.Duration
		for _, x := range sums {
			all += x
		}
		for i, n := range names {
			b.Logf("%-15s %8.2f ms a query  %5.1f%%", n, float64(sums[i].Microseconds())/1000/nq, 100*float64(sums[i])/float64(all))
		}
		if n, _ := strconv.Atoi(os.Getenv("TRACUU_BENCH_SLOW")); n > 0 {
			slices.SortFunc(slowest, func(a, b slow) int { return cmp.Compare(b.total, a.total) })
			for _, s := range slowest[:min(n, len(slowest))] {
				var parts []string
				for i, x := range s.stages {
					parts = append(parts, fmt.Sprintf("%s %.1f", names[i], float64(x.Microseconds())/1000))
				}
				fmt.Printf("%7.1f ms %8d matches  %q: %s\n", float64(s.total.Microseconds())/1000, s.matches, s.query, strings.Join(parts, ", "))
			}
		}
		b.Logf("CPU total: p50 %.1f ms, p99 %.1f ms, mean %.1f ms", float64(totals[nq/2].Microseconds())/1000,
			float64(totals[nq*99/100].Microseconds())/1000, float64(all.Microseconds())/1000/nq)
		fc := FacetCache()
		b.Logf("facet cache: %.1f MB, %d entries, %d hits, %d misses", float64(fc.Bytes)/1e6, fc.Entries, fc.Hits, fc.Misses)
	}
}
