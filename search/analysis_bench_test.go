package search

import "testing"

// BenchmarkTermsAdd times the index analysis alone (terms.add: words,
// exact forms and pairs of common syllables) of 1,500 corpus articles,
// as Doc.document runs it: the head texts, then the body.
//
//	go test ./search/ -run '^$' -bench TermsAdd -count 8
func BenchmarkTermsAdd(b *testing.B) {
	docs := zapBenchDocs(b, 1500)
	b.ReportAllocs()
	b.ResetTimer()
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
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(docs)), "ns/doc")
}
