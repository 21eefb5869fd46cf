package search

import (
	"context"
	"fmt"
	"reflect"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"tracuu/vntext"

	"github.com/blevesearch/bleve/v2/index/scorch"
)

// entityDoc is article i of TestFacetCacheSameCounts: the word "tỉnh"
// in all, "lẻ" in the odd ones, and mentions that vary with i and gen
// (a rewrite of the article changes them).
func entityDoc(i, gen int) Doc {
	d := Doc{ID: fmt.Sprintf("Article:%d", i), Type: "Article", Title: fmt.Sprintf("Tin tỉnh số %d", i),
		Body: "Hội nghị của tỉnh.", Source: fmt.Sprintf("Báo %d", i%7), Section: fmt.Sprintf("Mục %d", i%5+gen),
		PublishedAt: time.Date(2019+i%4, time.Month(1+i%12), 1+i%28, 9, 0, 0, 0, vntext.Vietnam)}
	if i%2 == 1 {
		d.Body += " Số lẻ."
	}
	if i%11 != 0 {
		d.Mentions = append(d.Mentions, fmt.Sprintf("Person:%d", (i*7+gen)%97))
	}
	if i%3 != 0 {
		d.Mentions = append(d.Mentions, fmt.Sprintf("Organisation:%d", (i+gen)%13), fmt.Sprintf("Person:%d", (i+gen)%5))
	}
	if i%5 == 0 {
		d.Mentions = append(d.Mentions, fmt.Sprintf("Resolution:%d", i%4))
	}
	return d
}

