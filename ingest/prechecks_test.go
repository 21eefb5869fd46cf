package ingest

import (
	"testing"
)

// joinTableRowsReference is joinTableRows as it was: every sentence read
// as a name first, the line after it looked at only then.
func joinTableRowsReference(ss []sentence) []sentence {
	out := ss[:0]
	for i := 0; i < len(ss); i++ {
		s := ss[i]
		if bareName(s.toks) {
			for i+1 < len(ss) && ss[i+1].toks[0].nl && startsTitle(ss[i+1].toks) {
				i++
				s = sentence{toks: s.toks[:len(s.toks):len(s.toks)], start: s.start, end: ss[i].end, bs: s.bs, be: ss[i].be}
				s.toks = append(s.toks, ss[i].toks...)
			}
		}
		out = append(out, s)
	}
	return out
}

// TestJoinTableRowsAgrees holds joinTableRows, which asks for a line of
// titles after a sentence before reading the sentence as a name, to the
// order it replaces: the same sentences for every field of the dev corpus
// and for tables laid out one cell a line.
func TestJoinTableRowsAgrees(t *testing.T) {
	Extract(Article{Title: "x", Body: "y"}) // the vocabulary and its table
	joined := 0
	check := func(text string) {
		t.Helper()
		toks := tokenize(text)
		got := joinTableRows(sentences(toks))
		want := joinTableRowsReference(sentences(toks))
		if len(got) != len(want) {
			t.Fatalf("%q: %d sentences, want %d", text, len(got), len(want))
		}
		for i := range got {
			g, w := got[i], want[i]
			if g.start != w.start || g.end != w.end || g.bs != w.bs || g.be != w.be || len(g.toks) != len(w.toks) {
				t.Fatalf("%q: sentence %d is %d-%d (%d tokens), want %d-%d (%d tokens)", text, i, g.start, g.end, len(g.toks), w.start, w.end, len(w.toks))
			}
		}
		joined += len(sentences(toks)) - len(got)
	}
	for _, text := range []string{
		"GS. Lê Anh Tuấn\nChủ tịch Hội đồng Trường\nViện trưởng Viện Cơ khí Động lực\nPGS.TS Nguyễn Văn Bình\nPhó Hiệu trưởng",
		"Ông Nguyễn Văn A\nBí thư Tỉnh ủy\n\nBà Trần Thị B\nnguyên Phó Chủ tịch UBND tỉnh",
		"Nguyễn Văn A\nBí thư Tỉnh ủy. Ông nói.\nTrần Văn C",
		"Đồng chí Nguyễn Văn A. Bí thư Tỉnh ủy phát biểu.",
	} {
		check(text)
	}
	if joined == 0 {
		t.Fatal("no table rows joined: the cases do not test the join")
	}
	for _, a := range corpusArticles(t) {
		for _, s := range append([]string{a.Title, a.Lead, a.Body, a.Attribution}, a.Captions...) {
			if s != "" {
				check(s)
			}
		}
	}
}

// TestMissionFirst: missionFirst, which turns missionBody away before its
// loops, knows the first word of every head of missionHeads, and no other
// word's key.
func TestMissionFirst(t *testing.T) {
	first := map[string]bool{}
	for _, h := range missionHeads {
		first[h.words[0]] = true
		if !missionFirst(h.words[0]) {
			t.Fatalf("missionFirst(%q) = false: %q starts with it", h.words[0], h.canon)
		}
	}
	for _, k := range []string{"su", "quan", "viet", "dai su", "", "tong lanh"} {
		if missionFirst(k) != first[k] {
			t.Fatalf("missionFirst(%q) = %v", k, missionFirst(k))
		}
	}
	for _, text := range []string{"Đại sứ quán Việt Nam tại Ấn Độ", "Tổng Lãnh sự quán Việt Nam tại Thượng Hải", "Lãnh sự quán Việt Nam", "Đại hội Đảng"} {
		toks := tokenize(text)
		x := &extractor{text: text}
		_, e, ok := x.missionBody(toks, 0)
		if want := text != "Đại hội Đảng"; ok != want || ok && e < 4 {
			t.Fatalf("missionBody(%q) = %d, %v", text, e, ok)
		}
	}
}

// lowerOfOrgReference is lowerOfOrg as it was: the heads walked at every
// lower-case word a head starts.
func (x *extractor) lowerOfOrgReference(toks []token, i int) (orgMatch, int, bool) {
	if toks[i].startBits()&heads.bit == 0 {
		return orgMatch{}, 0, false
	}
	end, v, ok := heads.match(toks, i)
	if !ok || end >= len(toks) || !toks[end].upper || v.(headInfo).Follows != "org" {
		return orgMatch{}, 0, false
	}
	if _, _, isTitle := titles.match(toks, end); isTitle {
		return orgMatch{}, 0, false
	}
	m, e, ok := x.parseHeaded(toks, i, end, v.(headInfo))
	if !ok || m.Generic || e <= end {
		return orgMatch{}, 0, false
	}
	return m, e, true
}

