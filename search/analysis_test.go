package search

import (
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"

	"tracuu/vntext"
)

type tok struct {
	term       string
	pos        int
	start, end int
}

func analyze(name, text string) []tok {
	var out []tok
	for _, t := range analyzer(name).Analyze([]byte(text)) {
		out = append(out, tok{string(t.Term), t.Position, t.Start, t.End})
	}
	return out
}

func TestFoldedAnalyzer(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []tok
	}{
		{"Syllables", "Nghị quyết Tỉnh ủy", []tok{{"nghi", 1, 0, 6}, {"quyet", 2, 7, 14}, {"tinh", 3, 15, 21}, {"uy", 4, 22, 26}}},
		{"DStroke", "Đảng đoàn", []tok{{"dang", 1, 0, 7}, {"doan", 2, 8, 14}}},
		{"CodeParts", "05-CT/TW", []tok{{"05", 1, 0, 2}, {"ct", 2, 3, 5}, {"tw", 3, 6, 8}}},
		{"DecreeCode", "30/2020/NĐ-CP", []tok{{"30", 1, 0, 2}, {"2020", 2, 3, 7}, {"nd", 3, 8, 11}, {"cp", 4, 12, 14}}},
		{"ThousandsDot", "49.356 ĐV", []tok{{"49.356", 1, 0, 6}, {"dv", 2, 7, 10}}},
		{"DecimalComma", "chiếm 97,73%.", []tok{{"chiem", 1, 0, 7}, {"97,73", 2, 8, 13}}},
		{"SentenceDot", "năm 2020. Sau", []tok{{"nam", 1, 0, 4}, {"2020", 2, 5, 9}, {"sau", 3, 11, 14}}},
		{"NFD", "Ho\u0300a", []tok{{"hoa", 1, 0, 5}}},
		{"OldTone", "thủy", []tok{{"thuy", 1, 0, 6}}},
		{"NoBreakSpace", "tỉnh\u00a0ủy", []tok{{"tinh", 1, 0, 6}, {"uy", 2, 8, 12}}},
		{"ZeroWidthInsideWord", "đảng\u200bviên", []tok{{"dangvien", 1, 0, 15}}},
		{"Quotes", "“Bứt phá về đích’", []tok{{"but", 1, 3, 8}, {"pha", 2, 9, 13}, {"ve", 3, 14, 18}, {"dich", 4, 19, 25}}},
		{"ShortSyllablesKept", "an do o", []tok{{"an", 1, 0, 2}, {"do", 2, 3, 5}, {"o", 3, 6, 7}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := analyze(FoldedAnalyzer, tt.in); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("%q:\n got  %v\n want %v", tt.in, got, tt.want)
			}
		})
	}
}

func TestExactAnalyzer(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []tok
	}{
		{"ModernTones", "Hòa thủy khỏe", []tok{{"hoà", 1, 0, 4}, {"thuỷ", 2, 5, 11}, {"khoẻ", 3, 12, 18}}},
		{"NFDComposed", "Ho\u0300a", []tok{{"hoà", 1, 0, 5}}},
		{"Upper", "ỦY BAN", []tok{{"uỷ", 1, 0, 4}, {"ban", 2, 5, 8}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := analyze(ExactAnalyzer, tt.in); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("%q:\n got  %v\n want %v", tt.in, got, tt.want)
			}
		})
	}
}

func TestTokenTypes(t *testing.T) {
	toks := analyzer(FoldedAnalyzer).Analyze([]byte("49.356 ĐV"))
	if toks[0].Type != analysis.Numeric || toks[1].Type != analysis.AlphaNumeric {
		t.Errorf("types %v %v", toks[0].Type, toks[1].Type)
	}
}

// TestRuneClassesAgreeWithUnicode: the fast paths of the tokenizer's rune
// classes give what the Unicode tables give, for every rune.
func TestRuneClassesAgreeWithUnicode(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if got, want := isMark(r), unicode.Is(unicode.Mn, r); got != want {
			t.Fatalf("isMark(%U) = %v, want %v", r, got, want)
		}
		if r < utf8.RuneSelf {
			continue
		}
		if got, want := isWordRune(r), unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r); got != want {
			t.Fatalf("isWordRune(%U) = %v, want %v", r, got, want)
		}
		if got, want := isDigit(r), unicode.IsDigit(r); got != want {
			t.Fatalf("isDigit(%U) = %v, want %v", r, got, want)
		}
	}
}

// TestFormsCacheConcurrent: words looked up by several goroutines at once,
// while the cache publishes new snapshots, have one set of forms each,
// the forms the analysis gives them.
func TestFormsCacheConcurrent(t *testing.T) {
	words := make([]string, 3000)
	for i := range words {
		words[i] = fmt.Sprintf("Từ%dĐể", i)
	}
	got := make([][]*termForms, 4)
	var wg sync.WaitGroup
	for g := range got {
		got[g] = make([]*termForms, len(words))
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range words {
				i := (k*7 + g*911) % len(words)
				got[g][i] = forms.get([]byte(words[i]))
			}
		}()
	}
	wg.Wait()
	for i, w := range words {
		f := forms.get([]byte(w))
		for g := range got {
			if got[g][i] != f {
				t.Fatalf("%q: goroutine %d got other forms than the cache holds", w, g)
			}
		}
		exact := strings.ToLower(vntext.PlaceTones(w))
		if string(f.exact) != exact || string(f.fold) != vntext.Fold(exact) || f.foldHash != termHash(f.fold) {
			t.Fatalf("%q: forms %q %q, want %q %q", w, f.exact, f.fold, exact, vntext.Fold(exact))
		}
	}
}

// TestFormsCacheFull: once the cache holds maxCachedTerms words, the words
// still waiting are published (read without the lock), and a word not in
// it is analysed without waiting for the lock: before, every such word
// took the lock, and was analysed while holding it.
func TestFormsCacheFull(t *testing.T) {
	var c formsCache
	for i := 0; !c.full.Load(); i++ {
		if i > 2*maxCachedTerms {
			t.Fatalf("the cache did not fill after %d words", i)
		}
		c.get([]byte(fmt.Sprintf("từ%d", i)))
	}
	last := c.get([]byte("từ0"))
	if m := c.snap.Load(); m == nil || m.get([]byte("từ0")) != last || len(c.dirty) != 0 {
		t.Fatalf("full cache: the words waiting were not published (%d left)", len(c.dirty))
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	got := make(chan *termForms, 1)
	go func() { got <- c.get([]byte("Đảng")) }()
	select {
	case f := <-got:
		if string(f.exact) != "đảng" || string(f.fold) != "dang" {
			t.Fatalf("forms %q %q, want đảng dang", f.exact, f.fold)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("a word not in the full cache waited for its lock")
	}
}
