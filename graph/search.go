package graph

import (
	"context"
	"strconv"
	"strings"

	"tracuu/graph/model"
	"tracuu/models"
	"tracuu/search"
)

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
