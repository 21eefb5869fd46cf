package search

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
)

// Compact leaves each part one segment, and once it returns the part's
// folder holds only that segment: an import that closes the index right
// after its compaction left the segments merged away on disk (1.2-1.6 GB
// beside 740 MB at 100,000 articles) until the next open, and Bleve's
// single-segment plan merged ten segments at a time, so a part of more
// than ten kept several.
func TestCompactLeavesOneSegmentAPart(t *testing.T) {
	for name, open := range map[string]func(string) (*Index, error){"Open": Open, "OpenImport": OpenImport} {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			dir := filepath.Join(t.TempDir(), "index")
			ix, err := open(dir)
			if err != nil {
				t.Fatal(err)
			}
			const batches, perBatch = 25, 100
			for b := range batches {
				var docs []Doc
				for i := range perBatch {
					n := b*perBatch + i
					docs = append(docs, Doc{ID: fmt.Sprintf("Article:%d", n+1), Type: "Article",
						Title: fmt.Sprintf("Hà Nội họp lần %d", n), Body: "Ủy ban nhân dân thành phố họp bàn kế hoạch năm."})
				}
				if err := ix.ApplyAt(ctx, int64(b+1), docs, nil); err != nil {
					t.Fatal(err)
				}
				waitPersisted(t, ix)
			}
			if name == "OpenImport" {
				for i, p := range ix.bi.parts {
					if n := partStat(t, p, "num_root_filesegments"); n <= 10 {
						t.Fatalf("part %d has %d segments before Compact, want more than ten (one a batch)", i, n)
					}
				}
			}
			if err := ix.Compact(ctx); err != nil {
				t.Fatal(err)
			}
			if err := ix.Close(); err != nil {
				t.Fatal(err)
			}
			for _, part := range []string{"0", "1"} {
				if n, err := segmentFiles(filepath.Join(dir, part)); err != nil || n != 1 {
					t.Errorf("part %s holds %d segment files after Compact (%v), want 1", part, n, err)
				}
			}
			ix, err = Open(dir)
			if err != nil {
				t.Fatal(err)
			}
			defer ix.Close()
			if n, err := ix.DocCount(); err != nil || n != batches*perBatch {
				t.Fatalf("DocCount = %d, %v; want %d", n, err, batches*perBatch)
			}
			if pos, ok := ix.Position(); !ok || pos != batches {
				t.Fatalf("Position = %d, %v; want %d", pos, ok, batches)
			}
		})
	}
}

// waitPersisted waits until ix's parts hold no segment in memory, so that
// each batch makes a segment file of its own (the persister merges
// segments that wait in memory).
func waitPersisted(t *testing.T, ix *Index) {
	t.Helper()
	for _, p := range ix.bi.parts {
		for start := time.Now(); partStat(t, p, "num_root_memorysegments") > 0; time.Sleep(time.Millisecond) {
			if time.Since(start) > 10*time.Second {
				t.Fatal("segments still in memory after 10 s")
			}
		}
	}
}

// partStat reads one of scorch's figures of the part p.
func partStat(t *testing.T, p bleve.Index, name string) uint64 {
	t.Helper()
	adv, err := p.Advanced()
	if err != nil {
		t.Fatal(err)
	}
	n, ok := adv.(*scorch.Scorch).StatsMap()[name].(uint64)
	if !ok {
		t.Fatalf("no figure %s", name)
	}
	return n
}
