package graph

import (
	"context"
	"strings"

	"tracuu/graph/model"
	"tracuu/ingest"
	"tracuu/models"
)

// ingestInput reads the article of an ingestArticle mutation.
func ingestInput(in model.IngestArticleInput) (ingest.Article, error) {
	switch {
	case in.Text != nil && in.Fields != nil:
		return ingest.Article{}, models.Invalid("text", "give text or fields, not both")
	case in.Text != nil:
		if err := ingest.CheckSize("text", *in.Text); err != nil {
			return ingest.Article{}, models.Invalid("text", "%s", err.Error())
		}
		if at := ingest.BadUTF8(*in.Text); at >= 0 {
			return ingest.Article{}, models.Invalid("text", "%s", (&ingest.UTF8Error{Field: "text", At: at}).Error())
		}
		a, err := ingest.ReadSeedText(strings.NewReader(*in.Text))
		if err != nil {
			return a, models.Invalid("text", "%s", err.Error())
		}
		return a, nil
	case in.Fields != nil:
		f := in.Fields
		if err := ingest.CheckSize("body", f.Body); err != nil {
			return ingest.Article{}, models.Invalid("fields.body", "%s", err.Error())
		}
		if f.Lead != nil {
			if err := ingest.CheckSize("lead", *f.Lead); err != nil {
				return ingest.Article{}, models.Invalid("fields.lead", "%s", err.Error())
			}
		}
		if err := fieldsUTF8(f); err != nil {
			return ingest.Article{}, err
		}
		a := ingest.Article{Title: f.Title, Body: f.Body, Authors: f.Authors}
		set(&a.Lead, f.Lead)
		set(&a.URL, f.URL)
		set(&a.Source, f.Source)
		set(&a.Section, f.Section)
		if f.PublishedAt != nil && strings.TrimSpace(*f.PublishedAt) != "" {
			t, err := model.ParseTime(*f.PublishedAt)
			if err != nil {
				return a, models.Invalid("fields.publishedAt", "%s", err.Error())
			}
			a.PublishedAt = t
		}
		return a, nil
	}
	return ingest.Article{}, models.Invalid("text", "give text or fields")
}

// fieldsUTF8 refuses fields that are not valid UTF-8: the JSON decoder has
// put U+FFFD for the bytes it could not read, which would be dropped.
func fieldsUTF8(f *model.IngestFieldsInput) error {
	opt := func(p *string) string {
		if p == nil {
			return ""
		}
		return *p
	}
	for _, v := range []struct{ name, value string }{
		{"title", f.Title}, {"body", f.Body}, {"lead", opt(f.Lead)}, {"url", opt(f.URL)},
		{"source", opt(f.Source)}, {"section", opt(f.Section)}, {"authors", strings.Join(f.Authors, ", ")},
	} {
		if at := ingest.BadUTF8(v.value); at >= 0 {
			return models.Invalid("fields."+v.name, "%s", (&ingest.UTF8Error{Field: v.name, At: at}).Error())
		}
	}
	return nil
}

// extracted lists what is stored for an article: the entities it
// mentions, the positions it reports and its reports.
func (r *mutationResolver) extracted(ctx context.Context, art *models.Article, status models.SaveResult) (*model.IngestArticlePayload, error) {
	st := model.IngestStatus(strings.ToUpper(string(status)))
	p := &model.IngestArticlePayload{Article: art, Status: &st, UserErrors: []*model.UserError{}}
	mentioned, err := r.Store.MentionedIn(ctx, []int64{art.ID})
	if err != nil {
		return nil, err
	}
	byType := mentioned[art.ID]
	if p.Organisations, err = ordered[models.Organisation](ctx, r.Store, byType[models.TypeOrganisation]); err != nil {
		return nil, err
	}
	if p.People, err = ordered[models.Person](ctx, r.Store, byType[models.TypePerson]); err != nil {
		return nil, err
	}
	if p.Resolutions, err = ordered[models.Resolution](ctx, r.Store, byType[models.TypeResolution]); err != nil {
		return nil, err
	}
	if p.Positions, err = r.Store.PositionsInArticle(ctx, art.ID); err != nil {
		return nil, err
	}
	reps, err := r.Store.Reports(ctx, models.ReportFilter{ArticleIDs: []int64{art.ID}}, models.Page{First: models.MaxPage})
	if err != nil {
		return nil, err
	}
	p.Reports = reps.Items
	if p.Reports == nil {
		p.Reports = []*models.Report{}
	}
	return p, nil
}

// ordered loads entities by id, in the order of ids.
func ordered[T any, PT interface {
	*T
	models.Identified
}](ctx context.Context, s *models.Store, ids []int64) ([]*T, error) {
	m, err := models.ByIDs[T, PT](ctx, s, ids)
	out := make([]*T, 0, len(ids))
	for _, id := range ids {
		if v, ok := m[id]; ok {
			out = append(out, v)
		}
	}
	return out, err
}
