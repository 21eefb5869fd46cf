package ingest

import (
	"io"
	"math/rand/v2"
	"testing"
)

// BenchmarkVocabLookup measures the lookup every token makes in the phrase
// vocabulary, over the tokens of the dev corpus: the open-addressing table
// of packed keys (packing and hashing included here), against a map of the
// same keys.
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
		if lookupVocab(k) != vocab[string(k)] {
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
				lookupVocab(k)
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
// filter in front of the table, by lookupVocab of a string and of bytes.
func TestVocabBits(t *testing.T) {
	Extract(Article{Title: "x", Body: "y"}) // builds the vocabulary and its table
	for k, id := range vocab {
		if got := lookupVocab(k); got != id {
			t.Fatalf("lookupVocab(%q) = %d, want %d", k, got, id)
		}
		if got := lookupVocab([]byte(k)); got != id {
			t.Fatalf("lookupVocab([]byte(%q)) = %d, want %d", k, got, id)
		}
	}
	if lookupVocab("zzzz-not-a-word") != 0 {
		t.Error("a word of no phrase found")
	}
}

// TestPackKeyInjective: no two keys of one length pack alike, over every
// key of up to 8 bytes of four bytes (two of them the extremes), and
// random keys of 9 to 16 bytes, each with the keys that differ from it in
// one byte.
func TestPackKeyInjective(t *testing.T) {
	type packed struct {
		w0, w1 uint64
		n      int
	}
	seen := map[packed]string{}
	check := func(k []byte) {
		w0, w1 := packKey(k)
		p := packed{w0, w1, len(k)}
		if old, ok := seen[p]; ok && old != string(k) {
			t.Fatalf("%q and %q pack alike", old, k)
		}
		seen[p] = string(k)
		if sw0, sw1 := packKey(string(k)); sw0 != w0 || sw1 != w1 {
			t.Fatalf("%q packs differently as a string", k)
		}
	}
	alphabet := []byte{0, 'a', 'b', 0xff}
	var gen func(k []byte)
	gen = func(k []byte) {
		check(k)
		if len(k) == 8 {
			return
		}
		for _, c := range alphabet {
			gen(append(k, c))
		}
	}
	gen(nil)
	rng := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		k := make([]byte, 9+rng.IntN(8))
		for i := range k {
			k[i] = alphabet[rng.IntN(len(alphabet))]
		}
		check(k)
		for i := range k {
			m := append([]byte(nil), k...)
			m[i] ^= 1
			check(m)
		}
	}
}

// TestVocabLookupAgrees: the table answers as the map, for the tokens of
// the dev corpus and for random keys up to 20 bytes long (past the 16 a
// slot packs).
func TestVocabLookupAgrees(t *testing.T) {
	Extract(Article{Title: "x", Body: "y"}) // builds the vocabulary and its table
	f := openCorpus(t)
	defer f.Close()
	r := NewJSONLReader(f)
	n := 0
	for n < 300 {
		a, _, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		n++
		for _, tk := range tokenize(a.Title + "\n" + a.Body) {
			if got, want := lookupVocab(tk.key), vocab[tk.key]; got != want {
				t.Fatalf("lookupVocab(%q) = %d, want %d", tk.key, got, want)
			}
			if tk.id != vocab[tk.key] {
				t.Fatalf("token %q: id %d, want %d", tk.text, tk.id, vocab[tk.key])
			}
		}
	}
	rng := rand.New(rand.NewPCG(3, 4))
	letters := "abcdeghiklmnopqrstuvxyđ- /."
	for range 200000 {
		k := make([]byte, rng.IntN(21))
		for i := range k {
			k[i] = letters[rng.IntN(len(letters))]
		}
		if got, want := lookupVocab(string(k)), vocab[string(k)]; got != want {
			t.Fatalf("lookupVocab(%q) = %d, want %d", k, got, want)
		}
	}
}

// TestMayToneRisk: mayToneRisk is toneRisk's answer for every pair of
// vocab ids the tries can ask about (the ones toneRisk holds among them),
// and false for ids past the table.
func TestMayToneRisk(t *testing.T) {
	Extract(Article{Title: "x", Body: "y"}) // the vocabulary and its tables
	if len(toneRisk) == 0 {
		t.Fatal("toneRisk is empty: nothing to check")
	}
	var ids []int32
	for _, id := range vocab {
		ids = append(ids, id)
	}
	for _, a := range ids {
		for _, b := range ids {
			if got, want := mayToneRisk(a, b), toneRisk[[2]int32{a, b}]; got != want {
				t.Fatalf("mayToneRisk(%d, %d) = %v, toneRisk says %v", a, b, got, want)
			}
		}
	}
	if mayToneRisk(1, int32(len(vocab)+10)) {
		t.Fatal("an id past the vocabulary is at risk")
	}
}
