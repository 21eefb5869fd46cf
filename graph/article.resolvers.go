package graph

import (
	"context"
	"strings"

	"tracuu/graph/generated"
	"tracuu/graph/model"
	"tracuu/models"
)

func (r *articleResolver) ID(ctx context.Context, obj *models.Article) (string, error) {
	return GlobalID(models.TypeArticle, obj.ID), nil
}

func (r *articleResolver) URL(ctx context.Context, obj *models.Article) (*string, error) {
	return obj.URL, nil
}

func (r *articleResolver) PublishedAt(ctx context.Context, obj *models.Article) (*model.DateTime, error) {
	return optDateTime(obj.PublishedAt), nil
}

func (r *articleResolver) Authors(ctx context.Context, obj *models.Article) ([]*models.Person, error) {
	return r.loaders(ctx).Authors.Load(ctx, obj.ID)
}

func (r *articleResolver) Mentions(ctx context.Context, obj *models.Article, first *int, after *string, types []model.EntityType) (*model.MentionConnection, error) {
	p, err := page(first, after)
	if err != nil {
		return nil, err
	}
	all, err := r.loaders(ctx).Mentions.Load(ctx, obj.ID)
	if err != nil {
		return nil, err
	}
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
	return mentionConn(slicePage(all, p), p), nil
}

func (r *articleResolver) Reports(ctx context.Context, obj *models.Article, first *int, after *string) (*model.ReportConnection, error) {
	p, err := page(first, after)
	if err != nil {
		return nil, err
	}
	l, err := r.Store.Reports(ctx, models.ReportFilter{ArticleIDs: []int64{obj.ID}}, p)
	return reportConn(l, p), err
}

func (r *articleResolver) CreatedAt(ctx context.Context, obj *models.Article) (*model.DateTime, error) {
	return dateTime(obj.CreatedAt), nil
}

func (r *articleResolver) UpdatedAt(ctx context.Context, obj *models.Article) (*model.DateTime, error) {
	return dateTime(obj.UpdatedAt), nil
}

// applyArticle copies the given fields of input onto a.
func applyArticle(a *models.Article, in model.ArticleInput, e *inputErrors) []int64 {
	set(&a.Title, in.Title)
	set(&a.Lead, in.Lead)
	set(&a.Body, in.Body)
	set(&a.Source, in.Source)
	set(&a.SourceCode, in.SourceCode)
	set(&a.Section, in.Section)
	if in.URL != nil {
		a.URL = in.URL
	}
	if in.PublishedAt != nil {
		if strings.TrimSpace(*in.PublishedAt) == "" {
			a.PublishedAt = nil
		} else if t, err := model.ParseTime(*in.PublishedAt); err != nil {
			e.errs.Add("publishedAt", "%s", err.Error())
		} else {
			a.PublishedAt = &t
		}
	}
	if in.Authors == nil {
		return nil
	}
	return e.ids("authors", in.Authors, models.TypePerson)
}

func (r *mutationResolver) CreateArticle(ctx context.Context, input model.ArticleInput) (*model.ArticlePayload, error) {
	var e inputErrors
	a := &models.Article{}
	authors := applyArticle(a, input, &e)
	err := e.errs.Err()
	if err == nil {
		_, err = r.Store.SaveArticle(ctx, a, authors)
	}
	ue, err := finish(err)
	if err != nil || len(ue) > 0 {
		return &model.ArticlePayload{UserErrors: ue}, err
	}
	return &model.ArticlePayload{Article: a, UserErrors: ue}, nil
}

func (r *mutationResolver) UpdateArticle(ctx context.Context, id string, input model.ArticleInput) (*model.ArticlePayload, error) {
	n, err := idOf(id, models.TypeArticle)
	if err != nil {
		ue, err := finish(err)
		return &model.ArticlePayload{UserErrors: ue}, err
	}
	old, err := models.ByIDs[models.Article](ctx, r.Store, []int64{n})
	if err != nil {
		return nil, err
	}
	a, ok := old[n]
	if !ok {
		ue, err := finish(models.NotFound(models.TypeArticle, n))
		return &model.ArticlePayload{UserErrors: ue}, err
	}
	var e inputErrors
	authors := applyArticle(a, input, &e)
	err = e.errs.Err()
	if err == nil {
		err = r.Store.UpdateArticle(ctx, a, authors)
	}
	ue, err := finish(err)
	if err != nil || len(ue) > 0 {
		return &model.ArticlePayload{UserErrors: ue}, err
	}
	return &model.ArticlePayload{Article: a, UserErrors: ue}, nil
}

func (r *mutationResolver) DeleteArticle(ctx context.Context, id string) (*model.DeletePayload, error) {
	n, err := idOf(id, models.TypeArticle)
	if err == nil {
		err = r.Store.DeleteArticle(ctx, n)
	}
	return deleted(models.TypeArticle, n, err)
}

func (r *queryResolver) Article(ctx context.Context, id *string, url *string) (*models.Article, error) {
	switch {
	case id != nil:
		n, err := idOf(*id, models.TypeArticle)
		if err != nil {
			return nil, err
		}
		return load(ctx, r.loaders(ctx).Article, &n)
	case url != nil:
		return notFoundIsNil(r.Store.ArticleByURL(ctx, *url))
	}
	return nil, models.Invalid("id", "give id or url")
}

func (r *queryResolver) Articles(ctx context.Context, first *int, after *string, filter *model.ArticleFilter, orderBy *model.ArticleOrder) (*model.ArticleConnection, error) {
	p, err := page(first, after)
	if err != nil {
		return nil, err
	}
	var f models.ArticleFilter
	if filter != nil {
		f = models.ArticleFilter{Sources: filter.Sources, Sections: filter.Sections,
			From: fromDateTime(filter.PublishedFrom), To: fromDateTime(filter.PublishedTo)}
		set(&f.Title, filter.Title)
	}
	order := models.ArticlesNewest
	if orderBy != nil {
		order = models.ArticleOrder(*orderBy)
	}
	l, err := r.Store.Articles(ctx, f, order, p)
	return articleConn(l, p), err
}

func (r *Resolver) Article() generated.ArticleResolver { return &articleResolver{r} }

type articleResolver struct{ *Resolver }

func entityTypes(types []model.EntityType) map[string]bool {
	out := map[string]bool{}
	for _, t := range types {
		out[typeName(t)] = true
	}
	return out
}

// typeName maps the GraphQL enum to the type name used in IDs and tables.
func typeName(t model.EntityType) string {
	switch t {
	case model.EntityTypeArticle:
		return models.TypeArticle
	case model.EntityTypeOrganisation:
		return models.TypeOrganisation
	case model.EntityTypePerson:
		return models.TypePerson
	case model.EntityTypeResolution:
		return models.TypeResolution
	case model.EntityTypeReport:
		return models.TypeReport
	}
	return string(t)
}
