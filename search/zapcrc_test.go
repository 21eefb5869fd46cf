package search

import (
	"encoding/binary"
	"hash/crc32"
	"os"
	"path/filepath"
	"testing"

	"github.com/RoaringBitmap/roaring/v2"
	segment "github.com/blevesearch/scorch_segment_api/v2"
	zapx "github.com/blevesearch/zapx/v17"
)

// TestZapFooterCRC: a segment file ends with the CRC-32 (IEEE) of all its
// bytes before it, for new segments (whose CRC the zapx fork computes
// once over the built buffer) and merged ones (hashed as written).
// TestZapSegmentsAsUpstream compares every other byte with upstream's but
// zeroes the CRC.
func TestZapFooterCRC(t *testing.T) {
	docs := zapFixtureDocs(t, 600)
	dir := t.TempDir()
	check := func(path string) {
		t.Helper()
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if len(b) < 4 {
			t.Fatalf("%s: %d bytes", path, len(b))
		}
		if got, want := binary.BigEndian.Uint32(b[len(b)-4:]), crc32.ChecksumIEEE(b[:len(b)-4]); got != want {
			t.Errorf("%s: CRC %08x, bytes hash to %08x", filepath.Base(path), got, want)
		}
	}
	var segs []segment.Segment
	for i, part := range [][]Doc{docs[:500], docs[500:], docs[:1]} {
		seg, _, err := (&zapx.ZapPlugin{}).New(zapDocuments(t, part))
		if err != nil {
			t.Fatal(err)
		}
		defer seg.Close()
		path := filepath.Join(dir, string(rune('a'+i))+".zap")
		if err := zapx.PersistSegmentBase(seg.(*zapx.SegmentBase), path); err != nil {
			t.Fatal(err)
		}
		check(path)
		segs = append(segs, seg)
	}
	path := filepath.Join(dir, "merged.zap")
	if _, _, err := (&zapx.ZapPlugin{}).Merge(segs, make([]*roaring.Bitmap, len(segs)), path, nil, nil); err != nil {
		t.Fatal(err)
	}
	check(path)
}
