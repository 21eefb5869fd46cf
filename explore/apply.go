package explore

import (
	"cmp"
	"maps"
	"slices"

	"tracuu/models"
)

// apply returns the graph that g becomes when the entities touched (those
// the change log names after g's version) are read again: d is their
// present state (models.Store.ReadGraphDelta). Every touched node, the
// mentions in touched articles and every structural edge that involves a
// touched entity are dropped and read back from d, the mentions of
// entities that are gone dropped; the rest is carried over from g,
// renumbered. g itself is not
// modified, so queries in flight keep a consistent graph. The result is
// the graph a full load would build from the same database (the oracle
// test checks it), at the cost of a pass over g's arrays in memory instead
// of reading every table.
func (g *graph) apply(touched []models.Ref, d *models.GraphDelta, version string, hubMin int) *graph {
	n := &graph{version: version}
	gone := make([]bool, len(g.typ)) // per old node: touched, so read again from d
	for _, r := range touched {
		if v, ok := g.node(r); ok {
			gone[v] = true
		}
	}
	size := len(g.typ) + len(d.Articles) + len(d.Entities)
	n.typ, n.id = make([]uint8, 0, size), make([]int64, 0, size)

	// Articles, in publication order: the untouched ones keep theirs; the
	// touched ones that still exist are placed again (their date may have
	// changed).
	newOf := make([]int32, len(g.typ)) // per old node: its number in n, or -1
	for i := range newOf {
		newOf[i] = -1
	}
	type art struct{ id, at int64 }
	adds := make([]art, 0, len(d.Articles))
	for id, published := range d.Articles {
		a := art{id, undated}
		if !published.IsZero() {
			a.at = published.Unix()
		}
		adds = append(adds, a)
	}
	byTime := func(x, y art) int { return cmp.Or(cmp.Compare(x.at, y.at), cmp.Compare(x.id, y.id)) }
	slices.SortFunc(adds, byTime)
	n.at = make([]int64, 0, int(g.nArt)+len(adds))
	oldOf := make([]int32, 0, int(g.nArt)+len(adds)) // per new article: its old node, or -1
	for i, j := int32(0), 0; i < g.nArt || j < len(adds); {
		if i < g.nArt && gone[i] {
			i++
			continue
		}
		if j < len(adds) && (i == g.nArt || byTime(adds[j], art{g.id[i], g.at[i]}) < 0) {
			n.typ, n.id = append(n.typ, tArticle), append(n.id, adds[j].id)
			n.at = append(n.at, adds[j].at)
			oldOf = append(oldOf, -1)
			j++
			continue
		}
		newOf[i] = int32(len(n.typ))
		n.typ, n.id = append(n.typ, tArticle), append(n.id, g.id[i])
		n.at = append(n.at, g.at[i])
		oldOf = append(oldOf, i)
		i++
	}
	n.nArt = int32(len(n.typ))
	// The index of articles by id: g's, less the articles gone, with those
	// whose number changed (usually only the touched ones: a new article
	// is the newest, and comes last).
	n.artNode = maps.Clone(g.artNode)
	for a := range g.nArt {
		if gone[a] {
			delete(n.artNode, g.id[a])
		}
	}
	for a, o := range oldOf {
		if o != int32(a) {
			n.artNode[n.id[a]] = int32(a)
		}
	}

	// The other entities, by type, ids ascending: an old one stays unless
	// it was touched and is gone; the new ones are merged in.
	v := g.nArt
	for _, t := range []uint8{tOrganisation, tPerson, tResolution, tReport} {
		n.start[t] = int32(len(n.typ))
		var adds []int64
		for r := range d.Entities {
			if c, _ := typeCode(r.Type); c == t {
				if _, old := g.node(r); !old {
					adds = append(adds, r.ID)
				}
			}
		}
		slices.Sort(adds)
		j := 0
		for ; v < int32(len(g.typ)) && g.typ[v] == t; v++ {
			id := g.id[v]
			for j < len(adds) && adds[j] < id {
				n.addNode(t, adds[j])
				j++
			}
			if gone[v] && !d.Entities[models.Ref{Type: models.EntityTypes[t], ID: id}] {
				continue
			}
			newOf[v] = int32(len(n.typ))
			n.addNode(t, id)
		}
		for ; j < len(adds); j++ {
			n.addNode(t, adds[j])
		}
	}
	n.start[numTypes] = int32(len(n.typ))

	// Mentions: an untouched article keeps those of the entities that
	// still exist (a write that changes an article's mentions logs the
	// article); a touched article's are d's.
	extra := map[int32][]int32{}
	for _, m := range d.Mentions {
		a, ok := n.artNode[m.ArticleID]
		e, ok2 := n.node(m.Entity)
		if ok && ok2 && e >= n.nArt {
			extra[a] = append(extra[a], e)
		}
	}
	off := make([]int32, n.nArt+1)
	to := make([]int32, 0, len(g.artEnt.to)+len(d.Mentions))
	// The articles whose mentions may have changed, new and old numbers.
	var changedNew, changedOld []int32
	for a := int32(0); a < g.nArt; a++ {
		if gone[a] {
			changedOld = append(changedOld, a)
		}
	}
	for a := int32(0); a < n.nArt; a++ {
		start := len(to)
		o := oldOf[a]
		changed := o < 0
		if o >= 0 {
			for _, e := range g.artEnt.of(o) {
				if newOf[e] >= 0 {
					to = append(to, newOf[e])
				} else {
					changed = true
				}
			}
		}
		if x := extra[a]; len(x) > 0 {
			changed = true
			to = append(to, x...)
			l := to[start:]
			slices.Sort(l)
			to = to[:start+len(slices.Compact(l))]
		}
		off[a+1] = int32(len(to))
		if changed {
			changedNew = append(changedNew, a)
			if o >= 0 {
				changedOld = append(changedOld, o)
			}
		}
	}
	n.artEnt = csr{off: off, to: slices.Clip(to)}
	n.invert()

	// Structural edges: those between untouched nodes, and d's.
	edges := make([]edge, 0, len(g.adj)/2+len(d.Links))
	for u := int32(0); u < int32(len(g.typ)); u++ {
		if gone[u] {
			continue
		}
		for _, h := range g.edges(u) {
			if h.out && !gone[h.to] {
				edges = append(edges, edge{newOf[u], newOf[h.to], h.kind, h.rec})
			}
		}
	}
	for _, l := range d.Links {
		f, ok := n.node(l.From)
		t, ok2 := n.node(l.To)
		if ok && ok2 && f != t {
			edges = append(edges, edge{f, t, linkKinds[l.Kind], l.Record})
		}
	}
	n.setEdges(edges)
	n.followHubs(g, hubMin, newOf, changedOld, changedNew)
	return n
}

