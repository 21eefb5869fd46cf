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
	// NoLabels and NoEvidence leave the nodes' labels empty and the
	// edges' evidence nil, for a caller that shows neither (a GraphQL
	// query that does not ask for them): reading them from the database
	// was nine tenths of a network's CPU.
	NoLabels, NoEvidence bool
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
	p, err := opt.params()
	if err != nil {
		return nil, err
	}
	g, err := e.graph(ctx)
	if err != nil {
		return nil, err
	}
	s := g.scratch()
	defer g.release(s)
	n := &network{g: g, s: s, w: g.window(opt.From, opt.To), networkParams: p, noLabels: opt.NoLabels, noEvidence: opt.NoEvidence}
	clear(s.in)
	for _, r := range opt.IDs {
		v, ok := g.node(r)
		if !ok {
			return nil, notFound(r)
		}
		if s.mark[v] < 0 {
			n.admit(v)
		}
	}
	n.grow()
	n.out = &Graph{Nodes: make([]Node, len(n.nodes))}
	n.refs = make([]models.Ref, len(n.nodes))
	for i, v := range n.nodes {
		n.refs[i] = g.ref(v)
	}
	n.recordEdges()
	n.coMentionEdges(n.coMentions())
	if err := n.fill(ctx, e.store); err != nil {
		return nil, err
	}
	return n.out, nil
}

// networkParams are NetworkOptions checked, with their defaults applied.
type networkParams struct {
	depth, limit, maxEdges int
	mask                   uint8 // node types to admit
}

// params checks the options. Returns EINVALID naming the bad one.
func (opt NetworkOptions) params() (networkParams, error) {
	if len(opt.IDs) == 0 {
		return networkParams{}, models.Invalid("ids", "at least one id is required")
	}
	p := networkParams{depth: opt.Depth, limit: opt.Limit, maxEdges: opt.MaxEdges}
	if p.depth == 0 {
		p.depth = 1
	}
	if p.depth < 1 || p.depth > 3 {
		return p, models.Invalid("depth", "depth %d is not between 1 and 3", opt.Depth)
	}
	if p.limit == 0 {
		p.limit = 100
	}
	if p.limit < 1 || p.limit > MaxNetworkLimit {
		return p, models.Invalid("limit", "limit %d is not between 1 and %d", opt.Limit, MaxNetworkLimit)
	}
	if p.maxEdges == 0 {
		p.maxEdges = defaultEdgesPerNode * p.limit
	}
	if p.maxEdges < 0 || p.maxEdges > 10*MaxNetworkLimit {
		return p, models.Invalid("maxEdges", "maxEdges %d is not between 0 and %d", opt.MaxEdges, 10*MaxNetworkLimit)
	}
	if len(opt.IDs) > p.limit {
		return p, models.Invalid("ids", "%d ids exceed the limit of %d nodes", len(opt.IDs), p.limit)
	}
	var err error
	if p.mask, err = typeMask("types", opt.Types, allEntities); err != nil {
		return p, err
	}
	return p, checkRange(opt.From, opt.To)
}

// network is one Network call under way. s.mark[n] is n's index in nodes
// once admitted, s.in has the admitted nodes.
type network struct {
	g *graph
	s *scratch
	w window
	networkParams

	nodes []int32
	refs  []models.Ref // of nodes
	out   *Graph
	ev    evidence
	evFor []func() // evidence requests, made once out.Edges stops growing

	noLabels, noEvidence bool // NetworkOptions'
}

func (n *network) admit(v int32) {
	n.s.setMark(v, int32(len(n.nodes)))
	n.s.in.set(v)
	n.nodes = append(n.nodes, v)
}

// grow admits, depth by depth, the candidates most strongly tied to the
// frontier until limit nodes are in.
func (n *network) grow() {
	g, s := n.g, n.s
	frontier := slices.Clone(n.nodes)
	for d := 0; d < n.depth && len(n.nodes) < n.limit && len(frontier) > 0; d++ {
		n.score(frontier, d)
		top := topK(slices.Clone(s.touched), n.limit-len(n.nodes), func(a, b int32) int {
			return cmp.Or(cmp.Compare(s.cnt[b], s.cnt[a]), cmp.Compare(g.typ[a], g.typ[b]), cmp.Compare(g.id[a], g.id[b]))
		})
		for _, v := range s.touched {
			s.cnt[v] = 0
		}
		s.touched = s.touched[:0]
		frontier = frontier[:0]
		for _, v := range top {
			n.admit(v)
			frontier = append(frontier, v)
		}
	}
}

