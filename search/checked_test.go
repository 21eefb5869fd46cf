package search

import (
	"slices"
	"testing"
)

// A phrase of rare syllables ("N.V.Đ", a pair the index does not hold) is
// matched by its words and checked in the stored text only where it has
// few candidates. Its words alone are in more documents than the check
// reads, but the query's other word ("BN") leaves a few: those are checked,
// so the documents with the words apart do not pass for the phrase.
func TestPhraseCheckedAmongOtherWords(t *testing.T) {
	ix := checkedIndex(t)
	for _, q := range []string{"BN N.V.Đ", "bn n.v.d", "BN N.V.Đ sau khi"} {
		res := mustSearch(t, ix, Request{Query: q, First: 10})
		got := ids(res)
		slices.Sort(got)
		if want := []string{"Article:1", "Article:2"}; res.Total != 2 || !slices.Equal(got, want) {
			t.Errorf("%q: total %d, %v; want 2, %v", q, res.Total, got, want)
		}
	}
}
