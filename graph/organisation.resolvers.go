package graph

import (
	"context"
	"strings"

	"tracuu/graph/generated"
	"tracuu/graph/model"
	"tracuu/models"
)

func (r *mutationResolver) CreateOrganisation(ctx context.Context, input model.OrganisationInput) (*model.OrganisationPayload, error) {
	o := &models.Organisation{}
	return r.saveOrganisation(ctx, o, input, r.Store.CreateOrganisation)
}

func (r *mutationResolver) UpdateOrganisation(ctx context.Context, id string, input model.OrganisationInput) (*model.OrganisationPayload, error) {
	n, err := idOf(id, models.TypeOrganisation)
	if err != nil {
		ue, err := finish(err)
		return &model.OrganisationPayload{UserErrors: ue}, err
	}
	old, err := models.ByIDs[models.Organisation](ctx, r.Store, []int64{n})
	if err != nil {
		return nil, err
	}
	o, ok := old[n]
	if !ok {
		ue, err := finish(models.NotFound(models.TypeOrganisation, n))
		return &model.OrganisationPayload{UserErrors: ue}, err
	}
	return r.saveOrganisation(ctx, o, input, r.Store.UpdateOrganisation)
}

func (r *mutationResolver) saveOrganisation(ctx context.Context, o *models.Organisation, in model.OrganisationInput, save func(context.Context, *models.Organisation) error) (*model.OrganisationPayload, error) {
	var e inputErrors
	set(&o.Name, in.Name)
	if in.Aliases != nil {
		o.Aliases = in.Aliases
	}
	if in.Kind != nil {
		o.Kind = strings.ToLower(string(*in.Kind))
	}
	if in.Level != nil {
		o.Level = strings.ToLower(string(*in.Level))
	}
	if in.Parent != nil {
		o.ParentID = e.id("parent", in.Parent, models.TypeOrganisation)
	}
	err := e.errs.Err()
	if err == nil {
		err = save(ctx, o)
	}
	ue, err := finish(err)
	if err != nil || len(ue) > 0 {
		return &model.OrganisationPayload{UserErrors: ue}, err
	}
	return &model.OrganisationPayload{Organisation: o, UserErrors: ue}, nil
}

func (r *mutationResolver) DeleteOrganisation(ctx context.Context, id string) (*model.DeletePayload, error) {
	n, err := idOf(id, models.TypeOrganisation)
	if err == nil {
		err = r.Store.DeleteOrganisation(ctx, n)
	}
	return deleted(models.TypeOrganisation, n, err)
}

func (r *organisationResolver) ID(ctx context.Context, obj *models.Organisation) (string, error) {
	return GlobalID(models.TypeOrganisation, obj.ID), nil
}

func (r *organisationResolver) Aliases(ctx context.Context, obj *models.Organisation) ([]string, error) {
	return nonNil(obj.Aliases), nil
}

func (r *organisationResolver) Kind(ctx context.Context, obj *models.Organisation) (model.OrganisationKind, error) {
	return model.OrganisationKind(strings.ToUpper(obj.Kind)), nil
}

func (r *organisationResolver) Level(ctx context.Context, obj *models.Organisation) (model.OrganisationLevel, error) {
	return model.OrganisationLevel(strings.ToUpper(obj.Level)), nil
}

func (r *organisationResolver) Parent(ctx context.Context, obj *models.Organisation) (*models.Organisation, error) {
	return load(ctx, r.loaders(ctx).Organisation, obj.ParentID)
}

func (r *organisationResolver) Children(ctx context.Context, obj *models.Organisation, first *int, after *string) (*model.OrganisationConnection, error) {
	p, err := page(first, after)
	if err != nil {
		return nil, err
	}
	l, err := r.Store.Organisations(ctx, models.OrganisationFilter{ParentID: &obj.ID}, p)
	return organisationConn(l, p), err
}

func (r *organisationResolver) Positions(ctx context.Context, obj *models.Organisation, first *int, after *string, current *bool) (*model.PositionConnection, error) {
	return r.positions(ctx, models.PositionFilter{OrganisationIDs: []int64{obj.ID}, Current: current != nil && *current}, first, after)
}

