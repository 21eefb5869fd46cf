package graph

import (
	"context"

	"tracuu/graph/generated"
	"tracuu/models"
)

func (r *queryResolver) Node(ctx context.Context, id string) (models.Identified, error) {
	typ, n, err := ParseGlobalID(id)
	if err != nil {
		return nil, err
	}
	switch typ {
	case "Position", "Mention":
		return nil, models.Errorf(models.EINVALID, "ID %q is a %s, which is not a Node", id, typ)
	}
	v, err := r.entity(ctx, typ, n)
	if err == nil && v == nil {
		return nil, models.Errorf(models.ENOTFOUND, "no %s with ID %s", typ, id)
	}
	return v, err
}

func (r *queryResolver) Nodes(ctx context.Context, ids []string) ([]models.Identified, error) {
	if len(ids) > models.MaxPage {
		return nil, models.Invalid("ids", "at most %d ids", models.MaxPage)
	}
	out := make([]models.Identified, len(ids))
	for i, id := range ids {
		typ, n, err := ParseGlobalID(id)
		if err != nil {
			return nil, err
		}
		if out[i], err = r.entity(ctx, typ, n); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (r *Resolver) Mutation() generated.MutationResolver { return &mutationResolver{r} }

func (r *Resolver) Query() generated.QueryResolver { return &queryResolver{r} }

type (
	mutationResolver struct{ *Resolver }
	queryResolver    struct{ *Resolver }
)
