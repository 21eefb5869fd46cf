package graph

import (
	"context"

	"tracuu/graph/generated"
	"tracuu/graph/model"
	"tracuu/models"
)

func (r *mutationResolver) CreatePerson(ctx context.Context, input model.PersonInput) (*model.PersonPayload, error) {
	return r.savePerson(ctx, &models.Person{}, input, r.Store.CreatePerson)
}

func (r *mutationResolver) UpdatePerson(ctx context.Context, id string, input model.PersonInput) (*model.PersonPayload, error) {
	n, err := idOf(id, models.TypePerson)
	if err != nil {
		ue, err := finish(err)
		return &model.PersonPayload{UserErrors: ue}, err
	}
	old, err := models.ByIDs[models.Person](ctx, r.Store, []int64{n})
	if err != nil {
		return nil, err
	}
	p, ok := old[n]
	if !ok {
		ue, err := finish(models.NotFound(models.TypePerson, n))
		return &model.PersonPayload{UserErrors: ue}, err
	}
	return r.savePerson(ctx, p, input, r.Store.UpdatePerson)
}

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

func (r *mutationResolver) DeletePerson(ctx context.Context, id string) (*model.DeletePayload, error) {
	n, err := idOf(id, models.TypePerson)
	if err == nil {
		err = r.Store.DeletePerson(ctx, n)
	}
	return deleted(models.TypePerson, n, err)
}

func (r *mutationResolver) CreatePosition(ctx context.Context, input model.PositionInput) (*model.PositionPayload, error) {
	return r.savePosition(ctx, &models.Position{}, input, r.Store.CreatePosition)
}

func (r *mutationResolver) UpdatePosition(ctx context.Context, id string, input model.PositionInput) (*model.PositionPayload, error) {
	n, err := idOf(id, "Position")
	if err != nil {
		ue, err := finish(err)
		return &model.PositionPayload{UserErrors: ue}, err
	}
	old, err := models.ByIDs[models.Position](ctx, r.Store, []int64{n})
	if err != nil {
		return nil, err
	}
	p, ok := old[n]
	if !ok {
		ue, err := finish(models.NotFound("Position", n))
		return &model.PositionPayload{UserErrors: ue}, err
	}
	return r.savePosition(ctx, p, input, r.Store.UpdatePosition)
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

func (r *mutationResolver) DeletePosition(ctx context.Context, id string) (*model.DeletePayload, error) {
	n, err := idOf(id, "Position")
	if err == nil {
		err = r.Store.DeletePosition(ctx, n)
	}
	return deleted("Position", n, err)
}

func (r *personResolver) ID(ctx context.Context, obj *models.Person) (string, error) {
	return GlobalID(models.TypePerson, obj.ID), nil
}

func (r *personResolver) Aliases(ctx context.Context, obj *models.Person) ([]string, error) {
	return nonNil(obj.Aliases), nil
}

func (r *personResolver) Positions(ctx context.Context, obj *models.Person, first *int, after *string, current *bool) (*model.PositionConnection, error) {
	return r.positions(ctx, models.PositionFilter{PersonIDs: []int64{obj.ID}, Current: current != nil && *current}, first, after)
}

func (r *personResolver) Mentions(ctx context.Context, obj *models.Person, first *int, after *string) (*model.MentionConnection, error) {
	return r.mentionsOf(ctx, models.TypePerson, obj.ID, first, after)
}

func (r *personResolver) Articles(ctx context.Context, obj *models.Person, first *int, after *string) (*model.ArticleConnection, error) {
	p, err := page(first, after)
	if err != nil {
		return nil, err
	}
	l, err := r.Store.Articles(ctx, models.ArticleFilter{AuthorID: obj.ID}, models.ArticlesNewest, p)
	return articleConn(l, p), err
}

func (r *personResolver) CreatedAt(ctx context.Context, obj *models.Person) (*model.DateTime, error) {
	return dateTime(obj.CreatedAt), nil
}

func (r *personResolver) UpdatedAt(ctx context.Context, obj *models.Person) (*model.DateTime, error) {
	return dateTime(obj.UpdatedAt), nil
}

func (r *positionResolver) ID(ctx context.Context, obj *models.Position) (string, error) {
	return GlobalID("Position", obj.ID), nil
}

func (r *positionResolver) Person(ctx context.Context, obj *models.Position) (*models.Person, error) {
	p, err := load(ctx, r.loaders(ctx).Person, &obj.PersonID)
	if err == nil && p == nil {
		return nil, models.NotFound(models.TypePerson, obj.PersonID)
	}
	return p, err
}

func (r *positionResolver) Organisation(ctx context.Context, obj *models.Position) (*models.Organisation, error) {
	o, err := load(ctx, r.loaders(ctx).Organisation, &obj.OrganisationID)
	if err == nil && o == nil {
		return nil, models.NotFound(models.TypeOrganisation, obj.OrganisationID)
	}
	return o, err
}

func (r *positionResolver) StartedOn(ctx context.Context, obj *models.Position) (*model.Date, error) {
	return optDate(obj.StartedOn), nil
}

func (r *positionResolver) EndedOn(ctx context.Context, obj *models.Position) (*model.Date, error) {
	return optDate(obj.EndedOn), nil
}

func (r *positionResolver) Article(ctx context.Context, obj *models.Position) (*models.Article, error) {
	return load(ctx, r.loaders(ctx).Article, obj.ArticleID)
}

func (r *queryResolver) Person(ctx context.Context, id string) (*models.Person, error) {
	n, err := idOf(id, models.TypePerson)
	if err != nil {
		return nil, err
	}
	return load(ctx, r.loaders(ctx).Person, &n)
}

func (r *queryResolver) People(ctx context.Context, first *int, after *string, filter *model.PersonFilter) (*model.PersonConnection, error) {
	p, err := page(first, after)
	if err != nil {
		return nil, err
	}
	var f models.PersonFilter
	if filter != nil {
		set(&f.Name, filter.Name)
		org, err := optIDOf(filter.Organisation, models.TypeOrganisation)
		if err != nil {
			return nil, err
		}
		if org != nil {
			f.OrganisationID = *org
		}
	}
	l, err := r.Store.People(ctx, f, p)
	return personConn(l, p), err
}

func (r *queryResolver) Positions(ctx context.Context, first *int, after *string, person *string, organisation *string, title *string, current *bool) (*model.PositionConnection, error) {
	f := models.PositionFilter{Current: current != nil && *current}
	set(&f.Title, title)
	for _, x := range []struct {
		gid *string
		typ string
		dst *[]int64
	}{{person, models.TypePerson, &f.PersonIDs}, {organisation, models.TypeOrganisation, &f.OrganisationIDs}} {
		id, err := optIDOf(x.gid, x.typ)
		if err != nil {
			return nil, err
		}
		if id != nil {
			*x.dst = []int64{*id}
		}
	}
	return r.positions(ctx, f, first, after)
}

func (r *Resolver) Person() generated.PersonResolver { return &personResolver{r} }

func (r *Resolver) Position() generated.PositionResolver { return &positionResolver{r} }

type (
	personResolver   struct{ *Resolver }
	positionResolver struct{ *Resolver }
)
