package search

import (
	"path/filepath"
	"testing"

	zapx "github.com/blevesearch/zapx/v17"
)

// TestPostingsIteratorReuseAllocates: a merge reuses one postings
// iterator for every postings list of every segment; reusing it to go
// through a list allocates nothing (the zapx fork). Upstream allocated a
// roaring iterator for every list and a reader for every chunk of a list
// without locations: three allocations a list and segment, a third of a
// merge's CPU in allocation (docs/scaling.md, "The import's merges and
// compaction").
func TestPostingsIteratorReuseAllocates(t *testing.T) {
	seg, _, err := (&zapx.ZapPlugin{}).New(zapDocuments(t, zapFixtureDocs(t, 3100)))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "s.zap")
	if err := zapx.PersistSegmentBase(seg.(*zapx.SegmentBase), path); err != nil {
		t.Fatal(err)
	}
	s, err := (&zapx.ZapPlugin{}).Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	d, err := s.(*zapx.Segment).Dictionary("w")
	if err != nil {
		t.Fatal(err)
	}
	// A term of many documents: a list in the general encoding.
	var term string
	var most uint64
	it := d.AutomatonIterator(nil, nil, nil)
	for e, err := it.Next(); err == nil && e != nil; e, err = it.Next() {
		if e.Count > most {
			term, most = e.Term, e.Count
		}
	}
	if most < 100 {
		t.Fatalf("the most frequent term of w is in %d documents", most)
	}
	pl, err := d.(*zapx.Dictionary).PostingsList([]byte(term), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	itr := pl.Iterator(true, true, true, nil)
	n := 0
	allocs := testing.AllocsPerRun(20, func() {
		itr = pl.Iterator(true, true, true, itr)
		n = 0
		for p, err := itr.Next(); p != nil; p, err = itr.Next() {
			if err != nil {
				t.Fatal(err)
			}
			n++
		}
	})
	if uint64(n) != most {
		t.Fatalf("went through %d postings of %q, want %d", n, term, most)
	}
	if allocs != 0 {
		t.Errorf("going through the %d postings of %q with a reused iterator: %.0f allocations, want 0", n, term, allocs)
	}
}
