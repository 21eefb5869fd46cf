// Command reliability repeats the probes of issue 11 against a Tracuu
// GraphQL handler. First the hostile inputs (long search text, thousands
// of fields, aliases of search and network, long articles), each with its
// outcome and time, on SQLite; then ingestArticle from many clients at once
// over each database: the requests, the errors (top-level errors and
// userErrors), the latency percentiles, and whether every article was
// stored exactly once. A first run with one client gives the latency to
// compare with. Then -mixed clients cycle through reads (search with facets
// and highlights, suggest, article and person pages, network) and writes
// (ingestArticle) on each database, after one client alone for -single;
// the figures are per kind and overall, with the ratio of the two p99s.
// Before them, -kills: the tracuu binary (built from the current folder,
// the repository's root) imports -kill-articles records of the corpus and
// is killed with SIGKILL at a random moment (-seed), -kills times, then
// imports to the end; and tracuu serve is killed -kills times under four
// writers that send each article again until it is answered. Each ends
// with every record (every answered article) stored exactly once and a
// server's index, once caught up, holding as many documents as the
// database has entities.
//
//	go run ./cmd/reliability [-clients 20] [-duration 60s] [-mixed 16] [-kills 20] [-postgres URL] [-probes 300]
//
// The handlers run in this process with tracuu serve's garbage collector
// setting (GOGC 400 unless the environment sets GOGC), and each mixed run
// prints the process's CPU time per request and the collector's share.
// -diag adds where the mixed runs' time went: per kind, the wait for
// admission (the Server-Timing header), the run in the handler and the
// HTTP rest; the slowest 1% and the indexing rounds, graph loads and
// Bleve merges beside them.
//
// The PostgreSQL database (-postgres, else TEST_DATABASE_URL) is migrated and
// written to: give it a scratch database. SQLite runs in a temporary folder.
// The exit status is 1 when any request failed or any article was lost or
// stored twice.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime/pprof"
	"slices"
	"sync"
	"time"

	"github.com/glebarez/sqlite"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"tracuu/graph"
	"tracuu/importer"
	"tracuu/indexer"
	"tracuu/ingest"
	"tracuu/internal/gctune"
	"tracuu/models"
	"tracuu/search"
	"tracuu/search/relevance"
)

