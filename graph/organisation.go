package graph

import (
	"context"
	"strings"

	"tracuu/graph/model"
	"tracuu/models"
)

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

func (r *Resolver) positions(ctx context.Context, f models.PositionFilter, first *int, after *string) (*model.PositionConnection, error) {
	p, err := page(ctx, first, after)
	if err != nil {
		return nil, err
	}
	l, err := r.Store.Positions(ctx, f, p)
	if err == nil {
		r.prefetchOrganisations(ctx, l.Items)
	}
	return positionConn(l, p), err
}

func (r *Resolver) mentionsOf(ctx context.Context, typ string, id int64, first *int, after *string) (*model.MentionConnection, error) {
	p, err := page(ctx, first, after)
	if err != nil {
		return nil, err
	}
	l, err := r.Store.MentionsOf(ctx, typ, id, p)
	return mentionConn(l, p), err
}

func nonNil(l []string) []string {
	if l == nil {
		return []string{}
	}
	return l
}
