package ingest

import (
	"bytes"
	"io"
	"os"
	"testing"
	"time"

	"tracuu/internal/cpu"
)

// report adds articles/s (wall) and articles/cpu-s to b.
func report(b *testing.B, n int, cpu0 time.Duration) {
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "articles/s")
	if cpu := cpu.Used() - cpu0; cpu > 0 {
		b.ReportMetric(float64(n)/cpu.Seconds(), "articles/cpu-s")
	}
}

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
	cpu0 := cpu.Used()
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
	report(b, n, cpu0)
}

// BenchmarkRead reads the dev corpus from memory with JSONLReader.
func BenchmarkRead(b *testing.B) {
	f := openCorpus(b)
	data, err := io.ReadAll(f)
	f.Close()
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	cpu0 := cpu.Used()
	n := 0
	for i := 0; i < b.N; i++ {
		r := NewJSONLReader(bytes.NewReader(data))
		for {
			_, _, err := r.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
	}
	report(b, n, cpu0)
}

// BenchmarkExtract measures extraction alone on the dev corpus.
func BenchmarkExtract(b *testing.B) {
	arts := corpusArticles(b)
	b.ResetTimer()
	cpu0 := cpu.Used()
	n := 0
	for i := 0; i < b.N; i++ {
		for _, a := range arts {
			Extract(a)
			n++
		}
	}
	report(b, n, cpu0)
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

// BenchmarkTokenize measures the tokenizer alone (tokenizeInto, reusing
// its memory as Extract does) over the fields of the dev corpus.
func BenchmarkTokenize(b *testing.B) {
	var texts []string
	for _, a := range corpusArticles(b) {
		texts = append(texts, a.Title, a.Lead, a.Body)
	}
	Extract(Article{Title: "x", Body: "y"}) // builds the vocabulary and its table
	sc := &scratch{words: new(wordCache)}   // as Extract's pooled scratch has
	b.ResetTimer()
	cpu0 := cpu.Used()
	n := 0
	for i := 0; i < b.N; i++ {
		for _, s := range texts {
			tokenizeInto(sc, s)
		}
		n += len(texts) / 3
	}
	report(b, n, cpu0)
}
