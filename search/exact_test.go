package search

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// The two causes that kept a query with diacritics from its exact forms
// among many articles (docs/scaling.md, accent probes at 100,000): a pair
// across punctuation ("đó, người") counted as the phrase ("đó người"), and
// a word typed without diacritics ("ngay trước") could not be required
// as written, so "ngày trước" with a "ngay" elsewhere passed for it. In
// each corpus below the other form outnumbers the exact one by more than
// the re-rank's window, and the articles with the exact form are the
// longest (the lowest BM25): they must come first all the same.

// exactCorpus indexes exact (the articles with the exact form, given
// long bodies) and many copies of other, and returns the ids of exact.
func exactCorpus(t *testing.T, exact []string, other []string, copies int) (*Index, []string) {
	t.Helper()
	ix, err := Open(t.TempDir() + "/index")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	filler := strings.Repeat("Chính quyền địa phương đã tổ chức kiểm tra và báo cáo kết quả lên cấp trên. ", 12)
	var docs []Doc
	var want []string
	for i, body := range exact {
		id := fmt.Sprintf("Article:%d", i+1)
		want = append(want, id)
		docs = append(docs, Doc{ID: id, Type: "Article", Title: "Tin địa phương", Body: filler + body + " " + filler})
	}
	for i := range copies {
		body := other[i%len(other)]
		docs = append(docs, Doc{ID: fmt.Sprintf("Article:%d", 1000+i), Type: "Article", Title: "Tin địa phương", Body: body})
	}
	// Several batches: several segments.
	for len(docs) > 0 {
		n := min(len(docs), 70)
		if err := ix.Apply(context.Background(), docs[:n], nil); err != nil {
			t.Fatal(err)
		}
		docs = docs[n:]
	}
	return ix, want
}

// firstAre checks that the first len(want) hits of query are want, in any
// order, and that the query matches total documents.
func firstAre(t *testing.T, ix *Index, query string, want []string, total uint64) {
	t.Helper()
	res := mustSearch(t, ix, Request{Query: query, First: 10, SkipFacets: true})
	got := ids(res)
	if len(got) < len(want) {
		t.Fatalf("%q: %v, want %v first", query, got, want)
	}
	first := slices.Clone(got[:len(want)])
	slices.Sort(first)
	if !slices.Equal(first, want) {
		t.Errorf("%q: first %v, want %v", query, got[:len(want)], want)
	}
	if res.Total != total {
		t.Errorf("%q: total %d, want %d", query, res.Total, total)
	}
}

func TestExactFormAcrossPunctuation(t *testing.T) {
	ix, want := exactCorpus(t,
		[]string{
			"Sau đó người dân được hỗ trợ gạo và nước sạch.",
			"Trước đó người đàn ông đã rời khỏi nhà.",
		},
		[]string{
			"Không chỉ có vậy, cách làm đó, người dân trong xã đều ủng hộ.",
			"Trong cuộc họp đó, người dân kiến nghị sửa đường.",
			"Điều đó, người trong nghề ai cũng biết.",
		}, 150)
	firstAre(t, ix, "đó người", want, 152)
	// Typed without diacritics, the phrase in any form matches, as
	// before; quoted, it still matches across punctuation.
	if res := mustSearch(t, ix, Request{Query: `"đó người"`, First: 10, SkipFacets: true}); res.Total != 152 {
		t.Errorf(`"đó người": total %d, want 152`, res.Total)
	}
	if res := mustSearch(t, ix, Request{Query: "do nguoi", First: 10, SkipFacets: true}); res.Total != 152 {
		t.Errorf("do nguoi: total %d, want 152", res.Total)
	}
}

func TestExactFormWithoutDiacritics(t *testing.T) {
	ix, want := exactCorpus(t,
		[]string{
			"Xe cứu thương đỗ ngay trước cổng bệnh viện.",
			"Vụ cháy xảy ra ngay trước giờ tan tầm.",
		},
		[]string{
			"Ngày trước, ông làm nghề dạy học; ông về hưu ngay sau Tết.",
			"Những ngày trước kỳ thi, học sinh ôn tập ngay tại lớp.",
			"Một ngày trước khi khai trương, cửa hàng được dọn dẹp ngay ngắn.",
		}, 150)
	firstAre(t, ix, "ngay trước", want, 152)
}

