package explore

import (
	"cmp"
	"context"
	"slices"
	"time"

	"tracuu/models"
)

// RelatedOptions selects and pages related entities. Zero values select
// every type but Article, any date and the first 20.
type RelatedOptions struct {
	Types    []string   // entity types to return; empty means all but the articles merely mentioning the entity
	From, To *time.Time // count only articles published in [From, To]
	First    int        // page size, at most models.MaxPage
	Offset   int
}

// Related is one entity related to another.
type Related struct {
	Entity     models.Ref
	Label      string
	Weight     int        // articles mentioning both (for an article: 1)
	Kinds      []string   // how they relate: mentioned_together, position, parent...
	ArticleIDs []int64    // up to three of the shared articles, newest first
	Evidence   []Evidence // the records behind the structural relations (positions, reports)
}

// RelatedPage is one page of related entities.
type RelatedPage struct {
	Items []Related
	Total int
}

// samplesPerItem is how many shared articles a Related item carries; the
// rest are a SharedArticles call away.
const samplesPerItem = 3

// Related returns the entities most often mentioned in the same articles as
// of, heaviest first, together with the entities directly related to it by a
// position, parent, issuer or report record (which rank by their shared
// articles like the others, and carry the record as evidence). For an
// article, the related entities are those it mentions, its authors and its
// reports. Returns ENOTFOUND if of does not exist, EINVALID for bad options.
func (e *Explorer) Related(ctx context.Context, of models.Ref, opt RelatedOptions) (RelatedPage, error) {
	mask, err := typeMask("types", opt.Types, allEntities)
	if err != nil {
		return RelatedPage{}, err
	}
	if err := checkRange(opt.From, opt.To); err != nil {
		return RelatedPage{}, err
	}
	g, err := e.graph(ctx)
	if err != nil {
		return RelatedPage{}, err
	}
	n, ok := g.node(of)
	if !ok {
		return RelatedPage{}, notFound(of)
	}
	w := g.window(opt.From, opt.To)
	s := g.scratch()
	defer g.release(s)

	// s.cnt holds the shared articles, s.mark the kinds of relation.
	var cands []int32
	relate := func(v int32, k uint8) {
		if s.mark[v] < 0 {
			cands = append(cands, v)
			s.setMark(v, 0)
		}
		s.mark[v] |= 1 << k
	}
	if n < g.nArt {
		if n >= w.lo && n < w.hi {
			for _, v := range g.artEnt.of(n) {
				if mask&(1<<g.typ[v]) != 0 {
					s.add(v, 1)
					relate(v, kMentions)
				}
			}
		}
	} else {
		g.coMentions(n, w, mask, s)
		cands = slices.Clone(s.touched)
		for _, v := range cands {
			s.setMark(v, 1<<kMentionedTogether)
		}
		if mask&(1<<tArticle) != 0 {
			for _, a := range g.articles(n, w) {
				s.add(a, 1)
				relate(a, kMentions)
			}
		}
	}
	// By default the articles a record points to (a report's, an author's)
	// are related too; articles merely mentioning the entity are not.
	recMask := mask
	if len(opt.Types) == 0 {
		recMask |= 1 << tArticle
	}
	for _, h := range g.edges(n) {
		if recMask&(1<<g.typ[h.to]) != 0 {
			relate(h.to, h.kind)
		}
	}
	kinds := func(v int32) int32 { return s.mark[v] }

	page := pageOf(opt.First, opt.Offset)
	// Heaviest first; ties go to direct relations, then to the smaller ref.
	by := func(a, b int32) int {
		if c := cmp.Compare(s.cnt[b], s.cnt[a]); c != 0 {
			return c
		}
		sa, sb := kinds(a)&^(1<<kMentionedTogether|1<<kMentions) != 0, kinds(b)&^(1<<kMentionedTogether|1<<kMentions) != 0
		if sa != sb {
			if sa {
				return -1
			}
			return 1
		}
		return cmp.Or(cmp.Compare(g.typ[a], g.typ[b]), cmp.Compare(g.id[a], g.id[b]))
	}
	top := topK(cands, page.Offset+page.First, by)
	out := RelatedPage{Total: len(cands)}
	if page.Offset >= len(top) {
		return out, nil
	}
	top = top[page.Offset:]

	// Samples of shared articles, newest first, for this page only.
	idx := make(map[int32]int, len(top))
	for i, v := range top {
		idx[v] = i
	}
	samples := make([][]int64, len(top))
	if n >= g.nArt {
		missing := 0
		for _, v := range top {
			if kinds(v)&(1<<kMentionedTogether) != 0 {
				missing++
			}
		}
		arts := g.articles(n, w)
		for i := len(arts) - 1; i >= 0 && missing > 0; i-- {
			for _, v := range g.artEnt.of(arts[i]) {
				if j, ok := idx[v]; ok && len(samples[j]) < samplesPerItem {
					samples[j] = append(samples[j], g.id[arts[i]])
					if len(samples[j]) == samplesPerItem {
						missing--
					}
				}
			}
		}
	} else {
		for j := range top {
			samples[j] = []int64{g.id[n]}
		}
	}

	refs := make([]models.Ref, len(top))
	for i, v := range top {
		refs[i] = g.ref(v)
	}
	names, err := e.store.Labels(ctx, refs)
	if err != nil {
		return RelatedPage{}, err
	}
	out.Items = make([]Related, len(top))
	var ev evidence
	for i, v := range top {
		it := &out.Items[i]
		*it = Related{Entity: refs[i], Label: names[refs[i]], Weight: int(s.cnt[v]), ArticleIDs: samples[i]}
		for k, name := range EdgeKinds {
			if kinds(v)&(1<<k) != 0 {
				it.Kinds = append(it.Kinds, name)
			}
		}
		for _, h := range g.edges(n) {
			if h.to == v && (h.kind == kPosition || h.kind == kReportsOn) {
				it.Evidence = append(it.Evidence, Evidence{})
			}
		}
	}
	// Evidence slices are final now; point the requests into them.
	for i, v := range top {
		it := &out.Items[i]
		j := 0
		for _, h := range g.edges(n) {
			if h.to == v && (h.kind == kPosition || h.kind == kReportsOn) {
				ev.add(h.kind, h.rec, 0, g.ref(n), it.Entity, &it.Evidence[j])
				j++
			}
		}
	}
	if err := ev.fill(ctx, e.store); err != nil {
		return RelatedPage{}, err
	}
	return out, nil
}

