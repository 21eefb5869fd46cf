// Command searcheval measures search relevance on the development corpus:
// it indexes ../shared/corpus/dantri-2019-2021.jsonl with package search,
// runs dev-queries.json, and prints success@1, success@10 and MRR@10 per
// kind and the accent-probe share, beside PostgreSQL's unaccent full-text
// search on the same articles and queries.
//
// With -url and -planted it measures a running server instead, over HTTP
// GraphQL, whose index holds the development articles planted among
// others (gqlbench synth's output, imported first, then the development
// corpus into the same DATA_DIR): a known-item query counts only when its
// phrase occurs in no planted-among article (the queries dropped are
// counted), and an accent probe's top 10 is read from both sets.
//
//	searcheval -url http://127.0.0.1:18141/graphql -planted synth100k.jsonl
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"strconv"
	"strings"
	"time"

	"tracuu/search"
	"tracuu/search/relevance"
)

func main() {
	corpus := flag.String("corpus", "../shared/corpus", "folder with the development corpus")
	pgURL := flag.String("pg", "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable", "PostgreSQL server to compare with; empty to skip")
	url := flag.String("url", "", "GraphQL endpoint of a server holding the development articles among those of -planted")
	planted := flag.String("planted", "", "the other articles the server of -url holds (JSON Lines)")
	flag.Parse()
	log.SetFlags(0)
	ctx := context.Background()

	arts, qs, err := relevance.Load(*corpus)
	if err != nil {
		log.Fatalf("searcheval: %v", err)
	}
	if *url != "" {
		if err := evalPlanted(*url, *planted, arts, qs); err != nil {
			log.Fatalf("searcheval: %v", err)
		}
		return
	}
	rows, stats, err := evalBleve(ctx, arts, qs)
	if err != nil {
		log.Fatalf("searcheval: %v", err)
	}
	fmt.Print(relevance.Table(fmt.Sprintf("package search (Bleve), %d articles, %d queries; %s", len(arts), len(qs), stats), rows))
	if *pgURL == "" {
		return
	}
	fmt.Println()
	rows, stats, err = evalPostgres(ctx, *pgURL, arts, qs)
	if err != nil {
		log.Fatalf("searcheval: postgres: %v", err)
	}
	fmt.Print(relevance.Table(fmt.Sprintf("PostgreSQL unaccent FTS ('simple'), same corpus and queries; %s", stats), rows))
}

func evalPostgres(ctx context.Context, pgURL string, arts []relevance.Article, qs []relevance.Query) ([]relevance.Row, string, error) {
	pg, err := relevance.OpenPostgres(ctx, pgURL, "tracuu_searcheval")
	if err != nil {
		return nil, "", err
	}
	defer pg.Close()
	start := time.Now()
	if err := pg.Load(ctx, arts, 0); err != nil {
		return nil, "", err
	}
	indexed := time.Since(start)
	start = time.Now()
	rows, err := relevance.Score(arts, qs, func(q string) ([]int, error) {
		return pg.Search(ctx, q, 10)
	})
	return rows, fmt.Sprintf("indexed in %v, queries in %v", indexed.Round(time.Millisecond), time.Since(start).Round(time.Millisecond)), err
}

func evalBleve(ctx context.Context, arts []relevance.Article, qs []relevance.Query) ([]relevance.Row, string, error) {
	dir, err := os.MkdirTemp("", "searcheval-*")
	if err != nil {
		return nil, "", err
	}
	defer os.RemoveAll(dir)
	ix, err := search.Open(dir + "/index")
	if err != nil {
		return nil, "", err
	}
	defer ix.Close()
	start := time.Now()
	const batch = 500
	for i := 0; i < len(arts); i += batch {
		var docs []search.Doc
		for j := i; j < len(arts) && j < i+batch; j++ {
			docs = append(docs, arts[j].Doc(j))
		}
		if err := ix.Apply(ctx, docs, nil); err != nil {
			return nil, "", err
		}
	}
	indexed := time.Since(start)
	start = time.Now()
	rows, err := relevance.Score(arts, qs, func(q string) ([]int, error) {
		res, err := ix.Search(ctx, search.Request{Query: q, First: 10, SkipFacets: true})
		if err != nil {
			return nil, err
		}
		out := make([]int, len(res.Hits))
		for i, h := range res.Hits {
			out[i], _ = strconv.Atoi(strings.TrimPrefix(h.ID, "Article:"))
		}
		return out, nil
	})
	return rows, fmt.Sprintf("indexed in %v, queries in %v", indexed.Round(time.Millisecond), time.Since(start).Round(time.Millisecond)), err
}
