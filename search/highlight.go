package search

import (
	"html"
	"strings"
)

const (
	fragmentContext = 80 // bytes of context either side of a match
	maxFragments    = 3
	markOpen        = "<mark>"
	markClose       = "</mark>"
)

// highlights marks the words of each stored field that matched the query.
// Titles and leads are given whole, bodies as fragments around matches.
func highlights(doc storedDoc, pq parsedQuery) []Highlight {
	var out []Highlight
	for _, f := range storedFields {
		var frags []string
		for i, text := range doc.fields[f] {
			spans := matchSpans(pq, doc.tokens(f, i, pq))
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

// mark returns text[from:to] HTML-escaped with the spans inside it marked.
func mark(text string, spans []matchSpan, from, to int) string {
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
func fragments(text string, spans []matchSpan) []string {
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
