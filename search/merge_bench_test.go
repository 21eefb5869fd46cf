package search

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/RoaringBitmap/roaring/v2"
	segment "github.com/blevesearch/scorch_segment_api/v2"
	zapx "github.com/blevesearch/zapx/v17"

	"tracuu/models"
)

// BenchmarkZapMergeImport merges the segments one index part holds at the
// end of an import into one, as the import's final compaction does: the
// first TRACUU_MERGE_DOCS articles (default 50,000, a part's share of an
// import of 100,000) of the JSON Lines file TRACUU_MERGE_JSONL (default
// the benchmark file /work/bench/synth100k.jsonl), in segments of
// TRACUU_MERGE_SEG documents (default 1,500: a follower's batch of 3,000
// changes split between two parts). The segments are built once and kept
// in TRACUU_MERGE_CACHE (default a folder of the test's), so that two
// builds of the code merge the same files.
func BenchmarkZapMergeImport(b *testing.B) {
	env := func(k string, def int) int {
		if n, err := strconv.Atoi(os.Getenv(k)); err == nil && n > 0 {
			return n
		}
		return def
	}
	n, size := env("TRACUU_MERGE_DOCS", 50000), env("TRACUU_MERGE_SEG", 1500)
	path := os.Getenv("TRACUU_MERGE_JSONL")
	if path == "" {
		path = "/work/bench/synth100k.jsonl"
	}
	dir := os.Getenv("TRACUU_MERGE_CACHE")
	if dir == "" {
		dir = b.TempDir()
	}
	dir = filepath.Join(dir, fmt.Sprintf("segs-%d-%d", n, size))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		b.Fatal(err)
	}
	names := buildImportSegments(b, path, dir, n, size)
	var segs []segment.Segment
	for _, name := range names {
		s, err := (&zapx.ZapPlugin{}).Open(name)
		if err != nil {
			b.Fatal(err)
		}
		defer s.Close()
		segs = append(segs, s)
	}
	// TRACUU_MERGE_DROP=N deletes every Nth document of each segment, as
	// an import's updated entities delete their earlier documents.
	drops := make([]*roaring.Bitmap, len(segs))
	if every := env("TRACUU_MERGE_DROP", 0); every > 0 {
		for i, s := range segs {
			drops[i] = roaring.New()
			for d := uint64(i % every); d < s.Count(); d += uint64(every) {
				drops[i].Add(uint32(d))
			}
		}
	}
	out := b.TempDir()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		p := filepath.Join(out, fmt.Sprintf("%d.zap", i))
		if _, _, err := (&zapx.ZapPlugin{}).Merge(segs, drops, p, nil, nil); err != nil {
			b.Fatal(err)
		}
		os.Remove(p)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/doc")
}

// buildImportSegments writes (unless dir has them) the segments of the
// first n articles of the JSON Lines file path, size documents each, and
// returns their paths.
func buildImportSegments(b *testing.B, path, dir string, n, size int) []string {
	var names []string
	for i := 0; i*size < n; i++ {
		names = append(names, filepath.Join(dir, fmt.Sprintf("%04d.zap", i)))
	}
	if _, err := os.Stat(names[len(names)-1]); err == nil {
		return names
	}
	built := 0
	docs := importBenchDocs(b, path, n)
	for j := 0; j < len(docs); j += size {
		seg, _, err := (&zapx.ZapPlugin{}).New(zapDocuments(b, docs[j:min(j+size, len(docs))]))
		if err != nil {
			b.Fatal(err)
		}
		if err := zapx.PersistSegmentBase(seg.(*zapx.SegmentBase), names[built]); err != nil {
			b.Fatal(err)
		}
		built++
	}
	return names[:built]
}

// importBenchDocs returns the first n articles of the JSON Lines file path
// as the follower makes their documents (no authors' or mentions' rows),
// or skips the benchmark when the file is missing.
func importBenchDocs(b *testing.B, path string, n int) []Doc {
	f, err := os.Open(path)
	if err != nil {
		if os.IsNotExist(err) {
			b.Skipf("benchmark file missing: %v", err)
		}
		b.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<26)
	var docs []Doc
	for sc.Scan() && len(docs) < n {
		var a struct {
			Title, Lead, Body, Source, Section, PublishedAt string
			Captions                                        []string
			Authors                                         []string
		}
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			b.Fatal(err)
		}
		d := Doc{ID: models.Ref{Type: models.TypeArticle, ID: int64(len(docs) + 1)}.String(), Type: models.TypeArticle,
			Title: a.Title, Lead: a.Lead, Body: a.Body, Captions: a.Captions, Source: a.Source, Section: a.Section, Authors: a.Authors}
		if d.PublishedAt, err = time.Parse(time.RFC3339, a.PublishedAt); err != nil {
			d.PublishedAt, _ = time.Parse(time.DateOnly, a.PublishedAt)
		}
		docs = append(docs, d)
	}
	if err := sc.Err(); err != nil {
		b.Fatal(err)
	}
	return docs
}

// BenchmarkZapNewImport builds the segments of BenchmarkZapMergeImport's
// articles (the documents made outside the timer, 6,000 of them, in
// segments of TRACUU_MERGE_SEG): with BenchmarkZapMergeImport, what a
// follower's batch size costs in building and in merging.
func BenchmarkZapNewImport(b *testing.B) {
	size := 1500
	if n, err := strconv.Atoi(os.Getenv("TRACUU_MERGE_SEG")); err == nil && n > 0 {
		size = n
	}
	path := os.Getenv("TRACUU_MERGE_JSONL")
	if path == "" {
		path = "/work/bench/synth100k.jsonl"
	}
	docs := importBenchDocs(b, path, 6000)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for j := 0; j < len(docs); j += size {
			b.StopTimer()
			zd := zapDocuments(b, docs[j:min(j+size, len(docs))])
			b.StartTimer()
			seg, _, err := (&zapx.ZapPlugin{}).New(zd)
			if err != nil {
				b.Fatal(err)
			}
			seg.Close()
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(docs)), "ns/doc")
}

// BenchmarkCompactImport compacts a copy of the index in
// TRACUU_COMPACT_INDEX, an import's index before its final compaction
// (each part's segments as the persister wrote them, with the documents
// later batches deleted), as the import does (Index.Compact: both parts
// at once). The copy is made outside the timer. cpu-s/op is the
// process's CPU (user and system) during the compaction.
func BenchmarkCompactImport(b *testing.B) {
	src := os.Getenv("TRACUU_COMPACT_INDEX")
	if src == "" {
		b.Skip("TRACUU_COMPACT_INDEX not set")
	}
	var cpu time.Duration
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		dir := filepath.Join(b.TempDir(), "index")
		if err := os.CopyFS(dir, os.DirFS(src)); err != nil {
			b.Fatal(err)
		}
		ix, err := OpenImport(dir)
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		c := rusageCPU()
		if err := ix.Compact(context.Background()); err != nil {
			b.Fatal(err)
		}
		cpu += rusageCPU() - c
		b.StopTimer()
		if err := ix.Close(); err != nil {
			b.Fatal(err)
		}
		os.RemoveAll(dir)
		b.StartTimer()
	}
	b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/op")
}

// rusageCPU is the process's CPU time so far (user and system).
func rusageCPU() time.Duration {
	var u syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &u) != nil {
		return 0
	}
	return time.Duration(u.Utime.Nano() + u.Stime.Nano())
}
