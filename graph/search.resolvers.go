package graph

import (
	"context"
	"errors"
	"strconv"
	"strings"

	"tracuu/graph/model"
	"tracuu/models"
	"tracuu/search"
)

func (r *queryResolver) Search(ctx context.Context, query string, filter *model.SearchFilter, sort *model.SearchSort, first *int, after *string) (*model.SearchConnection, error) {
	req := search.Request{Query: query, First: 10, SkipFacets: !wantsFacets(ctx)}
	if first != nil {
		if *first < 0 || *first > models.MaxPage {
			return nil, models.Invalid("first", "first must be between 0 and %d", models.MaxPage)
		}
		req.First = *first
	}
	if after != nil {
		req.After = *after
	}
	if sort != nil {
		req.Sort = map[model.SearchSort]search.Sort{model.SearchSortNewest: search.Newest, model.SearchSortOldest: search.Oldest}[*sort]
	}
	if filter != nil {
		f, err := searchFilter(filter)
		if err != nil {
			return nil, err
		}
		req.Filter = f
	}
	res, err := r.Index.Search(ctx, req)
	if errors.Is(err, search.ErrBadCursor) {
		return nil, models.Invalid("after", "%q is not a cursor from this search", req.After)
	}
	if err != nil {
		return nil, err
	}
	conn := &model.SearchConnection{TotalCount: int(res.Total), Edges: []*model.SearchEdge{},
		PageInfo: &model.PageInfo{HasNextPage: res.HasNext, HasPreviousPage: req.After != ""}}
	for _, h := range res.Hits {
		typ, id, ok := splitDocID(h.ID)
		if !ok {
			continue
		}
		node, err := r.entity(ctx, typ, id)
		if err != nil {
			return nil, err
		}
		if node == nil {
			continue // deleted since it was indexed; the worker will drop it
		}
		e := &model.SearchEdge{Cursor: h.Cursor, Score: h.Score, Node: node, Highlights: []*model.Highlight{}}
		for _, hl := range h.Highlights {
			e.Highlights = append(e.Highlights, &model.Highlight{Field: hl.Field, Fragments: hl.Fragments})
		}
		conn.Edges = append(conn.Edges, e)
	}
	if n := len(conn.Edges); n > 0 {
		conn.PageInfo.StartCursor, conn.PageInfo.EndCursor = &conn.Edges[0].Cursor, &res.EndCursor
	}
	if conn.Facets, err = r.facets(ctx, res.Facets); err != nil {
		return nil, err
	}
	return conn, nil
}

func (r *queryResolver) Suggest(ctx context.Context, prefix string, types []model.EntityType, first *int) ([]*model.Suggestion, error) {
	limit := 10
	if first != nil {
		if *first < 1 || *first > models.MaxPage {
			return nil, models.Invalid("first", "first must be between 1 and %d", models.MaxPage)
		}
		limit = *first
	}
	var names []string
	for _, t := range types {
		names = append(names, typeName(t))
	}
	sugg, err := r.Index.Suggest(ctx, prefix, names, limit)
	if err != nil {
		return nil, err
	}
	out := []*model.Suggestion{}
	for _, s := range sugg {
		typ, id, ok := splitDocID(s.ID)
		if !ok {
			continue
		}
		node, err := r.entity(ctx, typ, id)
		if err != nil {
			return nil, err
		}
		if node != nil {
			out = append(out, &model.Suggestion{Label: s.Label, Type: model.EntityType(strings.ToUpper(typ)), Node: node})
		}
	}
	return out, nil
}

// wantsFacets reports whether the query selects facets, so that searches
// that show none do not pay for them.
func wantsFacets(ctx context.Context) bool {
	return fieldSelected(ctx, "facets")
}

func searchFilter(f *model.SearchFilter) (search.Filter, error) {
	out := search.Filter{Sources: f.Sources, Sections: f.Sections, From: fromDateTime(f.PublishedFrom), To: fromDateTime(f.PublishedTo)}
	for _, t := range f.Types {
		out.Types = append(out.Types, typeName(t))
	}
	for _, x := range []struct {
		gids []string
		typ  string
		dst  *[]string
	}{{f.People, models.TypePerson, &out.People}, {f.Organisations, models.TypeOrganisation, &out.Organisations}, {f.Resolutions, models.TypeResolution, &out.Resolutions}} {
		ids, err := idsOf(x.gids, x.typ)
		if err != nil {
			return out, err
		}
		for _, id := range ids {
			*x.dst = append(*x.dst, docID(x.typ, id))
		}
	}
	return out, nil
}

func docID(typ string, id int64) string { return typ + ":" + strconv.FormatInt(id, 10) }

func splitDocID(s string) (string, int64, bool) {
	typ, num, ok := strings.Cut(s, ":")
	id, err := strconv.ParseInt(num, 10, 64)
	return typ, id, ok && err == nil
}

// facets labels the buckets: entity buckets get the entity's name and its
// global ID as the value to filter on.
func (r *queryResolver) facets(ctx context.Context, f search.Facets) (*model.SearchFacets, error) {
	plain := func(bs []search.Bucket, label func(string) string) []*model.FacetBucket {
		out := make([]*model.FacetBucket, 0, len(bs))
		for _, b := range bs {
			out = append(out, &model.FacetBucket{Value: b.Value, Label: label(b.Value), Count: b.Count})
		}
		return out
	}
	same := func(s string) string { return s }
	out := &model.SearchFacets{
		Years:    plain(f.Years, same),
		Sources:  plain(f.Sources, same),
		Sections: plain(f.Sections, same),
		Types:    plain(f.Types, same),
	}
	for _, b := range out.Types {
		b.Value = strings.ToUpper(b.Value)
	}
	var err error
	if out.People, err = r.entityBuckets(ctx, f.People); err != nil {
		return nil, err
	}
	if out.Organisations, err = r.entityBuckets(ctx, f.Organisations); err != nil {
		return nil, err
	}
	if out.Resolutions, err = r.entityBuckets(ctx, f.Resolutions); err != nil {
		return nil, err
	}
	return out, nil
}

func (r *queryResolver) entityBuckets(ctx context.Context, bs []search.Bucket) ([]*model.FacetBucket, error) {
	out := make([]*model.FacetBucket, 0, len(bs))
	for _, b := range bs {
		typ, id, ok := splitDocID(b.Value)
		if !ok {
			continue
		}
		e, err := r.entity(ctx, typ, id)
		if err != nil {
			return nil, err
		}
		if e == nil {
			continue
		}
		out = append(out, &model.FacetBucket{Value: GlobalID(typ, id), Label: Label(e), Count: b.Count})
	}
	return out, nil
}

// Label is how an entity is named in lists and graphs.
func Label(e models.Identified) string {
	switch x := e.(type) {
	case *models.Article:
		return x.Title
	case *models.Organisation:
		return x.Name
	case *models.Person:
		return x.Name
	case *models.Resolution:
		if x.Code != nil {
			return *x.Code
		}
		return x.Title
	case *models.Report:
		return x.Title
	}
	return ""
}