func (r *Resolver) positions(ctx context.Context, f models.PositionFilter, first *int, after *string) (*model.PositionConnection, error) {
	p, err := page(first, after)
	if err != nil {
		return nil, err
	}
	l, err := r.Store.Positions(ctx, f, p)
	return positionConn(l, p), err
}

func (r *organisationResolver) Members(ctx context.Context, obj *models.Organisation, first *int, after *string) (*model.PersonConnection, error) {
	p, err := page(first, after)
	if err != nil {
		return nil, err
	}
	l, err := r.Store.People(ctx, models.PersonFilter{OrganisationID: obj.ID}, p)
	return personConn(l, p), err
}

func (r *organisationResolver) Resolutions(ctx context.Context, obj *models.Organisation, first *int, after *string) (*model.ResolutionConnection, error) {
	p, err := page(first, after)
	if err != nil {
		return nil, err
	}
	l, err := r.Store.Resolutions(ctx, models.ResolutionFilter{IssuerIDs: []int64{obj.ID}}, models.ResolutionsNewest, p)
	return resolutionConn(l, p), err
}

func (r *organisationResolver) Reports(ctx context.Context, obj *models.Organisation, first *int, after *string) (*model.ReportConnection, error) {
	p, err := page(first, after)
	if err != nil {
		return nil, err
	}
	l, err := r.Store.Reports(ctx, models.ReportFilter{OrganisationIDs: []int64{obj.ID}}, p)
	return reportConn(l, p), err
}

func (r *organisationResolver) Mentions(ctx context.Context, obj *models.Organisation, first *int, after *string) (*model.MentionConnection, error) {
	return r.mentionsOf(ctx, models.TypeOrganisation, obj.ID, first, after)
}

func (r *Resolver) mentionsOf(ctx context.Context, typ string, id int64, first *int, after *string) (*model.MentionConnection, error) {
	p, err := page(first, after)
	if err != nil {
		return nil, err
	}
	l, err := r.Store.MentionsOf(ctx, typ, id, p)
	return mentionConn(l, p), err
}

func (r *organisationResolver) CreatedAt(ctx context.Context, obj *models.Organisation) (*model.DateTime, error) {
	return dateTime(obj.CreatedAt), nil
}

func (r *organisationResolver) UpdatedAt(ctx context.Context, obj *models.Organisation) (*model.DateTime, error) {
	return dateTime(obj.UpdatedAt), nil
}

func (r *queryResolver) Organisation(ctx context.Context, id string) (*models.Organisation, error) {
	n, err := idOf(id, models.TypeOrganisation)
	if err != nil {
		return nil, err
	}
	return load(ctx, r.loaders(ctx).Organisation, &n)
}

func (r *queryResolver) Organisations(ctx context.Context, first *int, after *string, filter *model.OrganisationFilter) (*model.OrganisationConnection, error) {
	p, err := page(first, after)
	if err != nil {
		return nil, err
	}
	var f models.OrganisationFilter
	if filter != nil {
		set(&f.Name, filter.Name)
		for _, k := range filter.Kinds {
			f.Kinds = append(f.Kinds, strings.ToLower(string(k)))
		}
		for _, l := range filter.Levels {
			f.Levels = append(f.Levels, strings.ToLower(string(l)))
		}
		if f.ParentID, err = optIDOf(filter.Parent, models.TypeOrganisation); err != nil {
			return nil, err
		}
		if filter.RootsOnly != nil && *filter.RootsOnly {
			var root int64
			f.ParentID = &root
		}
	}
	l, err := r.Store.Organisations(ctx, f, p)
	return organisationConn(l, p), err
}

func (r *Resolver) Organisation() generated.OrganisationResolver { return &organisationResolver{r} }

type organisationResolver struct{ *Resolver }

func nonNil(l []string) []string {
	if l == nil {
		return []string{}
	}
	return l
}
