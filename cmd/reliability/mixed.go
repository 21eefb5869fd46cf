package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"runtime/metrics"
	"slices"
	"strings"
	"sync"
	"time"

	"tracuu/graph"
	"tracuu/internal/cpu"
	"tracuu/models"
	"tracuu/search"
	"tracuu/search/relevance"
)

// The kinds of request a mixed client sends, in the order it cycles
// through them: five reads to one write.
var mixKinds = []string{"search", "suggest", "article", "person", "network", "ingestArticle"}

const (
	searchMixed = `query($q: String!) { search(query: $q, first: 10) { totalCount
  facets { years { value count } sources { value count } people { value count } organisations { value count } }
  edges { highlights { field fragments } node { __typename } } } }`
	suggestMixed = `query($p: String!) { suggest(prefix: $p, first: 10) { label type } }`
	articleMixed = `query($id: ID!) { node(id: $id) { ... on Article { title lead body source publishedAt
  authors { id name } mentions(first: 50) { totalCount } } } }`
	personMixed = `query($id: ID!) { node(id: $id) { ... on Person { name aliases
  positions(first: 20) { nodes { title organisation { name } } } articles(first: 10) { totalCount } } } }`
	networkMixed = `query($id: ID!) { network(ids: [$id], depth: 2, limit: 100) { nodes { id } edges { from to weight } } }`
)

// mixResult is what a mixed run measured: per kind and over all requests.
type mixResult struct {
	requests, errors, stored, twice, written int
	lats                                     map[string][]time.Duration
	samples                                  []string
	admission                                graph.AdmissionStats
	cpu                                      cpuUse
	diag                                     func(name string) // prints the diagnostics (-diag)
}

// cpuUse is the process's CPU time over a run (client, handler, index
// and garbage collector together, all in this process) and the part of it
// Go's runtime counts as garbage collection.
type cpuUse struct {
	wall, total time.Duration
	// gc and user: Go's estimates of garbage collection and of the rest.
	gc, user time.Duration
	cycles   uint64 // collections completed
}

// goCPU reads Go's runtime's estimates of the CPU time spent collecting
// garbage and running Go code, and the collections completed
// (runtime/metrics). The estimates count time a thread was scheduled by
// Go, so on a loaded machine they include time the system gave to other
// processes (read the ratio, not the figures), and they move only when a
// collection ends.
func goCPU() (gc, user time.Duration, cycles uint64) {
	s := []metrics.Sample{{Name: "/cpu/classes/gc/total:cpu-seconds"}, {Name: "/cpu/classes/user:cpu-seconds"}, {Name: "/gc/cycles/total:gc-cycles"}}
	metrics.Read(s)
	d := func(v metrics.Value) time.Duration {
		if v.Kind() != metrics.KindFloat64 {
			return 0
		}
		return time.Duration(v.Float64() * float64(time.Second))
	}
	if s[2].Value.Kind() == metrics.KindUint64 {
		cycles = s[2].Value.Uint64()
	}
	return d(s[0].Value), d(s[1].Value), cycles
}

