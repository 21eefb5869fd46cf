package search

import (
	"fmt"
	"testing"

	"github.com/blevesearch/bleve/v2/document"
	index "github.com/blevesearch/bleve_index_api"
	zapx "github.com/blevesearch/zapx/v17"
)

// TestNumberedTermsOnePostingsList: the zapx fork finds a numbered term's
// postings list by its number (countedField.CountedTermIDs), so a term
// must have one postings list however it comes: with its number, without
// one (a word analysed once the forms cache is full), or a coded pair
// (its number and its last two bytes), and two pairs of one number and
// different codes are two terms.
func TestNumberedTermsOnePostingsList(t *testing.T) {
	viet := termIDs.number([]byte("viet"))
	xa := termIDs.number([]byte("xa"))
	field := func(name string, ids []uint32, terms ...string) *countedField {
		f := &countedField{name: name, opts: textOptions, ids: ids, numbered: true, length: len(terms)}
		for _, term := range terms {
			f.bytes = append(f.bytes, term...)
			f.ends = append(f.ends, uint32(len(f.bytes)))
			f.freqs = append(f.freqs, 1)
		}
		return f
	}
	pairXY, pairXZ := "a b\x01XY", "a b\x01XZ"
	fields := [][]*countedField{
		{field(fWords, []uint32{viet, xa}, "viet", "xa"), field(fPairs, []uint32{1<<31 | 7}, pairXY)},
		{field(fWords, nil, "viet"), field(fPairs, []uint32{1<<31 | 7}, pairXZ)},
		{field(fWords, []uint32{0, xa}, "viet", "xa"), field(fPairs, []uint32{1<<31 | 7, 3}, pairXY, "c d\x01")},
	}
	var docs []index.Document
	for i, fs := range fields {
		doc := document.NewDocument(fmt.Sprint(i))
		for _, f := range fs {
			doc.AddField(f)
		}
		docs = append(docs, analyzeZap(doc))
	}
	seg, _, err := (&zapx.ZapPlugin{}).New(docs)
	if err != nil {
		t.Fatal(err)
	}
	defer seg.Close()
	for _, c := range []struct {
		field, term string
		docs        uint64
	}{{fWords, "viet", 3}, {fWords, "xa", 2}, {fPairs, pairXY, 2}, {fPairs, pairXZ, 1}, {fPairs, "c d\x01", 1}} {
		d, err := seg.Dictionary(c.field)
		if err != nil {
			t.Fatal(err)
		}
		pl, err := d.PostingsList([]byte(c.term), nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		if n := pl.Count(); n != c.docs {
			t.Errorf("%s:%q in %d documents, want %d", c.field, c.term, n, c.docs)
		}
		if n := d.(*zapx.Dictionary).Cardinality(); c.term == "viet" && n != 2 || c.field == fPairs && n != 3 {
			t.Errorf("%s: %d terms", c.field, n)
		}
	}
}
