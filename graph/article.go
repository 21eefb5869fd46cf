package graph

import (
	"strings"

	"tracuu/graph/model"
	"tracuu/models"
)

// applyArticle copies the given fields of input onto a.
func applyArticle(a *models.Article, in model.ArticleInput, e *inputErrors) []int64 {
	set(&a.Title, in.Title)
	set(&a.Lead, in.Lead)
	set(&a.Body, in.Body)
	set(&a.Source, in.Source)
	set(&a.SourceCode, in.SourceCode)
	set(&a.Section, in.Section)
	if in.URL != nil {
		a.URL = in.URL
	}
	if in.PublishedAt != nil {
		if strings.TrimSpace(*in.PublishedAt) == "" {
			a.PublishedAt = nil
		} else if t, err := model.ParseTime(*in.PublishedAt); err != nil {
			e.errs.Add("publishedAt", "%s", err.Error())
		} else {
			a.PublishedAt = &t
		}
	}
	if in.Authors == nil {
		return nil
	}
	return e.ids("authors", in.Authors, models.TypePerson)
}

func entityTypes(types []model.EntityType) map[string]bool {
	out := map[string]bool{}
	for _, t := range types {
		out[typeName(t)] = true
	}
	return out
}

// typeName maps the GraphQL enum to the type name used in IDs and tables.
func typeName(t model.EntityType) string {
	switch t {
	case model.EntityTypeArticle:
		return models.TypeArticle
	case model.EntityTypeOrganisation:
		return models.TypeOrganisation
	case model.EntityTypePerson:
		return models.TypePerson
	case model.EntityTypeResolution:
		return models.TypeResolution
	case model.EntityTypeReport:
		return models.TypeReport
	}
	return string(t)
}
