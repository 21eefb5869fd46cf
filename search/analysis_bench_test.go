package search

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"testing"

	"tracuu/internal/cpu"
	"tracuu/models"
)

// BenchmarkTermsAdd times the index analysis alone (terms.add: words,
// exact forms and pairs of common syllables) of 1,500 articles, as
// Doc.document runs it: the head texts, then the body. The articles are
// the development corpus's, or the first 1,500 of TRACUU_BENCH_ARTICLES
// (a JSON-lines file of the import's, e.g. /work/bench/synth20k.jsonl).
// cpu-ns/doc is the process's CPU (the bench lock's machine is shared:
// less noisy than the wall clock).
//
//	go test ./search/ -run '^$' -bench TermsAdd -count 8
func BenchmarkTermsAdd(b *testing.B) {
	docs := benchArticles(b)
	b.ReportAllocs()
	b.ResetTimer()
	c0 := cpu.Used()
	for i := 0; i < b.N; i++ {
		for _, d := range docs {
			var t terms
			t.reserve(len(d.Title)+len(d.Lead)+len(d.Body), len(d.Title)+len(d.Lead))
			t.add(d.Title, true)
			t.add(d.Lead, true)
			t.add(d.Body, false)
			t.release()
		}
	}
	b.ReportMetric(float64((cpu.Used()-c0).Nanoseconds())/float64(b.N*len(docs)), "cpu-ns/doc")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(docs)), "ns/doc")
}

// BenchmarkTermsAddBatch times Doc.document of the same 1,500 articles as
// applyBatch makes them in the import: the term sets' lists from one
// termLists for the batch, given back once the batch is made (the import
// gives them back once Bleve has built the batch's segment). The
// documents are made without and with inlineForms's fixed-size moves
// (sub-benchmarks copy and inline).
//
//	go test ./search/ -run '^$' -bench TermsAddBatch -count 8
func BenchmarkTermsAddBatch(b *testing.B) {
	docs := benchArticles(b)
	for i := range docs {
		docs[i].ID = fmt.Sprintf("Article:%d", i+1)
		docs[i].Type = models.TypeArticle
	}
	for _, inline := range []bool{false, true} {
		name := "copy"
		if inline {
			name = "inline"
		}
		b.Run(name, func(b *testing.B) {
			defer func(v bool) { inlineForms = v }(inlineForms)
			inlineForms = inline
			b.ReportAllocs()
			c0 := cpu.Used()
			for i := 0; i < b.N; i++ {
				lists := getTermLists()
				for j := range docs {
					if _, err := docs[j].document(true, lists); err != nil {
						b.Fatal(err)
					}
				}
				putTermLists(lists)
			}
			b.ReportMetric(float64((cpu.Used()-c0).Nanoseconds())/float64(b.N*len(docs)), "cpu-ns/doc")
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(docs)), "ns/doc")
		})
	}
}

// benchArticles returns the development corpus's first 1,500 articles, or
// those of TRACUU_BENCH_ARTICLES.
func benchArticles(b *testing.B) []Doc {
	var docs []Doc
	if name := os.Getenv("TRACUU_BENCH_ARTICLES"); name != "" {
		f, err := os.Open(name)
		if err != nil {
			b.Fatal(err)
		}
		defer f.Close()
		sc := bufio.NewScanner(f)
		sc.Buffer(nil, 1<<24)
		for sc.Scan() && len(docs) < 1500 {
			var a struct{ Title, Lead, Body string }
			if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
				b.Fatal(err)
			}
			docs = append(docs, Doc{Title: a.Title, Lead: a.Lead, Body: a.Body})
		}
	} else {
		docs = zapBenchDocs(b, 1500)
	}
	return docs
}
