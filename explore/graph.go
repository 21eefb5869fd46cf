package explore

import (
	"cmp"
	"context"
	"errors"
	"math"
	"slices"
	"sort"
	"sync"
	"time"

	"tracuu/models"
)

// graph is an immutable snapshot of the topology: every entity is a dense
// node number; articles come first, ordered by publication time, so that a
// node's article list (sorted by node number) is also sorted by time and a
// date range is a binary search.
type graph struct {
	typ     []uint8
	id      []int64
	artNode map[int64]int32 // article id → node
	// The other entities are numbered by type, ids ascending: those of
	// type t are the nodes start[t] to start[t+1], found by binary search.
	start [numTypes + 1]int32
	nArt  int32
	at    []int64 // per article: unix seconds of publication, undated for none

	artEnt csr // article → entities it mentions (distinct)
	entArt csr // entity → articles that mention it, ascending time
	adj    []half
	adjOff []int32 // node → adj[adjOff[n]:adjOff[n+1]]

	// The entities in the most articles, and the number of articles each
	// pair of them shares (with the newest), so that the co-mention weights
	// among hubs need no scan of their articles.
	hubOf     []int32 // per node, its index in hubs or -1
	hubs      []int32
	hubPairs  []int32 // len(hubs)², symmetric
	hubNewest []int32 // newest shared article per pair

	version string
	pool    sync.Pool // *scratch sized for this graph
	sides   sync.Pool // *side sized for this graph
}

const undated = math.MinInt64

// half is one direction of a structural edge.
type half struct {
	to   int32
	kind uint8
	out  bool  // true when this node is the edge's From
	rec  int64 // position id, child organisation id, resolution id, report id, article id
}

type csr struct {
	off []int32
	to  []int32
}

func (c *csr) of(n int32) []int32 {
	if int(n)+1 >= len(c.off) {
		return nil
	}
	return c.to[c.off[n]:c.off[n+1]]
}

func (g *graph) node(r models.Ref) (int32, bool) {
	c, ok := typeCode(r.Type)
	if !ok {
		return 0, false
	}
	if c == tArticle {
		n, ok := g.artNode[r.ID]
		return n, ok
	}
	lo, hi := g.start[c], g.start[c+1]
	i, ok := slices.BinarySearch(g.id[lo:hi], r.ID)
	return lo + int32(i), ok
}

func (g *graph) ref(n int32) models.Ref {
	return models.Ref{Type: models.EntityTypes[g.typ[n]], ID: g.id[n]}
}

func (g *graph) edges(n int32) []half { return g.adj[g.adjOff[n]:g.adjOff[n+1]] }

// window is a range of article nodes [lo, hi).
type window struct{ lo, hi int32 }

// window returns the article nodes published within [from, to]; with
// neither bound every article, dated or not.
func (g *graph) window(from, to *time.Time) window {
	if from == nil && to == nil {
		return window{0, g.nArt}
	}
	at := g.at[:g.nArt]
	lo := int64(undated + 1)
	if from != nil {
		lo = from.Unix()
	}
	w := window{lo: int32(sort.Search(len(at), func(i int) bool { return at[i] >= lo }))}
	w.hi = g.nArt
	if to != nil {
		hi := to.Unix()
		w.hi = int32(sort.Search(len(at), func(i int) bool { return at[i] > hi }))
	}
	if w.hi < w.lo {
		w.hi = w.lo
	}
	return w
}

// articles returns the articles of entity n within w, ascending time.
func (g *graph) articles(n int32, w window) []int32 {
	l := g.entArt.of(n)
	if w.lo == 0 && w.hi == g.nArt {
		return l
	}
	i, _ := slices.BinarySearch(l, w.lo)
	j, _ := slices.BinarySearch(l, w.hi)
	return l[i:j]
}

// degree is the number of articles mentioning n (or entities n mentions,
// for an article) plus its structural edges.
func (g *graph) degree(n int32) int {
	d := len(g.edges(n))
	if n < g.nArt {
		return d + len(g.artEnt.of(n))
	}
	return d + len(g.entArt.of(n))
}

// scratch is per-query working memory over all nodes, reused through the
// graph's pool; marks are reset through the touched list, not by clearing.
type scratch struct {
	cnt     []int32
	mark    []int32
	touched []int32
	marked  []int32

	// Bit sets small enough to stay in cache where mark would not: over
	// nodes (in, front) and over articles (arts). Cleared by their user.
	in, front, arts bitset

	pairs, newest []int32 // co-mention counts among a network's nodes
}

type bitset []uint64

func newBitset(n int) bitset      { return make(bitset, n/64+1) }
func (b bitset) has(i int32) bool { return b[i>>6]&(1<<(i&63)) != 0 }
func (b bitset) set(i int32)      { b[i>>6] |= 1 << (i & 63) }
func (b bitset) testAndSet(i int32) bool {
	w, m := &b[i>>6], uint64(1)<<(i&63)
	had := *w&m != 0
	*w |= m
	return had
}

