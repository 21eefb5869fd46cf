package search_test

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"tracuu/search"
	"tracuu/search/relevance"
)

// Targets of the search issue. Every known-item kind must put the target
// first nearly always and in the top 10 always; accent probes must keep
// the words the user typed in the top 10.
const (
	targetSuccess1  = 0.99
	targetSuccess10 = 0.99
	targetAccent    = 0.97
)

// TestRelevanceDevCorpus scores the development corpus (../shared/corpus,
// outside the repository) as its README says. It is skipped when the
// corpus is missing, except in CI, where that is a failure.
func TestRelevanceDevCorpus(t *testing.T) {
	dir := filepath.Join("..", "..", "shared", "corpus")
	if _, err := os.Stat(filepath.Join(dir, relevance.CorpusFile)); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("development corpus missing: %v", err)
		}
		t.Skipf("development corpus missing: %v", err)
	}
	if testing.Short() && os.Getenv("CI") != "true" { // CI runs it even with -short
		t.Skip("indexes 2,653 articles and runs 1,265 queries")
	}
	arts, qs, err := relevance.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	ix, err := search.Open(t.TempDir() + "/index")
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	for i := 0; i < len(arts); i += 500 {
		var docs []search.Doc
		for j := i; j < len(arts) && j < i+500; j++ {
			docs = append(docs, arts[j].Doc(j))
		}
		if err := ix.Apply(ctx, docs, nil); err != nil {
			t.Fatal(err)
		}
	}
	rows, err := relevance.Score(arts, qs, func(q string) ([]int, error) {
		res, err := ix.Search(ctx, search.Request{Query: q, First: 10, SkipFacets: true})
		if err != nil {
			return nil, err
		}
		out := make([]int, len(res.Hits))
		for i, h := range res.Hits {
			out[i], _ = strconv.Atoi(strings.TrimPrefix(h.ID, "Article:"))
		}
		return out, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Log("\n" + relevance.Table("package search on the development corpus", rows))
	for _, r := range rows {
		if r.Accent {
			if r.AccentShare < targetAccent {
				t.Errorf("%s: share %.3f, want ≥ %.2f", r.Kind, r.AccentShare, targetAccent)
			}
			continue
		}
		if r.Success1 < targetSuccess1 || r.Success10 < targetSuccess10 {
			t.Errorf("%s: success@1 %.3f, success@10 %.3f, want ≥ %.2f and ≥ %.2f", r.Kind, r.Success1, r.Success10, targetSuccess1, targetSuccess10)
		}
	}
}
