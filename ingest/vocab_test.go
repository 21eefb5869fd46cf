package ingest

import (
	"io"
	"testing"
)

// BenchmarkVocabLookup measures the lookup every token makes in the phrase
// vocabulary, over the tokens of the dev corpus: the open-addressing table
// keyed by the FNV-1a hash tokenize computes as it scans (hash included
// here), against a map of the same keys.
func BenchmarkVocabLookup(b *testing.B) {
	f := openCorpus(b)
	r := NewJSONLReader(f)
	var keys [][]byte
	for len(keys) < 200_000 {
		a, _, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			b.Fatal(err)
		}
		for _, t := range tokenize(a.Body) {
			keys = append(keys, []byte(t.key))
		}
	}
	f.Close()
	Extract(Article{Title: "x", Body: "y"}) // builds the vocabulary and its table
	found := 0
	for _, k := range keys {
		if lookupVocabHash(fnv(k), k) != vocab[string(k)] {
			b.Fatalf("table and map disagree on %q", k)
		}
		if vocab[string(k)] != 0 {
			found++
		}
	}
	b.Logf("%d tokens, %d in the vocabulary of %d keys", len(keys), found, len(vocab))
	b.Run("table", func(b *testing.B) {
		for b.Loop() {
			for _, k := range keys {
				lookupVocabHash(fnv(k), k)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(keys)), "ns/token")
	})
	b.Run("map", func(b *testing.B) {
		for b.Loop() {
			for _, k := range keys {
				_ = vocab[string(k)]
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(keys)), "ns/token")
	})
}

// TestVocabBits: every word of the vocabulary is found through the bit
// filter in front of the table, by lookupVocab and lookupVocabHash.
func TestVocabBits(t *testing.T) {
	Extract(Article{Title: "x", Body: "y"}) // builds the vocabulary and its table
	for k, id := range vocab {
		if got := lookupVocab(k); got != id {
			t.Fatalf("lookupVocab(%q) = %d, want %d", k, got, id)
		}
		if got := lookupVocabHash(fnv(k), []byte(k)); got != id {
			t.Fatalf("lookupVocabHash(%q) = %d, want %d", k, got, id)
		}
	}
	if lookupVocab("zzzz-not-a-word") != 0 {
		t.Error("a word of no phrase found")
	}
}