func (g *graph) scratch() *scratch {
	if s, ok := g.pool.Get().(*scratch); ok {
		return s
	}
	n := len(g.typ)
	s := &scratch{cnt: make([]int32, n), mark: make([]int32, n), in: newBitset(n), front: newBitset(n), arts: newBitset(int(g.nArt))}
	for i := range s.mark {
		s.mark[i] = -1
	}
	return s
}

func (g *graph) release(s *scratch) {
	for _, n := range s.touched {
		s.cnt[n] = 0
	}
	for _, n := range s.marked {
		s.mark[n] = -1
	}
	s.touched, s.marked = s.touched[:0], s.marked[:0]
	g.pool.Put(s)
}

func (s *scratch) add(n int32, by int32) {
	if s.cnt[n] == 0 {
		s.touched = append(s.touched, n)
	}
	s.cnt[n] += by
}

func (s *scratch) setMark(n, v int32) {
	if s.mark[n] < 0 {
		s.marked = append(s.marked, n)
	}
	s.mark[n] = v
}

// coMentions counts, for every entity sharing an article with entity n in
// w whose type is in mask, the number of shared articles, into s.cnt.
func (g *graph) coMentions(n int32, w window, mask uint8, s *scratch) {
	for _, a := range g.articles(n, w) {
		for _, v := range g.artEnt.of(a) {
			if v != n && mask&(1<<g.typ[v]) != 0 {
				s.add(v, 1)
			}
		}
	}
}

// load reads the whole topology from the database.
// Hubs: at most maxHubs entities, each in at least hubMin articles.
const defaultHubMin = 64

var maxHubs = 1024 // a variable for the tests

func load(ctx context.Context, s *models.Store, hubMin int) (*graph, error) {
	// While a writer holds the change log the version is unknown: the
	// graph is read from what is committed, and its empty version differs
	// from every settled head, so the next check loads it again.
	version, err := s.GraphVersion(ctx)
	if err != nil && !errors.Is(err, models.ErrLogBusy) {
		return nil, err
	}
	g := &graph{version: version}
	if err := g.loadNodes(ctx, s); err != nil {
		return nil, err
	}
	if err := g.loadMentions(ctx, s); err != nil {
		return nil, err
	}
	if err := g.loadLinks(ctx, s); err != nil {
		return nil, err
	}
	g.findHubs(hubMin)
	return g, nil
}

// loadNodes numbers the articles in publication order, then the other
// entities.
func (g *graph) loadNodes(ctx context.Context, s *models.Store) error {
	type art struct{ id, at int64 }
	var arts []art
	err := s.EachArticleDate(ctx, func(id int64, published time.Time) error {
		a := art{id, undated}
		if !published.IsZero() {
			a.at = published.Unix()
		}
		arts = append(arts, a)
		return nil
	})
	if err != nil {
		return err
	}
	slices.SortFunc(arts, func(x, y art) int { return cmp.Or(cmp.Compare(x.at, y.at), cmp.Compare(x.id, y.id)) })
	g.at = make([]int64, 0, len(arts))
	g.artNode = make(map[int64]int32, len(arts))
	for _, a := range arts {
		g.addNode(tArticle, a.id)
		g.at = append(g.at, a.at)
	}
	g.nArt = int32(len(arts))
	for _, t := range []uint8{tOrganisation, tPerson, tResolution, tReport} {
		g.start[t] = int32(len(g.typ))
		err := s.EachEntityID(ctx, models.EntityTypes[t], func(id int64) error {
			g.addNode(t, id)
			return nil
		})
		if err != nil {
			return err
		}
	}
	g.start[numTypes] = int32(len(g.typ))
	return nil
}

func (g *graph) findHubs(hubMin int) {
	g.selectHubs(hubMin)
	h := len(g.hubs)
	g.hubPairs, g.hubNewest = make([]int32, h*h), make([]int32, h*h)
	var in []int32
	for a := int32(0); a < g.nArt; a++ {
		in = g.hubsIn(g.artEnt.of(a), in[:0])
		for i := range in {
			for _, y := range in[i+1:] {
				x := in[i]
				g.hubPairs[x*int32(h)+y]++
				g.hubPairs[y*int32(h)+x]++
				g.hubNewest[x*int32(h)+y] = a // articles ascend in time
				g.hubNewest[y*int32(h)+x] = a
			}
		}
	}
}

// hubsIn appends to in the hub index of each hub among the entities l.
func (g *graph) hubsIn(l []int32, in []int32) []int32 {
	for _, v := range l {
		if x := g.hubOf[v]; x >= 0 {
			in = append(in, x)
		}
	}
	return in
}

// selectHubs chooses the hubs: at most maxHubs entities in at least
// hubMin articles, the most mentioned first.
func (g *graph) selectHubs(hubMin int) {
	g.hubOf = make([]int32, len(g.typ))
	for i := range g.hubOf {
		g.hubOf[i] = -1
	}
	var cands []int32
	for n := g.nArt; n < int32(len(g.typ)); n++ {
		if len(g.entArt.of(n)) >= hubMin {
			cands = append(cands, n)
		}
	}
	slices.SortFunc(cands, func(a, b int32) int { return len(g.entArt.of(b)) - len(g.entArt.of(a)) })
	g.hubs = cands[:min(len(cands), maxHubs)]
	for i, n := range g.hubs {
		g.hubOf[n] = int32(i)
	}
}

