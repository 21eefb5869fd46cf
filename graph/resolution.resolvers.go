package graph

import (
	"context"
	"strings"

	"tracuu/graph/generated"
	"tracuu/graph/model"
	"tracuu/models"
)

func (r *mutationResolver) CreateResolution(ctx context.Context, input model.ResolutionInput) (*model.ResolutionPayload, error) {
	return r.saveResolution(ctx, &models.Resolution{}, input, r.Store.CreateResolution)
}

func (r *mutationResolver) UpdateResolution(ctx context.Context, id string, input model.ResolutionInput) (*model.ResolutionPayload, error) {
	n, err := idOf(id, models.TypeResolution)
	if err != nil {
		ue, err := finish(err)
		return &model.ResolutionPayload{UserErrors: ue}, err
	}
	old, err := models.ByIDs[models.Resolution](ctx, r.Store, []int64{n})
	if err != nil {
		return nil, err
	}
	res, ok := old[n]
	if !ok {
		ue, err := finish(models.NotFound(models.TypeResolution, n))
		return &model.ResolutionPayload{UserErrors: ue}, err
	}
	return r.saveResolution(ctx, res, input, r.Store.UpdateResolution)
}

func (r *mutationResolver) saveResolution(ctx context.Context, res *models.Resolution, in model.ResolutionInput, save func(context.Context, *models.Resolution) error) (*model.ResolutionPayload, error) {
	var e inputErrors
	if in.Code != nil {
		res.Code = in.Code
	}
	if in.Kind != nil {
		res.Kind = strings.ToLower(string(*in.Kind))
	}
	set(&res.Title, in.Title)
	set(&res.Summary, in.Summary)
	if in.Issuer != nil {
		res.IssuerID = e.id("issuer", in.Issuer, models.TypeOrganisation)
	}
	if in.IssuedOn != nil {
		res.IssuedOn = fromDate(in.IssuedOn)
	}
	err := e.errs.Err()
	if err == nil {
		err = save(ctx, res)
	}
	ue, err := finish(err)
	if err != nil || len(ue) > 0 {
		return &model.ResolutionPayload{UserErrors: ue}, err
	}
	return &model.ResolutionPayload{Resolution: res, UserErrors: ue}, nil
}

func (r *mutationResolver) DeleteResolution(ctx context.Context, id string) (*model.DeletePayload, error) {
	n, err := idOf(id, models.TypeResolution)
	if err == nil {
		err = r.Store.DeleteResolution(ctx, n)
	}
	return deleted(models.TypeResolution, n, err)
}

func (r *mutationResolver) LinkResolutions(ctx context.Context, from string, to string, relation model.ResolutionRelation) (*model.ResolutionLinkPayload, error) {
	var e inputErrors
	f := e.id("from", &from, models.TypeResolution)
	t := e.id("to", &to, models.TypeResolution)
	err := e.errs.Err()
	var link *models.ResolutionLink
	if err == nil {
		link, err = r.Store.LinkResolutions(ctx, *f, *t, strings.ToLower(string(relation)))
	}
	ue, err := finish(err)
	if err != nil || len(ue) > 0 {
		return &model.ResolutionLinkPayload{UserErrors: ue}, err
	}
	return &model.ResolutionLinkPayload{Link: link, UserErrors: ue}, nil
}

func (r *queryResolver) Resolution(ctx context.Context, code string) (*models.Resolution, error) {
	return notFoundIsNil(r.Store.ResolutionByCode(ctx, code))
}

func (r *queryResolver) Resolutions(ctx context.Context, first *int, after *string, filter *model.ResolutionFilter, orderBy *model.ResolutionOrder) (*model.ResolutionConnection, error) {
	p, err := page(first, after)
	if err != nil {
		return nil, err
	}
	var f models.ResolutionFilter
	if filter != nil {
		for _, k := range filter.Kinds {
			f.Kinds = append(f.Kinds, strings.ToLower(string(k)))
		}
		if f.IssuerIDs, err = idsOf(filter.Issuers, models.TypeOrganisation); err != nil {
			return nil, err
		}
		set(&f.Text, filter.Text)
		f.From, f.To = fromDate(filter.IssuedFrom), fromDate(filter.IssuedTo)
	}
	order := models.ResolutionsCode
	if orderBy != nil {
		order = models.ResolutionOrder(*orderBy)
	}
	l, err := r.Store.Resolutions(ctx, f, order, p)
	return resolutionConn(l, p), err
}

func (r *resolutionResolver) ID(ctx context.Context, obj *models.Resolution) (string, error) {
	return GlobalID(models.TypeResolution, obj.ID), nil
}

func (r *resolutionResolver) Kind(ctx context.Context, obj *models.Resolution) (model.ResolutionKind, error) {
	return model.ResolutionKind(strings.ToUpper(obj.Kind)), nil
}

func (r *resolutionResolver) Issuer(ctx context.Context, obj *models.Resolution) (*models.Organisation, error) {
	return load(ctx, r.loaders(ctx).Organisation, obj.IssuerID)
}

func (r *resolutionResolver) IssuedOn(ctx context.Context, obj *models.Resolution) (*model.Date, error) {
	return optDate(obj.IssuedOn), nil
}

func (r *resolutionResolver) Reports(ctx context.Context, obj *models.Resolution, first *int, after *string) (*model.ReportConnection, error) {
	p, err := page(first, after)
	if err != nil {
		return nil, err
	}
	l, err := r.Store.Reports(ctx, models.ReportFilter{ResolutionIDs: []int64{obj.ID}}, p)
	return reportConn(l, p), err
}

func (r *resolutionResolver) Mentions(ctx context.Context, obj *models.Resolution, first *int, after *string) (*model.MentionConnection, error) {
	return r.mentionsOf(ctx, models.TypeResolution, obj.ID, first, after)
}

func (r *resolutionResolver) Links(ctx context.Context, obj *models.Resolution) ([]*models.ResolutionLink, error) {
	links, err := r.Store.ResolutionLinks(ctx, []int64{obj.ID})
	out := make([]*models.ResolutionLink, len(links))
	for i := range links {
		out[i] = &links[i]
	}
	return out, err
}

func (r *resolutionResolver) CreatedAt(ctx context.Context, obj *models.Resolution) (*model.DateTime, error) {
	return dateTime(obj.CreatedAt), nil
}

func (r *resolutionResolver) UpdatedAt(ctx context.Context, obj *models.Resolution) (*model.DateTime, error) {
	return dateTime(obj.UpdatedAt), nil
}

func (r *resolutionLinkResolver) From(ctx context.Context, obj *models.ResolutionLink) (*models.Resolution, error) {
	return load(ctx, r.loaders(ctx).Resolution, &obj.FromID)
}

func (r *resolutionLinkResolver) To(ctx context.Context, obj *models.ResolutionLink) (*models.Resolution, error) {
	return load(ctx, r.loaders(ctx).Resolution, &obj.ToID)
}

func (r *resolutionLinkResolver) Relation(ctx context.Context, obj *models.ResolutionLink) (model.ResolutionRelation, error) {
	return model.ResolutionRelation(strings.ToUpper(obj.Relation)), nil
}

func (r *Resolver) Resolution() generated.ResolutionResolver { return &resolutionResolver{r} }

func (r *Resolver) ResolutionLink() generated.ResolutionLinkResolver {
	return &resolutionLinkResolver{r}
}

type (
	resolutionResolver     struct{ *Resolver }
	resolutionLinkResolver struct{ *Resolver }
)
