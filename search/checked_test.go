package search

import (
	"context"
	"fmt"
	"slices"
	"testing"
)

// A phrase of rare syllables ("N.V.Đ", a pair the index does not hold) is
// matched by its words and checked in the stored text only where it has
// few candidates. Its words alone are in more documents than the check
// reads, but the query's other word ("BN") leaves a few: those are checked,
// so the documents with the words apart do not pass for the phrase.
func TestPhraseCheckedAmongOtherWords(t *testing.T) {
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
	// The words of the phrase apart, in many more documents than the check reads.
	for i := range 300 {
		add(fmt.Sprint(100+i), "Ông N. nói với anh V. rằng chị Đ. đã về quê.")
	}
	// BN with the words apart: not the phrase.
	for i := range 3 {
		add(fmt.Sprint(10+i), "BN được ông N. khám, anh V. trực và chị Đ. ghi hồ sơ.")
	}
	// BN with the phrase, in every form it is typed.
	add("1", "BN N.V.Đ sau khi xuất viện được theo dõi tại nhà.")
	add("2", "Bn n.v.đ sau khi xuất viện được theo dõi tại nhà.")
	if err := ix.Apply(context.Background(), docs, nil); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"BN N.V.Đ", "bn n.v.d", "BN N.V.Đ sau khi"} {
		res := mustSearch(t, ix, Request{Query: q, First: 10})
		got := ids(res)
		slices.Sort(got)
		if want := []string{"Article:1", "Article:2"}; res.Total != 2 || !slices.Equal(got, want) {
			t.Errorf("%q: total %d, %v; want 2, %v", q, res.Total, got, want)
		}
	}
}
