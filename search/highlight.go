package search

import (
	"html"
	"sort"
	"strings"
	"sync"

	bsearch "github.com/blevesearch/bleve/v2/search"
)

// token is a word of stored text as the analyzers see it, with its byte
// offsets in the text. exact and fold may be shared: do not modify them.
type token struct {
	exact, fold []byte
	start, end  int
	// punct: punctuation separates the word from the one before it
	// ("đó, người"), which makes the pair a weaker match.
	punct bool
}

// matchedTokens returns, for each value of field, the words of the hit
// that the query matched, from the term vectors Bleve returns with the hit
// (positions and offsets), in order. A gap between two matched words that
// are not adjacent is an empty token, which matches nothing.
func matchedTokens(h *bsearch.DocumentMatch, field string) [][]token {
	texts := fieldTexts(h, field)
	if len(texts) == 0 {
		return nil
	}
	type loc struct {
		arr, pos, start, end int
		term                 string
	}
	var locs []loc
	for term, ls := range h.Locations[field] {
		for _, l := range ls {
			arr := 0
			if len(l.ArrayPositions) > 0 {
				arr = int(l.ArrayPositions[0])
			}
			if arr < len(texts) && int(l.End) <= len(texts[arr]) {
				locs = append(locs, loc{arr, int(l.Pos), int(l.Start), int(l.End), term})
			}
		}
	}
	sort.Slice(locs, func(i, j int) bool {
		if locs[i].arr != locs[j].arr {
			return locs[i].arr < locs[j].arr
		}
		return locs[i].pos < locs[j].pos
	})
	out := make([][]token, len(texts))
	for i, l := range locs {
		doc := out[l.arr]
		punct := false
		if i > 0 && locs[i-1].arr == l.arr {
			prev := locs[i-1]
			if prev.pos == l.pos {
				continue
			}
			if prev.pos+1 != l.pos {
				doc = append(doc, token{})
			} else if prev.end <= l.start {
				punct = strings.TrimSpace(texts[l.arr][prev.end:l.start]) != ""
			}
		}
		f := forms.get([]byte(texts[l.arr][l.start:l.end]))
		out[l.arr] = append(doc, token{exact: f.exact, fold: []byte(l.term), start: l.start, end: l.end, punct: punct})
	}
	return out
}

// termForms are the exact and folded forms of a word as written.
type termForms struct{ exact, fold []byte }

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
	}
	c.mu.Lock()
	if len(c.m) < maxCachedTerms {
		c.m[string(raw)] = f
	}
	c.mu.Unlock()
	return f
}

const (
	fragmentContext = 80 // bytes of context either side of a match
	maxFragments    = 3
	markOpen        = "<mark>"
	markClose       = "</mark>"
)

// highlights marks the words of each stored field that matched the query.
// Titles and leads are given whole, bodies as fragments around matches.
func highlights(h *bsearch.DocumentMatch, pq parsedQuery) []Highlight {
	var out []Highlight
	for _, f := range storedFields {
		var frags []string
		toks := matchedTokens(h, f)
		for i, text := range fieldTexts(h, f) {
			spans := matchSpans(pq, toks[i])
			if len(spans) == 0 {
				continue
			}
			if f == fBody {
				frags = append(frags, fragments(text, spans)...)
			} else {
				frags = append(frags, mark(text, spans, 0, len(text)))
			}
		}
		if len(frags) > 0 {
			out = append(out, Highlight{Field: f, Fragments: frags})
		}
	}
	return out
}

// matchSpans returns the byte spans of the words matched by some
// alternative of some group, in order and without overlaps.
func matchSpans(pq parsedQuery, doc []token) []span {
	var spans []span
	for i := 0; i < len(doc); {
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
		if longest == 0 {
			i++
			continue
		}
		spans = append(spans, span{start: doc[i].start, end: doc[i+longest-1].end})
		i += longest
	}
	return spans
}

// mark returns text[from:to] HTML-escaped with the spans inside it marked.
func mark(text string, spans []span, from, to int) string {
	var b strings.Builder
	at := from
	for _, s := range spans {
		if s.end <= from || s.start >= to {
			continue
		}
		b.WriteString(html.EscapeString(text[at:s.start]))
		b.WriteString(markOpen)
		b.WriteString(html.EscapeString(text[s.start:s.end]))
		b.WriteString(markClose)
		at = s.end
	}
	b.WriteString(html.EscapeString(text[at:to]))
	return b.String()
}

// fragments cuts up to maxFragments windows of text around the spans,
// at spaces, with an ellipsis where text was left out.
func fragments(text string, spans []span) []string {
	var out []string
	for i := 0; i < len(spans) && len(out) < maxFragments; {
		from := wordStart(text, spans[i].start-fragmentContext)
		to := spans[i].end
		j := i + 1
		for j < len(spans) && spans[j].start-to < fragmentContext {
			to = spans[j].end
			j++
		}
		to = wordEnd(text, to+fragmentContext)
		frag := mark(text, spans[i:j], from, to)
		if from > 0 {
			frag = "…" + frag
		}
		if to < len(text) {
			frag += "…"
		}
		out = append(out, strings.TrimSpace(frag))
		i = j
	}
	return out
}

// wordStart moves i back to the start of the word it falls in.
func wordStart(text string, i int) int {
	if i <= 0 {
		return 0
	}
	for i > 0 && text[i-1] != ' ' && text[i-1] != '\n' {
		i--
	}
	return i
}

// wordEnd moves i forward to the end of the word it falls in.
func wordEnd(text string, i int) int {
	if i >= len(text) {
		return len(text)
	}
	for i < len(text) && text[i] != ' ' && text[i] != '\n' {
		i++
	}
	return i
}
