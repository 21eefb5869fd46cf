package search

import (
	"fmt"
	"testing"

	"github.com/blevesearch/bleve/v2/document"
	index "github.com/blevesearch/bleve_index_api"
	zapx "github.com/blevesearch/zapx/v17"
)

// TestCodedTermsManyCodes: the zapx fork keeps the postings lists of a
// coded term's number (1<<31 | n, completed by the term's last two
// bytes) for its first two codes in a slot of the number, the others in
// a map, and numbers past the slots' range in the map: each code is
// its own term, with one postings list however many documents and in
// whichever order its codes come.
func TestCodedTermsManyCodes(t *testing.T) {
	field := func(ids []uint32, terms ...string) *countedField {
		f := &countedField{name: fPairs, opts: textOptions, ids: ids, numbered: true, length: len(terms)}
		for _, term := range terms {
			f.bytes = append(f.bytes, term...)
			f.ends = append(f.ends, uint32(len(f.bytes)))
			f.freqs = append(f.freqs, 1)
		}
		return f
	}
	const small, large = 1<<31 | 9, 1<<31 | 1<<23
	codes := []string{"a b\x01AA", "a b\x01AB", "a b\x01AC", "a b\x01AD"}
	far := []string{"e f\x01AA", "e f\x01AB", "e f\x01AC"}
	var docs []index.Document
	want := map[string]uint64{}
	for d := 0; d < 12; d++ {
		var ids []uint32
		var terms []string
		for k := 0; k < len(codes); k++ {
			if (d+k)%3 == 0 {
				continue
			}
			c := codes[(d+k)%len(codes)]
			ids, terms = append(ids, small), append(terms, c)
			want[c]++
		}
		f := far[d%len(far)]
		ids, terms = append(ids, large), append(terms, f)
		want[f]++
		doc := document.NewDocument(fmt.Sprint(d))
		doc.AddField(field(ids, terms...))
		docs = append(docs, analyzeZap(doc))
	}
	seg, _, err := (&zapx.ZapPlugin{}).New(docs)
	if err != nil {
		t.Fatal(err)
	}
	defer seg.Close()
	d, err := seg.Dictionary(fPairs)
	if err != nil {
		t.Fatal(err)
	}
	if n := d.(*zapx.Dictionary).Cardinality(); n != len(want) {
		t.Errorf("%d terms, want %d", n, len(want))
	}
	for term, n := range want {
		pl, err := d.PostingsList([]byte(term), nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		if got := pl.Count(); got != n {
			t.Errorf("%q in %d documents, want %d", term, got, n)
		}
	}
}
