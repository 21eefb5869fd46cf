package explore

import (
	"cmp"
	"context"
	"slices"
	"time"

	"tracuu/models"
)

// NetworkOptions selects a neighbourhood.
type NetworkOptions struct {
	IDs      []Ref      // the seeds, always in the graph
	Depth    int        // hops from the seeds, 1 to 3; 0 means 1
	Limit    int        // at most this many nodes, up to MaxNetworkLimit; 0 means 100
	Types    []string   // node types to include; empty means every type but Article
	From, To *time.Time // count only articles published in [From, To]
}

// MaxNetworkLimit bounds NetworkOptions.Limit.
const MaxNetworkLimit = 500

// Graph is a subgraph ready for a graph view or an export.
type Graph struct {
	Nodes []Node
	Edges []Edge
}

// Node is one entity of a Graph.
type Node struct {
	Ref
	Label  string
	Degree int // articles mentioning it (for an article: entities it mentions) plus its direct relations, in the whole archive
}

// Edge is one relation between two nodes of a Graph. Weight is the number
// of shared articles for mentioned_together, else the number of records
// (positions held, reports) that assert it.
type Edge struct {
	From, To Ref
	Kind     string
	Weight   int
	Evidence []Evidence // for mentioned_together, the newest shared article; else every record
}

// maxEdgesPerNode bounds the mentioned_together edges of a network (the
// heaviest are kept) so that a dense cluster of hubs stays drawable.
const maxEdgesPerNode = 10