// TestFacetCacheSameCounts: the entity facets counted from the cache of
// decoded doc-value blocks are those counted from the doc values read
// directly, sampled or exact, with their own filter or without, with
// the cache cold, warm and too small for the index, after new segments,
// deletes and rewrites, and after a merge; and exact counts are the
// mentions of the matching documents.
func TestFacetCacheSameCounts(t *testing.T) {
	defer func(on bool, limit int64) { segCacheOn, segCacheLimit = on, limit }(segCacheOn, segCacheLimit)
	ix, err := Open(t.TempDir() + "/index")
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	ctx := context.Background()
	live := map[int]Doc{}
	write := func(from, to, gen int) {
		var docs []Doc
		for i := from; i < to; i++ {
			d := entityDoc(i, gen)
			live[i] = d
			docs = append(docs, d)
			if len(docs) == 400 || i == to-1 {
				if err := ix.Apply(ctx, docs, nil); err != nil {
					t.Fatal(err)
				}
				docs = docs[:0]
			}
		}
	}
	write(0, 6000, 0)

	from := time.Date(2020, 6, 1, 0, 0, 0, 0, vntext.Vietnam)
	requests := []Request{
		{Query: "tỉnh"}, // every article: sampled
		{Query: "tỉnh", ExactFacets: true},
		{Query: "lẻ"}, // half of them
		{Query: "lẻ", ExactFacets: true},
		{Query: "tỉnh", Filter: Filter{Organisations: []string{"Organisation:3"}}}, // a facet with its own filter
		{Query: "tỉnh", Filter: Filter{People: []string{"Person:2"}, Sources: []string{"Báo 1"}}, ExactFacets: true},
		{Query: "lẻ", Filter: Filter{From: &from, Sections: []string{"Mục 2"}}},
	}
	search := func(r Request) Facets {
		t.Helper()
		ix.cache.mu.Lock()
		ix.cache.entries, ix.cache.order = nil, nil
		ix.cache.mu.Unlock()
		return mustSearch(t, ix, r).Facets
	}
	check := func(stage string, hits bool) {
		t.Helper()
		for _, r := range requests {
			// Sampled counts follow the segments, and Bleve's merger may
			// replace some between the three searches: then they are
			// compared again (it has nothing left to merge after a few).
			var want, cold, warm Facets
			var before FacetCacheStats
			for try := 0; ; try++ {
				layout := segmentLayout(t, ix)
				segCacheOn = false
				want = search(r)
				segCacheOn = true
				before = FacetCache()
				cold = search(r)
				warm = search(r)
				if try == 10 || segmentLayout(t, ix) == layout {
					break
				}
				t.Logf("%s, %+v: the segments changed during the searches; again", stage, r)
			}
			if !reflect.DeepEqual(cold, want) || !reflect.DeepEqual(warm, want) {
				t.Errorf("%s, %+v: facets with the cache\ncold %+v\nwarm %+v\nwant %+v", stage, r, cold, warm, want)
			}
			if after := FacetCache(); hits && after.Hits == before.Hits {
				t.Errorf("%s, %+v: the warm search found no block in the cache (%+v)", stage, r, after)
			}
			if r.ExactFacets && r.Filter.Organisations == nil {
				if want.Approximate {
					t.Errorf("%s, %+v: approximate", stage, r)
				}
				checkMentions(t, stage, r, live, want)
			}
			if r.Query == "tỉnh" && !r.ExactFacets && r.Filter.Organisations == nil && !want.Approximate {
				t.Errorf("%s, %+v: not sampled, the test does not test sampling", stage, r)
			}
		}
	}
	check("6,000 articles in batches of 400", true)

	// New segments, deletes, and rewrites (the old version deleted in its
	// segment, the new one in a new segment).
	write(6000, 6500, 0)
	write(100, 1300, 1)
	var del []string
	for i := 2000; i < 2600; i += 3 {
		del = append(del, fmt.Sprintf("Article:%d", i))
		delete(live, i)
	}
	if err := ix.Apply(ctx, nil, del); err != nil {
		t.Fatal(err)
	}
	check("after new segments, rewrites and deletes", true)

	ix.mu.RLock()
	err = ix.bi.compact(ctx)
	ix.mu.RUnlock()
	if err != nil {
		t.Fatal(err)
	}
	check("after a merge into one segment a part", true)

	segCacheLimit = 20 << 10 // a block or two: most are evicted as they come
	facetCache.mu.Lock()
	for facetCache.lru.Len() > 0 {
		facetCache.evict(facetCache.lru.Back())
	}
	facetCache.mu.Unlock()
	check("with a cache of 20 KB", false)
	if c := FacetCache(); c.Bytes > 20<<10 {
		t.Errorf("cache of %d bytes past its limit of 20 KB: %+v, %d tables", c.Bytes, c, len(facetCache.tables))
	}

	// Searches at once, the cache cold, with room and evicting: the same
	// facets (and no race under -race).
	segCacheOn = false
	wants := make([]Facets, len(requests))
	for i, r := range requests {
		wants[i] = search(r)
	}
	segCacheOn = true
	for _, limit := range []int64{64 << 20, 20 << 10} {
		segCacheLimit = limit
		facetCache.mu.Lock()
		for facetCache.lru.Len() > 0 {
			facetCache.evict(facetCache.lru.Back())
		}
		facetCache.mu.Unlock()
		var wg sync.WaitGroup
		for g := range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range requests {
					j := (g + i) % len(requests)
					r := requests[j]
					r.First = 1 + g // not the result cache's
					res, err := ix.Search(ctx, r)
					if err != nil {
						t.Error(err)
						return
					}
					if !reflect.DeepEqual(res.Facets, wants[j]) {
						t.Errorf("at once, cache of %d bytes, %+v: facets %+v, want %+v", limit, r, res.Facets, wants[j])
					}
				}
			}()
		}
		wg.Wait()
	}
}

// segmentLayout names the segments of each part of ix as of now.
func segmentLayout(t *testing.T, ix *Index) string {
	t.Helper()
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	var b strings.Builder
	for _, p := range ix.bi.parts {
		adv, err := p.Advanced()
		if err != nil {
			t.Fatal(err)
		}
		r, err := adv.Reader()
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range r.(*scorch.IndexSnapshot).Segments() {
			fmt.Fprintf(&b, "%d,", s.Id())
		}
		r.Close()
		b.WriteByte(';')
	}
	return b.String()
}

