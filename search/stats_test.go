package search

import (
	"context"
	"fmt"
	"reflect"
	"testing"
	"time"

	"tracuu/vntext"
)

// TestMeasureKeepsLengths: measuring the average lengths again (as each
// tenth more documents does) reads the documents' lengths kept from the
// first measure instead of analysing their text again, and finds the same
// averages as measuring with nothing kept.
func TestMeasureKeepsLengths(t *testing.T) {
	ix, err := Open(t.TempDir() + "/index")
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	ctx := context.Background()
	var docs []Doc
	for i := range 30 {
		docs = append(docs, Doc{
			ID: fmt.Sprintf("Article:%d", i+1), Type: "Article",
			Title:       fmt.Sprintf("Kinh tế tỉnh Hà Giang, bài %d", i),
			Lead:        "Ủy ban nhân dân tỉnh họp bàn về kế hoạch phát triển kinh tế.",
			Body:        fmt.Sprintf("Người dân đón Tết; kinh tế, văn hóa và du lịch đều phát triển %d lần.", i),
			Names:       []string{fmt.Sprintf("tên %d", i)},
			Source:      "Báo 1",
			PublishedAt: time.Date(2024, 1, 1+i%28, 0, 0, 0, 0, vntext.Vietnam),
		})
	}
	if err := ix.Apply(ctx, docs, nil); err != nil {
		t.Fatal(err)
	}
	sn, err := ix.bi.snapshot()
	if err != nil {
		t.Fatal(err)
	}
	defer sn.close()
	lengthsSeen.Lock()
	clear(lengthsSeen.m)
	lengthsSeen.Unlock()
	n0 := lengthsAnalysed.Load()
	cold, err := measure(ctx, sn)
	if err != nil {
		t.Fatal(err)
	}
	n1 := lengthsAnalysed.Load()
	if n1-n0 != 30 {
		t.Fatalf("the first measure analysed %d documents, want 30", n1-n0)
	}
	warm, err := measure(ctx, sn)
	if err != nil {
		t.Fatal(err)
	}
	if n := lengthsAnalysed.Load() - n1; n != 0 {
		t.Errorf("measuring again analysed %d documents, want 0", n)
	}
	if !reflect.DeepEqual(warm, cold) || len(cold.avgs) != 4 {
		t.Errorf("averages measured again %v, first %v", warm.avgs, cold.avgs)
	}
}
