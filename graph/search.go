package graph

import (
	"context"
	"slices"
	"strings"

	"github.com/99designs/gqlgen/graphql"

	"tracuu/graph/model"
	"tracuu/models"
	"tracuu/search"
)

// selectedFacets reports whether the query selects facets, so that
// searches that show none do not pay for them, and which ones it selects
// (nil: not known, count them all), so that only those are counted.
func selectedFacets(ctx context.Context) (wanted []string, any bool) {
	fc := graphql.GetFieldContext(ctx)
	oc := graphql.GetOperationContext(ctx)
	if fc == nil || oc == nil {
		return nil, true
	}
	// Every selection of facets counts (aliases: a: facets { years }
	// b: facets { people }).
	for _, f := range graphql.CollectFields(oc, fc.Field.Selections, nil) {
		if f.Name != "facets" {
			continue
		}
		if wanted == nil {
			wanted = []string{}
		}
		any = true
		for _, sub := range graphql.CollectFields(oc, f.Selections, nil) {
			switch sub.Name {
			case search.FacetYears, search.FacetSources, search.FacetSections, search.FacetTypes,
				search.FacetPeople, search.FacetOrganisations, search.FacetResolutions:
				if !slices.Contains(wanted, sub.Name) {
					wanted = append(wanted, sub.Name)
				}
			}
		}
	}
	return wanted, any
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
			*x.dst = append(*x.dst, models.Ref{Type: x.typ, ID: id}.String())
		}
	}
	return out, nil
}

// entityFacets are the facets whose buckets are entities, in the order
// facetEntityIDs lists them.
func entityFacets(f search.Facets) [][]search.Bucket {
	return [][]search.Bucket{f.People, f.Organisations, f.Resolutions}
}

// facetEntityIDs lists the search document ids of the entity buckets.
func facetEntityIDs(f search.Facets) []string {
	var ids []string
	for _, bs := range entityFacets(f) {
		for _, b := range bs {
			ids = append(ids, b.Value)
		}
	}
	return ids
}

// facets labels the buckets: entity buckets get the entity's name (from
// entities, loaded for facetEntityIDs(f)) and its global ID as the value to
// filter on.
func facets(f search.Facets, entities []models.Identified) *model.SearchFacets {
	plain := func(bs []search.Bucket) []*model.FacetBucket {
		out := make([]*model.FacetBucket, 0, len(bs))
		for _, b := range bs {
			out = append(out, &model.FacetBucket{Value: b.Value, Label: b.Value, Count: b.Count})
		}
		return out
	}
	out := &model.SearchFacets{Years: plain(f.Years), Sources: plain(f.Sources), Sections: plain(f.Sections), Types: plain(f.Types), Approximate: f.Approximate}
	for _, b := range out.Types {
		b.Value = strings.ToUpper(b.Value)
	}
	dst := []*[]*model.FacetBucket{&out.People, &out.Organisations, &out.Resolutions}
	for i, bs := range entityFacets(f) {
		*dst[i] = make([]*model.FacetBucket, 0, len(bs))
		for _, b := range bs {
			e := entities[0]
			entities = entities[1:]
			if e == nil {
				continue // deleted since it was indexed
			}
			ref, _ := models.ParseRef(b.Value)
			*dst[i] = append(*dst[i], &model.FacetBucket{Value: ref.GlobalID(), Label: Label(e), Count: b.Count})
		}
	}
	return out
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