func main() {
	log.SetFlags(0)
	clients := flag.Int("clients", 20, "concurrent clients")
	duration := flag.Duration("duration", 60*time.Second, "how long the clients send")
	single := flag.Duration("single", 10*time.Second, "how long one client sends first, for the baseline latency (0: skip)")
	onSQLite := flag.Bool("sqlite", true, "run on SQLite (false: on -postgres only)")
	pg := flag.String("postgres", os.Getenv("TEST_DATABASE_URL"), "postgres:// URL of a scratch database (empty: SQLite only)")
	corpus := flag.String("corpus", "../shared/corpus", "folder with the development corpus")
	probeArticles := flag.Int("probes", 300, "articles of the corpus behind the hostile probes, run first on SQLite (0: skip them)")
	mixed := flag.Int("mixed", 16, "clients sending a mix of reads and writes, after the writers (0: skip)")
	mixedArticles := flag.Int("mixed-articles", 200, "articles of the corpus stored before the mixed clients start")
	think := flag.Duration("think", 0, "the -mixed clients (not the one before them) wait 0.5 to 1.5 times this after each answer (0: closed loop)")
	kills := flag.Int("kills", 20, "SIGKILLs of tracuu import, and of tracuu serve under writers, on each database (0: skip)")
	killArticles := flag.Int("kill-articles", 300, "records of the corpus's JSON Lines file that the killed import imports")
	seed := flag.Uint64("seed", 1, "seed of the kill moments")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile of the whole run (client and handler) to this file")
	flag.StringVar(&diagFile, "diag", "", "print where the mixed runs' time went (admission wait, run, HTTP; indexing rounds and graph loads beside the slowest requests) and write every request to this file as CSV (-: print only)")
	mergeGate := flag.Bool("merge-gate", false, "one part of the index merges at a time (search.SetMergeGate; off, the default: Bleve's, each part's merges run when they come)")
	flag.IntVar(&admit, "admit", 0, "GraphQL requests the served handler runs at once, the others waiting their turn (ADMIT of serve; 0: its default, two per core)")
	simFile := flag.String("simulate", "", "print the ideal closed system's bound instead of running: -mixed clients on -sim-servers servers with nothing else running, FIFO and least slack, service times drawn from the one-client requests of this -diag file")
	simServers := flag.Int("sim-servers", 2, "servers (cores) of -simulate")
	simBackground := flag.Float64("sim-background", 0, "share of each server's time (0 to below 1) that -simulate gives to work beside the requests under -mixed clients (indexing what they write, merges): their service times stretched by 1/(1-share), the one client's measured as they are")
	flag.Parse()
	if *simFile != "" {
		if err := simulateFile(*simFile, *mixed, *simServers, *simBackground); err != nil {
			log.Fatalf("reliability simulate: %v", err)
		}
		return
	}
	search.SetMergeGate(*mergeGate)
	if diagFile != "" {
		slog.SetDefault(slog.New(diagSlog{slog.NewTextHandler(os.Stderr, nil)}))
	}
	// The handlers below run in this process as tracuu serve runs them,
	// with its garbage collector setting (GOGC 400 unless the environment
	// sets it): with Go's default of 100 the collector took about a
	// quarter of the CPU under the mixed clients (docs/reliability.md).
	if gctune.Serve() {
		fmt.Printf("GOGC %d, as tracuu serve (GOGC in the environment wins)\n", gctune.ServePercent)
	}
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err != nil {
			log.Fatalf("reliability: %v", err)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			log.Fatalf("reliability: %v", err)
		}
		defer pprof.StopCPUProfile()
	}
	arts, _, err := relevance.Load(*corpus)
	if err != nil {
		log.Fatalf("reliability: %v", err)
	}
	if *probeArticles > 0 {
		if err := probes(arts, *probeArticles); err != nil {
			log.Fatalf("reliability probes: %v", err)
		}
	}
	var dbs []string
	if *onSQLite {
		dbs = append(dbs, "")
	}
	if *pg != "" {
		dbs = append(dbs, *pg)
	}
	failed := false
	var k *killSetup
	if *kills > 0 {
		if k, err = newKillSetup(*corpus, ".", *killArticles); err != nil {
			log.Fatalf("reliability kills: %v", err)
		}
		defer os.RemoveAll(k.dir)
	}
	for _, url := range dbs {
		name := "sqlite"
		if url != "" {
			name = "postgres"
		}
		for _, run := range []struct {
			clients int
			d       time.Duration
		}{{1, *single}, {*clients, *duration}} {
			if run.d <= 0 || run.clients <= 0 {
				continue
			}
			r, err := ingestRun(url, arts, run.clients, run.d)
			if err != nil {
				log.Fatalf("reliability %s: %v", name, err)
			}
			fmt.Printf("%-8s ingestArticle clients=%-3d %6s: %5d requests, %d errors, p50 %6.1f ms, p99 %6.1f ms, max %6.1f ms; stored %d of %d articles, %d twice\n",
				name, run.clients, run.d, r.requests, r.errors, ms(r.p50), ms(r.p99), ms(r.max), r.stored, r.requests-r.errors, r.twice)
			for _, e := range r.samples {
				fmt.Printf("  error: %s\n", e)
			}
			failed = failed || r.errors > 0 || r.twice > 0 || r.stored != r.requests-r.errors
		}
		if k != nil {
			rng := rand.New(rand.NewPCG(*seed, 0))
			r, err := killImport(k.bin, url, k.file, k.urls, *kills, k.importTime, rng)
			if err != nil {
				log.Fatalf("reliability %s kill import: %v", name, err)
			}
			fmt.Printf("%-8s kill -9 of import (%d records, kills within %s): %s\n", name, len(k.urls), k.importTime.Round(time.Millisecond), r)
			failed = failed || !r.ok()
			r, err = killServe(k.bin, url, arts, 4, *kills, 2*time.Second, rng)
			if err != nil {
				log.Fatalf("reliability %s kill serve: %v", name, err)
			}
			fmt.Printf("%-8s kill -9 of serve under 4 writers (%d answered writes, %d requests sent again): %s\n", name, r.writes, r.retries, r)
			failed = failed || !r.ok()
		}
		if *mixed <= 0 {
			continue
		}
		var p99s []time.Duration
		for _, run := range []struct {
			clients int
			d       time.Duration
		}{{1, *single}, {*mixed, *duration}} {
			if run.d <= 0 {
				continue
			}
			// The baseline client sends back to back: its latencies are
			// those of a server doing nothing else.
			th := *think
			if run.clients == 1 {
				th = 0
			}
			r, err := mixedRun(url, arts, *mixedArticles, run.clients, run.d, th)
			if err != nil {
				log.Fatalf("reliability %s mixed: %v", name, err)
			}
			p99s = append(p99s, r.report(name, run.clients, run.d))
			failed = failed || r.errors > 0 || r.twice > 0 || r.stored != r.written
		}
		if len(p99s) == 2 && p99s[0] > 0 {
			fmt.Printf("%-8s mixed p99 of %d clients / p99 of 1 client: %.1f\n", name, *mixed, float64(p99s[1])/float64(p99s[0]))
		}
	}
	if failed {
		pprof.StopCPUProfile()
		os.Exit(1)
	}
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

