package search

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"tracuu/vntext"
)

func TestQueryBounds(t *testing.T) {
	ix := mustOpen(t)
	tests := []struct {
		name    string
		query   string
		ignored int
	}{
		{"Normal", "nghị quyết tỉnh ủy", 0},
		{"RepeatsCollapse", strings.Repeat("tỉnh ", 500), 500 - maxQuerySequence},
		{"DistinctWordsCapped", wordsN(40), 40 - MaxQueryWords},
		{"LongText", strings.Repeat("a", 100000), 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := mustSearch(t, ix, Request{Query: tt.query})
			if res.IgnoredWords != tt.ignored {
				t.Errorf("ignored %d words, want %d", res.IgnoredWords, tt.ignored)
			}
		})
	}
	t.Run("RepeatedWordStillFinds", func(t *testing.T) {
		if got := idsFor(t, ix, strings.Repeat("tỉnh ", 500)); len(got) == 0 {
			t.Error("no hits")
		}
	})
	t.Run("PastTheBytesCut", func(t *testing.T) {
		// 2,000 bytes of one word, then real words: the words past the
		// cut are counted, not searched.
		q := strings.Repeat("x", MaxQueryBytes-1) + " nghị quyết tỉnh ủy"
		res := mustSearch(t, ix, Request{Query: q})
		if res.IgnoredWords != 4 {
			t.Errorf("ignored %d, want 4", res.IgnoredWords)
		}
	})
}

// wordsN returns n distinct words.
func wordsN(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "w%d ", i)
	}
	return b.String()
}

func TestSearchStopsWhenCancelled(t *testing.T) {
	ix := mustOpen(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := ix.Search(ctx, Request{Query: "tỉnh ủy"})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("got %v, want context.Canceled", err)
	}
	_, err = ix.Suggest(ctx, "tinh", nil, 5)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("suggest: got %v, want context.Canceled", err)
	}
}

// manyDocs indexes n articles that all match "hội nghị", on n different
// days over three years, some with the phrase and some with the words
// apart, in several batches (several segments).
func manyDocs(t *testing.T, n int) *Index {
	t.Helper()
	ix, err := Open(t.TempDir() + "/index")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	start := time.Date(2019, 12, 30, 9, 0, 0, 0, vntext.Vietnam)
	var docs []Doc
	for i := range n {
		body := fmt.Sprintf("Bài %d. Tỉnh tổ chức hội nghị lần thứ %d.", i, i%7)
		if i%3 == 0 {
			body = fmt.Sprintf("Bài %d. Hội đồng đã nghị quyết %d việc.", i, i%7)
		}
		docs = append(docs, Doc{ID: fmt.Sprintf("Article:%d", 1000+i), Type: "Article", Title: fmt.Sprintf("Tin số %d", i),
			Body: body, PublishedAt: start.AddDate(0, 0, 4*i)})
		if len(docs) == 40 {
			if err := ix.Apply(context.Background(), docs, nil); err != nil {
				t.Fatal(err)
			}
			docs = nil
		}
	}
	if err := ix.Apply(context.Background(), docs, nil); err != nil {
		t.Fatal(err)
	}
	return ix
}

func TestPagingPastTheWindow(t *testing.T) {
	const n = 260
	ix := manyDocs(t, n)
	for _, order := range []Sort{Relevance, Newest, Oldest} {
		t.Run(fmt.Sprint(order), func(t *testing.T) {
			var got []string
			after := ""
			for page := 0; page < 50; page++ {
				res := mustSearch(t, ix, Request{Query: "hội nghị", Sort: order, First: 37, After: after, SkipFacets: true})
				if res.Total != n {
					t.Fatalf("total %d, want %d", res.Total, n)
				}
				got = append(got, ids(res)...)
				if !res.HasNext {
					break
				}
				after = res.EndCursor
			}
			if len(got) != n {
				t.Fatalf("%d hits over the pages, want %d", len(got), n)
			}
			seen := map[string]bool{}
			for _, id := range got {
				if seen[id] {
					t.Fatalf("%s twice", id)
				}
				seen[id] = true
			}
			if order == Relevance {
				// The phrase comes before the words apart.
				for i, id := range got {
					var k int
					fmt.Sscanf(id, "Article:%d", &k)
					if phrase := (k-1000)%3 != 0; phrase != (i < n-n/3-1) {
						t.Fatalf("%s at %d", id, i)
					}
				}
			}
		})
	}
}

