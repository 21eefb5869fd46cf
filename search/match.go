package search

import (
	"strings"
	"sync"
	"unicode"

	"tracuu/vntext"
)

// Matching of query words against stored text, shared by the re-rank
// (rank.go) and the highlights (highlight.go): the text is split into
// words as the index splits it, and the query's alternatives are matched
// against them.

// token is a word of stored text with its byte offsets in the text. exact
// and fold may be shared: do not modify them. A token with no forms
// stands for words the query does not have.
type token struct {
	exact, fold []byte
	start, end  int
	// punct: punctuation separates the word from the one before it
	// ("đó, người"), which makes the pair a weaker match.
	punct bool
}

// tokens returns the words of text that the query may match, in order;
// a run of other words becomes one empty token, which matches nothing.
func tokens(text string, pq parsedQuery) []token {
	var out []token
	var buf []byte
	prevEnd, gap := 0, false
	folds := pq.folds()
	for _, sp := range appendSpans(make([]span, 0, len(text)/4), []byte(text)) {
		raw := text[sp.start:sp.end]
		var f *termForms
		if q, ok := quickFold(raw, buf[:0]); ok {
			buf = q
			if folds[string(q)] {
				f = forms.get([]byte(raw))
			}
		} else if f = forms.get([]byte(raw)); !folds[string(f.fold)] {
			f = nil
		}
		if f == nil || len(f.fold) == 0 {
			if !gap {
				out = append(out, token{})
				gap = true
			}
			prevEnd = sp.end
			continue
		}
		punct := prevEnd > 0 && !gap && strings.TrimSpace(text[prevEnd:sp.start]) != ""
		out = append(out, token{exact: f.exact, fold: f.fold, start: sp.start, end: sp.end, punct: punct})
		prevEnd, gap = sp.end, false
	}
	return out
}

// folds returns the set of the query's folded words.
func (pq parsedQuery) folds() map[string]bool {
	if pq.foldSet != nil {
		return pq.foldSet
	}
	m := map[string]bool{}
	for _, g := range pq.groups {
		for _, a := range g.alts {
			for _, w := range a.words {
				m[w.fold] = true
			}
		}
	}
	return m
}

// quickFolds maps the precomposed letters of Vietnamese (and Latin-1) to
// their folded lower-case ASCII letter; 0 where there is none.
var quickFolds = func() (t [0x1f00]byte) {
	for r := rune(0x80); r < 0x1f00; r++ {
		if !unicode.IsLetter(r) {
			continue
		}
		if f := vntext.FoldRune(unicode.ToLower(r)); 'a' <= f && f <= 'z' {
			t[r] = byte(f)
		}
	}
	return t
}()

// quickFold folds a word of precomposed letters and digits without
// looking it up; false for anything else (NFD, other scripts), which the
// caller analyses the slow way.
func quickFold(raw string, buf []byte) ([]byte, bool) {
	for _, r := range raw {
		switch {
		case r < 0x80:
			c := byte(r)
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			buf = append(buf, c)
		case r < 0x1f00 && quickFolds[r] != 0:
			buf = append(buf, quickFolds[r])
		default:
			return buf, false
		}
	}
	return buf, true
}

// termForms are the exact and folded forms of a word as written; common:
// the folded form is a common syllable, which makes indexed pairs.
type termForms struct {
	exact, fold []byte
	common      bool
}

// formsCache maps words as written to their forms.
type formsCache struct {
	mu sync.RWMutex
	m  map[string]*termForms
}

var forms = formsCache{m: make(map[string]*termForms)}

func (c *formsCache) get(raw []byte) *termForms {
	c.mu.RLock()
	f, ok := c.m[string(raw)]
	c.mu.RUnlock()
	if ok {
		return f
	}
	toks := exactAnalyzer.Analyze(append([]byte(nil), raw...))
	f = &termForms{}
	if len(toks) > 0 {
		f.exact = toks[0].Term
		f.fold = f.exact
		if !isASCII(f.exact) {
			f.fold = foldFilter.cache.get(f.exact)
		}
		f.common = commonSyllables[string(f.fold)]
	}
	c.mu.Lock()
	if len(c.m) < maxCachedTerms {
		c.m[string(raw)] = f
	}
	c.mu.Unlock()
	return f
}

