package search

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/standard"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/registry"
	index "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
	zapx "github.com/blevesearch/zapx/v17"

	"tracuu/models"
)

// The index is written by a fork of zapx v17.2.5 (third_party/zapx) that
// must write the very bytes upstream writes. testdata/zap_golden.txt holds
// the SHA-256 of the segments upstream v17.2.5 built and merged from
// zapFixtureDocs; regenerate it with upstream, not with the fork:
//
//	sed '/^replace github.com\/blevesearch\/zapx/d' go.mod > /tmp/zapup.mod
//	cp go.sum /tmp/zapup.sum
//	go mod download -modfile=/tmp/zapup.mod github.com/blevesearch/zapx/v17
//	go test -modfile=/tmp/zapup.mod -run TestZapSegmentsAsUpstream ./search/ -update-zap
var updateZap = flag.Bool("update-zap", false, "rewrite testdata/zap_golden.txt (run with upstream zapx: see zapgolden_test.go)")

const zapGoldenFile = "testdata/zap_golden.txt"

// Checks at scale, run by hand against the fork and against upstream (the
// -modfile above) and compared: both log canonical hashes.
var (
	zapJSONL = flag.String("zap-jsonl", "", "also build segments of 1,500 articles of this JSON Lines file, merge them by tens and then all, and log their hashes")
	zapDir   = flag.String("zap-dir", "", "also log the hashes of the .zap files of this index folder (and below)")
)

