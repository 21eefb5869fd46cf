package search

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// TestWordSpans checks that the re-rank's word splitting (wordSpans) finds
// the spans of the index's (appendSpans), on odd text and on every text
// of the development corpus.
func TestWordSpans(t *testing.T) {
	texts := []string{
		"", " ", "Nghị quyết 05-CT/TW ngày 49.356, 97,73 và 1.000.000 đồng.",
		"Ho\u0300a bi\u0300nh NFD", "zero\u200Bwidth soft\u00ADhyphen \u200B lone \uFEFF",
		"\xff\xfe invalid \xc3 utf-8 \xe1\xbb", "Ελληνικά 中文 ١٢٣ ٣.١٤ ⅷ x²", "1. 2, .3 ,4 5.a",
		"\u0301leading mark", "trailing mark\u0301", "a\u2060b", "𝒜𝒷𝒸 emoji 😀 ok",
	}
	f, err := os.Open(filepath.Join("..", "..", "shared", "corpus", "dantri-2019-2021.jsonl"))
	switch {
	case err == nil:
		defer f.Close()
		sc := bufio.NewScanner(f)
		sc.Buffer(nil, 1<<24)
		for sc.Scan() {
			var a struct{ Title, Lead, Body string }
			if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
				t.Fatal(err)
			}
			texts = append(texts, a.Title, a.Lead, a.Body)
		}
		if err := sc.Err(); err != nil || len(texts) < 1000 {
			t.Fatalf("reading the corpus: %v (%d texts)", err, len(texts))
		}
	case os.Getenv("CI") == "true":
		t.Fatalf("development corpus missing: %v", err)
	default:
		t.Logf("development corpus missing, odd texts only: %v", err)
	}
	for _, text := range texts {
		want := appendSpans(nil, []byte(text))
		if got := wordSpans(nil, text); !slices.Equal(got, want) {
			t.Fatalf("wordSpans(%q) = %v, appendSpans: %v", text, got, want)
		}
	}
}
