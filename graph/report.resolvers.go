package graph

import (
	"context"

	"tracuu/graph/generated"
	"tracuu/graph/model"
	"tracuu/models"
)

func (r *mutationResolver) CreateReport(ctx context.Context, input model.ReportInput) (*model.ReportPayload, error) {
	return r.saveReport(ctx, &models.Report{}, nil, input)
}

func (r *mutationResolver) UpdateReport(ctx context.Context, id string, input model.ReportInput) (*model.ReportPayload, error) {
	n, err := idOf(id, models.TypeReport)
	if err != nil {
		ue, err := finish(err)
		return &model.ReportPayload{UserErrors: ue}, err
	}
	old, err := models.ByIDs[models.Report](ctx, r.Store, []int64{n})
	if err != nil {
		return nil, err
	}
	rep, ok := old[n]
	if !ok {
		ue, err := finish(models.NotFound(models.TypeReport, n))
		return &model.ReportPayload{UserErrors: ue}, err
	}
	return r.saveReport(ctx, rep, &n, input)
}

// saveReport applies input to rep; on update, resolutions and figures that
// the input leaves out are kept as they are.
func (r *mutationResolver) saveReport(ctx context.Context, rep *models.Report, existing *int64, in model.ReportInput) (*model.ReportPayload, error) {
	var e inputErrors
	set(&rep.Title, in.Title)
	if in.PeriodStart != nil {
		rep.PeriodStart = fromDate(in.PeriodStart)
	}
	if in.PeriodEnd != nil {
		rep.PeriodEnd = fromDate(in.PeriodEnd)
	}
	if in.Organisation != nil {
		rep.OrganisationID = e.id("organisation", in.Organisation, models.TypeOrganisation)
	}
	if in.Article != nil {
		rep.ArticleID = e.id("article", in.Article, models.TypeArticle)
	}
	resIDs := e.ids("resolutions", in.Resolutions, models.TypeResolution)
	var figures []models.Figure
	for _, f := range in.Figures {
		fig := models.Figure{Label: f.Label, Value: f.Value, Total: f.Total, Percent: f.Percent}
		set(&fig.Unit, f.Unit)
		set(&fig.Sentence, f.Sentence)
		figures = append(figures, fig)
	}
	if existing != nil && (in.Resolutions == nil || in.Figures == nil) {
		if in.Resolutions == nil {
			m, err := r.Store.ResolutionIDsOf(ctx, []int64{*existing})
			if err != nil {
				return nil, err
			}
			resIDs = m[*existing]
		}
		if in.Figures == nil {
			m, err := r.Store.FiguresOf(ctx, []int64{*existing})
			if err != nil {
				return nil, err
			}
			for _, f := range m[*existing] {
				figures = append(figures, *f)
			}
		}
	}
	err := e.errs.Err()
	if err == nil {
		err = r.Store.SaveReport(ctx, rep, resIDs, figures)
	}
	ue, err := finish(err)
	if err != nil || len(ue) > 0 {
		return &model.ReportPayload{UserErrors: ue}, err
	}
	return &model.ReportPayload{Report: rep, UserErrors: ue}, nil
}

func (r *mutationResolver) DeleteReport(ctx context.Context, id string) (*model.DeletePayload, error) {
	n, err := idOf(id, models.TypeReport)
	if err == nil {
		err = r.Store.DeleteReport(ctx, n)
	}
	return deleted(models.TypeReport, n, err)
}

func (r *queryResolver) Report(ctx context.Context, id string) (*models.Report, error) {
	n, err := idOf(id, models.TypeReport)
	if err != nil {
		return nil, err
	}
	return load(ctx, r.loaders(ctx).Report, &n)
}

func (r *queryResolver) Reports(ctx context.Context, first *int, after *string, filter *model.ReportFilter) (*model.ReportConnection, error) {
	p, err := page(first, after)
	if err != nil {
		return nil, err
	}
	var f models.ReportFilter
	if filter != nil {
		if f.OrganisationIDs, err = idsOf(filter.Organisations, models.TypeOrganisation); err != nil {
			return nil, err
		}
		if f.ResolutionIDs, err = idsOf(filter.Resolutions, models.TypeResolution); err != nil {
			return nil, err
		}
		f.From, f.To = fromDate(filter.PeriodFrom), fromDate(filter.PeriodTo)
	}
	l, err := r.Store.Reports(ctx, f, p)
	return reportConn(l, p), err
}

func (r *reportResolver) ID(ctx context.Context, obj *models.Report) (string, error) {
	return GlobalID(models.TypeReport, obj.ID), nil
}

func (r *reportResolver) PeriodStart(ctx context.Context, obj *models.Report) (*model.Date, error) {
	return optDate(obj.PeriodStart), nil
}

func (r *reportResolver) PeriodEnd(ctx context.Context, obj *models.Report) (*model.Date, error) {
	return optDate(obj.PeriodEnd), nil
}

func (r *reportResolver) Organisation(ctx context.Context, obj *models.Report) (*models.Organisation, error) {
	return load(ctx, r.loaders(ctx).Organisation, obj.OrganisationID)
}

func (r *reportResolver) Resolutions(ctx context.Context, obj *models.Report) ([]*models.Resolution, error) {
	l := r.loaders(ctx)
	ids, err := l.ReportRes.Load(ctx, obj.ID)
	if err != nil {
		return nil, err
	}
	out := make([]*models.Resolution, 0, len(ids))
	for _, id := range ids {
		res, err := load(ctx, l.Resolution, &id)
		if err != nil {
			return nil, err
		}
		if res != nil {
			out = append(out, res)
		}
	}
	return out, nil
}

func (r *reportResolver) Figures(ctx context.Context, obj *models.Report) ([]*models.Figure, error) {
	f, err := r.loaders(ctx).Figures.Load(ctx, obj.ID)
	if f == nil {
		f = []*models.Figure{}
	}
	return f, err
}

func (r *reportResolver) Article(ctx context.Context, obj *models.Report) (*models.Article, error) {
	return load(ctx, r.loaders(ctx).Article, obj.ArticleID)
}

func (r *reportResolver) CreatedAt(ctx context.Context, obj *models.Report) (*model.DateTime, error) {
	return dateTime(obj.CreatedAt), nil
}

func (r *reportResolver) UpdatedAt(ctx context.Context, obj *models.Report) (*model.DateTime, error) {
	return dateTime(obj.UpdatedAt), nil
}

func (r *Resolver) Report() generated.ReportResolver { return &reportResolver{r} }

type reportResolver struct{ *Resolver }
