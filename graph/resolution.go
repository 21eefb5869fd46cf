package graph

import (
	"context"
	"strings"

	"tracuu/graph/model"
	"tracuu/models"
)

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
