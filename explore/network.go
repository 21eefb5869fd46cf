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
	IDs      []models.Ref // the seeds, always in the graph
	Depth    int          // hops from the seeds, 1 to 3; 0 means 1
	Limit    int          // at most this many nodes, up to MaxNetworkLimit; 0 means 100
	Types    []string     // node types to include; empty means every type but Article
	From, To *time.Time   // count only articles published in [From, To]
	MaxEdges int          // at most this many mentioned_together edges, the heaviest; 0 means 4×Limit. Other edges are all kept.
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
	models.Ref
	Label  string
	Degree int // articles mentioning it (for an article: entities it mentions) plus its direct relations, in the whole archive
}

// Edge is one relation between two nodes of a Graph. Weight is the number
// of shared articles for mentioned_together, else the number of records
// (positions held, reports) that assert it.
type Edge struct {
	From, To models.Ref
	Kind     string
	Weight   int
	Evidence []Evidence // for mentioned_together, the newest shared article; else every record
}

// fanOut bounds the articles scanned per node when ranking candidates
// beyond the seeds: a hub reached at depth 1 proposes the neighbours of its
// newest fanOut articles, not of all its tens of thousands. The weights of
// the edges returned are exact all the same.
const fanOut = 1000

// defaultEdgesPerNode bounds the mentioned_together edges of a network by
// default (the heaviest are kept) so that a dense cluster of hubs stays
// drawable and the response small.
const defaultEdgesPerNode = 4

