package search

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"tracuu/vntext"
)

// A query as users type it: words, "quoted phrases", -excluded words or
// phrases, and OR between two words or phrases. Nothing else is syntax:
// any other character is searched as text or ignored, never an error.

// alt is one way to match a group: a sequence of words.
type alt struct {
	words []word
	// abbrev alternatives came from the abbreviation list, not the user.
	abbrev bool
	// loose alternatives match their words anywhere, in any order: the
	// words of an expansion the user typed, which need not be a phrase.
	loose bool
}

// group is a unit of the query that a document must match: what the user
// typed, and the equivalent phrases (abbreviations, OR).
type group struct {
	alts   []alt
	n      int // query words it stands for, its weight in the proximity score
	quoted bool
}

type parsedQuery struct {
	groups   []group
	exclude  []alt
	accented bool // the user typed diacritics: they mean them
}

type item struct {
	text    string
	quoted  bool
	negated bool
	or      bool // "OR" came before it
}

func lex(s string) []item {
	var items []item
	or := false
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			i += size
			continue
		}
		negated := false
		if r == '-' && i+1 < len(s) && !unicode.IsSpace(rune(s[i+1])) {
			negated = true
			i++
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		if r == '"' || r == '“' || r == '”' {
			i += size
			end := strings.IndexAny(s[i:], "\"“”")
			text := s[i:]
			if end >= 0 {
				text = s[i : i+end]
				_, qs := utf8.DecodeRuneInString(s[i+end:])
				i += end + qs
			} else {
				i = len(s)
			}
			items = append(items, item{text: text, quoted: true, negated: negated, or: or})
			or = false
			continue
		}
		end := strings.IndexFunc(s[i:], func(r rune) bool { return unicode.IsSpace(r) || r == '"' || r == '“' || r == '”' })
		text := s[i:]
		if end >= 0 {
			text = s[i : i+end]
			i += end
		} else {
			i = len(s)
		}
		if text == "OR" && !negated && len(items) > 0 && !items[len(items)-1].negated {
			or = true
			continue
		}
		items = append(items, item{text: text, negated: negated, or: or})
		or = false
	}
	return items
}

// parseQuery turns what the user typed into groups.
func parseQuery(q string) parsedQuery {
	q = vntext.Clean(q)
	var pq parsedQuery
	pq.accented = q != vntext.Fold(q)
	var plain []word // run of single unquoted words, for abbreviation matching
	var plainStart int
	flushPlain := func() {
		pq.groups = append(pq.groups[:plainStart], expandAbbreviations(plain, pq.accented)...)
		plain = nil
	}
	for _, it := range lex(q) {
		ws := words(it.text)
		if len(ws) == 0 {
			continue
		}
		if it.negated {
			pq.exclude = append(pq.exclude, alt{words: ws})
			continue
		}
		if it.or && len(pq.groups)+len(plain) > 0 {
			if len(plain) > 0 {
				flushPlain()
			}
			g := &pq.groups[len(pq.groups)-1]
			g.alts = append(g.alts, alt{words: ws})
			plainStart = len(pq.groups)
			continue
		}
		if !it.quoted && len(ws) == 1 {
			if len(plain) == 0 {
				plainStart = len(pq.groups)
			}
			plain = append(plain, ws[0])
			continue
		}
		if len(plain) > 0 {
			flushPlain()
		}
		pq.groups = append(pq.groups, group{alts: []alt{{words: ws}}, n: len(ws), quoted: it.quoted})
		plainStart = len(pq.groups)
	}
	if len(plain) > 0 {
		flushPlain()
	}
	return pq
}

// expandAbbreviations turns a run of plain words into groups, one per word
// except where an abbreviation or an expansion spans several words: that
// becomes one group whose alternatives are the words and their equivalents.
func expandAbbreviations(ws []word, accented bool) []group {
	var out []group
	for i := 0; i < len(ws); {
		alts, n := abbreviations.equivalents(ws[i:], accented)
		if n == 0 {
			out = append(out, group{alts: []alt{{words: ws[i : i+1]}}, n: 1})
			i++
			continue
		}
		g := group{alts: []alt{{words: ws[i : i+n]}, {words: ws[i : i+n], loose: true}}, n: n}
		for _, a := range alts {
			g.alts = append(g.alts, alt{words: a, abbrev: true})
		}
		out = append(out, g)
		i += n
	}
	return out
}

// empty reports whether the query has nothing to search for.
func (pq parsedQuery) empty() bool { return len(pq.groups) == 0 }