// SharedArticles lists the articles that mention both a and b (published in
// [from, to] when given), newest first: the evidence behind a
// mentioned_together edge. Returns ENOTFOUND if a or b does not exist.
func (e *Explorer) SharedArticles(ctx context.Context, a, b models.Ref, from, to *time.Time, p models.Page) (models.List[models.Article], error) {
	var out models.List[models.Article]
	if err := checkRange(from, to); err != nil {
		return out, err
	}
	g, err := e.graph(ctx)
	if err != nil {
		return out, err
	}
	na, ok := g.node(a)
	if !ok {
		return out, notFound(a)
	}
	nb, ok := g.node(b)
	if !ok {
		return out, notFound(b)
	}
	w := g.window(from, to)
	list := func(n int32) []int32 {
		if n < g.nArt {
			if n >= w.lo && n < w.hi {
				return []int32{n}
			}
			return nil
		}
		return g.articles(n, w)
	}
	shared := intersect(list(na), list(nb))
	page := pageOf(p.First, p.Offset)
	out.Total = int64(len(shared))
	var ids []int64
	for i := len(shared) - 1 - page.Offset; i >= 0 && len(ids) < page.First; i-- {
		ids = append(ids, g.id[shared[i]])
	}
	out.HasNext = page.Offset+len(ids) < len(shared)
	byID, err := models.ByIDs[models.Article](ctx, e.store, ids)
	if err != nil {
		return out, err
	}
	for _, id := range ids {
		if a := byID[id]; a != nil {
			out.Items = append(out.Items, a)
		}
	}
	return out, nil
}

// intersect merges two ascending lists.
func intersect(a, b []int32) []int32 {
	var out []int32
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i] < b[j]:
			i++
		case a[i] > b[j]:
			j++
		default:
			out = append(out, a[i])
			i++
			j++
		}
	}
	return out
}

// topK returns the first k of l in the order of by, without sorting all of l.
func topK(l []int32, k int, by func(a, b int32) int) []int32 {
	if k >= len(l) || k <= 0 {
		slices.SortFunc(l, by)
		return l
	}
	// A bounded max-heap of the best k seen so far, worst at the root.
	h := slices.Clone(l[:k])
	down := func(i int) {
		for {
			c := 2*i + 1
			if c >= len(h) {
				return
			}
			if c+1 < len(h) && by(h[c+1], h[c]) > 0 {
				c++
			}
			if by(h[c], h[i]) <= 0 {
				return
			}
			h[i], h[c] = h[c], h[i]
			i = c
		}
	}
	for i := len(h)/2 - 1; i >= 0; i-- {
		down(i)
	}
	for _, v := range l[k:] {
		if by(v, h[0]) < 0 {
			h[0] = v
			down(0)
		}
	}
	slices.SortFunc(h, by)
	return h
}

// pageOf clamps a page as models does: 20 by default, at most MaxPage.
func pageOf(first, offset int) models.Page {
	switch {
	case first <= 0:
		first = 20
	case first > models.MaxPage:
		first = models.MaxPage
	}
	return models.Page{First: first, Offset: max(offset, 0)}
}

func checkRange(from, to *time.Time) error {
	if from != nil && to != nil && to.Before(*from) {
		return models.Invalid("to", "to %s is before from %s", to.Format(time.RFC3339), from.Format(time.RFC3339))
	}
	return nil
}