// TestLowerOfOrgAgrees holds lowerOfOrg, which walks the heads only at a
// word that starts a head a body follows (orgHeadFirst), to the walk at
// every word: the same at every token of the dev corpus and of cases in
// lower case.
func TestLowerOfOrgAgrees(t *testing.T) {
	Extract(Article{Title: "x", Body: "y"}) // the vocabulary and orgHeadFirst
	found := 0
	check := func(text string) {
		t.Helper()
		toks := tokenize(text)
		for i := range toks {
			x := &extractor{text: text, resIdx: map[string]int{}, orgIdx: map[string]int{}, perIdx: map[string]int{}, orgCode: map[string]string{}, posSeen: map[string]int{}}
			m1, e1, ok1 := x.lowerOfOrg(toks, i)
			y := &extractor{text: text, resIdx: map[string]int{}, orgIdx: map[string]int{}, perIdx: map[string]int{}, orgCode: map[string]string{}, posSeen: map[string]int{}}
			m2, e2, ok2 := y.lowerOfOrgReference(toks, i)
			if ok1 != ok2 || e1 != e2 || m1 != m2 {
				t.Fatalf("%q at %d: lowerOfOrg %+v %d %v, the walk at every word %+v %d %v", text, i, m1, e1, ok1, m2, e2, ok2)
			}
			if ok1 {
				found++
			}
		}
	}
	for _, text := range []string{
		"thường trực Tỉnh ủy Bến Tre và ban thường vụ Huyện ủy Châu Thành họp với văn phòng UBND tỉnh",
		"ủy ban kiểm tra Tỉnh ủy, chi bộ Trường THPT A, cơ quan cảnh sát điều tra Công an tỉnh, sở Y tế",
	} {
		check(text)
	}
	for _, a := range corpusArticles(t) {
		for _, s := range []string{a.Title, a.Lead, a.Body} {
			check(s)
		}
	}
	if found == 0 {
		t.Fatal("no body found after a lower-case head: the cases do not test it")
	}
}

// TestPlaceListNeedsCac: placeList finds a list only where "các" follows
// the token it starts at, which organisations asks (lastKey) before
// calling it: at every token of the dev corpus and of lists of places.
func TestPlaceListNeedsCac(t *testing.T) {
	Extract(Article{Title: "x", Body: "y"})
	found := 0
	check := func(text string) {
		t.Helper()
		toks := tokenize(text)
		for _, s := range sentences(toks) {
			last := lastKey(s.toks, "cac")
			for i := range s.toks {
				x := &extractor{text: text, resIdx: map[string]int{}, orgIdx: map[string]int{}, perIdx: map[string]int{}, orgCode: map[string]string{}, posSeen: map[string]int{}}
				if _, ok := x.placeList(s, i, make([]bool, len(s.toks))); ok {
					found++
					if last <= i {
						t.Fatalf("%q: a list at token %d, no “các” after it (last at %d)", text, i, last)
					}
				}
			}
		}
	}
	check("Đảng ủy các xã Tân Thạch, Phú Túc và An Khánh; UBND các xã Hữu Định, Phước Thạnh tổ chức hội nghị.")
	for _, a := range corpusArticles(t) {
		for _, s := range []string{a.Title, a.Lead, a.Body} {
			check(s)
		}
	}
	if found == 0 {
		t.Fatal("no list of places found: the cases do not test it")
	}
}

// TestCreditNeedsColon: credit finds a credit only where a colon follows
// the token it starts at, which people asks (x.lastColon) before calling
// it: at every token of the dev corpus and of credits.
func TestCreditNeedsColon(t *testing.T) {
	Extract(Article{Title: "x", Body: "y"})
	found := 0
	check := func(text string) {
		t.Helper()
		toks := tokenize(text)
		for _, s := range sentences(toks) {
			colon := -1
			for k := range s.toks {
				if s.toks[k].text == ":" {
					colon = k
				}
			}
			for i := range s.toks {
				x := &extractor{text: text, resIdx: map[string]int{}, orgIdx: map[string]int{}, perIdx: map[string]int{}, orgCode: map[string]string{}, posSeen: map[string]int{}}
				if _, ok := x.credit(s, i, make([]bool, len(s.toks))); ok {
					found++
					if colon <= i {
						t.Fatalf("%q: a credit at token %d, no colon after it", text, i)
					}
				}
			}
		}
	}
	check("Ảnh: Hương Thu. Bài và ảnh: Nguyễn Văn A (Ảnh: Báo Chính phủ)")
	for _, a := range corpusArticles(t) {
		for _, s := range append([]string{a.Title, a.Lead, a.Body}, a.Captions...) {
			check(s)
		}
	}
	if found == 0 {
		t.Fatal("no credit found: the cases do not test it")
	}
}
