// Command gqlbench measures Tracuu end to end, over HTTP GraphQL, the way a
// frontend calls it.
//
//	gqlbench synth -n 100000 -out big.jsonl   write a synthetic corpus recombined from the dev corpus
//	gqlbench search -url http://127.0.0.1:8080/graphql [-queries 500] [-facets]
//
// search sends queries from dev-queries.json one after another and prints
// p50, p99 and mean latency; synth's output imports with `tracuu import`.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
	"slices"
	"time"

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
		fs.Parse(os.Args[2:])
		if err := searchBench(*corpus, *url, *nq, *facets); err != nil {
			log.Fatalf("gqlbench search: %v", err)
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

func searchBench(corpus, url string, nq int, facets bool) error {
	_, qs, err := relevance.Load(corpus)
	if err != nil {
		return err
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
			return err
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		lat = append(lat, time.Since(start))
		if resp.StatusCode != 200 || bytes.Contains(b, []byte(`"errors"`)) {
			errs++
		}
	}
	slices.Sort(lat)
	var sum time.Duration
	for _, d := range lat {
		sum += d
	}
	p := func(q float64) time.Duration { return lat[min(len(lat)-1, int(q*float64(len(lat))))] }
	fmt.Printf("%d search queries over HTTP GraphQL (facets %v): p50 %.1f ms, p99 %.1f ms, mean %.1f ms, %d errors\n",
		len(lat), facets, ms(p(0.50)), ms(p(0.99)), ms(sum/time.Duration(len(lat))), errs)
	return nil
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
