package search

import (
	"fmt"
	"strings"
	"sync"
)

// Results of recent searches are kept, keyed by the normalised query, the
// rest of the request and the index generation (which every write moves
// on), so that a repeated search (the next page, a facet click undone, a
// popular query) costs a map lookup and never serves stale results.

const cacheSize = 512

type resultCache struct {
	mu      sync.Mutex
	entries map[string]*Result
	order   []string // insertion order, oldest first
}

func (c *resultCache) get(key string) (*Result, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	r, ok := c.entries[key]
	return r, ok
}

func (c *resultCache) put(key string, r *Result) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil {
		c.entries = map[string]*Result{}
	}
	if _, ok := c.entries[key]; ok {
		return
	}
	if len(c.order) == cacheSize {
		delete(c.entries, c.order[0])
		c.order = c.order[1:]
	}
	c.entries[key] = r
	c.order = append(c.order, key)
}

// cacheKey identifies a request: the query as parsed (words in their
// normalised forms, capitals where they expand abbreviations), the
// filters, the order, the page and the index generation.
func cacheKey(pq parsedQuery, r Request, first int, gen uint64) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d|%v|%d|%d|%q|%v|%v|%q|", gen, pq.accented, r.Sort, first, r.After, r.SkipFacets, r.ExactFacets, r.Facets)
	for _, g := range pq.groups {
		b.WriteString("(")
		for _, a := range g.alts {
			fmt.Fprintf(&b, "%v%v", a.loose, a.abbrev)
			for _, w := range a.words {
				fmt.Fprintf(&b, " %s%v", w.exact, w.upper)
			}
			b.WriteString("|")
		}
		fmt.Fprintf(&b, "%v)", g.quoted)
	}
	for _, a := range pq.exclude {
		for _, w := range a.words {
			fmt.Fprintf(&b, "-%s", w.exact)
		}
	}
	f := r.Filter
	fmt.Fprintf(&b, "|%q%q%q%q%q%q", f.Types, f.Sources, f.Sections, f.People, f.Organisations, f.Resolutions)
	if f.From != nil {
		fmt.Fprintf(&b, "|from %d", f.From.Unix())
	}
	if f.To != nil {
		fmt.Fprintf(&b, "|to %d", f.To.Unix())
	}
	return b.String()
}
