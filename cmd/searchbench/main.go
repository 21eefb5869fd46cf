// Command searchbench measures search speed on a synthetic corpus of at
// least 100,000 articles recombined from the development corpus: bulk
// indexing rate, index size against the raw text, and search latency
// (p50, p99) of package search called directly, beside PostgreSQL unaccent
// full-text search with a GIN index on the same articles and queries.
package main

import (
	"context"
	"flag"
	"fmt"
	"io/fs"
	"log"
	"os"
	"path/filepath"
	"slices"
	"time"

	"tracuu/search"
	"tracuu/search/relevance"
)

func main() {
	corpus := flag.String("corpus", "../shared/corpus", "folder with the development corpus")
	n := flag.Int("n", 100000, "articles in the synthetic corpus")
	nq := flag.Int("queries", 500, "queries to time (spread over dev-queries.json)")
	pgURL := flag.String("pg", "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable", "PostgreSQL server to compare with; empty to skip")
	dir := flag.String("dir", "", "folder for the index (default: a temporary folder, removed after)")
	flag.Parse()
	log.SetFlags(0)
	ctx := context.Background()

	dev, qs, err := relevance.Load(*corpus)
	if err != nil {
		log.Fatalf("searchbench: %v", err)
	}
	arts := relevance.Synthesize(dev, *n, 1)
	raw := 0
	for _, a := range arts {
		raw += len(a.Title) + len(a.Lead) + len(a.Body)
	}
	queries := make([]string, 0, *nq)
	for i := 0; i < *nq; i++ {
		queries = append(queries, qs[i*len(qs)/(*nq)].Query)
	}
	fmt.Printf("synthetic corpus: %d articles, %.1f MB of text; %d queries\n\n", len(arts), float64(raw)/1e6, len(queries))

	b, err := benchBleve(ctx, *dir, arts, queries)
	if err != nil {
		log.Fatalf("searchbench: bleve: %v", err)
	}
	rows := [][]string{b.row("package search (Bleve), direct calls", raw)}
	rows = append(rows, []string{"  same, without facets", "", "", "", ms(b.p50NoFacets), ms(b.p99NoFacets)})
	if *pgURL != "" {
		p, err := benchPostgres(ctx, *pgURL, arts, queries)
		if err != nil {
			log.Fatalf("searchbench: postgres: %v", err)
		}
		rows = append(rows, p.row("PostgreSQL 15 unaccent FTS, GIN", raw))
	}
	printTable([]string{"engine", "articles/s", "index size", "× raw text", "p50", "p99"}, rows)
}

type result struct {
	indexTime   time.Duration
	n           int
	size        int64
	p50, p99    time.Duration
	p50NoFacets time.Duration
	p99NoFacets time.Duration
}

func (r result) row(name string, raw int) []string {
	return []string{
		name,
		fmt.Sprintf("%.0f", float64(r.n)/r.indexTime.Seconds()),
		fmt.Sprintf("%.0f MB", float64(r.size)/1e6),
		fmt.Sprintf("%.2f", float64(r.size)/float64(raw)),
		ms(r.p50), ms(r.p99),
	}
}

func ms(d time.Duration) string {
	if d == 0 {
		return ""
	}
	return fmt.Sprintf("%.1f ms", float64(d)/1e6)
}

func printTable(head []string, rows [][]string) {
	w := make([]int, len(head))
	for _, r := range append([][]string{head}, rows...) {
		for i, c := range r {
			w[i] = max(w[i], len([]rune(c)))
		}
	}
	line := func(r []string) {
		for i, c := range r {
			fmt.Printf("| %-*s ", w[i], c)
		}
		fmt.Println("|")
	}
	line(head)
	sep := make([]string, len(head))
	for i := range sep {
		sep[i] = string(slices.Repeat([]rune("-"), w[i]))
	}
	line(sep)
	for _, r := range rows {
		line(r)
	}
}

func benchBleve(ctx context.Context, dir string, arts []relevance.Article, queries []string) (result, error) {
	r := result{n: len(arts)}
	if dir == "" {
		tmp, err := os.MkdirTemp("", "searchbench-*")
		if err != nil {
			return r, err
		}
		defer os.RemoveAll(tmp)
		dir = tmp
	}
	path := filepath.Join(dir, "index")
	// The bulk path: what `reindex` uses. Batches of rebuildBatch
	// documents, then one segment, then closed (persisted).
	start := time.Now()
	err := search.Rebuild(ctx, path, func(yield func(search.Doc) error) error {
		for i, a := range arts {
			if err := yield(a.Doc(i)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return r, err
	}
	r.indexTime = time.Since(start)
	log.Printf("bleve: indexed %d articles in %v", len(arts), r.indexTime.Round(time.Millisecond))
	ix, err := search.Open(path)
	if err != nil {
		return r, err
	}
	defer ix.Close()
	run := func(skipFacets bool) (p50, p99 time.Duration, err error) {
		lat := make([]time.Duration, 0, len(queries))
		for i, q := range append(queries[:min(20, len(queries)):min(20, len(queries))], queries...) {
			t := time.Now()
			if _, err := ix.Search(ctx, search.Request{Query: q, First: 10, SkipFacets: skipFacets}); err != nil {
				return 0, 0, err
			}
			if i >= min(20, len(queries)) { // the first 20 warm up
				lat = append(lat, time.Since(t))
			}
		}
		return percentiles(lat)
	}
	if r.p50, r.p99, err = run(false); err != nil {
		return r, err
	}
	if r.p50NoFacets, r.p99NoFacets, err = run(true); err != nil {
		return r, err
	}
	// Measured last: Bleve removes the files of merged segments a while
	// after the merge.
	r.size, err = dirSize(path)
	return r, err
}

func percentiles(lat []time.Duration) (p50, p99 time.Duration, err error) {
	slices.Sort(lat)
	return lat[len(lat)*50/100], lat[len(lat)*99/100], nil
}

func dirSize(dir string) (int64, error) {
	var n int64
	err := filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err == nil {
			n += info.Size()
		}
		return err
	})
	return n, err
}

func benchPostgres(ctx context.Context, pgURL string, arts []relevance.Article, queries []string) (result, error) {
	r := result{n: len(arts)}
	pg, err := relevance.OpenPostgres(ctx, pgURL, "tracuu_searchbench")
	if err != nil {
		return r, err
	}
	defer pg.Close()
	start := time.Now()
	if err := pg.Load(ctx, arts, 0); err != nil {
		return r, err
	}
	r.indexTime = time.Since(start)
	log.Printf("postgres: loaded and indexed %d articles in %v", len(arts), r.indexTime.Round(time.Millisecond))
	if err := pg.DB.QueryRowContext(ctx, "SELECT pg_total_relation_size('articles')").Scan(&r.size); err != nil {
		return r, err
	}
	lat := make([]time.Duration, 0, len(queries))
	for i, q := range append(queries[:min(20, len(queries)):min(20, len(queries))], queries...) {
		t := time.Now()
		if _, err := pg.Search(ctx, q, 10); err != nil {
			return r, err
		}
		if i >= min(20, len(queries)) {
			lat = append(lat, time.Since(t))
		}
	}
	r.p50, r.p99, err = percentiles(lat)
	return r, err
}