// TestZapSegmentsAsUpstream builds segments of documents made as the index
// makes them, persists and merges them, and compares every file's bytes
// with upstream's.
func TestZapSegmentsAsUpstream(t *testing.T) {
	docs := zapFixtureDocs(t, 3100)
	dir := t.TempDir()
	got := map[string]string{}
	var names []string
	hashFile := func(name, path string) {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(canonicalZap(t, b))
		got[name] = fmt.Sprintf("%s %d", hex.EncodeToString(sum[:]), len(b))
		names = append(names, name)
	}
	build := func(name string, ds []index.Document) segment.Segment {
		t.Helper()
		seg, _, err := (&zapx.ZapPlugin{}).New(ds)
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, name+".zap")
		if err := zapx.PersistSegmentBase(seg.(*zapx.SegmentBase), path); err != nil {
			t.Fatal(err)
		}
		hashFile(name, path)
		opened, err := (&zapx.ZapPlugin{}).Open(path)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { opened.Close() })
		return opened
	}
	// The import's segments hold 1,500 documents, the bulk build's 500;
	// a segment of one document has every term in one posting.
	a := build("a", zapDocuments(t, docs[:1500]))
	b := build("b", zapDocuments(t, docs[1500:3000]))
	c := build("c", zapDocuments(t, docs[3000:3100]))
	d := build("d", zapDocuments(t, docs[3000:3001]))
	e := build("e", zapDocuments(t, docs[2500:3000]))
	v := build("vectors", zapVectorDocuments(t, docs[:400]))
	tiny := build("tiny", zapTinyDocuments(70000))
	// A field ("aa", stored) that the vectors' segment lacks and that
	// sorts before all of its own: merged with it, each field of that
	// segment, "tv" whose locations name their field too, has a number
	// other than its own there.
	shifted := build("c-aa", zapDocuments(t, docs[3000:3100], func(i int, doc *document.Document) {
		doc.AddField(document.NewTextFieldCustom("aa", nil, []byte(fmt.Sprint(i%4)), keywordOptions|index.StoreField, nil))
	}))

	merge := func(name string, segs []segment.Segment, drops []*roaring.Bitmap) {
		t.Helper()
		path := filepath.Join(dir, name+".zap")
		if _, _, err := (&zapx.ZapPlugin{}).Merge(segs, drops, path, nil, nil); err != nil {
			t.Fatal(err)
		}
		hashFile(name, path)
	}
	merge("merge-abc", []segment.Segment{a, b, c}, make([]*roaring.Bitmap, 3))
	dropsB := roaring.New()
	for i := uint32(0); i < 1500; i += 7 {
		dropsB.Add(i)
	}
	merge("merge-abcd-drops", []segment.Segment{a, b, c, d}, []*roaring.Bitmap{roaring.BitmapOf(0, 1, 1499), dropsB, nil, roaring.BitmapOf(0)})
	merge("merge-de", []segment.Segment{d, e}, make([]*roaring.Bitmap, 2))
	merge("merge-vectors", []segment.Segment{v, c}, []*roaring.Bitmap{roaring.BitmapOf(3, 4), nil})
	merge("merge-vectors-shifted", []segment.Segment{v, shifted}, []*roaring.Bitmap{roaring.BitmapOf(3, 4), roaring.BitmapOf(7)})
	merge("merge-tiny", []segment.Segment{tiny, d}, []*roaring.Bitmap{roaring.BitmapOf(5, 70, 69999), nil})

	// Merged segments merged again, with deleted documents: their lists
	// hold the "1-hit" encoding (a term in one document) and, past 4,096
	// documents of 65,536, roaring's bitmap containers, which a merge's
	// copy decodes (Tracuu's fork, mergeList). Some terms lose their
	// only document, some keep one of two segments' documents.
	reopen := func(name string) segment.Segment {
		t.Helper()
		opened, err := (&zapx.ZapPlugin{}).Open(filepath.Join(dir, name+".zap"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { opened.Close() })
		return opened
	}
	dropsABC := roaring.New()
	for i := uint32(0); i < 3100; i += 5 {
		dropsABC.Add(i)
	}
	dropsABC.AddMany([]uint32{1, 2, 3, 1501, 3001, 3002, 3099})
	merge("merge-abc-again-drops", []segment.Segment{reopen("merge-abc"), e, d},
		[]*roaring.Bitmap{dropsABC, roaring.BitmapOf(0, 1, 2, 499), nil})
	dropsTiny := roaring.New()
	for i := uint32(0); i < 69998; i += 3 { // merge-tiny holds 69,998
		dropsTiny.Add(i)
	}
	merge("merge-tiny-again-drops", []segment.Segment{reopen("merge-tiny"), c}, []*roaring.Bitmap{dropsTiny, roaring.BitmapOf(0)})

	// Segments of the same fields, one with term vectors: the copying merge
	// (fieldsSame) then copies locations too, whole chunks without deleted
	// documents (copyChunks) and posting by posting with them, and goes on
	// to the fields without locations with the same decoders (mergeList).
	// The second pair deletes every document of "tv" in one segment and
	// some of the other's.
	merge("merge-vectors-same", []segment.Segment{v, reopen("vectors")}, make([]*roaring.Bitmap, 2))
	dropsV := roaring.New()
	for i := uint32(0); i < 400; i += 3 {
		dropsV.Add(i)
	}
	merge("merge-vectors-same-drops", []segment.Segment{v, reopen("vectors")}, []*roaring.Bitmap{roaring.BitmapOf(3, 4, 5, 399), dropsV})
	// The tiny segment merged with itself, same fields, without deleted
	// documents: its full container's list (run container, roaring's
	// bytes) copied by whole chunks across the merged list's chunks; then
	// with the documents of one value of fSection ("true 0": i%21 == 0)
	// deleted in both, a list of several containers that disappears.
	merge("merge-tiny-same", []segment.Segment{tiny, reopen("tiny")}, make([]*roaring.Bitmap, 2))
	drops21 := roaring.New()
	for i := uint32(0); i < 70000; i += 21 {
		drops21.Add(i)
	}
	merge("merge-tiny-same-drops", []segment.Segment{tiny, reopen("tiny")}, []*roaring.Bitmap{drops21, drops21.Clone()})

	if *zapJSONL != "" {
		logZapJSONL(t, *zapJSONL)
	}
	if *zapDir != "" {
		err := filepath.WalkDir(*zapDir, func(path string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".zap") {
				return err
			}
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			t.Logf("zap-dir %s %x %d", strings.TrimPrefix(path, *zapDir), sha256.Sum256(canonicalZap(t, b)), len(b))
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}

	if *updateZap {
		var sb strings.Builder
		sb.WriteString("# SHA-256 (canonicalZap) and size of the segments of TestZapSegmentsAsUpstream, built by upstream zapx v17.2.5\n")
		for _, n := range names {
			fmt.Fprintf(&sb, "%s %s\n", n, got[n])
		}
		if err := os.WriteFile(zapGoldenFile, []byte(sb.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want := readZapGolden(t)
	if len(want) != len(names) {
		t.Errorf("%d segments in %s, %d built", len(want), zapGoldenFile, len(names))
	}
	for _, n := range names {
		if got[n] != want[n] {
			t.Errorf("segment %s: sha256 and size %s, upstream %s", n, got[n], want[n])
		}
	}
}

// canonicalZap returns a zap file's bytes with the order that upstream
// leaves to chance fixed: zap writes each field's list of (section, address)
// pairs in the iteration order of a Go map (write.go, persistFieldsSection),
// so two builds of the same documents differ there and in the footer's
// CRC. The pairs are sorted by section and the CRC zeroed; every other byte
// is compared as written.
func canonicalZap(t *testing.T, b []byte) []byte {
	t.Helper()
	b = bytes.Clone(b)
	// Footer, with an empty writer id: id length, documents, stored index,
	// sections index (8 bytes each), chunk mode, version, CRC (4 each).
	if len(b) < zapx.FooterSize {
		t.Fatalf("zap file of %d bytes", len(b))
	}
	sectionsIndex := binary.BigEndian.Uint64(b[len(b)-20:])
	numFields, n := binary.Uvarint(b[sectionsIndex:])
	for i := uint64(0); i < numFields; i++ {
		at := binary.BigEndian.Uint64(b[sectionsIndex+uint64(n)+8*i:])
		nameLen, k := binary.Uvarint(b[at:])
		at += uint64(k) + nameLen
		_, k = binary.Uvarint(b[at:]) // options
		at += uint64(k)
		numSections, k := binary.Uvarint(b[at:])
		at += uint64(k)
		pairs := b[at : at+10*numSections]
		recs := make([][]byte, numSections)
		for j := range recs {
			recs[j] = bytes.Clone(pairs[10*j : 10*j+10])
		}
		slices.SortFunc(recs, bytes.Compare)
		for j, r := range recs {
			copy(pairs[10*j:], r)
		}
	}
	clear(b[len(b)-4:])
	return b
}

func readZapGolden(t *testing.T) map[string]string {
	t.Helper()
	f, err := os.Open(zapGoldenFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	want := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if l := sc.Text(); l != "" && !strings.HasPrefix(l, "#") {
			name, rest, _ := strings.Cut(l, " ")
			want[name] = rest
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return want
}

// zapDocuments turns docs into what scorch hands zap: the Bleve document
// with its _id field, every indexed field analysed; add, if given, adds
// fields to the i-th document before.
func zapDocuments(tb testing.TB, docs []Doc, add ...func(i int, doc *document.Document)) []index.Document {
	tb.Helper()
	out := make([]index.Document, len(docs))
	for i := range docs {
		doc, err := docs[i].document(true, nil)
		if err != nil {
			tb.Fatal(err)
		}
		for _, f := range add {
			f(i, doc)
		}
		out[i] = analyzeZap(doc)
	}
	return out
}

// analyzeZap does what scorch does to a document before zap has it
// (scorch.analyze).
func analyzeZap(doc *document.Document) *document.Document {
	doc.AddIDField()
	doc.VisitFields(func(f index.Field) {
		if f.Options().IsIndexed() {
			f.Analyze()
			if doc.HasComposite() && f.Name() != "_id" {
				doc.VisitComposite(func(cf index.CompositeField) {
					cf.Compose(f.Name(), f.AnalyzedLength(), f.AnalyzedTokenFrequencies())
				})
			}
		}
	})
	return doc
}

// zapVectorDocuments is zapDocuments with what the index does not use but
// the fork must write as upstream does, one document in three: a field
// with term vectors that occurs twice (its occurrences merged, locations
// with array positions; the second repeats the first's terms) and a composite field over it.
func zapVectorDocuments(tb testing.TB, docs []Doc) []index.Document {
	return zapDocuments(tb, docs, func(i int, doc *document.Document) {
		if i%3 == 0 {
			opts := index.IndexField | index.IncludeTermVectors
			doc.AddField(document.NewTextFieldCustom("tv", []uint64{0}, []byte(docs[i].Title), opts, zapAnalyzer))
			doc.AddField(document.NewTextFieldCustom("tv", []uint64{1}, []byte(docs[i].Title+" "+docs[i].Lead), opts, zapAnalyzer))
			doc.AddField(document.NewCompositeField("_all", false, []string{"tv"}, nil))
		}
	})
}

var zapAnalyzer = func() analysis.Analyzer {
	a, err := registry.NewCache().AnalyzerNamed(standard.Name)
	if err != nil {
		panic(err)
	}
	return a
}()

// zapTinyDocuments makes n documents of an id and a keyword of a few
// values: postings lists over more than one roaring container, of more
// than 4,096 documents in one (a bitmap container), of every document
// (a full container: a run container).
func zapTinyDocuments(n int) []index.Document {
	out := make([]index.Document, n)
	for i := range out {
		doc := document.NewDocument(fmt.Sprintf("Tiny:%d", i))
		doc.AddField(document.NewTextFieldCustom(fType, nil, []byte("Tiny"), keywordOptions, nil))
		doc.AddField(document.NewTextFieldCustom(fSection, nil, []byte(fmt.Sprint(i%7 == 0, i%3)), keywordOptions, nil))
		if i < 3000 || i%5000 < 4500 {
			doc.AddField(document.NewTextFieldCustom(fSource, nil, []byte(fmt.Sprint(i%2)), keywordOptions, nil))
		}
		out[i] = analyzeZap(doc)
	}
	return out
}

// zapFixtureDocs makes n documents, one in eight an entity, from the
// project's own Vietnamese fixtures: sentences drawn by a fixed generator,
// plus made-up names and codes for the rare terms real news has.
func zapFixtureDocs(tb testing.TB, n int) []Doc {
	tb.Helper()
	var sentences []string
	for _, path := range []string{"testdata/seed.txt", "../sample/seed.txt"} {
		b, err := os.ReadFile(path)
		if err != nil {
			tb.Fatal(err)
		}
		for _, l := range strings.Split(string(b), "\n") {
			for _, s := range strings.SplitAfter(l, ". ") {
				if s = strings.TrimSpace(s); s != "" {
					sentences = append(sentences, s)
				}
			}
		}
	}
	f, err := os.Open("testdata/articles.jsonl")
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var a struct{ Title, Lead, Body string }
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			tb.Fatal(err)
		}
		sentences = append(sentences, a.Title, a.Lead)
		for _, s := range strings.SplitAfter(a.Body, ". ") {
			sentences = append(sentences, strings.TrimSpace(s))
		}
	}
	var syllables []string
	for _, s := range sentences {
		syllables = append(syllables, strings.Fields(s)...)
	}

	r := splitmix(2026)
	pick := func(list []string) string { return list[r.next()%uint64(len(list))] }
	name := func() string {
		k := 2 + int(r.next()%3)
		w := make([]string, k)
		for i := range w {
			w[i] = strings.Trim(pick(syllables), ".,:;()“”‘’\"")
		}
		return strings.Join(w, " ")
	}
	text := func(min, spread int) string {
		k := min + int(r.next()%uint64(spread))
		var sb strings.Builder
		for i := 0; i < k; i++ {
			if i > 0 {
				if r.next()%6 == 0 {
					sb.WriteString("\n")
				} else {
					sb.WriteString(" ")
				}
			}
			sb.WriteString(pick(sentences))
			if r.next()%5 == 0 {
				fmt.Fprintf(&sb, " %s số %d/QĐ-UBND.", name(), r.next()%5000)
			}
		}
		return sb.String()
	}
	sources := []string{"Báo Đồng Khởi", "Dân trí", "Nhân Dân", "Tuổi Trẻ"}
	sections := []string{"Xã hội", "Chính trị", "Kinh tế", "Thể thao", "Giáo dục"}
	types := []string{models.TypePerson, models.TypeOrganisation, models.TypeResolution}
	docs := make([]Doc, n)
	for i := range docs {
		if i%8 == 7 {
			typ := types[r.next()%3]
			d := Doc{ID: models.Ref{Type: typ, ID: int64(i)}.String(), Type: typ, Title: name(), Body: text(1, 3)}
			for k := int(r.next() % 3); k > 0; k-- {
				d.Names = append(d.Names, name())
			}
			docs[i] = d
			continue
		}
		d := Doc{
			ID:      models.Ref{Type: models.TypeArticle, ID: int64(i)}.String(),
			Type:    models.TypeArticle,
			Title:   pick(sentences),
			Lead:    text(1, 2),
			Body:    text(4, 40),
			Source:  pick(sources),
			Section: pick(sections),
			Authors: []string{name()},
		}
		if r.next()%10 != 0 {
			d.PublishedAt = time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(r.next()%(3*365*24)) * time.Hour)
		}
		for k := int(r.next() % 3); k > 0; k-- {
			d.Captions = append(d.Captions, text(1, 2))
		}
		for k := int(r.next() % 5); k > 0; k-- {
			d.Mentions = append(d.Mentions, models.Ref{Type: types[r.next()%3], ID: int64(r.next() % 400)}.String())
		}
		docs[i] = d
	}
	return docs
}

// splitmix is SplitMix64: a generator whose sequence no Go release changes.
type splitmix uint64

func (s *splitmix) next() uint64 {
	*s += 0x9e3779b97f4a7c15
	z := uint64(*s)
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}

// zapBenchDocs returns the first n articles of the development corpus, or
// skips the benchmark.
func zapBenchDocs(b *testing.B, n int) []Doc {
	f, err := os.Open(filepath.Join("..", "..", "shared", "corpus", "dantri-2019-2021.jsonl"))
	if err != nil {
		if os.IsNotExist(err) {
			b.Skipf("development corpus missing: %v", err)
		}
		b.Fatal(err)
	}
	defer f.Close()
	var docs []Doc
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<24)
	for sc.Scan() && len(docs) < n {
		var a struct {
			Title, Lead, Body, Source, Section, PublishedAt string
			Authors                                         []string
		}
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			b.Fatal(err)
		}
		d := Doc{ID: models.Ref{Type: models.TypeArticle, ID: int64(len(docs) + 1)}.String(), Type: models.TypeArticle,
			Title: a.Title, Lead: a.Lead, Body: a.Body, Source: a.Source, Section: a.Section, Authors: a.Authors}
		d.PublishedAt, _ = time.Parse(time.DateOnly, a.PublishedAt)
		docs = append(docs, d)
	}
	if err := sc.Err(); err != nil {
		b.Fatal(err)
	}
	return docs
}

// BenchmarkZapNew builds one segment of 1,500 corpus articles, as the
// import's follower does (the documents are made outside the timer).
func BenchmarkZapNew(b *testing.B) {
	docs := zapBenchDocs(b, 1500)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		zd := zapDocuments(b, docs)
		b.StartTimer()
		seg, _, err := (&zapx.ZapPlugin{}).New(zd)
		if err != nil {
			b.Fatal(err)
		}
		seg.Close()
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(docs)), "ns/doc")
}