func TestExactFormOfAccentedPair(t *testing.T) {
	// "tới ngày" against "tới ngay" with a "ngày" elsewhere: both words
	// carry diacritics, and the document has both forms of "ngày".
	ix, want := exactCorpus(t,
		[]string{
			"Hạn nộp hồ sơ được kéo dài tới ngày 15 tháng sau.",
		},
		[]string{
			"Nghe tin, anh chạy tới ngay; ngày hôm đó trời mưa to.",
			"Lực lượng cứu hộ có mặt tới ngay sau đó, trong ngày.",
		}, 150)
	firstAre(t, ix, "tới ngày", want, 151)
}

func TestPairVariants(t *testing.T) {
	// v is the term of the pair fold, separated by sep, written exact.
	v := func(fold string, sep byte, exact string) string {
		term := fold + string(sep)
		if exact != fold {
			a, b, _ := strings.Cut(exact, " ")
			c := exactCode([]byte(a), []byte(b))
			term += string([]byte{byte(c >> 8), byte(c)})
		}
		return term
	}
	for _, c := range []struct {
		text string
		want []string // the pair terms of text
	}{
		{"đó người", []string{v("do nguoi", pairClean, "đó người")}},
		{"Đó, người", []string{v("do nguoi", pairBreak, "đó người")}},
		{"ngay trước", []string{v("ngay truoc", pairClean, "ngay trước")}},
		{"ngày trước", []string{v("ngay truoc", pairClean, "ngày trước")}},
		{"cho con", []string{"cho con\x01"}},
		{"cho.\ncon", []string{"cho con\x02"}},
		{"cho\ncon", []string{"cho con\x02"}},
		{"cho (con", []string{"cho con\x02"}},
		// One joining character in a compound or a code is no break.
		{"kinh tế-xã hội", []string{v("kinh te", pairClean, "kinh tế"), v("te xa", pairClean, "tế xã"), v("xa hoi", pairClean, "xã hội")}},
		{"kinh tế - xã hội", []string{v("kinh te", pairClean, "kinh tế"), v("te xa", pairBreak, "tế xã"), v("xa hoi", pairClean, "xã hội")}},
		{"cho/con", []string{"cho con\x01"}},
	} {
		var tm terms
		tm.add(c.text, false)
		var got []string
		for k := range tm.pairs.len() {
			got = append(got, string(tm.pairs.term(k)))
		}
		slices.Sort(got)
		want := slices.Clone(c.want)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("%q: pairs %q, want %q", c.text, got, want)
		}
	}
	// The written forms of a pair have codes of their own.
	forms := []string{"ngày trước", "ngay trước", "ngay trược", "ngày trươc", "tới ngày", "tới ngay", "tôi ngày", "tối ngày"}
	codes := map[uint16]string{}
	for _, f := range forms {
		a, b, _ := strings.Cut(f, " ")
		c := exactCode([]byte(a), []byte(b))
		if o, ok := codes[c]; ok {
			t.Errorf("%q and %q share code %d", f, o, c)
		}
		codes[c] = f
	}
}

// TestReRankBreaksAsIndex: the re-rank counts as punctuation what the
// index counts as a break (isBreak), so a compound joined by one mark
// ("Bà Rịa-Vũng Tàu") is the phrase as typed, and a line break between
// two words is not.
func TestReRankBreaksAsIndex(t *testing.T) {
	ix, want := exactCorpus(t,
		[]string{"Đoàn công tác của tỉnh Bà Rịa-Vũng Tàu đến thăm và làm việc."},
		[]string{
			"Ông là người Bà Rịa, Vũng Tàu là nơi ông lập nghiệp.",
			"Từ Bà Rịa; Vũng Tàu cách đó 20 km.",
		}, 60)
	// "rịa" is no common syllable: the pair is not indexed, and the
	// re-rank alone tells the forms apart, among its window of 100.
	firstAre(t, ix, "Bà Rịa Vũng Tàu", want, 61)
	ix, want = exactCorpus(t,
		[]string{"Hội nghị Ban Chấp hành Đảng bộ tỉnh Bến Tre khai mạc sáng nay."},
		[]string{
			"Hội nghị Ban Chấp hành Đảng bộ tỉnh\nBến Tre khai mạc sáng nay.",
			"Đại biểu dự hội nghị tại tỉnh\r\nBến Tre.",
		}, 150)
	firstAre(t, ix, "tỉnh Bến Tre", want, 151)
}