// matchAt reports whether alternative a matches the document words at i,
// and if so how many of its words carry the query's diacritics.
func matchAt(a alt, doc []token, i int, accented bool) (ok bool, marked int) {
	if a.loose || i+len(a.words) > len(doc) {
		return false, 0
	}
	for k, w := range a.words {
		d := doc[i+k]
		if a.abbrev && w.exact != w.fold {
			if string(d.exact) != w.exact {
				return false, 0
			}
		} else if string(d.fold) != w.fold {
			return false, 0
		}
		if a.abbrev || !accented || string(d.exact) == w.exact {
			marked++
		}
	}
	return true, marked
}

// run is a match of consecutive query groups by adjacent words.
type run struct{ cover, marked, punct int }

// better: longer, then more words as the query writes them, then fewer
// punctuation marks inside.
func (r run) better(o run) bool {
	if r.cover != o.cover {
		return r.cover > o.cover
	}
	if r.marked != o.marked {
		return r.marked > o.marked
	}
	return r.punct < o.punct
}

// bestRun finds the best run of consecutive query groups matched in order
// by adjacent document words, counted in query words.
func bestRun(pq parsedQuery, doc []token) run {
	var best run
	ng := len(pq.groups)
	if ng == 0 || len(doc) == 0 {
		return best
	}
	// next[i] is the best run starting with group g+1 at word i.
	next := make([]run, len(doc)+1)
	cur := make([]run, len(doc)+1)
	for g := ng - 1; g >= 0; g-- {
		for i := range doc {
			cur[i] = runAt(pq, g, doc, i, next)
			if cur[i].better(best) {
				best = cur[i]
			}
		}
		cur[len(doc)] = run{}
		next, cur = cur, next
	}
	return best
}

// runAt is the best run that starts with group g at word i, given the
// best runs of group g+1 (next).
func runAt(pq parsedQuery, g int, doc []token, i int, next []run) run {
	var here run
	for _, a := range pq.groups[g].alts {
		ok, mk := matchAt(a, doc, i, pq.accented)
		if !ok {
			continue
		}
		r := run{cover: pq.groups[g].n, marked: mk}
		for k := 1; k < len(a.words); k++ {
			if doc[i+k].punct {
				r.punct++
			}
		}
		if j := i + len(a.words); g+1 < len(pq.groups) && next[j].cover > 0 {
			r.cover += next[j].cover
			r.marked += next[j].marked
			r.punct += next[j].punct
			if doc[j].punct {
				r.punct++
			}
		}
		if r.better(here) {
			here = r
		}
	}
	return here
}

// span is a matched stretch of text.
type matchSpan struct{ start, end int }

// matchSpans returns the byte spans of the words matched by some
// alternative of some group, in order and without overlaps.
func matchSpans(pq parsedQuery, doc []token) []matchSpan {
	var spans []matchSpan
	for i := 0; i < len(doc); {
		longest := longestMatch(pq, doc, i)
		if longest == 0 {
			i++
			continue
		}
		spans = append(spans, matchSpan{start: doc[i].start, end: doc[i+longest-1].end})
		i += longest
	}
	return spans
}

// longestMatch is how many words from i the longest matching alternative
// covers; 0 if none matches there.
func longestMatch(pq parsedQuery, doc []token, i int) int {
	longest := 0
	for _, g := range pq.groups {
		for _, a := range g.alts {
			if a.loose {
				for _, w := range a.words {
					if string(doc[i].fold) == w.fold && longest == 0 {
						longest = 1
					}
				}
				continue
			}
			if ok, _ := matchAt(a, doc, i, false); ok && len(a.words) > longest {
				longest = len(a.words)
			}
		}
	}
	return longest
}
