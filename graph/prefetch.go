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
// goroutines over: more on a loaded machine. prefetchArticles asks for each
// kind of lookup for the whole page at once, from one goroutine, so that a
// page costs one query per kind of lookup whatever the timing; the
// resolvers then find their answers in the loaders' caches.

// articlePage is articleConn, with the lookups of the fields selected under
// the articles started for the whole page.
func (r *Resolver) articlePage(ctx context.Context, l models.List[models.Article], p models.Page) *model.ArticleConnection {
	r.prefetchArticles(ctx, l.Items)
	return articleConn(l, p)
}

// prefetchArticles starts the lookups that the fields selected under the
// current field (an article connection) will make for arts: their authors,
// their mentions and the entities of the mentions shown.
func (r *Resolver) prefetchArticles(ctx context.Context, arts []*models.Article) {
	fc := graphql.GetFieldContext(ctx)
	if len(arts) == 0 || fc == nil || !graphql.HasOperationContext(ctx) {
		return
	}
	oc := graphql.GetOperationContext(ctx)
	ids := make([]int64, len(arts))
	for i, a := range arts {
		ids[i] = a.ID
	}
	l := r.loaders(ctx)
	for _, f := range nodeFields(oc, fc.Field.Selections, "Article") {
		switch f.Name {
		case "authors":
			l.Authors.LoadAllThunk(ctx, ids)
		case "mentions":
			wait := l.Mentions.LoadAllThunk(ctx, ids)
			if !selects(nodeFields(oc, f.Selections, "Mention"), "entity") {
				continue
			}
			p, types, err := mentionArgs(f.ArgumentMap(oc.Variables))
			all, werr := wait()
			if err != nil || werr != nil {
				continue // the resolvers report it
			}
			for _, ms := range all {
				for _, m := range mentionPage(ms, p, types).Items {
					l.entity(ctx, models.Ref{Type: m.EntityType, ID: m.EntityID})
				}
			}
		}
	}
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
