package graph

import (
	"context"

	"tracuu/graph/generated"
	"tracuu/models"
)

func (r *mentionResolver) ID(ctx context.Context, obj *models.Mention) (string, error) {
	return GlobalID("Mention", obj.ID), nil
}

func (r *mentionResolver) Article(ctx context.Context, obj *models.Mention) (*models.Article, error) {
	a, err := load(ctx, r.loaders(ctx).Article, &obj.ArticleID)
	if err == nil && a == nil {
		return nil, models.NotFound(models.TypeArticle, obj.ArticleID)
	}
	return a, err
}

func (r *mentionResolver) Entity(ctx context.Context, obj *models.Mention) (models.Identified, error) {
	return r.entity(ctx, obj.EntityType, obj.EntityID)
}

func (r *Resolver) Mention() generated.MentionResolver { return &mentionResolver{r} }

type mentionResolver struct{ *Resolver }