// mixedRun serves GraphQL over a store holding n articles of the corpus
// (SQLite in a temporary folder, or the PostgreSQL database at url), with
// the index kept up to date as a server would, and has clients cycle
// through reads (search with facets and highlights, suggest, article and
// person pages, network) and writes (ingestArticle, each a new url) for d.
// With think > 0 each client waits a random 0.5 to 1.5 times think after
// each answer, as people reading the answers do; else it sends the next
// request at once (closed loop, the headline figures).
func mixedRun(url string, arts []relevance.Article, n, clients int, d, think time.Duration) (mixResult, error) {
	ctx := context.Background()
	res := mixResult{lats: map[string][]time.Duration{}}
	c, err := newCorpusServer(ctx, url, "tracuu-mixed-", arts, n)
	if err != nil {
		return res, err
	}
	defer c.close()
	dir, s, w, srv := c.dir, c.s, c.w, c.srv

	arIDs, err := ids(ctx, s, models.TypeArticle)
	if err != nil {
		return res, err
	}
	peIDs, err := ids(ctx, s, models.TypePerson)
	if err != nil {
		return res, err
	}
	if len(arIDs) == 0 || len(peIDs) == 0 {
		return res, fmt.Errorf("mixed: the store holds %d articles and %d people, need both", len(arIDs), len(peIDs))
	}
	words := searchWords(arts[:min(n, len(arts))])

	// The index follows the writes, as serve's indexing server does.
	idxCtx, stopIdx := context.WithCancel(ctx)
	idxDone := make(chan struct{})
	go func() {
		defer close(idxDone)
		for idxCtx.Err() == nil {
			start := time.Now()
			if n, _ := w.CatchUp(idxCtx); n > 0 && c.diag != nil {
				c.diag.batch(start, n)
			}
			select {
			case <-idxCtx.Done():
			case <-time.After(200 * time.Millisecond):
			}
		}
	}()
	defer func() { stopIdx(); <-idxDone }()

	prefix := fmt.Sprintf("https://reliability.invalid/mixed/%d/", time.Now().UnixNano())
	var (
		mu sync.Mutex
		wg sync.WaitGroup
	)
	var diags []diagReq
	if c.diag != nil {
		current.Lock()
		current.d = c.diag
		current.Unlock()
		defer func() {
			current.Lock()
			current.d = nil
			current.Unlock()
		}()
	}
	sched0, merges0 := schedLatency(), search.Merges()
	search.TakeLongestMerge()
	var pg0 pgCounts
	if c.pg != nil {
		pg0 = c.pg.counts()
	}
	t0, cpu0 := time.Now(), cpu.Used()
	gc0, user0, cycles0 := goCPU()
	stop := t0.Add(d)
	for cl := range clients {
		wg.Go(func() {
			hc := &http.Client{Timeout: time.Minute}
			rng := rand.New(rand.NewPCG(uint64(cl), 1))
			for i := 0; time.Now().Before(stop); i++ {
				if think > 0 && i > 0 {
					time.Sleep(think/2 + time.Duration(rng.Int64N(int64(think))))
				}
				kind := mixKinds[(cl+i)%len(mixKinds)]
				k := cl*7919 + i
				var msg, tag string
				if c.diag != nil {
					tag = fmt.Sprintf("%d/%d", cl, i)
				}
				start := time.Now()
				switch kind {
				case "search":
					msg = okOr(sendTagged(hc, srv.URL, searchMixed, map[string]any{"q": words[k%len(words)]}, tag))
				case "suggest":
					wd := []rune(words[k%len(words)])
					msg = okOr(sendTagged(hc, srv.URL, suggestMixed, map[string]any{"p": string(wd[:min(3, len(wd))])}, tag))
				case "article":
					msg = okOr(sendTagged(hc, srv.URL, articleMixed, map[string]any{"id": arIDs[k%len(arIDs)]}, tag))
				case "person":
					msg = okOr(sendTagged(hc, srv.URL, personMixed, map[string]any{"id": peIDs[k%len(peIDs)]}, tag))
				case "network":
					msg = okOr(sendTagged(hc, srv.URL, networkMixed, map[string]any{"id": peIDs[k%len(peIDs)]}, tag))
				case "ingestArticle":
					a := arts[k%len(arts)]
					a.URL = fmt.Sprintf("%s%d/%d", prefix, cl, i)
					msg = sendArticleTagged(hc, srv.URL, a, tag)
				}
				lat := time.Since(start)
				mu.Lock()
				if tag != "" {
					diags = append(diags, diagReq{kind: kind, start: start, lat: lat, tag: tag})
				}
				res.requests++
				res.lats[kind] = append(res.lats[kind], lat)
				if kind == "ingestArticle" && msg == "" {
					res.written++
				}
				if msg != "" {
					res.errors++
					if len(res.samples) < 5 {
						res.samples = append(res.samples, kind+": "+msg)
					}
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	sched1, merges1 := schedLatency(), search.Merges()
	longest := search.TakeLongestMerge()
	gc1, user1, cycles1 := goCPU()
	res.cpu = cpuUse{wall: time.Since(t0), total: cpu.Used() - cpu0, gc: gc1 - gc0, user: user1 - user0, cycles: cycles1 - cycles0}
	var pg pgCounts
	if c.pg != nil {
		pg = c.pg.counts().sub(pg0)
	}
	res.admission = c.adm.Stats()
	if c.diag != nil {
		res.diag = func(name string) {
			diagReport(name, clients, t0, diags, c.diag, sched0, sched1)
			fmt.Printf("%-8s diag clients=%-3d merges: %d rounds, %.1f s, longest %.0f ms; two parts merging at once %.1f s; waited for the merge gate %.1f s\n", name, clients,
				merges1.Rounds-merges0.Rounds, (merges1.Total - merges0.Total).Seconds(), ms(longest), (merges1.Overlap - merges0.Overlap).Seconds(), (merges1.Wait - merges0.Wait).Seconds())
			if c.pg != nil && res.requests > 0 {
				n := float64(res.requests)
				fmt.Printf("%-8s diag clients=%-3d postgres: %d round trips (%.2f a request; the indexing rounds' included), %d statements prepared (%.3f a request); server CPU %.1f s (%.2f ms a request, %.2f cores)\n", name, clients,
					pg.roundTrips(), float64(pg.roundTrips())/n, pg.parses, float64(pg.parses)/n, pg.cpu.Seconds(), ms(pg.cpu)/n, pg.cpu.Seconds()/res.cpu.wall.Seconds())
			}
		}
	}
	res.stored, res.twice, err = storedOnce(url, dir, prefix)
	return res, err
}

// okOr turns send's "ok" into "".
func okOr(outcome string) string {
	if outcome == "ok" {
		return ""
	}
	return outcome
}

// ids returns the global IDs of up to 200 entities of a type.
func ids(ctx context.Context, s *models.Store, typ string) ([]string, error) {
	var out []string
	switch typ {
	case models.TypeArticle:
		l, err := s.Articles(ctx, models.ArticleFilter{}, models.ArticlesNewest, models.Page{First: 200})
		if err != nil {
			return nil, err
		}
		for _, a := range l.Items {
			out = append(out, graph.GlobalID(typ, a.ID))
		}
	case models.TypePerson:
		l, err := s.People(ctx, models.PersonFilter{}, models.Page{First: 200})
		if err != nil {
			return nil, err
		}
		for _, p := range l.Items {
			out = append(out, graph.GlobalID(typ, p.ID))
		}
	}
	return out, nil
}

// searchWords picks words of the articles' titles to search for: the
// first two words of each title.
func searchWords(arts []relevance.Article) []string {
	var out []string
	for _, a := range arts {
		f := strings.Fields(a.Title)
		if len(f) >= 2 {
			out = append(out, f[0]+" "+f[1])
		}
	}
	if len(out) == 0 {
		out = []string{"tỉnh ủy"}
	}
	return out
}

// pct returns the p-th percentile (0 to 100) of sorted latencies.
func pct(sorted []time.Duration, p int) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	return sorted[min(len(sorted)-1, len(sorted)*p/100)]
}

// report prints a mixed run's figures, per kind and overall, and returns
// the overall p99.
func (r mixResult) report(name string, clients int, d time.Duration) time.Duration {
	var all []time.Duration
	for _, kind := range mixKinds {
		l := r.lats[kind]
		slices.Sort(l)
		all = append(all, l...)
		fmt.Printf("%-8s mixed clients=%-3d %-14s %5d requests, p50 %7.1f ms, p99 %7.1f ms\n", name, clients, kind, len(l), ms(pct(l, 50)), ms(pct(l, 99)))
	}
	slices.Sort(all)
	fmt.Printf("%-8s mixed clients=%-3d %6s: %5d requests, %d errors, p50 %6.1f ms, p99 %6.1f ms, max %6.1f ms; stored %d of %d written articles, %d twice\n",
		name, clients, d, r.requests, r.errors, ms(pct(all, 50)), ms(pct(all, 99)), ms(pct(all, 100)), r.stored, r.written, r.twice)
	if a := r.admission; a.Admitted > 0 {
		fmt.Printf("%-8s mixed clients=%-3d admission: %d at once, %d admitted (%d before one that arrived earlier), mean wait %.1f ms, %d refused, %d timed out\n",
			name, clients, a.Limit, a.Admitted, a.Overtaken, ms(a.Waited/time.Duration(a.Admitted)), a.Refused, a.TimedOut)
	}
	if c := r.cpu; c.total > 0 && r.requests > 0 {
		gc := "n/a"
		if c.gc+c.user > 0 {
			gc = fmt.Sprintf("%.0f%%", 100*c.gc.Seconds()/(c.gc+c.user).Seconds())
		}
		fmt.Printf("%-8s mixed clients=%-3d cpu: %.1f s of CPU in %.1f s (%.2f cores), %.2f ms a request; %d garbage collections, %s of Go's busy time\n",
			name, clients, c.total.Seconds(), c.wall.Seconds(), c.total.Seconds()/c.wall.Seconds(), ms(c.total/time.Duration(r.requests)), c.cycles, gc)
	}
	if r.diag != nil {
		r.diag(name)
	}
	for _, e := range r.samples {
		fmt.Printf("  error: %s\n", e)
	}
	return pct(all, 99)
}
