package ingest

import (
	"bytes"
	"io"
	"os"
	"testing"
)

// BenchmarkReadExtract reads the dev corpus from memory with JSONLReader
// and extracts every article: the ingest side of an import, without the
// database. It reports articles/s and MB/s.
func BenchmarkReadExtract(b *testing.B) {
	f := openCorpus(b)
	data, err := io.ReadAll(f)
	f.Close()
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	n := 0
	for i := 0; i < b.N; i++ {
		r := NewJSONLReader(bytes.NewReader(data))
		for {
			a, _, err := r.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			Extract(a)
			n++
		}
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "articles/s")
}

// BenchmarkExtract measures extraction alone on the dev corpus.
func BenchmarkExtract(b *testing.B) {
	f := openCorpus(b)
	var arts []Article
	r := NewJSONLReader(f)
	for {
		a, _, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			b.Fatal(err)
		}
		arts = append(arts, a)
	}
	f.Close()
	b.ResetTimer()
	n := 0
	for i := 0; i < b.N; i++ {
		for _, a := range arts {
			Extract(a)
			n++
		}
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "articles/s")
}

// BenchmarkReadSeedText reads the seed article.
func BenchmarkReadSeedText(b *testing.B) {
	data, err := os.ReadFile("testdata/seed_bdk.txt")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	for i := 0; i < b.N; i++ {
		if _, err := ReadSeedText(bytes.NewReader(data)); err != nil {
			b.Fatal(err)
		}
	}
}