// Network returns the nodes within Depth hops of the seeds and the
// relations among them: every position, parent, issuer, report, authorship
// and mention edge, and the MaxEdges heaviest mentioned_together edges, each
// with its evidence. It grows breadth-first and, at each depth, admits the
// candidates most strongly tied to the frontier (shared articles plus
// records) until Limit nodes are in, so a hub mentioned in tens of thousands
// of articles contributes only its heaviest neighbours. Beyond the seeds,
// candidates are ranked on each node's newest fanOut articles; the weights
// returned are exact. Returns ENOTFOUND if a seed does not exist, EINVALID
// for bad options.
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
	maxEdges := opt.MaxEdges
	if maxEdges == 0 {
		maxEdges = defaultEdgesPerNode * limit
	}
	if maxEdges < 0 || maxEdges > 10*MaxNetworkLimit {
		return nil, models.Invalid("maxEdges", "maxEdges %d is not between 0 and %d", opt.MaxEdges, 10*MaxNetworkLimit)
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

	// s.mark[n] is n's index in nodes once admitted, s.in has the admitted.
	clear(s.in)
	var nodes []int32
	admit := func(n int32) {
		s.setMark(n, int32(len(nodes)))
		s.in.set(n)
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
	anyEntity := mask&allEntities == allEntities // no need to look up types of mentioned entities
	wantArticles := mask&(1<<tArticle) != 0
	frontier := slices.Clone(nodes)
	for d := 0; d < depth && len(nodes) < limit && len(frontier) > 0; d++ {
		// Score each candidate by its ties to the frontier: shared articles
		// plus records. Each article is visited once and counts once per
		// frontier entity it mentions.
		clear(s.front)
		clear(s.arts)
		for _, u := range frontier {
			s.front.set(u)
		}
		for _, u := range frontier {
			for _, h := range g.edges(u) {
				if mask&(1<<g.typ[h.to]) != 0 && !s.in.has(h.to) {
					s.add(h.to, 1)
				}
			}
			if u < g.nArt {
				if u >= w.lo && u < w.hi && !s.arts.testAndSet(u) {
					for _, v := range g.artEnt.of(u) {
						if !s.in.has(v) && (anyEntity || mask&(1<<g.typ[v]) != 0) {
							s.add(v, 1)
						}
					}
				}
				continue
			}
			arts := g.articles(u, w)
			if d > 0 && len(arts) > fanOut {
				arts = arts[len(arts)-fanOut:]
			}
			for _, a := range arts {
				if s.arts.testAndSet(a) {
					continue
				}
				ents := g.artEnt.of(a)
				c := int32(0)
				for _, v := range ents {
					if s.front.has(v) {
						c++
					}
				}
				if wantArticles && !s.in.has(a) {
					s.add(a, c)
				}
				for _, v := range ents {
					if !s.in.has(v) && (anyEntity || mask&(1<<g.typ[v]) != 0) {
						s.add(v, c)
					}
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
	refs := make([]models.Ref, len(nodes))
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
	type pairKind struct {
		to   int32
		kind uint8
	}
	for i, u := range nodes {
		hs := g.edges(u)
		done := map[pairKind]bool{}
		for j, h := range hs {
			if !h.out || s.mark[h.to] < 0 || done[pairKind{h.to, h.kind}] {
				continue
			}
			// The records of one (to, kind) pair make one edge.
			done[pairKind{h.to, h.kind}] = true
			var recs []int64
			for _, h2 := range hs[j:] {
				if h2.to == h.to && h2.kind == h.kind && h2.out {
					recs = append(recs, h2.rec)
				}
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
	if cap(s.pairs) < k*k {
		s.pairs, s.newest = make([]int32, k*k), make([]int32, k*k)
	}
	pairs, newest := s.pairs[:k*k], s.newest[:k*k]
	clear(pairs)
	clear(newest)
	// Without a date range, the weights among hubs are precomputed and only
	// the articles of the other nodes need a scan.
	useHubs := w.lo == 0 && w.hi == g.nArt && len(g.hubs) > 0
	if useHubs {
		h := len(g.hubs)
		for i, u := range nodes {
			x := g.hubOf[u]
			if x < 0 {
				continue
			}
			for j := i + 1; j < k; j++ {
				if y := g.hubOf[nodes[j]]; y >= 0 {
					pairs[i*k+j] = g.hubPairs[int(x)*h+int(y)]
					newest[i*k+j] = g.hubNewest[int(x)*h+int(y)]
				}
			}
		}
	}
	clear(s.arts)
	var in []int32
	for _, u := range nodes {
		if u < g.nArt || (useHubs && g.hubOf[u] >= 0) {
			continue
		}
		for _, a := range g.articles(u, w) {
			if s.arts.testAndSet(a) {
				continue
			}
			in = in[:0]
			for _, v := range g.artEnt.of(a) {
				if s.in.has(v) {
					in = append(in, v)
				}
			}
			for x := 0; x < len(in); x++ {
				for y := x + 1; y < len(in); y++ {
					if useHubs && g.hubOf[in[x]] >= 0 && g.hubOf[in[y]] >= 0 {
						continue // counted in the hub matrix
					}
					i, j := s.mark[in[x]], s.mark[in[y]]
					p := int(min(i, j))*k + int(max(i, j))
					pairs[p]++
					newest[p] = max(newest[p], a)
				}
			}
		}
	}
	// The heaviest pairs, as weight<<32 | index, largest first.
	var co []uint64
	for p, c := range pairs {
		if c > 0 {
			co = append(co, uint64(c)<<32|uint64(p))
		}
	}
	co = largest(co, maxEdges)
	for _, x := range co {
		p := int(uint32(x))
		from, to, article := refs[p/k], refs[p%k], g.id[newest[p]]
		edge(Edge{From: from, To: to, Kind: KindMentionedTogether, Weight: int(x >> 32)}, func(e *Edge) {
			e.Evidence = []Evidence{{}}
			ev.add(kMentionedTogether, 0, article, from, to, &e.Evidence[0])
		})
	}

	names, err := e.store.Labels(ctx, refs)
	if err != nil {
		return nil, err
	}
	for i, n := range nodes {
		out.Nodes[i] = Node{Ref: refs[i], Label: names[refs[i]], Degree: g.degree(n)}
	}
	for _, f := range evFor {
		f()
	}
	if err := ev.fill(ctx, e.store); err != nil {
		return nil, err
	}
	return out, nil
}

// largest returns the n largest values of l (which it reorders), largest
// first: a quickselect, then a sort of those n only.
func largest(l []uint64, n int) []uint64 {
	if len(l) > n {
		lo, hi := 0, len(l)-1
		for lo < hi {
			p := l[lo+(hi-lo)/2]
			i, j := lo, hi
			for i <= j {
				for l[i] > p {
					i++
				}
				for l[j] < p {
					j--
				}
				if i <= j {
					l[i], l[j] = l[j], l[i]
					i++
					j--
				}
			}
			switch {
			case n-1 <= j:
				hi = j
			case n-1 >= i:
				lo = i
			default:
				lo = hi
			}
		}
		l = l[:n]
	}
	slices.Sort(l)
	slices.Reverse(l)
	return l
}