// checkMentions compares exact entity facets, and the years and sources
// facets, with the documents that match r.
func checkMentions(t *testing.T, stage string, r Request, live map[int]Doc, got Facets) {
	t.Helper()
	want := map[string]map[string]int{}
	count := func(f, v string) {
		if want[f] == nil {
			want[f] = map[string]int{}
		}
		want[f][v]++
	}
	for i, d := range live {
		if r.Query == "lẻ" && i%2 == 0 {
			continue
		}
		has := func(id string) bool {
			for _, m := range d.Mentions {
				if m == id {
					return true
				}
			}
			return false
		}
		// Each facet ignores its own filter.
		source := r.Filter.Sources == nil || d.Source == r.Filter.Sources[0]
		people := r.Filter.People == nil || has(r.Filter.People[0])
		if people {
			count(fSource, d.Source)
		}
		if !source {
			continue
		}
		if people {
			count(fYear, strconv.Itoa(d.PublishedAt.In(vntext.Vietnam).Year()))
		}
		seen := map[string]bool{} // a document counts once for an entity
		for _, m := range d.Mentions {
			if seen[m] {
				continue
			}
			seen[m] = true
			if f := mentionField(m); f == fPeople || people {
				count(f, m)
			}
		}
	}
	if got.Approximate {
		t.Errorf("%s, %+v: approximate", stage, r)
	}
	for f, buckets := range map[string][]Bucket{fPeople: got.People, fOrgs: got.Organisations, fRes: got.Resolutions, fSource: got.Sources, fYear: got.Years} {
		var w []Bucket
		for v, n := range want[f] {
			w = append(w, Bucket{Value: v, Count: n})
		}
		sort.Slice(w, func(i, j int) bool {
			if w[i].Count != w[j].Count {
				return w[i].Count > w[j].Count
			}
			return w[i].Value < w[j].Value
		})
		if len(w) > facetSize {
			w = w[:facetSize]
		}
		if f == fYear {
			sort.Slice(w, func(i, j int) bool { return w[i].Value > w[j].Value })
		}
		if !reflect.DeepEqual(buckets, w) && !(len(buckets) == 0 && len(w) == 0) {
			t.Errorf("%s, %+v: %s facet %v, want %v", stage, r, f, buckets, w)
		}
	}
}

// TestTopBucketsAsAFullSort: the best facetSize buckets, kept as the
// counts go by, are those of a sort of every value (ties by value).
func TestTopBucketsAsAFullSort(t *testing.T) {
	for _, n := range []int{0, 1, 19, 20, 21, 500} {
		counts := map[string]float64{}
		for i := range n {
			counts[fmt.Sprintf("Person:%d", i)] = float64((i * 37) % 23) // many ties
		}
		var want []Bucket
		for v, c := range counts {
			want = append(want, Bucket{Value: v, Count: int(c + 0.5)})
		}
		sort.Slice(want, func(i, j int) bool {
			if want[i].Count != want[j].Count {
				return want[i].Count > want[j].Count
			}
			return want[i].Value < want[j].Value
		})
		if len(want) > facetSize {
			want = want[:facetSize]
		}
		if got := topBuckets(counts, fPeople); !reflect.DeepEqual(got, want) && len(got)+len(want) > 0 {
			t.Errorf("%d values: got %v, want %v", n, got, want)
		}
	}
}

// TestFacetCacheWarmedAtOpen: an index, once opened and warmed, answers
// its facets, exact ones included, without decoding a block.
func TestFacetCacheWarmedAtOpen(t *testing.T) {
	dir, _ := closedEntityIndex(t)
	ix := openWarmed(t, dir)
	before := FacetCache()
	res := mustSearch(t, ix, Request{Query: "tỉnh", ExactFacets: true})
	if len(res.Facets.People) == 0 || len(res.Facets.Years) == 0 {
		t.Fatalf("facets %+v", res.Facets)
	}
	if after := FacetCache(); after.Misses != before.Misses || after.Hits == before.Hits {
		t.Errorf("after the warming, a search read %d blocks or columns from the index (%d from the cache)", after.Misses-before.Misses, after.Hits-before.Hits)
	}
}

