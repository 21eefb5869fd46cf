package search

import (
	"context"
	"slices"
	"testing"
)

// TestPhraseOfRarerSyllables: a phrase whose pair is not indexed (a
// syllable is not among the common ones) is matched by its words and
// checked in the stored text, so it matches as a phrase still: quoted,
// excluded, and ranked above the same words apart.
func TestPhraseOfRarerSyllables(t *testing.T) {
	if pairIndexed("xoai", "cat") || !pairIndexed("cua", "cac") {
		t.Fatal("the test's pairs: xoai cat must not be indexed, cua cac must")
	}
	ix, err := Open(t.TempDir() + "/index")
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	docs := []Doc{
		{ID: "Article:1", Type: "Article", Title: "Vườn xoài Cát Chu của ông Kiệt", Body: "Ông trồng xoài cát từ năm 1990."},
		{ID: "Article:2", Type: "Article", Title: "Cát bay vào vườn", Body: "Gió đưa cát phủ kín vườn xoài của các hộ dân."},
		{ID: "Article:3", Type: "Article", Title: "Vườn cam", Body: "Không có gì khác."},
	}
	if err := ix.Apply(context.Background(), docs, nil); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		query string
		want  []string
	}{
		{`"xoài cát"`, []string{"Article:1"}},
		{`"xoai cat chu"`, []string{"Article:1"}},
		{`xoài cát`, []string{"Article:1", "Article:2"}},
		{`vườn -"xoài cát"`, []string{"Article:2", "Article:3"}},
		{`"của các"`, []string{"Article:2"}},
		{`"cát xoài"`, nil},
	} {
		res := mustSearch(t, ix, Request{Query: c.query, First: 10})
		got := ids(res)
		if c.query == `vườn -"xoài cát"` {
			slices.Sort(got)
		}
		if !slices.Equal(got, c.want) || res.Total != uint64(len(c.want)) {
			t.Errorf("%s: %v (total %d), want %v", c.query, got, res.Total, c.want)
		}
	}
}
