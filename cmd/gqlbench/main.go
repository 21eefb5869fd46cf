// Command gqlbench measures Tracuu end to end, over HTTP GraphQL, the way a
// frontend calls it.
//
//	gqlbench synth -n 100000 -out big.jsonl   write a synthetic corpus recombined from the dev corpus
//	gqlbench search -url http://127.0.0.1:8080/graphql [-queries 500] [-facets] [-pg URL -jsonl big.jsonl]
//
// search sends queries from dev-queries.json one after another and prints
// p50, p99 and mean latency; synth's output imports with `tracuu import`.
// With -pg and -jsonl, the same run then times PostgreSQL's full-text
// search ('simple' + unaccent, GIN index) on the same articles, loaded
// into a scratch database (kept for the next run with -pg-keep), with
// the same queries: the first 10 ids by ts_rank_cd, the total count and
// a ts_headline of each hit's body, called directly (no HTTP).
package main

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"net/http"
	neturl "net/url"
	"os"
	"slices"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"

	"tracuu/search/relevance"
)

func main() {
	log.SetFlags(0)
	if len(os.Args) < 2 {
		log.Fatal("usage: gqlbench synth|search [flags]")
	}
	fs := flag.NewFlagSet(os.Args[1], flag.ExitOnError)
	corpus := fs.String("corpus", "../shared/corpus", "folder with the development corpus")
	switch os.Args[1] {
	case "synth":
		n := fs.Int("n", 100000, "articles to write")
		out := fs.String("out", "synthetic.jsonl", "JSON Lines file to write")
		fs.Parse(os.Args[2:])
		if err := synth(*corpus, *n, *out); err != nil {
			log.Fatalf("gqlbench synth: %v", err)
		}
	case "search":
		url := fs.String("url", "http://127.0.0.1:8080/graphql", "GraphQL endpoint")
		nq := fs.Int("queries", 500, "queries to send, spread over dev-queries.json")
		facets := fs.Bool("facets", false, "ask for facets too")
		pgURL := fs.String("pg", "", "PostgreSQL server to compare with (a scratch database tracuu_gqlbench is made on it)")
		jsonl := fs.String("jsonl", "", "the articles the server holds (gqlbench synth's output), loaded into PostgreSQL for -pg")
		keep := fs.Bool("pg-keep", false, "reuse the scratch database of an earlier run with -pg if it has the articles")
		plain := fs.Bool("pg-plain", false, "PostgreSQL returns the first 10 ids only (no ts_headline, no total)")
		fs.Parse(os.Args[2:])
		var tr latencies
		if *url != "" { // -url "": PostgreSQL only
			var err error
			if tr, err = searchBench(*corpus, *url, *nq, *facets); err != nil {
				log.Fatalf("gqlbench search: %v", err)
			}
		}
		if *pgURL != "" {
			pg, err := pgBench(*corpus, *pgURL, *jsonl, *nq, *keep, *plain)
			if err != nil {
				log.Fatalf("gqlbench search: postgres: %v", err)
			}
			if *url != "" {
				fmt.Printf("Tracuu / PostgreSQL: p50 %.2f, p99 %.2f\n", ms(tr.p50)/ms(pg.p50), ms(tr.p99)/ms(pg.p99))
			}
		}
	default:
		log.Fatalf("gqlbench: unknown command %q", os.Args[1])
	}
}

func synth(corpus string, n int, out string) error {
	dev, _, err := relevance.Load(corpus)
	if err != nil {
		return err
	}
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	raw := 0
	err = relevance.SynthesizeEach(dev, n, 1, func(i int, a relevance.Article) error {
		a.URL = fmt.Sprintf("https://example.invalid/synthetic/%d", i)
		raw += len(a.Title) + len(a.Lead) + len(a.Body)
		return enc.Encode(a)
	})
	if err != nil {
		return err
	}
	if err := w.Flush(); err != nil {
		return err
	}
	fmt.Printf("wrote %d articles (%.1f MB of text) to %s\n", n, float64(raw)/1e6, out)
	return f.Close()
}

const searchQuery = `query($q: String!, $facets: Boolean!) {
  search(query: $q, first: 10) {
    totalCount
    edges { score highlights { field fragments } node { __typename ... on Article { id title publishedAt source } } }
    facets @include(if: $facets) { years { value count } sources { value count } organisations { label count } }
  }
}`

// latencies are the sorted times of one run.
type latencies struct{ p50, p99, mean time.Duration }

func summarize(lat []time.Duration) latencies {
	slices.Sort(lat)
	var sum time.Duration
	for _, d := range lat {
		sum += d
	}
	p := func(q float64) time.Duration { return lat[min(len(lat)-1, int(q*float64(len(lat))))] }
	return latencies{p50: p(0.50), p99: p(0.99), mean: sum / time.Duration(len(lat))}
}