// followHubs chooses n's hubs and counts the articles each pair of them
// shares (findHubs) from g's counts: a hub that was one in g keeps its
// counts, less the articles whose mentions changed as they were in g
// (changedOld, g's numbers), plus the same articles as they are in n
// (changedNew, n's numbers); a pair whose newest shared article was among
// the changed ones looks for it again in both hubs' articles. A new hub's
// pairs are counted from its articles.
func (n *graph) followHubs(g *graph, hubMin int, newOf, changedOld, changedNew []int32) {
	n.selectHubs(hubMin)
	h, oh := int32(len(n.hubs)), int32(len(g.hubs))
	n.hubPairs, n.hubNewest = make([]int32, h*h), make([]int32, h*h)
	kept := make([]int32, oh) // per hub of g: its index among n's hubs, or -1
	had := make([]bool, h)    // per hub of n: was one in g
	for oi, u := range g.hubs {
		kept[oi] = -1
		if v := newOf[u]; v >= 0 && n.hubOf[v] >= 0 {
			kept[oi] = n.hubOf[v]
			had[n.hubOf[v]] = true
		}
	}
	// Pairs whose count went down (lowered) or whose newest shared article
	// changed (stale): looked at again at the end.
	const lowered, stale = 1, 2
	dirty := map[int32]uint8{}
	identity := h == oh
	for oi, x := range kept {
		identity = identity && x == int32(oi)
	}
	if identity {
		copy(n.hubPairs, g.hubPairs)
		copy(n.hubNewest, g.hubNewest)
	}
	for oi := range oh {
		x := kept[oi]
		if x < 0 {
			continue
		}
		for oj := range oh {
			y := kept[oj]
			if y < 0 || oi == oj {
				continue
			}
			c, a := g.hubPairs[oi*oh+oj], g.hubNewest[oi*oh+oj]
			if c == 0 {
				continue
			}
			if !identity {
				n.hubPairs[x*h+y], n.hubNewest[x*h+y] = c, newOf[a]
			} else if newOf[a] != a {
				n.hubNewest[x*h+y] = newOf[a]
			}
			if newOf[a] < 0 {
				dirty[x*h+y] |= stale
			}
		}
	}
	var in []int32
	for _, a := range changedOld {
		in = in[:0]
		for _, v := range g.artEnt.of(a) {
			if oi := g.hubOf[v]; oi >= 0 && kept[oi] >= 0 {
				in = append(in, oi)
			}
		}
		for i, oi := range in {
			for _, oj := range in[i+1:] {
				x, y := kept[oi], kept[oj]
				n.hubPairs[x*h+y]--
				n.hubPairs[y*h+x]--
				f := uint8(lowered)
				if g.hubNewest[oi*oh+oj] == a {
					f |= stale
				}
				dirty[x*h+y] |= f
				dirty[y*h+x] |= f
			}
		}
	}
	for _, a := range changedNew {
		in = in[:0]
		for _, v := range n.artEnt.of(a) {
			if x := n.hubOf[v]; x >= 0 && had[x] {
				in = append(in, x)
			}
		}
		for i, x := range in {
			for _, y := range in[i+1:] {
				n.hubPairs[x*h+y]++
				n.hubPairs[y*h+x]++
				n.hubNewest[x*h+y] = max(n.hubNewest[x*h+y], a)
				n.hubNewest[y*h+x] = max(n.hubNewest[y*h+x], a)
			}
		}
	}
	for x := range h {
		if had[x] {
			continue
		}
		// A new hub: count its pairs from its articles.
		v := n.hubs[x]
		for y := range h {
			n.hubPairs[x*h+y], n.hubPairs[y*h+x], n.hubNewest[x*h+y], n.hubNewest[y*h+x] = 0, 0, 0, 0
		}
		for _, a := range n.entArt.of(v) {
			for _, u := range n.artEnt.of(a) {
				if y := n.hubOf[u]; y >= 0 && u != v {
					n.hubPairs[x*h+y]++
					n.hubPairs[y*h+x] = n.hubPairs[x*h+y]
					n.hubNewest[x*h+y], n.hubNewest[y*h+x] = a, a // articles ascend in time
				}
			}
		}
	}
	for i, f := range dirty {
		x, y := i/h, i%h
		switch {
		case n.hubPairs[i] == 0:
			n.hubNewest[i] = 0
		case f&stale != 0 && had[x] && had[y]:
			n.hubNewest[i] = lastShared(n.entArt.of(n.hubs[x]), n.entArt.of(n.hubs[y]))
		}
	}
}

// lastShared returns the largest article in both ascending lists (0 when
// none).
func lastShared(a, b []int32) int32 {
	i, j := len(a)-1, len(b)-1
	for i >= 0 && j >= 0 {
		switch {
		case a[i] == b[j]:
			return a[i]
		case a[i] > b[j]:
			i--
		default:
			j--
		}
	}
	return 0
}
