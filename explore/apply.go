package explore

import (
	"cmp"
	"slices"

	"tracuu/models"
)

// apply returns the graph that g becomes when the entities touched (those
// the change log names after g's version) are read again: d is their
// present state (models.Store.ReadGraphDelta). Every node, mention and
// structural edge that involves a touched entity is dropped and read back
// from d; the rest is carried over from g, renumbered. g itself is not
// modified, so queries in flight keep a consistent graph. The result is
// the graph a full load would build from the same database (the oracle
// test checks it), at the cost of a pass over g's arrays in memory instead
// of reading every table.
func (g *graph) apply(touched []models.Ref, d *models.GraphDelta, version string, hubMin int) *graph {
	n := &graph{version: version}
	gone := make([]bool, len(g.typ)) // per old node: touched, so read again from d
	for _, r := range touched {
		t, ok := typeCode(r.Type)
		if !ok {
			continue
		}
		if v, ok := g.nodes[t][r.ID]; ok {
			gone[v] = true
		}
	}
	size := len(g.typ) + len(d.Articles) + len(d.Entities)
	n.typ, n.id = make([]uint8, 0, size), make([]int64, 0, size)
	for t := range n.nodes {
		n.nodes[t] = make(map[int64]int32, len(g.nodes[t])+len(touched))
	}

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
			n.addNode(tArticle, adds[j].id)
			n.at = append(n.at, adds[j].at)
			oldOf = append(oldOf, -1)
			j++
			continue
		}
		newOf[i] = int32(len(n.typ))
		n.addNode(tArticle, g.id[i])
		n.at = append(n.at, g.at[i])
		oldOf = append(oldOf, i)
		i++
	}
	n.nArt = int32(len(n.typ))

	// The other entities, by type, ids ascending: an old one stays unless
	// it was touched and is gone; the new ones are merged in.
	v := g.nArt
	for _, t := range []uint8{tOrganisation, tPerson, tResolution, tReport} {
		var adds []int64
		for r := range d.Entities {
			if c, _ := typeCode(r.Type); c == t {
				if _, old := g.nodes[t][r.ID]; !old {
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

	// Mentions: an untouched article keeps those of untouched entities;
	// the rest are d's (which holds every mention of a touched article or
	// entity).
	extra := map[int32][]int32{}
	for _, m := range d.Mentions {
		a, ok := n.nodes[tArticle][m.ArticleID]
		e, ok2 := n.node(m.Entity)
		if ok && ok2 && e >= n.nArt {
			extra[a] = append(extra[a], e)
		}
	}
	off := make([]int32, n.nArt+1)
	to := make([]int32, 0, len(g.artEnt.to)+len(d.Mentions))
	for a := int32(0); a < n.nArt; a++ {
		start := len(to)
		if o := oldOf[a]; o >= 0 {
			for _, e := range g.artEnt.of(o) {
				if !gone[e] {
					to = append(to, newOf[e])
				}
			}
		}
		if x := extra[a]; len(x) > 0 {
			to = append(to, x...)
			l := to[start:]
			slices.Sort(l)
			to = to[:start+len(slices.Compact(l))]
		}
		off[a+1] = int32(len(to))
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
	n.findHubs(hubMin)
	return n
}