func searchBench(corpus, url string, nq int, facets bool) (latencies, error) {
	_, qs, err := relevance.Load(corpus)
	if err != nil {
		return latencies{}, err
	}
	client := &http.Client{Timeout: 30 * time.Second}
	var lat []time.Duration
	errs := 0
	for i := 0; i < nq; i++ {
		q := qs[i*len(qs)/nq].Query
		body, _ := json.Marshal(map[string]any{"query": searchQuery, "variables": map[string]any{"q": q, "facets": facets}})
		start := time.Now()
		resp, err := client.Post(url, "application/json", bytes.NewReader(body))
		if err != nil {
			return latencies{}, err
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		lat = append(lat, time.Since(start))
		if resp.StatusCode != 200 || bytes.Contains(b, []byte(`"errors"`)) {
			errs++
		}
	}
	l := summarize(lat)
	fmt.Printf("%d search queries over HTTP GraphQL (facets %v): p50 %.1f ms, p99 %.1f ms, mean %.1f ms, %d errors\n",
		len(lat), facets, ms(l.p50), ms(l.p99), ms(l.mean), errs)
	return l, nil
}

// pgBench times PostgreSQL's full-text search on the articles of jsonl
// with the same queries as searchBench.
func pgBench(corpus, pgURL, jsonl string, nq int, keep, plain bool) (latencies, error) {
	ctx := context.Background()
	_, qs, err := relevance.Load(corpus)
	if err != nil {
		return latencies{}, err
	}
	const name = "tracuu_gqlbench"
	var db *sql.DB
	if keep {
		u, err := neturl.Parse(pgURL)
		if err != nil {
			return latencies{}, err
		}
		u.Path = "/" + name
		if db, err = sql.Open("pgx", u.String()); err != nil {
			return latencies{}, err
		}
		var n int
		if err := db.QueryRowContext(ctx, "SELECT count(*) FROM articles").Scan(&n); err != nil || n == 0 {
			db.Close()
			db = nil
		} else {
			fmt.Printf("PostgreSQL: reusing %s (%d articles)\n", name, n)
		}
	}
	if db == nil {
		if jsonl == "" {
			return latencies{}, fmt.Errorf("-pg needs -jsonl, the articles to load")
		}
		arts, err := relevance.LoadArticles(jsonl)
		if err != nil {
			return latencies{}, err
		}
		pg, err := relevance.OpenPostgres(ctx, pgURL, name)
		if err != nil {
			return latencies{}, err
		}
		if !keep {
			defer pg.Close()
		}
		start := time.Now()
		if err := pg.Load(ctx, arts, 0); err != nil {
			return latencies{}, err
		}
		fmt.Printf("PostgreSQL: %d articles loaded and indexed (GIN) in %v\n", len(arts), time.Since(start).Round(time.Second))
		db = pg.DB
	}
	query, what := pgQuery, "first 10 with ts_headline and the total"
	if plain {
		query, what = pgPlainQuery, "first 10 ids only"
	}
	var lat []time.Duration
	for i := 0; i < nq; i++ {
		q := qs[i*len(qs)/nq].Query
		start := time.Now()
		rows, err := db.QueryContext(ctx, query, q)
		if err != nil {
			return latencies{}, err
		}
		for rows.Next() {
		}
		if err := rows.Err(); err != nil {
			return latencies{}, err
		}
		rows.Close()
		lat = append(lat, time.Since(start))
	}
	l := summarize(lat)
	fmt.Printf("%d search queries on PostgreSQL ('simple' + unaccent, GIN; %s): p50 %.1f ms, p99 %.1f ms, mean %.1f ms\n",
		len(lat), what, ms(l.p50), ms(l.p99), ms(l.mean))
	return l, nil
}

// pgQuery is what a page of results costs PostgreSQL: the best 10 by
// ts_rank_cd with a highlighted fragment of each body, and the total.
const pgQuery = `WITH q AS (SELECT plainto_tsquery('simple', f_unaccent($1)) AS q),
hits AS (SELECT id, title, body, ts_rank_cd(tsv, q.q) AS r FROM articles, q WHERE tsv @@ q.q)
SELECT id, title, ts_headline('simple', f_unaccent(body), q.q), (SELECT count(*) FROM hits)
FROM (SELECT * FROM hits ORDER BY r DESC, id LIMIT 10) t, q`

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// pgPlainQuery is relevance.Postgres.Search's: the best 10 ids.
const pgPlainQuery = `SELECT id FROM articles, plainto_tsquery('simple', f_unaccent($1)) q
WHERE tsv @@ q ORDER BY ts_rank_cd(tsv, q) DESC, id LIMIT 10`