type result struct {
	requests, errors, stored, twice int
	p50, p99, max                   time.Duration
	samples                         []string
}

const token = "reliability"

// admit is -admit: the served handler's admission limit, as serve's ADMIT.
var admit int

// corpusServer is a GraphQL server, as the probes and the clients use it,
// over a new store: the PostgreSQL database at url, or SQLite in a
// temporary folder (dir, which also holds the index).
type corpusServer struct {
	dir string
	s   *models.Store
	ix  *search.Index
	w   *indexer.Worker
	srv *httptest.Server
	adm *graph.Admission
	// diag records each tagged request's server side (-diag; else nil).
	diag *diagRecorder
	// pg counts what the store sends PostgreSQL and the server's CPU
	// (-diag on PostgreSQL; else nil).
	pg *pgCounter
}

// newCorpusServer opens the store and the index and serves them, the
// first n articles of arts stored and indexed beforehand. close releases
// what it opened, also when it fails.
func newCorpusServer(ctx context.Context, url, prefix string, arts []relevance.Article, n int) (c *corpusServer, err error) {
	c = &corpusServer{}
	defer func() {
		if err != nil {
			c.close()
		}
	}()
	if c.dir, err = os.MkdirTemp("", prefix); err != nil {
		return c, err
	}
	if diagFile != "" && url != "" {
		if c.pg, err = newPGCounter(url); err != nil {
			return c, err
		}
		url = c.pg.url
	}
	if c.s, err = models.Open(ctx, url, c.dir); err != nil {
		return c, err
	}
	if _, err = c.s.Migrate(ctx); err != nil {
		return c, err
	}
	for _, a := range arts[:min(n, len(arts))] {
		ia := ingest.Article{Title: a.Title, Body: a.Body, Lead: a.Lead, URL: a.URL, Source: a.Source, Authors: a.Authors}
		if _, _, err = importer.StoreArticle(ctx, c.s, ia); err != nil {
			return c, err
		}
	}
	if c.ix, err = search.Open(c.dir + "/index"); err != nil {
		return c, err
	}
	c.w = &indexer.Worker{Store: c.s, Index: c.ix}
	if n > 0 {
		if _, err = c.w.CatchUp(ctx); err != nil {
			return c, err
		}
	}
	c.adm = graph.NewAdmission(admit, 0)
	var h http.Handler = graph.NewHandler(c.s, c.ix, graph.Config{Tokens: []string{token}, PublicRead: true, Admission: c.adm})
	if diagFile != "" {
		c.diag = newDiagRecorder()
		h = c.diag.wrap(h)
	}
	c.srv = httptest.NewServer(h)
	return c, nil
}

func (c *corpusServer) close() {
	if c.srv != nil {
		c.srv.Close()
	}
	if c.ix != nil {
		c.ix.Close()
	}
	if c.s != nil {
		c.s.Close()
	}
	if c.pg != nil {
		c.pg.close()
	}
	if c.dir != "" {
		os.RemoveAll(c.dir)
	}
}

