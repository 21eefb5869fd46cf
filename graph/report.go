package graph

import (
	"context"

	"tracuu/graph/model"
	"tracuu/models"
)

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
