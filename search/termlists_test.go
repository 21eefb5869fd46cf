package search

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/document"
	index "github.com/blevesearch/bleve_index_api"
)

// docFields is what the segment writer reads of a document: each field's
// name, value or counted terms, in order.
func docFields(doc *document.Document) []string {
	var out []string
	doc.VisitFields(func(f index.Field) {
		if c, ok := f.(*countedField); ok {
			out = append(out, fmt.Sprintf("%s %q %v %v %v %d", c.name, c.bytes, c.ends, c.freqs, c.ids, c.length))
			return
		}
		out = append(out, fmt.Sprintf("%s %v %q", f.Name(), f.ArrayPositions(), f.Value()))
	})
	return out
}

// overgrownDocs are documents whose sets outgrow the lists reserved for
// their text (terms.reserve): many distinct short words and pairs.
func overgrownDocs() []Doc {
	var docs []Doc
	for i := range 6 {
		var b strings.Builder
		for k := range 300 + 200*i {
			fmt.Fprintf(&b, "x%d ", k)
		}
		names := []string{b.String()[:40*(i+1)], "Nguyễn Văn An", "Trần Thị Bình"}
		docs = append(docs, Doc{ID: fmt.Sprintf("Person:%d", 9000+i), Type: "Person", Title: "Lê Văn Tám", Names: names,
			Body: b.String() + "hội nghị trung ương bàn về kinh tế xã hội và quốc phòng an ninh"})
	}
	return docs
}

// TestDocumentsFromReusedTermLists: documents whose term sets took their
// lists from termLists, used again batch after batch (applyBatch), hold
// what documents whose lists came from the heap hold, read once the whole
// batch is made (as the segment writer reads it): a set that outgrows its
// reserve does not write into the next set's lists.
func TestDocumentsFromReusedTermLists(t *testing.T) {
	docs := append(zapFixtureDocs(t, 300), overgrownDocs()...)
	slices.Reverse(docs[len(docs)/2:]) // the overgrown ones among others
	var lists termLists
	for batch := range 4 {
		part := docs[batch*len(docs)/5 : (batch+2)*len(docs)/5]
		made := make([]*document.Document, len(part))
		for i := range part {
			doc, err := part[i].document(true, &lists)
			if err != nil {
				t.Fatal(err)
			}
			made[i] = doc
		}
		for i := range part {
			want, err := part[i].document(true, nil)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := docFields(made[i]), docFields(want); !slices.Equal(got, want) {
				t.Fatalf("batch %d, %s: fields\n%v\nwant\n%v", batch, part[i].ID, got, want)
			}
		}
		lists.reset()
	}
	if n := lists.nums.size(); n == 0 {
		t.Fatal("no lists taken from the blocks")
	}
}

// TestDocumentAllocations: a document made with term lists kept from an
// earlier batch allocates no lists for its term sets and does not copy
// its text: an article of the fixtures in at most 85 allocations (82;
// main's 118: the sets' lists, 20, and the copies of the stored text and
// of the keywords' values).
func TestDocumentAllocations(t *testing.T) {
	d := zapFixtureDocs(t, 3)[1]
	if d.Type != "Article" || d.Lead == "" || d.Body == "" {
		t.Fatalf("want an article with lead and body, got %+v", d)
	}
	lists := getTermLists()
	n := testing.AllocsPerRun(50, func() {
		if _, err := d.document(true, lists); err != nil {
			t.Fatal(err)
		}
		lists.reset()
	})
	t.Logf("%.0f allocations a document", n)
	if n > 85 {
		t.Errorf("%.0f allocations a document, want at most 85", n)
	}
}
