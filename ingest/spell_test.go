package ingest

import (
	"reflect"
	"slices"
	"testing"
)

// TestSpellNumbersAgree holds the exact tries' answers by the tokens'
// spelling numbers (spellIs) to their answers by spellingIs: every exact
// trie, matched and matched spelt at every token of every field of the dev
// corpus and of cases where the phrases differ only by tone or case, gives
// the same end and value for the word cache's tokens (numbers set) as for
// tokenize's (none).
func TestSpellNumbersAgree(t *testing.T) {
	Extract(Article{Title: "x", Body: "y"}) // the vocabulary and its table
	exact := []*trie{ranks, nameWords, titles, titleQuals, heads, admins, towns, foreign, credits, functions, boards}
	for _, tr := range exact {
		if !tr.exact {
			t.Fatal("a trie of the list is not exact")
		}
	}
	sc := &scratch{words: new(wordCache)}
	numbered, compared := 0, 0
	check := func(text string) {
		t.Helper()
		plain := tokenize(text)
		cached := slices.Clone(tokenizeInto(sc, text))
		if len(plain) != len(cached) {
			t.Fatalf("%q: %d tokens, %d with the cache", text, len(plain), len(cached))
		}
		for i := range cached {
			if cached[i].spell != 0 {
				numbered++
			}
		}
		for _, tr := range exact {
			for i := range cached {
				e1, v1, ok1 := tr.match(plain, i)
				e2, v2, ok2 := tr.match(cached, i)
				s1, w1, sok1 := tr.matchSpelt(plain, i)
				s2, w2, sok2 := tr.matchSpelt(cached, i)
				if e1 != e2 || ok1 != ok2 || !reflect.DeepEqual(v1, v2) || s1 != s2 || sok1 != sok2 || !reflect.DeepEqual(w1, w2) {
					t.Fatalf("%q at token %d (%q): match %d %v %v, by numbers %d %v %v; spelt %d %v, by numbers %d %v",
						text, i, cached[i].text, e1, v1, ok1, e2, v2, ok2, s1, sok1, s2, sok2)
				}
				if ok1 || sok1 {
					compared++
				}
			}
		}
	}
	for _, text := range []string{
		"Trưởng bản Lò Văn A và Trưởng ban Tổ chức, Vụ trưởng Vụ Tổ chức cán bộ, ông Vũ Văn B",
		"bà Nguyễn Thị C, ba người; Chủ tịch UBND, chủ tịch HĐND; Thủ tướng, thủ tướng, THỦ TƯỚNG",
		"Phó Chủ tịch Thường trực, Chánh Văn phòng, Văn Phong, Hiệu trường, Thị trưởng, thị trường",
		"Ban Châp hành Trung ương, Chủ tich nước, Bí thư thành ủy, Bí Thư Thành Ủy, hoà, hòa, Thuỷ, Thủy",
	} {
		check(text)
	}
	for _, a := range corpusArticles(t) {
		for _, s := range append([]string{a.Title, a.Lead, a.Body}, a.Captions...) {
			check(s)
		}
	}
	if numbered == 0 || compared == 0 {
		t.Fatalf("%d tokens numbered, %d matches compared: nothing tested", numbered, compared)
	}
}
