package search_test

import (
	"context"
	"os"
	"path/filepath"
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
