package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"tracuu/graph/model"
	"tracuu/models"
)

// The loaders batch the lookups that arrive within a couple of
// milliseconds. The resolvers of a page of articles run in a goroutine
// each, so left to them the authors, mentions and mentioned entities of the
// page would fall into as many batches as the scheduler spreads those
// goroutines over: more on a loaded machine. prefetchArticles reads each
// kind of lookup for the whole page at once, from one goroutine, so that a
// page costs one query per kind of lookup whatever the timing, and without
// the loaders' batch window (2 ms a level of the page, which a request
// otherwise spends waiting while holding its turn): the resolvers then find
// their answers in the loaders' caches. A lookup that fails here primes
// nothing, and the resolver's own lookup reports it.

// articlePage is articleConn, with the lookups of the fields selected under
// the articles read for the whole page.
func (r *Resolver) articlePage(ctx context.Context, l models.List[models.Article], p models.Page) *model.ArticleConnection {
	r.prefetchArticles(ctx, l.Items)
	return articleConn(l, p)
}

// prefetchArticles reads the lookups that the fields selected under the
// current field (an article connection) will make for arts: their authors,
// their mentions and the entities of the mentions shown.
func (r *Resolver) prefetchArticles(ctx context.Context, arts []*models.Article) {
	fc := graphql.GetFieldContext(ctx)
	if len(arts) == 0 || fc == nil || !graphql.HasOperationContext(ctx) {
		return
	}
	oc := graphql.GetOperationContext(ctx)
	r.prefetchArticleFields(ctx, oc, arts, nodeFields(oc, fc.Field.Selections, "Article"))
}

// prefetchNode does for the entity of a node field (the current field)
// what prefetchArticles does for a page: an article's authors, mentions and
// mentioned entities. (A person's positions read their organisations in
// positions, through prefetchOrganisations.)
func (r *Resolver) prefetchNode(ctx context.Context, v models.Identified) {
	fc := graphql.GetFieldContext(ctx)
	if v == nil || fc == nil || !graphql.HasOperationContext(ctx) {
		return
	}
	oc := graphql.GetOperationContext(ctx)
	switch e := v.(type) {
	case *models.Article:
		r.prefetchArticleFields(ctx, oc, []*models.Article{e}, graphql.CollectFields(oc, fc.Field.Selections, []string{"Article", "Node"}))
	}
}

// prefetchArticleFields reads, for arts, the lookups of the fields (those
// selected on each article).
func (r *Resolver) prefetchArticleFields(ctx context.Context, oc *graphql.OperationContext, arts []*models.Article, fields []graphql.CollectedField) {
	ids := make([]int64, len(arts))
	for i, a := range arts {
		ids[i] = a.ID
	}
	l := r.loaders(ctx)
	authors, mentions := false, false
	for _, f := range fields {
		switch f.Name {
		case "authors":
			if authors {
				continue
			}
			authors = true
			if m, err := r.Store.AuthorsOf(ctx, ids); err == nil {
				for _, id := range ids {
					l.Authors.Prime(id, m[id])
				}
			}
		case "mentions":
			var all map[int64][]*models.Mention
			if !mentions {
				mentions = true
				m, err := r.Store.MentionsInArticles(ctx, ids)
				if err != nil {
					continue
				}
				for _, id := range ids {
					l.Mentions.Prime(id, m[id])
				}
				all = m
			} else {
				all = map[int64][]*models.Mention{}
				for _, id := range ids {
					if ms, err := l.Mentions.Load(ctx, id); err == nil { // primed above
						all[id] = ms
					}
				}
			}
			if !selects(nodeFields(oc, f.Selections, "Mention"), "entity") {
				continue
			}
			p, types, err := mentionArgs(f.ArgumentMap(oc.Variables))
			if err != nil {
				continue // the resolvers report it
			}
			var refs []models.Ref
			for _, id := range ids {
				for _, m := range mentionPage(all[id], p, types).Items {
					refs = append(refs, models.Ref{Type: m.EntityType, ID: m.EntityID})
				}
			}
			r.entities(ctx, refs) // primes the loaders; errors are the resolvers'
		}
	}
}

// prefetchOrganisations reads the organisations of the positions when
// the current field (a position connection) selects them.
func (r *Resolver) prefetchOrganisations(ctx context.Context, ps []*models.Position) {
	fc := graphql.GetFieldContext(ctx)
	if len(ps) == 0 || fc == nil || !graphql.HasOperationContext(ctx) {
		return
	}
	oc := graphql.GetOperationContext(ctx)
	if !selects(nodeFields(oc, fc.Field.Selections, "Position"), "organisation") {
		return
	}
	refs := make([]models.Ref, len(ps))
	for i, p := range ps {
		refs[i] = models.Ref{Type: models.TypeOrganisation, ID: p.OrganisationID}
	}
	r.entities(ctx, refs) // primes the loaders; errors are the resolvers'
}

// nodeFields returns the fields selected on the nodes of a connection
// whose node type is typ, through nodes and through edges { node }.
func nodeFields(oc *graphql.OperationContext, conn ast.SelectionSet, typ string) []graphql.CollectedField {
	var out []graphql.CollectedField
	for _, f := range graphql.CollectFields(oc, conn, nil) {
		switch f.Name {
		case "nodes":
			out = append(out, graphql.CollectFields(oc, f.Selections, []string{typ})...)
		case "edges":
			for _, e := range graphql.CollectFields(oc, f.Selections, nil) {
				if e.Name == "node" {
					out = append(out, graphql.CollectFields(oc, e.Selections, []string{typ})...)
				}
			}
		}
	}
	return out
}

func selects(fields []graphql.CollectedField, name string) bool {
	for _, f := range fields {
		if f.Name == name {
			return true
		}
	}
	return false
}

// mentionArgs reads the arguments of Article.mentions as the resolver gets
// them.
func mentionArgs(args map[string]any) (models.Page, []model.EntityType, error) {
	var first *int
	var after *string
	if v, ok := args["first"]; ok && v != nil {
		n := toInt(v)
		first = &n
	}
	if v, ok := args["after"].(string); ok {
		after = &v
	}
	var types []model.EntityType
	switch l := args["types"].(type) {
	case string: // a single value stands for a list of one
		types = append(types, model.EntityType(l))
	case []any:
		for _, t := range l {
			if s, ok := t.(string); ok {
				types = append(types, model.EntityType(s))
			}
		}
	}
	p, err := readPage(first, after)
	return p, types, err
}

// mentionPage is one page of an article's mentions, of the given types
// (all when none is given).
func mentionPage(all []*models.Mention, p models.Page, types []model.EntityType) models.List[models.Mention] {
	if len(types) > 0 {
		want := entityTypes(types)
		kept := make([]*models.Mention, 0, len(all))
		for _, m := range all {
			if want[m.EntityType] {
				kept = append(kept, m)
			}
		}
		all = kept
	}
	return slicePage(all, p)
}
