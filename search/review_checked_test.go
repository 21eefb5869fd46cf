package search

import (
	"context"
	"fmt"
	"slices"
	"testing"
)

// checkedIndex holds 300 documents with the words of "N.V.Đ" apart (more
// than verifyWordsLimit, set to 40), 3 with BN and the words apart, 2 with
// BN and the phrase, 1 with the phrase "T.H.K" and the words of "N.V.Đ"
// apart, and 1 with both phrases.
func checkedIndex(t *testing.T) *Index {
	t.Helper()
	old := verifyWordsLimit
	verifyWordsLimit = 40
	t.Cleanup(func() { verifyWordsLimit = old })
	ix, err := Open(t.TempDir() + "/index")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	var docs []Doc
	add := func(id, body string) {
		docs = append(docs, Doc{ID: "Article:" + id, Type: "Article", Title: "Tin y tế", Body: body})
	}
	for i := range 300 {
		add(fmt.Sprint(100+i), "Ông N. nói với anh V. rằng chị Đ. đã về quê.")
	}
	for i := range 3 {
		add(fmt.Sprint(10+i), "BN được ông N. khám, anh V. trực và chị Đ. ghi hồ sơ.")
	}
	add("1", "BN N.V.Đ sau khi xuất viện được theo dõi tại nhà.")
	add("2", "Bn n.v.đ sau khi xuất viện được theo dõi tại nhà.")
	add("20", "Ông N. gặp anh V. và chị Đ. tại nhà T.H.K hôm qua.")
	add("21", "Ông N.V.Đ tại nhà T.H.K hôm qua.")
	if err := ix.Apply(context.Background(), docs, nil); err != nil {
		t.Fatal(err)
	}
	return ix
}

func sortedIDs(t *testing.T, ix *Index, q string) []string {
	t.Helper()
	got := ids(mustSearch(t, ix, Request{Query: q, First: 50}))
	slices.Sort(got)
	return got
}

// A phrase and its exclusion split the other words' matches: "BN -N.V.Đ"
// is what "BN" has and "BN N.V.Đ" has not. The excluded phrase is matched
// by its words in every document (unchecked past verifyWordsLimit), while
// the included one is checked among BN's documents.
func TestReviewExcludedPhraseComplementsIncluded(t *testing.T) {
	ix := checkedIndex(t)
	all := sortedIDs(t, ix, "BN")
	with := sortedIDs(t, ix, "BN N.V.Đ")
	without := sortedIDs(t, ix, "BN -N.V.Đ")
	var want []string
	for _, id := range all {
		if !slices.Contains(with, id) {
			want = append(want, id)
		}
	}
	if !slices.Equal(without, want) {
		t.Errorf("BN: %v; BN N.V.Đ: %v; BN -N.V.Đ: %v, want %v", all, with, without, want)
	}
}

// Two phrases the index does not hold: the order they are typed in must
// not change the matches. The first is evaluated among all documents
// (too many: its words stand for it), the second among the first's.
func TestReviewTwoCheckedPhrasesOrder(t *testing.T) {
	ix := checkedIndex(t)
	a := sortedIDs(t, ix, "N.V.Đ T.H.K")
	b := sortedIDs(t, ix, "T.H.K N.V.Đ")
	if want := []string{"Article:21"}; !slices.Equal(a, want) || !slices.Equal(b, want) {
		t.Errorf("N.V.Đ T.H.K: %v; T.H.K N.V.Đ: %v; want %v for both", a, b, want)
	}
}
