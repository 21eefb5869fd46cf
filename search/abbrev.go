package search

import (
	_ "embed"
	"strings"
)

//go:embed abbreviations.txt
var abbreviationsText string

// abbrevEntry is one line of abbreviations.txt: an abbreviation and the
// phrases it stands for, each as analysed words.
type abbrevEntry struct {
	abbr      []word
	expansion [][]word
	// capsOnly abbreviations are also ordinary syllables (TƯ, CA): they
	// expand only when typed in capitals, and no expansion searches them.
	capsOnly bool
}

// abbreviations is the parsed list, keyed by the folded first word of the
// abbreviation and of every expansion.
var abbreviations = parseAbbreviations(abbreviationsText)

type abbrevIndex struct {
	entries []abbrevEntry
	byFirst map[string][]int // folded first word → entry indexes
}

func parseAbbreviations(text string) abbrevIndex {
	ix := abbrevIndex{byFirst: make(map[string][]int)}
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		abbr, exp, ok := strings.Cut(line, "=")
		if !ok {
			panic("search: bad line in abbreviations.txt: " + line)
		}
		e := abbrevEntry{abbr: words(abbr)}
		for _, x := range strings.Split(exp, "|") {
			if w := words(x); len(w) > 0 {
				e.expansion = append(e.expansion, w)
			}
		}
		if len(e.abbr) == 0 || len(e.expansion) == 0 {
			panic("search: bad line in abbreviations.txt: " + line)
		}
		for _, w := range e.abbr {
			if hasVowel(w.fold) {
				e.capsOnly = true
			}
		}
		n := len(ix.entries)
		ix.entries = append(ix.entries, e)
		keys := map[string]bool{e.abbr[0].fold: true}
		for _, x := range e.expansion {
			keys[x[0].fold] = true
		}
		for k := range keys {
			ix.byFirst[k] = append(ix.byFirst[k], n)
		}
	}
	return ix
}

func hasVowel(fold string) bool {
	return strings.ContainsAny(fold, "aeiouy")
}

// sameWords reports whether the query words q start with the words of form.
// An accented query compares exact forms; an unaccented one folded forms.
func sameWords(q []word, form []word, accented bool) bool {
	if len(q) < len(form) {
		return false
	}
	for i, f := range form {
		if accented && q[i].exact != f.exact || !accented && q[i].fold != f.fold {
			return false
		}
	}
	return true
}

// equivalents returns the phrases equivalent to a prefix of q and that
// prefix's length in words: the expansions of an abbreviation, or the
// abbreviation of an expansion. It picks the longest match.
func (ix abbrevIndex) equivalents(q []word, accented bool) (alts [][]word, n int) {
	if len(q) == 0 {
		return nil, 0
	}
	for _, ei := range ix.byFirst[q[0].fold] {
		e := ix.entries[ei]
		if sameWords(q, e.abbr, accented) && (!e.capsOnly || allUpper(q[:len(e.abbr)])) {
			if len(e.abbr) > n {
				alts, n = nil, len(e.abbr)
			}
			if len(e.abbr) == n {
				alts = append(alts, e.expansion...)
			}
		}
		if e.capsOnly {
			continue
		}
		for _, x := range e.expansion {
			if sameWords(q, x, accented) {
				if len(x) > n {
					alts, n = nil, len(x)
				}
				if len(x) == n {
					alts = append(alts, e.abbr)
				}
			}
		}
	}
	return alts, n
}

func allUpper(ws []word) bool {
	for _, w := range ws {
		if !w.upper {
			return false
		}
	}
	return true
}