// BenchmarkDocumentsAndZapNew analyses 1,500 corpus articles into Bleve
// documents and builds one segment of them: the index side of the
// import's follower for one batch of a part.
func BenchmarkDocumentsAndZapNew(b *testing.B) {
	docs := zapBenchDocs(b, 1500)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		seg, _, err := (&zapx.ZapPlugin{}).New(zapDocuments(b, docs))
		if err != nil {
			b.Fatal(err)
		}
		seg.Close()
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(docs)), "ns/doc")
}

// BenchmarkZapMerge merges segments of 500 corpus articles into one file.
func BenchmarkZapMerge(b *testing.B) {
	docs := zapBenchDocs(b, 2500)
	var segs []segment.Segment
	for i := 0; i < len(docs); i += 500 {
		seg, _, err := (&zapx.ZapPlugin{}).New(zapDocuments(b, docs[i:min(i+500, len(docs))]))
		if err != nil {
			b.Fatal(err)
		}
		segs = append(segs, seg)
	}
	dir := b.TempDir()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		path := filepath.Join(dir, fmt.Sprintf("%d.zap", i))
		if _, _, err := (&zapx.ZapPlugin{}).Merge(segs, make([]*roaring.Bitmap, len(segs)), path, nil, nil); err != nil {
			b.Fatal(err)
		}
		os.Remove(path)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(docs)), "ns/doc")
}

