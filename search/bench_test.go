package search_test

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"tracuu/internal/cpu"
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

// BenchmarkIndexLongArticle indexes one article of each size (paragraphs
// of the corpus) into an index of a few articles, as the indexer does
// after an ingestArticle: the time per MB must not grow with the size
// (go test ./search/ -run - -bench IndexLongArticle).
func BenchmarkIndexLongArticle(b *testing.B) {
	arts, _ := benchCorpus(b)
	for _, size := range []int{256 << 10, 512 << 10, 1 << 20} {
		var sb strings.Builder
		for i := 0; sb.Len() < size; i++ {
			sb.WriteString(arts[i%len(arts)].Body + "\n\n")
		}
		body := strings.ToValidUTF8(sb.String()[:size], "")
		b.Run(strconv.Itoa(size>>10)+"KB", func(b *testing.B) {
			ix, err := search.Open(b.TempDir() + "/index")
			if err != nil {
				b.Fatal(err)
			}
			defer ix.Close()
			indexAll(b, ix, arts[:20], 20)
			b.SetBytes(int64(size))
			b.ResetTimer()
			cpu0 := cpu.Used()
			for i := range b.N {
				d := search.Doc{ID: "Article:" + strconv.Itoa(1000+i), Type: "Article", Title: "Bài dài " + strconv.Itoa(i), Body: body}
				if err := ix.Apply(context.Background(), []search.Doc{d}, nil); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric((cpu.Used()-cpu0).Seconds()/float64(b.N), "cpu-s/op")
		})
	}
}