// score counts into s.cnt each candidate's ties to the frontier at depth
// d: shared articles plus records. Each article is visited once and counts
// once per frontier entity it mentions.
func (n *network) score(frontier []int32, d int) {
	g, s, w, mask := n.g, n.s, n.w, n.mask
	anyEntity := mask&allEntities == allEntities // no need to look up types of mentioned entities
	wantArticles := mask&(1<<tArticle) != 0
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
}

// edge adds e to the graph; req, when given, asks for its evidence once
// the edges are final.
func (n *network) edge(e Edge, req func(e *Edge)) {
	n.out.Edges = append(n.out.Edges, e)
	if req != nil {
		i := len(n.out.Edges) - 1
		n.evFor = append(n.evFor, func() { req(&n.out.Edges[i]) })
	}
}

// recordEdges adds the structural edges and the mentions among the nodes,
// each once (from its From side); the records of one (to, kind) pair make
// one edge.
func (n *network) recordEdges() {
	g, s, w := n.g, n.s, n.w
	type pairKind struct {
		to   int32
		kind uint8
	}
	for i, u := range n.nodes {
		hs := g.edges(u)
		done := map[pairKind]bool{}
		for j, h := range hs {
			if !h.out || s.mark[h.to] < 0 || done[pairKind{h.to, h.kind}] {
				continue
			}
			done[pairKind{h.to, h.kind}] = true
			var recs []int64
			for _, h2 := range hs[j:] {
				if h2.to == h.to && h2.kind == h.kind && h2.out {
					recs = append(recs, h2.rec)
				}
			}
			from, to, kind := n.refs[i], n.refs[s.mark[h.to]], h.kind
			n.edge(Edge{From: from, To: to, Kind: EdgeKinds[kind], Weight: len(recs)}, func(e *Edge) {
				e.Evidence = make([]Evidence, len(recs))
				for k, rec := range recs {
					n.ev.add(kind, rec, 0, from, to, &e.Evidence[k])
				}
			})
		}
		if u < g.nArt && u >= w.lo && u < w.hi {
			for _, v := range g.artEnt.of(u) {
				if s.mark[v] >= 0 {
					from, to, article := n.refs[i], n.refs[s.mark[v]], g.id[u]
					n.edge(Edge{From: from, To: to, Kind: KindMentions, Weight: 1}, func(e *Edge) {
						e.Evidence = []Evidence{{}}
						n.ev.add(kMentions, 0, article, from, to, &e.Evidence[0])
					})
				}
			}
		}
	}
}

// coMentions counts the articles each pair of nodes shares, in a dense
// k×k matrix (pairs[i*k+j], i < j) with the newest shared article of each
// pair: one pass over the articles of the admitted entities, each article
// once. Without a date range the counts among hubs are precomputed and
// only the other nodes' articles are scanned.
func (n *network) coMentions() (pairs, newest []int32) {
	g, s, w, nodes := n.g, n.s, n.w, n.nodes
	k := len(nodes)
	if cap(s.pairs) < k*k {
		s.pairs, s.newest = make([]int32, k*k), make([]int32, k*k)
	}
	pairs, newest = s.pairs[:k*k], s.newest[:k*k]
	clear(pairs)
	clear(newest)
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
	return pairs, newest
}

// coMentionEdges adds the maxEdges heaviest mentioned_together edges.
func (n *network) coMentionEdges(pairs, newest []int32) {
	k := len(n.nodes)
	var co []uint64 // weight<<32 | pair index
	for p, c := range pairs {
		if c > 0 {
			co = append(co, uint64(c)<<32|uint64(p))
		}
	}
	for _, x := range largest(co, n.maxEdges) {
		p := int(uint32(x))
		from, to, article := n.refs[p/k], n.refs[p%k], n.g.id[newest[p]]
		n.edge(Edge{From: from, To: to, Kind: KindMentionedTogether, Weight: int(x >> 32)}, func(e *Edge) {
			e.Evidence = []Evidence{{}}
			n.ev.add(kMentionedTogether, 0, article, from, to, &e.Evidence[0])
		})
	}
}

// fill reads the labels of the nodes and the evidence of the edges.
func (n *network) fill(ctx context.Context, s *models.Store) error {
	var names map[models.Ref]string
	if !n.noLabels {
		var err error
		if names, err = s.Labels(ctx, n.refs); err != nil {
			return err
		}
	}
	for i, v := range n.nodes {
		n.out.Nodes[i] = Node{Ref: n.refs[i], Label: names[n.refs[i]], Degree: n.g.degree(v)}
	}
	if n.noEvidence {
		return nil
	}
	for _, f := range n.evFor {
		f()
	}
	return n.ev.fill(ctx, s)
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