// logZapJSONL builds segments of 1,500 articles of a JSON Lines file (the
// import's format; the text fields only, no extraction), merges them by
// tens, then merges those, and logs the canonical hash of every file.
func logZapJSONL(t *testing.T, path string) {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	dir := t.TempDir()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<26)
	var docs []Doc
	var segs, tens []segment.Segment
	open := func(name string) segment.Segment {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("zap-jsonl %s %x %d", name, sha256.Sum256(canonicalZap(t, b)), len(b))
		s, err := (&zapx.ZapPlugin{}).Open(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	merge := func(name string, in []segment.Segment) segment.Segment {
		if _, _, err := (&zapx.ZapPlugin{}).Merge(in, make([]*roaring.Bitmap, len(in)), filepath.Join(dir, name), nil, nil); err != nil {
			t.Fatal(err)
		}
		for _, s := range in {
			s.Close()
		}
		return open(name)
	}
	flush := func(last bool) {
		if len(docs) > 0 {
			seg, _, err := (&zapx.ZapPlugin{}).New(zapDocuments(t, docs))
			if err != nil {
				t.Fatal(err)
			}
			name := fmt.Sprintf("new-%03d.zap", len(segs)+10*len(tens))
			if err := zapx.PersistSegmentBase(seg.(*zapx.SegmentBase), filepath.Join(dir, name)); err != nil {
				t.Fatal(err)
			}
			segs = append(segs, open(name))
			docs = docs[:0]
		}
		if len(segs) == 10 || last && len(segs) > 0 {
			tens = append(tens, merge(fmt.Sprintf("merge-%03d.zap", len(tens)), segs))
			segs = segs[:0]
		}
	}
	n := 0
	for sc.Scan() {
		var a struct {
			Title, Lead, Body, Source, Section, PublishedAt string
			Authors, Captions                               []string
		}
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			t.Fatal(err)
		}
		n++
		d := Doc{ID: models.Ref{Type: models.TypeArticle, ID: int64(n)}.String(), Type: models.TypeArticle,
			Title: a.Title, Lead: a.Lead, Body: a.Body, Source: a.Source, Section: a.Section, Authors: a.Authors, Captions: a.Captions}
		d.PublishedAt, _ = time.Parse(time.RFC3339, a.PublishedAt)
		docs = append(docs, d)
		if len(docs) == 1500 {
			flush(false)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	flush(true)
	all := merge("merge-all.zap", tens)
	all.Close()
	t.Logf("zap-jsonl: %d articles", n)
}
