package search

import (
	"context"
	"fmt"
	"testing"
	"time"
)

// TestMergeGate: under a stream of small batches, which makes each part of
// the index merge again and again, no two parts merge at once. With the
// gate off (Bleve's default) the two parts of this index, receiving their
// batches together, merge together.
func TestMergeGate(t *testing.T) {
	defer func(d time.Duration) { mergeWaitMax = d }(mergeWaitMax)
	mergeWaitMax = time.Hour // no merge may go ahead of its turn here
	defer SetMergeGate(SetMergeGate(true))
	ctx := context.Background()
	ix, err := Open(t.TempDir() + "/index")
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	docs := fixtureDocs(t)
	TakeMostMerging()
	rounds := Merges().Rounds
	for i := range 120 {
		var batch []Doc
		for j := range 4 {
			d := docs[(i*4+j)%len(docs)]
			d.ID = fmt.Sprintf("Article:%d", 1+i*4+j)
			batch = append(batch, d)
		}
		if err := ix.ApplyAt(ctx, int64(i+1), batch, nil); err != nil {
			t.Fatal(err)
		}
	}
	if n := Merges().Rounds - rounds; n < 10 {
		t.Fatalf("%d rounds of merge planning for 120 batches, want many", n)
	}
	if most := TakeMostMerging(); most > 1 {
		t.Errorf("%d parts merged at once, want one at a time", most)
	}
	if n, err := ix.DocCount(); err != nil || n != 480 {
		t.Errorf("%d documents (%v), want 480", n, err)
	}
}
