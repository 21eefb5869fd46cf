package search_test

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"tracuu/search"
	"tracuu/search/relevance"
)

// benchCorpus returns the development corpus, or skips the benchmark.
func benchCorpus(b *testing.B) ([]relevance.Article, []relevance.Query) {
	dir := filepath.Join("..", "..", "shared", "corpus")
	arts, qs, err := relevance.Load(dir)
	if err != nil {
		if os.IsNotExist(err) {
			b.Skipf("development corpus missing: %v", err)
		}
		b.Fatal(err)
	}
	return arts, qs
}

func indexAll(b *testing.B, ix *search.Index, arts []relevance.Article, batch int) {
	ctx := context.Background()
	docs := make([]search.Doc, 0, batch)
	for i, a := range arts {
		docs = append(docs, a.Doc(i))
		if len(docs) == batch || i == len(arts)-1 {
			if err := ix.Apply(ctx, docs, nil); err != nil {
				b.Fatal(err)
			}
			docs = docs[:0]
		}
	}
}

// BenchmarkIndex builds an index of the development corpus the bulk way
// (Rebuild: batches, compaction).
func BenchmarkIndex(b *testing.B) {
	arts, _ := benchCorpus(b)
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		err := search.Rebuild(ctx, b.TempDir()+"/index", func(yield func(search.Doc) error) error {
			for j, a := range arts {
				if err := yield(a.Doc(j)); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(arts)*b.N)/b.Elapsed().Seconds(), "articles/s")
}

// BenchmarkSearch runs the development queries, first page with facets.
func BenchmarkSearch(b *testing.B) {
	arts, qs := benchCorpus(b)
	ix, err := search.Open(b.TempDir() + "/index")
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	indexAll(b, ix, arts, 1000)
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := ix.Search(ctx, search.Request{Query: qs[i%len(qs)].Query, First: 10}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkHostileQueries times queries that used to cost seconds and a
// gigabyte (a word repeated 500 times: 10 s; 100,000 characters: 31 s)
// beside a normal one: within the bounds of parseQuery they cost about
// the same.
func BenchmarkHostileQueries(b *testing.B) {
	arts, _ := benchCorpus(b)
	ix, err := search.Open(b.TempDir() + "/index")
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	indexAll(b, ix, arts, 1000)
	long := strings.Repeat("nghị quyết tỉnh ủy bến tre ", 4000)
	for _, q := range []struct{ name, query string }{
		{"Normal", "nghị quyết tỉnh ủy"},
		{"WordTimes500", strings.Repeat("tỉnh ", 500)},
		{"Chars100000", long[:100000]},
	} {
		b.Run(q.name, func(b *testing.B) {
			ctx := context.Background()
			for i := 0; i < b.N; i++ {
				// A new filter each time (every article passes it): the result
				// cache must not answer.
				if _, err := ix.Search(ctx, search.Request{Query: q.query, First: 10, Filter: search.Filter{Types: []string{"Article", strconv.Itoa(i)}}}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