func (g *graph) addNode(t uint8, id int64) {
	if t == tArticle {
		g.artNode[id] = int32(len(g.typ))
	}
	g.typ = append(g.typ, t)
	g.id = append(g.id, id)
}

func (g *graph) loadMentions(ctx context.Context, s *models.Store) error {
	perArt := make([]int32, g.nArt+1)
	var as, es []int32
	err := s.EachMention(ctx, func(article int64, entity models.Ref) error {
		a, ok := g.artNode[article]
		e, ok2 := g.node(entity)
		if !ok || !ok2 || e < g.nArt {
			return nil // a dangling mention (entity deleted meanwhile)
		}
		as, es = append(as, a), append(es, e)
		perArt[a+1]++
		return nil
	})
	if err != nil {
		return err
	}
	// Counting sort by article, then drop repeated entities per article.
	for i := int32(1); i <= g.nArt; i++ {
		perArt[i] += perArt[i-1]
	}
	pos := slices.Clone(perArt[:g.nArt])
	to := make([]int32, len(as))
	for i, a := range as {
		to[pos[a]] = es[i]
		pos[a]++
	}
	as, es = nil, nil
	off := make([]int32, g.nArt+1)
	w := int32(0)
	for a := int32(0); a < g.nArt; a++ {
		l := to[perArt[a]:perArt[a+1]]
		slices.Sort(l)
		l = slices.Compact(l)
		w += int32(copy(to[w:], l))
		off[a+1] = w
	}
	g.artEnt = csr{off: off, to: slices.Clip(to[:w])}

	g.invert()
	return nil
}

// invert builds entArt from artEnt: iterating articles in order leaves each
// entity's list in time order.
func (g *graph) invert() {
	n := int32(len(g.typ))
	eoff := make([]int32, n+1)
	for _, e := range g.artEnt.to {
		eoff[e+1]++
	}
	for i := int32(1); i <= n; i++ {
		eoff[i] += eoff[i-1]
	}
	epos := slices.Clone(eoff[:n])
	eto := make([]int32, len(g.artEnt.to))
	for a := int32(0); a < g.nArt; a++ {
		for _, e := range g.artEnt.of(a) {
			eto[epos[e]] = a
			epos[e]++
		}
	}
	g.entArt = csr{off: eoff, to: eto}
}

// linkKinds maps the store's link kinds to edge kinds.
var linkKinds = [...]uint8{
	models.LinkPosition:  kPosition,
	models.LinkParent:    kParent,
	models.LinkIssuedBy:  kIssuedBy,
	models.LinkReportsOn: kReportsOn,
	models.LinkAuthored:  kAuthored,
}

// edge is one structural edge between two nodes.
type edge struct {
	from, to int32
	kind     uint8
	rec      int64
}

func (g *graph) loadLinks(ctx context.Context, s *models.Store) error {
	var edges []edge
	err := s.EachLink(ctx, func(l models.Link) error {
		f, ok := g.node(l.From)
		t, ok2 := g.node(l.To)
		if ok && ok2 && f != t {
			edges = append(edges, edge{f, t, linkKinds[l.Kind], l.Record})
		}
		return nil
	})
	if err != nil {
		return err
	}
	g.setEdges(edges)
	return nil
}

// setEdges builds the adjacency arrays from edges. Each node's edges are
// put in one order (kind, direction, neighbour, record), whatever order
// the database returned them in, so that a graph built by applying
// changes (apply) is the graph loaded afresh.
func (g *graph) setEdges(edges []edge) {
	n := int32(len(g.typ))
	g.adjOff = make([]int32, n+1)
	for _, e := range edges {
		g.adjOff[e.from+1]++
		g.adjOff[e.to+1]++
	}
	for i := int32(1); i <= n; i++ {
		g.adjOff[i] += g.adjOff[i-1]
	}
	pos := slices.Clone(g.adjOff[:n])
	g.adj = make([]half, 2*len(edges))
	for _, e := range edges {
		g.adj[pos[e.from]] = half{to: e.to, kind: e.kind, out: true, rec: e.rec}
		pos[e.from]++
		g.adj[pos[e.to]] = half{to: e.from, kind: e.kind, out: false, rec: e.rec}
		pos[e.to]++
	}
	for v := int32(0); v < n; v++ {
		if l := g.edges(v); len(l) > 1 {
			slices.SortFunc(l, compareHalves)
		}
	}
}

func compareHalves(a, b half) int {
	return cmp.Or(cmp.Compare(a.kind, b.kind), compareBool(b.out, a.out), cmp.Compare(a.to, b.to), cmp.Compare(a.rec, b.rec))
}

func compareBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}
