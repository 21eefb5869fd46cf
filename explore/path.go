package explore

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"tracuu/models"
)

// Path is one chain of relations from one entity to another.
type Path struct {
	Hops []Hop
}

// Hop is one relation of a path. From and To follow the path, which may run
// against the relation's own direction (from an organisation to its child).
type Hop struct {
	From, To models.Ref
	Kind     string
	Evidence Evidence
}

// PathOptions tunes Path.
type PathOptions struct {
	MaxHops      int        // 1 to MaxPathHops; 0 means 4
	Alternatives int        // 1 to MaxAlternatives shortest paths; 0 means 1
	Kinds        []string   // relations to follow; empty means all
	From, To     *time.Time // follow only co-mentions and mentions in articles published in [From, To]
}

// Bounds of PathOptions.
const (
	MaxPathHops     = 6
	MaxAlternatives = 5
)

// Path returns up to alternatives shortest chains of relations from one
// entity to another, of at most maxHops hops, each hop with its evidence.
// See PathWith.
func (e *Explorer) Path(ctx context.Context, from, to models.Ref, maxHops, alternatives int) ([]Path, error) {
	return e.PathWith(ctx, from, to, PathOptions{MaxHops: maxHops, Alternatives: alternatives})
}

// parent is how a node was first reached from one side: through node via a
// relation of kind, asserted by rec or, for mentions, by article.
type parent struct {
	node    int32
	kind    uint8
	rec     int64
	article int32
	next    int32 // index of the node's next parent, -1 at the end
}

// side is one half of a bidirectional search.
type side struct {
	dist     []int8  // per node, -1 when unreached (reset through reached)
	first    []int32 // per node, head of its parents list
	parents  []parent
	reached  []int32
	frontier []int32
	depth    int
	artSeen  []int8 // per article, depth+1 at which its mentions were expanded
	cost     int    // articles and edges the frontier would scan
}