// Network returns the nodes within Depth hops of the seeds and every
// relation among them. It grows breadth-first and, at each depth, admits
// the candidates most strongly tied to the nodes already in (by shared
// articles plus records) until Limit nodes are in, so a hub mentioned in
// tens of thousands of articles contributes only its heaviest neighbours.
// Returns ENOTFOUND if a seed does not exist, EINVALID for bad options.
func (e *Explorer) Network(ctx context.Context, opt NetworkOptions) (*Graph, error) {
	if len(opt.IDs) == 0 {
		return nil, models.Invalid("ids", "at least one id is required")
	}
	depth, limit := opt.Depth, opt.Limit
	if depth == 0 {
		depth = 1
	}
	if depth < 1 || depth > 3 {
		return nil, models.Invalid("depth", "depth %d is not between 1 and 3", opt.Depth)
	}
	if limit == 0 {
		limit = 100
	}
	if limit < 1 || limit > MaxNetworkLimit {
		return nil, models.Invalid("limit", "limit %d is not between 1 and %d", opt.Limit, MaxNetworkLimit)
	}
	if len(opt.IDs) > limit {
		return nil, models.Invalid("ids", "%d ids exceed the limit of %d nodes", len(opt.IDs), limit)
	}
	mask, err := typeMask("types", opt.Types, allEntities)
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
	w := g.window(opt.From, opt.To)
	s := g.scratch()
	defer g.release(s)

	// s.mark[n] is n's index in nodes once admitted.
	var nodes []int32
	admit := func(n int32) {
		s.setMark(n, int32(len(nodes)))
		nodes = append(nodes, n)
	}
	for _, r := range opt.IDs {
		n, ok := g.node(r)
		if !ok {
			return nil, notFound(r)
		}
		if s.mark[n] < 0 {
			admit(n)
		}
	}
	frontier := slices.Clone(nodes)
	for d := 0; d < depth && len(nodes) < limit && len(frontier) > 0; d++ {
		// Score candidates by their ties to the frontier.
		for _, u := range frontier {
			if u < g.nArt {
				if u >= w.lo && u < w.hi {
					for _, v := range g.artEnt.of(u) {
						if mask&(1<<g.typ[v]) != 0 && s.mark[v] < 0 {
							s.add(v, 1)
						}
					}
				}
			} else {
				for _, a := range g.articles(u, w) {
					if mask&(1<<tArticle) != 0 && s.mark[a] < 0 {
						s.add(a, 1)
					}
					for _, v := range g.artEnt.of(a) {
						if v != u && mask&(1<<g.typ[v]) != 0 && s.mark[v] < 0 {
							s.add(v, 1)
						}
					}
				}
			}
			for _, h := range g.edges(u) {
				if mask&(1<<g.typ[h.to]) != 0 && s.mark[h.to] < 0 {
					s.add(h.to, 1)
				}
			}
		}
		top := topK(slices.Clone(s.touched), limit-len(nodes), func(a, b int32) int {
			return cmp.Or(cmp.Compare(s.cnt[b], s.cnt[a]), cmp.Compare(g.typ[a], g.typ[b]), cmp.Compare(g.id[a], g.id[b]))
		})
		for _, v := range s.touched {
			s.cnt[v] = 0
		}
		s.touched = s.touched[:0]
		frontier = frontier[:0]
		for _, v := range top {
			admit(v)
			frontier = append(frontier, v)
		}
	}

	out := &Graph{Nodes: make([]Node, len(nodes))}
	refs := make([]Ref, len(nodes))
	for i, n := range nodes {
		refs[i] = g.ref(n)
	}
	var ev evidence
	var evFor []func() // evidence requests, made once Edges stops growing
	edge := func(e Edge, req func(e *Edge)) {
		out.Edges = append(out.Edges, e)
		if req != nil {
			i := len(out.Edges) - 1
			evFor = append(evFor, func() { req(&out.Edges[i]) })
		}
	}

	// Structural edges and mentions, each once (from its From side).
	for i, u := range nodes {
		hs := g.edges(u)
		for j := 0; j < len(hs); j++ {
			h := hs[j]
			if !h.out || s.mark[h.to] < 0 {
				continue
			}
			// Group the records of one (to, kind) pair into one edge.
			var recs []int64
			for _, h2 := range hs[j:] {
				if h2.to == h.to && h2.kind == h.kind && h2.out {
					recs = append(recs, h2.rec)
				}
			}
			if slices.Index(recs, h.rec) != 0 {
				continue // a later record of a pair already grouped
			}
			from, to, kind := refs[i], refs[s.mark[h.to]], h.kind
			edge(Edge{From: from, To: to, Kind: EdgeKinds[kind], Weight: len(recs)}, func(e *Edge) {
				e.Evidence = make([]Evidence, len(recs))
				for k, rec := range recs {
					ev.add(kind, rec, 0, from, to, &e.Evidence[k])
				}
			})
		}
		if u < g.nArt && u >= w.lo && u < w.hi {
			for _, v := range g.artEnt.of(u) {
				if s.mark[v] >= 0 {
					from, to, article := refs[i], refs[s.mark[v]], g.id[u]
					edge(Edge{From: from, To: to, Kind: KindMentions, Weight: 1}, func(e *Edge) {
						e.Evidence = []Evidence{{}}
						ev.add(kMentions, 0, article, from, to, &e.Evidence[0])
					})
				}
			}
		}
	}

	// mentioned_together among the entities: one pass over the articles of
	// the admitted entities, each article once, counting pairs in a dense
	// matrix; newest article per pair kept as evidence.
	k := len(nodes)
	pairs := make([]int32, k*k)
	newest := make([]int32, k*k)
	seen := make([]uint64, g.nArt/64+1)
	var in []int32
	for _, u := range nodes {
		if u < g.nArt {
			continue
		}
		for _, a := range g.articles(u, w) {
			if seen[a/64]&(1<<(a%64)) != 0 {
				continue
			}
			seen[a/64] |= 1 << (a % 64)
			in = in[:0]
			for _, v := range g.artEnt.of(a) {
				if s.mark[v] >= 0 {
					in = append(in, s.mark[v])
				}
			}
			for x := 0; x < len(in); x++ {
				for y := x + 1; y < len(in); y++ {
					i, j := min(in[x], in[y]), max(in[x], in[y])
					p := int(i)*k + int(j)
					pairs[p]++
					if a > newest[p] {
						newest[p] = a
					}
				}
			}
		}
	}
	type pair struct{ i, j, w int32 }
	var co []pair
	for i := 0; i < k; i++ {
		for j := i + 1; j < k; j++ {
			if c := pairs[i*k+j]; c > 0 {
				co = append(co, pair{int32(i), int32(j), c})
			}
		}
	}
	if len(co) > maxEdgesPerNode*k {
		slices.SortFunc(co, func(a, b pair) int {
			return cmp.Or(cmp.Compare(b.w, a.w), cmp.Compare(a.i, b.i), cmp.Compare(a.j, b.j))
		})
		co = co[:maxEdgesPerNode*k]
	}
	for _, p := range co {
		from, to, article := refs[p.i], refs[p.j], g.id[newest[int(p.i)*k+int(p.j)]]
		edge(Edge{From: from, To: to, Kind: KindMentionedTogether, Weight: int(p.w)}, func(e *Edge) {
			e.Evidence = []Evidence{{}}
			ev.add(kMentionedTogether, 0, article, from, to, &e.Evidence[0])
		})
	}

	db := e.store.DB(ctx)
	names, err := labels(ctx, db, refs)
	if err != nil {
		return nil, err
	}
	for i, n := range nodes {
		out.Nodes[i] = Node{Ref: refs[i], Label: names[refs[i]], Degree: g.degree(n)}
	}
	for _, f := range evFor {
		f()
	}
	if err := ev.fill(ctx, db); err != nil {
		return nil, err
	}
	return out, nil
}