// TestFacetCacheWarmedAfterRebuild: a rebuild swapped in is warmed even
// when what the cache held of the index it replaces filled it past the
// warming's stop (three quarters of the bound): the old index's blocks,
// which no search can ask for again, leave the cache with it.
func TestFacetCacheWarmedAfterRebuild(t *testing.T) {
	defer func(limit int64) { segCacheLimit = limit }(segCacheLimit)
	ctx := context.Background()
	dir, docs := closedEntityIndex(t)
	ix := openWarmed(t, dir)
	old := FacetCache().Bytes
	if old == 0 {
		t.Fatal("nothing warmed at open")
	}
	// The old index's entries fill the cache past three quarters of it;
	// the rebuilt one (two thirds of the documents) fits in half.
	segCacheLimit = old * 6 / 5
	err := ix.Rebuild(ctx, 0, func(yield func(Doc) error) error {
		for _, d := range docs[:2000] {
			if err := yield(d); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	ix.mu.RLock()
	warmed := ix.warmed
	ix.mu.RUnlock()
	<-warmed
	before := FacetCache()
	mustSearch(t, ix, Request{Query: "tỉnh", ExactFacets: true})
	if after := FacetCache(); after.Misses != before.Misses {
		t.Errorf("after the rebuild was warmed, a search read %d blocks or columns from the index (%d from the cache; cache %+v, limit %d)",
			after.Misses-before.Misses, after.Hits-before.Hits, after, segCacheLimit)
	}
}

// TestRebuildSwapStopsTheWarming: a rebuild ready to be swapped in does
// not wait for the warming of the index it replaces, which holds the
// index for reading: the swap would wait for all of it, and every search
// would queue behind the swap. The warming stops at its next block.
func TestRebuildSwapStopsTheWarming(t *testing.T) {
	defer func() { warmHook = nil }()
	ctx := context.Background()
	dir, docs := closedEntityIndex(t)

	entered, release := make(chan uint64), make(chan struct{})
	var mu sync.Mutex
	var first bool
	calls := map[uint64]int{} // warming steps by the generation they began at
	warmHook = func(gen uint64) {
		mu.Lock()
		calls[gen]++
		wait := !first
		first = true
		mu.Unlock()
		if wait {
			entered <- gen
			<-release
		}
	}
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	gen := <-entered // the warming holds the index, at its first step
	done := make(chan error, 1)
	go func() {
		done <- ix.Rebuild(ctx, 0, func(yield func(Doc) error) error {
			for _, d := range docs {
				if err := yield(d); err != nil {
					return err
				}
			}
			return nil
		})
	}()
	// Until the rebuild waits for the index (a writer waiting fails
	// TryRLock).
	for ix.mu.TryRLock() {
		ix.mu.RUnlock()
		runtime.Gosched()
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	n := calls[gen]
	mu.Unlock()
	if n != 1 {
		t.Errorf("the warming of the replaced index went on for %d more steps while the swap waited", n-1)
	}
}

// closedEntityIndex writes 3,000 documents with entities to a new index,
// closes it and returns its folder and the documents.
func closedEntityIndex(t *testing.T) (string, []Doc) {
	t.Helper()
	dir := t.TempDir() + "/index"
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	var docs []Doc
	for i := range 3000 {
		docs = append(docs, entityDoc(i, 0))
	}
	if err := ix.Apply(context.Background(), docs, nil); err != nil {
		t.Fatal(err)
	}
	ix.Close()
	return dir, docs
}

// openWarmed empties the facet cache, opens the index in dir (closed at
// the test's end) and waits for its warming.
func openWarmed(t *testing.T, dir string) *Index {
	t.Helper()
	facetCache.mu.Lock()
	for facetCache.lru.Len() > 0 {
		facetCache.evict(facetCache.lru.Back())
	}
	facetCache.mu.Unlock()
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	<-ix.warmed
	return ix
}