// PathWith returns the shortest chains of relations between from and to:
// all of the shortest length (up to Alternatives), each hop with its
// evidence. Entities mentioned in the same article are one hop apart
// (mentioned_together), an article and an entity it mentions too (mentions),
// so articles appear inside a path only where a record leads to them (an
// author, a report). The search runs from both
// ends, always expanding the cheaper side, and expands each article once per
// side, so even hubs with tens of thousands of articles cost at most one scan
// of the mentions. Returns no paths when none has at most MaxHops hops;
// ENOTFOUND if an endpoint does not exist; EINVALID for bad options.
func (e *Explorer) PathWith(ctx context.Context, from, to models.Ref, opt PathOptions) ([]Path, error) {
	maxHops, alts := opt.MaxHops, opt.Alternatives
	if maxHops == 0 {
		maxHops = 4
	}
	if maxHops < 1 || maxHops > MaxPathHops {
		return nil, models.Invalid("maxHops", "maxHops %d is not between 1 and %d", opt.MaxHops, MaxPathHops)
	}
	if alts == 0 {
		alts = 1
	}
	if alts < 1 || alts > MaxAlternatives {
		return nil, models.Invalid("alternatives", "alternatives %d is not between 1 and %d", opt.Alternatives, MaxAlternatives)
	}
	kinds, err := kindMask("kinds", opt.Kinds)
	if err != nil {
		return nil, err
	}
	if err := checkRange(opt.From, opt.To); err != nil {
		return nil, err
	}
	g, err := e.graph(ctx)
	if err != nil {
		return nil, err
	}
	src, ok := g.node(from)
	if !ok {
		return nil, notFound(from)
	}
	dst, ok := g.node(to)
	if !ok {
		return nil, notFound(to)
	}
	if src == dst {
		return []Path{{}}, nil
	}
	w := g.window(opt.From, opt.To)
	f, b := g.newSide(src, w, kinds), g.newSide(dst, w, kinds)
	defer g.releaseSide(f)
	defer g.releaseSide(b)
	var meet []int32
	for f.depth+b.depth < maxHops && len(meet) == 0 {
		if len(f.frontier) == 0 || len(b.frontier) == 0 {
			break
		}
		x, y := f, b
		if b.cost < f.cost {
			x, y = b, f
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		for _, v := range g.expand(x, w, kinds, alts) {
			if y.dist[v] >= 0 {
				meet = append(meet, v)
			}
		}
	}
	if len(meet) == 0 {
		return nil, nil
	}
	// Shortest meetings first, then in a stable order.
	best := int8(127)
	for _, m := range meet {
		best = min(best, f.dist[m]+b.dist[m])
	}
	meet = slices.DeleteFunc(meet, func(m int32) bool { return f.dist[m]+b.dist[m] != best })
	slices.SortFunc(meet, func(x, y int32) int { return cmp.Or(cmp.Compare(g.typ[x], g.typ[y]), cmp.Compare(g.id[x], g.id[y])) })

	type rawHop struct {
		from, to int32
		kind     uint8
		rec      int64
		article  int32
	}
	var raws [][]rawHop
	seen := map[string]bool{} // a path through two meeting nodes is found twice
	for _, m := range meet {
		heads := g.chains(f, m, alts) // src … m, reversed
		tails := g.chains(b, m, alts) // dst … m, reversed
		for _, h := range heads {
			for _, t := range tails {
				var p []rawHop
				for i := len(h) - 1; i >= 0; i-- {
					p = append(p, rawHop{h[i].node, h[i].to, h[i].kind, h[i].rec, h[i].article})
				}
				for _, s := range t {
					p = append(p, rawHop{s.to, s.node, s.kind, s.rec, s.article})
				}
				var key strings.Builder
				for _, h := range p {
					fmt.Fprintf(&key, "%d-%d-%d-%d,", h.from, h.to, h.kind, h.rec)
				}
				if seen[key.String()] {
					continue
				}
				seen[key.String()] = true
				raws = append(raws, p)
				if len(raws) == alts {
					break
				}
			}
			if len(raws) == alts {
				break
			}
		}
		if len(raws) == alts {
			break
		}
	}

	out := make([]Path, len(raws))
	var ev evidence
	for i, p := range raws {
		out[i].Hops = make([]Hop, len(p))
		for j, h := range p {
			hop := &out[i].Hops[j]
			*hop = Hop{From: g.ref(h.from), To: g.ref(h.to), Kind: EdgeKinds[h.kind]}
			article := int64(0)
			if h.article >= 0 {
				article = g.id[h.article]
			}
			ev.add(h.kind, h.rec, article, hop.From, hop.To, &hop.Evidence)
		}
	}
	if err := ev.fill(ctx, e.store); err != nil {
		return nil, err
	}
	return out, nil
}

// link is one step of a chain back to a side's start.
type link struct {
	node, to int32 // node: nearer the start; to: farther
	kind     uint8
	rec      int64
	article  int32
}

// chains returns up to n chains of links from m back to the side's start,
// each listed from m outwards (the first link ends at m).
func (g *graph) chains(s *side, m int32, n int) [][]link {
	var out [][]link
	var walk func(v int32, acc []link)
	walk = func(v int32, acc []link) {
		if len(out) >= n {
			return
		}
		if s.dist[v] == 0 {
			out = append(out, slices.Clone(acc))
			return
		}
		for i := s.first[v]; i >= 0; i = s.parents[i].next {
			p := s.parents[i]
			walk(p.node, append(acc, link{node: p.node, to: v, kind: p.kind, rec: p.rec, article: p.article}))
		}
	}
	walk(m, nil)
	return out
}

func (g *graph) newSide(start int32, w window, kinds uint8) *side {
	n := len(g.typ)
	s, _ := g.sides.Get().(*side)
	if s == nil {
		s = &side{dist: make([]int8, n), first: make([]int32, n), artSeen: make([]int8, g.nArt)}
		for i := range s.dist {
			s.dist[i] = -1
		}
	}
	s.depth = 0
	s.dist[start] = 0
	s.first[start] = -1
	s.reached = append(s.reached, start)
	s.frontier = append(s.frontier, start)
	s.cost = g.cost(s.frontier, w, kinds)
	return s
}

func (g *graph) releaseSide(s *side) {
	for _, v := range s.reached {
		s.dist[v] = -1
	}
	clear(s.artSeen)
	s.reached, s.frontier, s.parents = s.reached[:0], s.frontier[:0], s.parents[:0]
	g.sides.Put(s)
}

// cost estimates the work of expanding a frontier.
func (g *graph) cost(frontier []int32, w window, kinds uint8) int {
	c := 0
	for _, u := range frontier {
		c += len(g.edges(u))
		if kinds&(1<<kMentionedTogether|1<<kMentions) != 0 {
			c += len(g.articles(u, w)) * 8
		}
	}
	return c
}

// expand advances one side by one hop and returns the newly reached nodes.
// A node reached at the same depth through several parents keeps up to alts
// of them, for alternative paths.
func (g *graph) expand(s *side, w window, kinds uint8, alts int) []int32 {
	d := int8(s.depth + 1)
	start := len(s.reached)
	reach := func(v, from int32, kind uint8, rec int64, article int32) {
		switch {
		case s.dist[v] < 0:
			s.dist[v] = d
			s.first[v] = -1
			s.reached = append(s.reached, v)
		case s.dist[v] != d:
			return
		}
		n := 0
		for i := s.first[v]; i >= 0; i = s.parents[i].next {
			if s.parents[i].node == from {
				return
			}
			n++
		}
		if n >= alts {
			return
		}
		s.parents = append(s.parents, parent{node: from, kind: kind, rec: rec, article: article, next: s.first[v]})
		s.first[v] = int32(len(s.parents) - 1)
	}
	for _, u := range s.frontier {
		for _, h := range g.edges(u) {
			if kinds&(1<<h.kind) != 0 {
				reach(h.to, u, h.kind, h.rec, -1)
			}
		}
		if u < g.nArt {
			// An article already scanned for co-mentions leads nowhere new.
			if kinds&(1<<kMentions) != 0 && u >= w.lo && u < w.hi && s.artSeen[u] == 0 {
				s.artSeen[u] = d
				for _, v := range g.artEnt.of(u) {
					reach(v, u, kMentions, 0, u)
				}
			}
			continue
		}
		arts := g.articles(u, w)
		if kinds&(1<<kMentions) != 0 {
			for i := len(arts) - 1; i >= 0; i-- {
				reach(arts[i], u, kMentions, 0, arts[i])
			}
		}
		if kinds&(1<<kMentionedTogether) == 0 {
			continue
		}
		// Newest articles first, so that evidence is recent; an article
		// already expanded at an earlier depth leads nowhere new.
		for i := len(arts) - 1; i >= 0; i-- {
			a := arts[i]
			if seen := s.artSeen[a]; seen != 0 && (seen != d || alts == 1) {
				continue
			}
			s.artSeen[a] = d
			for _, v := range g.artEnt.of(a) {
				if v != u {
					reach(v, u, kMentionedTogether, 0, a)
				}
			}
		}
	}
	s.depth++
	s.frontier = append(s.frontier[:0], s.reached[start:]...)
	s.cost = g.cost(s.frontier, w, kinds)
	return s.reached[start:]
}
