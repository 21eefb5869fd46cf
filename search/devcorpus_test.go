package search

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// devArticle is the text of one article of the development corpus.
type devArticle struct{ Title, Lead, Body string }

// devArticles returns the first n articles of the development corpus
// (outside the repository). When it is missing it fails the test under
// CI=true and returns nil and the error elsewhere, for the caller to skip
// or go on with its crafted texts.
func devArticles(t testing.TB, n int) ([]devArticle, error) {
	t.Helper()
	f, err := os.Open(filepath.Join("..", "..", "shared", "corpus", "dantri-2019-2021.jsonl"))
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("development corpus missing: %v", err)
		}
		return nil, err
	}
	defer f.Close()
	var arts []devArticle
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<24)
	for sc.Scan() && len(arts) < n {
		var a devArticle
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			t.Fatal(err)
		}
		arts = append(arts, a)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return arts, nil
}