// ingestRun serves GraphQL over a fresh store (SQLite in a temporary
// folder, or the PostgreSQL database at url) and has clients send articles
// of the corpus for d, each request a new article (its own url).
func ingestRun(url string, arts []relevance.Article, clients int, d time.Duration) (result, error) {
	ctx := context.Background()
	c, err := newCorpusServer(ctx, url, "tracuu-reliability-", nil, 0)
	if err != nil {
		return result{}, err
	}
	defer c.close()
	dir, srv := c.dir, c.srv
	run := time.Now().UnixNano()
	prefix := fmt.Sprintf("https://reliability.invalid/%d/", run)

	var (
		mu   sync.Mutex
		res  result
		lats []time.Duration
		wg   sync.WaitGroup
	)
	stop := time.Now().Add(d)
	for c := range clients {
		wg.Go(func() {
			hc := &http.Client{Timeout: time.Minute}
			for i := 0; time.Now().Before(stop); i++ {
				a := arts[(c*7919+i)%len(arts)]
				a.URL = fmt.Sprintf("%s%d/%d", prefix, c, i)
				start := time.Now()
				msg := sendArticle(hc, srv.URL, a)
				lat := time.Since(start)
				mu.Lock()
				res.requests++
				lats = append(lats, lat)
				if msg != "" {
					res.errors++
					if len(res.samples) < 5 {
						res.samples = append(res.samples, msg)
					}
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	slices.Sort(lats)
	res.p50, res.p99, res.max = pct(lats, 50), pct(lats, 99), pct(lats, 100)
	res.stored, res.twice, err = storedOnce(url, dir, prefix)
	return res, err
}

// storedOnce counts the articles stored whose url starts with prefix, and
// those of them stored more than once.
func storedOnce(url, dir, prefix string) (stored, twice int, err error) {
	counts, err := urlCounts(url, dir, prefix)
	for _, n := range counts {
		stored++
		if n > 1 {
			twice++
		}
	}
	return stored, twice, err
}

// urlCounts counts the stored articles by url, for the urls that start
// with prefix, through a connection of its own.
func urlCounts(url, dir, prefix string) (map[string]int, error) {
	return queryCounts(url, dir, "SELECT url, COUNT(*) AS n FROM articles WHERE url LIKE ? GROUP BY url", prefix+"%")
}

// urlCountsIn counts the stored articles of each of urls.
func urlCountsIn(url, dir string, urls []string) (map[string]int, error) {
	return queryCounts(url, dir, "SELECT url, COUNT(*) AS n FROM articles WHERE url IN ? GROUP BY url", urls)
}

// queryCounts runs a query of url and n through a connection of its own.
func queryCounts(url, dir, query string, arg any) (map[string]int, error) {
	dialector := sqlite.Open(models.SQLiteDSN(dir))
	if url != "" {
		dialector = postgres.Open(url)
	}
	db, err := gorm.Open(dialector, &gorm.Config{Logger: logger.Discard})
	if err != nil {
		return nil, err
	}
	if sqlDB, err := db.DB(); err == nil {
		defer sqlDB.Close()
	}
	var rows []struct {
		URL string
		N   int
	}
	err = db.Raw(query, arg).Scan(&rows).Error
	out := make(map[string]int, len(rows))
	for _, r := range rows {
		out[r.URL] = r.N
	}
	return out, err
}

// sendArticle sends one article and returns what went wrong, or "".
func sendArticle(hc *http.Client, url string, a relevance.Article) string {
	return sendArticleTagged(hc, url, a, "")
}

// sendArticleTagged is sendArticle with a diagnostic tag (sendTagged).
func sendArticleTagged(hc *http.Client, url string, a relevance.Article, tag string) string {
	fields := map[string]any{"title": a.Title, "body": a.Body, "url": a.URL}
	if a.Lead != "" {
		fields["lead"] = a.Lead
	}
	if a.PublishedAt != "" {
		fields["publishedAt"] = a.PublishedAt
	}
	if a.Source != "" {
		fields["source"] = a.Source
	}
	if len(a.Authors) > 0 {
		fields["authors"] = a.Authors
	}
	return okOr(sendTagged(hc, url, `mutation($in: IngestArticleInput!) { ingestArticle(input: $in) { status userErrors { field message } } }`,
		map[string]any{"in": map[string]any{"fields": fields}}, tag))
}
