package ingest

import (
	"strings"
	"unicode"

	"tracuu/vntext"
)

type tokKind uint8

const (
	tokWord   tokKind = iota // letters, maybe joined: "Covid-19", "KT-XH", "05-CT/TW"
	tokNumber                // starts with a digit: "49.356", "97,73", "621/638", "30/2020/NĐ-CP"
	tokPunct                 // one rune of anything else
)

// token is one word, number or punctuation mark of a field, with rune
// offsets into the field.
type token struct {
	text       string
	key        string // lower case without diacritics: "tinh uy" for "Tỉnh ủy"
	start, end int
	kind       tokKind
	upper      bool // starts with an upper-case letter
	nl         bool // a line break comes before it
}

// foldTable folds the runes Vietnamese uses (Latin, Latin Extended, the
// combining block and Latin Extended Additional) without the per-rune
// normalisation vntext.FoldRune does, and lower-cases them.
// It is a variable initialiser, not an init function, so that the data
// tables built in init functions can use it.
var foldTable = func() (t [0x2000]rune) {
	for r := rune(0); r < 0x2000; r++ {
		t[r] = unicode.ToLower(vntext.FoldRune(r))
	}
	return t
}()

func foldLower(r rune) rune {
	if r < 0x2000 {
		return foldTable[r]
	}
	return unicode.ToLower(r)
}

func isJoiner(r rune) bool { return r == '/' || r == '-' || r == '–' || r == '.' || r == ',' }

// tokenize splits a field into tokens. Joiners inside words: "/" between
// letters or digits; "-" in codes and acronyms (05-CT/TW, KT-XH, Covid-19);
// "." and "," between digits (so "49.356" and "97,73" are one token,
// "2020." is two).
func tokenize(rs []rune) []token {
	toks := make([]token, 0, len(rs)/4)
	var kb strings.Builder
	nl := false
	for i := 0; i < len(rs); {
		r := rs[i]
		if r == '\n' {
			nl = true
			i++
			continue
		}
		if unicode.IsSpace(r) {
			i++
			continue
		}
		if !isWordRune(r) {
			toks = append(toks, token{text: string(r), key: string(r), start: i, end: i + 1, kind: tokPunct, nl: nl})
			nl = false
			i++
			continue
		}
		j := i
		for j < len(rs) {
			c := rs[j]
			if isWordRune(c) || unicode.Is(unicode.Mn, c) {
				j++
				continue
			}
			if isJoiner(c) && j+1 < len(rs) && isWordRune(rs[j+1]) {
				p, n := rs[j-1], rs[j+1]
				switch {
				case c == '.' || c == ',':
					if unicode.IsDigit(p) && unicode.IsDigit(n) {
						j++
						continue
					}
				case c == '/' || unicode.IsDigit(p) || unicode.IsDigit(n) || unicode.IsUpper(p) && unicode.IsUpper(n) || unicode.IsDigit(rs[i]):
					// "-" joins codes and acronyms (05-CT/TW, KT-XH, Covid-19)
					// but not words ("Thành ủy-HĐND-UBND", "Rịa-Vũng Tàu").
					j++
					continue
				}
			}
			break
		}
		kb.Reset()
		for _, c := range rs[i:j] {
			if c == '–' {
				c = '-'
			}
			kb.WriteRune(foldLower(c))
		}
		text := string(rs[i:j])
		if strings.ContainsRune(text, '–') {
			text = strings.ReplaceAll(text, "–", "-")
		}
		k := tokWord
		if unicode.IsDigit(r) {
			k = tokNumber
		}
		toks = append(toks, token{text: text, key: kb.String(), start: i, end: j, kind: k, upper: unicode.IsUpper(r), nl: nl})
		nl = false
		i = j
	}
	return toks
}

// sentence is a run of tokens of one field.
type sentence struct {
	toks       []token
	start, end int // rune offsets in the field
}

// dotWords are words that take a full stop without ending a sentence.
var dotWords = map[string]bool{"tp": true, "ths": true, "ts": true, "gs": true, "pgs": true, "bs": true, "st": true, "v.v": true, "ks": true, "tx": true, "tt": true, "q": true, "p": true, "ông": true}

// sentences splits a field's tokens at sentence-ending punctuation that is
// followed by a capital, a digit or an opening quote, and at line breaks.
func sentences(toks []token) []sentence {
	var out []sentence
	first := 0
	flush := func(end int) {
		if end > first {
			out = append(out, sentence{toks: toks[first:end:end], start: toks[first].start, end: toks[end-1].end})
		}
		first = end
	}
	for i := range toks {
		if i > first && toks[i].nl {
			flush(i)
		}
		t := toks[i]
		if t.kind != tokPunct || !(t.text == "." || t.text == "!" || t.text == "?" || t.text == "…" || t.text == ";") {
			continue
		}
		if i+1 >= len(toks) {
			continue
		}
		n := toks[i+1]
		if t.text == ";" {
			continue
		}
		if t.text == "." && i > 0 && dotWords[toks[i-1].key] && toks[i-1].end == t.start {
			continue
		}
		if n.nl || n.upper || n.kind == tokNumber || n.text == "“" || n.text == "\"" || n.text == "(" || n.text == "-" {
			flush(i + 1)
		}
	}
	flush(len(toks))
	return out
}

// trie matches phrases as sequences of token keys, longest first. Commas,
// hyphens, ampersands and full stops inside a phrase are skipped on both
// sides, so "Bộ GD&ĐT" and "Bộ GD & ĐT" are one phrase.
type trie struct{ root *tnode }

type tnode struct {
	next map[string]*tnode
	val  any
	has  bool
}

func newTrie() *trie { return &trie{root: &tnode{}} }

func skippable(t token) bool {
	return t.kind == tokPunct && (t.text == "," || t.text == "-" || t.text == "–" || t.text == "&" || t.text == ".")
}

func (t *trie) add(phrase string, v any) {
	n := t.root
	for _, tk := range tokenize([]rune(phrase)) {
		if skippable(tk) {
			continue
		}
		if n.next == nil {
			n.next = map[string]*tnode{}
		}
		c := n.next[tk.key]
		if c == nil {
			c = &tnode{}
			n.next[tk.key] = c
		}
		n = c
	}
	if !n.has { // first definition wins
		n.val, n.has = v, true
	}
}

// match returns the end (exclusive token index) and value of the longest
// phrase starting at toks[i].
func (t *trie) match(toks []token, i int) (int, any, bool) {
	n := t.root
	end, val, ok := 0, any(nil), false
	for j := i; j < len(toks) && n.next != nil; j++ {
		if j > i && skippable(toks[j]) {
			continue
		}
		c := n.next[toks[j].key]
		if c == nil {
			break
		}
		n = c
		if n.has {
			end, val, ok = j+1, n.val, true
		}
	}
	return end, val, ok
}
