package search

import (
	"runtime"
	"testing"

	"github.com/blevesearch/bleve/v2/document"
	index "github.com/blevesearch/bleve_index_api"
	zapx "github.com/blevesearch/zapx/v17"
)

// TestZapReserveAfterTinySegment: a segment of one small document (a
// fixed overhead of a few hundred bytes over a few bytes of text) does
// not set the buffer that the fork reserves for the next segment's
// documents: a batch of articles after it allocates about as much as
// after a segment of articles. The fork's working states are kept in a
// free list of a few, so each is made to build the small segment.
func TestZapReserveAfterTinySegment(t *testing.T) {
	big := zapDocuments(t, zapFixtureDocs(t, 500))
	build := func(docs []index.Document) uint64 {
		t.Helper()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		seg, _, err := (&zapx.ZapPlugin{}).New(docs)
		runtime.ReadMemStats(&after)
		if err != nil {
			t.Fatal(err)
		}
		seg.Close()
		return after.TotalAlloc - before.TotalAlloc
	}
	const rounds = 6 // more than the free list holds
	var warm uint64
	for range rounds {
		warm = build(big)
	}
	for range rounds {
		build([]index.Document{analyzeZap(document.NewDocument("Person:1"))})
	}
	if got := build(big); got > 2*warm {
		t.Errorf("a segment of %d articles after a small segment allocated %d bytes, %d after a segment of articles",
			len(big), got, warm)
	}
}
