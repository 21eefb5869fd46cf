package search

import (
	"container/list"
	"context"
	"fmt"
	"reflect"
	"testing"
	"time"

	"tracuu/vntext"
)

// TestWordCache: the searches that read a text the first keepAfter+1
// times walk it and keep only that they have seen it, the next splits and
// keeps its words, and the ones after read them from wordCache; all rank and highlight as they do
// when every search splits the texts itself; with a cache too small to
// hold a text, the same.
func TestWordCache(t *testing.T) {
	defer func(on bool, limit int64) { segCacheOn, wordCache.limit = on, limit }(segCacheOn, wordCache.limit)
	ix, err := Open(t.TempDir() + "/index")
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	ctx := context.Background()
	bodies := []string{
		"Ủy ban nhân dân tỉnh Hà Giang họp bàn về kế hoạch phát triển kinh tế năm 2024.",
		"Tại kỳ họp, ông Nguyễn Văn An, Chủ tịch UBND tỉnh, nói: kinh tế tỉnh tăng 6,5%.",
		"Người dân Hà Giang đón Tết; kinh tế, văn hóa và du lịch của tỉnh đều phát triển.",
		"Hội đồng nhân dân thành phố Hà Nội thông qua nghị quyết về giáo dục (số 12/NQ-HĐND).",
	}
	var docs []Doc
	for i := range 40 {
		docs = append(docs, Doc{
			ID: fmt.Sprintf("Article:%d", i+1), Type: "Article",
			Title:       fmt.Sprintf("Kinh tế tỉnh Hà Giang, bài %d", i),
			Lead:        fmt.Sprintf("%s (tin %d)", bodies[(i+1)%len(bodies)], i),
			Body:        fmt.Sprintf("%s %s Bài %d.", bodies[i%len(bodies)], bodies[(i+2)%len(bodies)], i),
			Source:      "Báo 1",
			PublishedAt: time.Date(2024, 1, 1+i%28, 0, 0, 0, 0, vntext.Vietnam),
		})
	}
	if err := ix.Apply(ctx, docs, nil); err != nil {
		t.Fatal(err)
	}
	requests := []Request{
		{Query: "kinh tế tỉnh"},
		{Query: "kinh te tinh"},
		{Query: "\"phát triển kinh tế\""},
		{Query: "Hà Giang du lịch"},
		{Query: "UBND"},
	}
	search := func(r Request) []Hit {
		t.Helper()
		ix.cache.mu.Lock()
		ix.cache.entries, ix.cache.order = nil, nil
		ix.cache.mu.Unlock()
		res := mustSearch(t, ix, r)
		if len(res.Hits) == 0 {
			t.Fatalf("%+v: no hit, the test tests nothing", r)
		}
		return res.Hits
	}
	for _, r := range requests {
		segCacheOn = false
		want := search(r)
		segCacheOn = true
		wordCache.mu.Lock()
		wordCache.entries, wordCache.bytes = map[[2]uint64]*list.Element{}, 0
		wordCache.lru.Init()
		wordCache.limit = wordCacheLimit
		wordCache.mu.Unlock()
		hits, misses, seen := wordCache.hits.Load(), wordCache.misses.Load(), wordCache.seen.Load()
		first := search(r)
		if wordCache.seen.Load() == seen || wordCache.misses.Load() != misses || wordCache.hits.Load() != hits {
			t.Errorf("%+v: the first search kept texts (%d seen, %d split and kept, %d found kept), want them only seen",
				r, wordCache.seen.Load()-seen, wordCache.misses.Load()-misses, wordCache.hits.Load()-hits)
		}
		var again []Hit
		for range keepAfter - 1 {
			misses, hits = wordCache.misses.Load(), wordCache.hits.Load()
			again = search(r)
			if wordCache.misses.Load() != misses || wordCache.hits.Load() != hits {
				t.Errorf("%+v: a search before the text's %d-th kept texts", r, keepAfter+1)
			}
		}
		misses = wordCache.misses.Load()
		second := search(r)
		if wordCache.misses.Load() == misses {
			t.Errorf("%+v: the search that saw the texts the %d-th time kept none", r, keepAfter+1)
		}
		if again != nil && !reflect.DeepEqual(again, want) {
			t.Errorf("%+v: hits of a search that saw the texts again\ngot  %+v\nwant %+v", r, again, want)
		}
		hits, misses = wordCache.hits.Load(), wordCache.misses.Load()
		warm := search(r)
		if !reflect.DeepEqual(first, want) || !reflect.DeepEqual(second, want) || !reflect.DeepEqual(warm, want) {
			t.Errorf("%+v: hits with the word cache\nfirst  %+v\nsecond %+v\nwarm   %+v\nwant   %+v", r, first, second, warm, want)
		}
		if wordCache.hits.Load() == hits || wordCache.misses.Load() != misses {
			t.Errorf("%+v: the third search split texts again (%d found in the cache, %d split)", r, wordCache.hits.Load()-hits, wordCache.misses.Load()-misses)
		}
		wordCache.limit = 1 // nothing stays
		for range 2 {
			if tiny := search(r); !reflect.DeepEqual(tiny, want) {
				t.Errorf("%+v: hits with a word cache holding nothing\ngot  %+v\nwant %+v", r, tiny, want)
			}
		}
	}
}

// TestKeptWordsTokens: the tokens read through a text's kept words (its
// index of keys) are those of splitting the text for the query, for texts
// with punctuation, numbers, codes, NFD, words that are not quick, and
// queries with abbreviations, phrases, OR and exclusions.
func TestKeptWordsTokens(t *testing.T) {
	texts := []string{
		"",
		"   ,;  ",
		"Ủy ban nhân dân tỉnh Hà Giang họp bàn về kế hoạch phát triển kinh tế năm 2024.",
		"Tại kỳ họp, ông Nguyễn Văn An, Chủ tịch UBND tỉnh, nói: kinh tế tỉnh tăng 6,5%.",
		"Chỉ thị số 05-CT/TW; Nghị quyết 02-NQ/TU\nđảng viên ĐV 49.356 đảng viên, 97,73%",
		"Ủy ban nhân dân (UBND) tỉnh: hòa hoà thủy thuỷ – kinh tế… kinh, tế",
		"Nghi\u0323 quyê\u0301t ti\u0309nh u\u0309y đó, người đó người Ωmega ẞtraße",
		"kinh tế kinh tế kinh tế",
		"tế kinh",
	}
	queries := []string{"kinh tế tỉnh", "kinh te tinh", "\"phát triển kinh tế\"", "UBND", "đảng viên", "ĐV",
		"nghi quyet tinh uy", "05-CT/TW", "đó người", "hòa OR thủy", "kinh -tế", "Ωmega", "49.356", "không có"}
	for _, q := range queries {
		pq, _ := parseQuery(q)
		for _, text := range texts {
			want := tokensOf(text, pq, nil)
			got := tokensOf(text, pq, scanText(text))
			if len(want) == 0 && len(got) == 0 {
				continue
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%q in %q:\ngot  %+v\nwant %+v", q, text, got, want)
			}
		}
	}
}