func TestDateRangeByDay(t *testing.T) {
	ix := manyDocs(t, 260) // one article every 4 days from 30 Dec 2019
	day := func(y, m, d int) *time.Time {
		t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, vntext.Vietnam)
		return &t
	}
	tests := []struct {
		name     string
		from, to *time.Time
	}{
		{"WithinAMonth", day(2020, 3, 2), day(2020, 3, 20)},
		{"AcrossMonths", day(2020, 1, 15), day(2020, 5, 3)},
		{"AcrossYears", day(2019, 12, 31), day(2022, 2, 10)},
		{"OpenEnd", day(2021, 6, 1), nil},
		{"OpenStart", nil, day(2020, 1, 3)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := mustSearch(t, ix, Request{Query: "hội nghị", Filter: Filter{From: tt.from, To: tt.to}, First: 1})
			want := 0
			for i := range 260 {
				d := time.Date(2019, 12, 30, 9, 0, 0, 0, vntext.Vietnam).AddDate(0, 0, 4*i)
				if (tt.from == nil || !d.Before(*tt.from)) && (tt.to == nil || d.Before(tt.to.AddDate(0, 0, 1))) {
					want++
				}
			}
			if int(res.Total) != want {
				t.Errorf("total %d, want %d", res.Total, want)
			}
			years := 0
			for _, b := range res.Facets.Years {
				years += b.Count
			}
			if years != 260 {
				t.Errorf("years facet counts %d, want 260 (it ignores the date filter)", years)
			}
		})
	}
}

func TestFacetsExactAndSampled(t *testing.T) {
	ix := mustOpen(t)
	for _, exact := range []bool{false, true} {
		res := mustSearch(t, ix, Request{Query: "tỉnh", ExactFacets: exact})
		if res.Facets.Approximate {
			t.Errorf("exact %v: approximate facets for %d matches", exact, res.Total)
		}
	}
	if !slices.ContainsFunc(mustSearch(t, ix, Request{Query: "tỉnh"}).Facets.Organisations, func(b Bucket) bool { return b.Value == "Organisation:1" }) {
		t.Error("organisations facet without Organisation:1")
	}
}

// TestEntityNamedOrArticlesFirst: an entity comes before the articles
// about it only when the query names it whole (its name or an alias);
// words it shares with them ("nghị quyết tỉnh ủy") put the articles first.
func TestEntityNamedOrArticlesFirst(t *testing.T) {
	ix := mustOpen(t)
	res := "Resolution:900"
	if err := ix.Apply(context.Background(), []Doc{{ID: res, Title: "Nghị quyết Tỉnh ủy Bến Tre năm 2020", Names: []string{"NQ-2020/TU"}}}, nil); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		query, first string
	}{
		{"nghi quyet tinh uy", seedID},
		{"nghị quyết tỉnh ủy", seedID},
		{"nghị quyết tỉnh ủy bến tre năm 2020", res},
		{"Nghi quyet tinh uy Ben Tre nam 2020", res},
	} {
		got := idsFor(t, ix, tt.query)
		if len(got) == 0 || got[0] != tt.first {
			t.Errorf("%q: got %v, want %s first", tt.query, got, tt.first)
		}
		if !slices.Contains(got, res) {
			t.Errorf("%q: the resolution is not among the hits %v", tt.query, got)
		}
	}
}
