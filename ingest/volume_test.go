package ingest

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"
)

// corpusSumFile holds the SHA-256 of what JSONLReader and Extract make of
// every line of the dev corpus (see TestCorpusExtractionUnchanged).
const corpusSumFile = "testdata/corpus_extraction.sha256"

// TestCorpusExtractionUnchanged reads every line of the dev corpus and
// extracts every article, and compares the SHA-256 of the lot (each
// line's article as read, or its error, and its extraction, as JSON) with
// the one in testdata: a change made for speed must leave every one of
// the 2,653 articles read and extracted byte for byte as before, not only
// the fixtures. A deliberate change of the output rewrites the sum with
// -update (go test ./ingest -run TestCorpusExtractionUnchanged -update),
// after the golden and annotation tests tell what it changed. The same
// check over any file, with the database's normalisation too, is
// cmd/extractdump -sum.
func TestCorpusExtractionUnchanged(t *testing.T) {
	f := openCorpus(t)
	defer f.Close()
	h := sha256.New()
	enc := json.NewEncoder(h)
	r := NewJSONLReader(f)
	n := 0
	for {
		a, line, err := r.Next()
		if err == io.EOF {
			break
		}
		n++
		if err != nil {
			if _, ok := err.(*LineError); !ok {
				t.Fatal(err)
			}
			fmt.Fprintf(h, "%d %v\n", line, err)
			continue
		}
		if err := enc.Encode(golden{Article: a, Extraction: Extract(a)}); err != nil {
			t.Fatal(err)
		}
	}
	got := fmt.Sprintf("%s  %d articles\n", hex.EncodeToString(h.Sum(nil)), n)
	if *update {
		if err := os.WriteFile(corpusSumFile, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(corpusSumFile)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("what the dev corpus reads and extracts to changed:\n  want %s  got  %s(find the articles with cmd/extractdump on both builds and diff)", want, got)
	}
	if !strings.HasSuffix(got, " 2653 articles\n") {
		t.Logf("the corpus has changed size: %s", got)
	}
}
