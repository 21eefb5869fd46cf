package graph

import (
	"context"

	"tracuu/graph/model"
	"tracuu/models"
)

func (r *mutationResolver) savePerson(ctx context.Context, p *models.Person, in model.PersonInput, save func(context.Context, *models.Person) error) (*model.PersonPayload, error) {
	set(&p.Name, in.Name)
	if in.Aliases != nil {
		p.Aliases = in.Aliases
	}
	ue, err := finish(save(ctx, p))
	if err != nil || len(ue) > 0 {
		return &model.PersonPayload{UserErrors: ue}, err
	}
	return &model.PersonPayload{Person: p, UserErrors: ue}, nil
}

func (r *mutationResolver) savePosition(ctx context.Context, p *models.Position, in model.PositionInput, save func(context.Context, *models.Position) error) (*model.PositionPayload, error) {
	var e inputErrors
	if in.Person != nil {
		if id := e.id("person", in.Person, models.TypePerson); id != nil {
			p.PersonID = *id
		}
	}
	if in.Organisation != nil {
		if id := e.id("organisation", in.Organisation, models.TypeOrganisation); id != nil {
			p.OrganisationID = *id
		}
	}
	if in.Article != nil {
		p.ArticleID = e.id("article", in.Article, models.TypeArticle)
	}
	set(&p.Title, in.Title)
	if in.Qualifier != nil {
		p.Qualifier = qualifierIn(*in.Qualifier)
	}
	if in.Current != nil && *in.Current {
		p.Qualifier = ""
	}
	set(&p.Term, in.Term)
	if in.StartedOn != nil {
		p.StartedOn = fromDate(in.StartedOn)
	}
	if in.EndedOn != nil {
		p.EndedOn = fromDate(in.EndedOn)
	}
	err := e.errs.Err()
	if err == nil {
		err = save(ctx, p)
	}
	ue, err := finish(err)
	if err != nil || len(ue) > 0 {
		return &model.PositionPayload{UserErrors: ue}, err
	}
	return &model.PositionPayload{Position: p, UserErrors: ue}, nil
}

// qualifierIn and qualifierOut map a position's qualifier between the
// schema's enum and the store's value.
func qualifierIn(q model.PositionQualifier) string {
	switch q {
	case model.PositionQualifierFormer:
		return models.QualifierFormer
	case model.PositionQualifierActing:
		return models.QualifierActing
	}
	return string(q) // the store rejects it, naming it
}

func qualifierOut(q string) *model.PositionQualifier {
	var out model.PositionQualifier
	switch q {
	case models.QualifierFormer:
		out = model.PositionQualifierFormer
	case models.QualifierActing:
		out = model.PositionQualifierActing
	default:
		return nil
	}
	return &out
}
