// Package indexer keeps each server's search index in step with the
// database: it turns stored entities into search documents, applies the
// database's change log (every write records its changes there) to the
// index from the index's own position, registers the server so that the
// log is pruned only once every server has it, and builds or rebuilds the
// index from the database (new, wiped, fallen behind, or asked by
// `reindex`) while the server serves. docs/scaling.md tells the design.
package indexer

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"tracuu/models"
	"tracuu/search"
)

// Docs builds the search documents of the given entities of one type.
// Entities that no longer exist are left out.
func Docs(ctx context.Context, s *models.Store, typ string, ids []int64) ([]search.Doc, error) {
	switch typ {
	case models.TypeArticle:
		return articleDocs(ctx, s, ids)
	case models.TypeOrganisation:
		return organisationDocs(ctx, s, ids)
	case models.TypePerson:
		return personDocs(ctx, s, ids)
	case models.TypeResolution:
		return resolutionDocs(ctx, s, ids)
	case models.TypeReport:
		return reportDocs(ctx, s, ids)
	}
	return nil, fmt.Errorf("indexer: unknown entity type %q", typ)
}

func articleDocs(ctx context.Context, s *models.Store, ids []int64) ([]search.Doc, error) {
	arts, err := models.ByIDs[models.Article](ctx, s, ids)
	if err != nil {
		return nil, err
	}
	authors, err := s.AuthorsOf(ctx, ids)
	if err != nil {
		return nil, err
	}
	mentioned, err := s.MentionedIn(ctx, ids)
	if err != nil {
		return nil, err
	}
	docs := make([]search.Doc, 0, len(arts))
	for _, id := range ids {
		a, ok := arts[id]
		if !ok {
			continue
		}
		d := articleDoc(a)
		for _, p := range authors[id] {
			d.Authors = append(d.Authors, p.Name)
		}
		// The entities by type, then id: the same document at every read.
		for _, typ := range slices.Sorted(maps.Keys(mentioned[id])) {
			for _, eid := range mentioned[id][typ] {
				d.Mentions = append(d.Mentions, models.Ref{Type: typ, ID: eid}.String())
			}
		}
		docs = append(docs, d)
	}
	return docs, nil
}

// articleDoc is the document of a, but for its authors and mentions.
func articleDoc(a *models.Article) search.Doc {
	d := search.Doc{ID: models.Ref{Type: models.TypeArticle, ID: a.ID}.String(), Type: models.TypeArticle, Title: a.Title, Lead: a.Lead, Body: a.Body,
		Captions: a.Captions, Source: a.Source, Section: a.Section}
	if a.PublishedAt != nil {
		d.PublishedAt = *a.PublishedAt
	}
	return d
}

func organisationDocs(ctx context.Context, s *models.Store, ids []int64) ([]search.Doc, error) {
	orgs, err := models.ByIDs[models.Organisation](ctx, s, ids)
	if err != nil {
		return nil, err
	}
	var parentIDs []int64
	for _, o := range orgs {
		if o.ParentID != nil {
			parentIDs = append(parentIDs, *o.ParentID)
		}
	}
	parents, err := models.ByIDs[models.Organisation](ctx, s, parentIDs)
	if err != nil {
		return nil, err
	}
	docs := make([]search.Doc, 0, len(orgs))
	for _, id := range ids {
		o, ok := orgs[id]
		if !ok {
			continue
		}
		d := search.Doc{ID: models.Ref{Type: models.TypeOrganisation, ID: o.ID}.String(), Type: models.TypeOrganisation, Title: o.Name, Names: o.Aliases}
		if o.ParentID != nil && parents[*o.ParentID] != nil {
			d.Lead = parents[*o.ParentID].Name
		}
		docs = append(docs, d)
	}
	return docs, nil
}

func personDocs(ctx context.Context, s *models.Store, ids []int64) ([]search.Doc, error) {
	people, err := models.ByIDs[models.Person](ctx, s, ids)
	if err != nil {
		return nil, err
	}
	// Every position of the batch: one page of a list would drop the
	// titles of the people after its first hundred positions.
	pos, err := s.PositionsOfPeople(ctx, ids)
	if err != nil {
		return nil, err
	}
	var orgIDs []int64
	for _, ps := range pos {
		for _, p := range ps {
			orgIDs = append(orgIDs, p.OrganisationID)
		}
	}
	orgs, err := models.ByIDs[models.Organisation](ctx, s, orgIDs)
	if err != nil {
		return nil, err
	}
	titles := map[int64][]string{}
	for id, ps := range pos {
		for _, p := range ps {
			t := p.Title
			if p.Former() {
				t = "nguyên " + t
			}
			if o := orgs[p.OrganisationID]; o != nil {
				t += " " + o.Name
			}
			titles[id] = append(titles[id], t)
		}
	}
	docs := make([]search.Doc, 0, len(people))
	for _, id := range ids {
		p, ok := people[id]
		if !ok {
			continue
		}
		docs = append(docs, search.Doc{ID: models.Ref{Type: models.TypePerson, ID: p.ID}.String(), Type: models.TypePerson, Title: p.Name, Names: p.Aliases,
			Lead: strings.Join(titles[id], "; ")})
	}
	return docs, nil
}

func resolutionDocs(ctx context.Context, s *models.Store, ids []int64) ([]search.Doc, error) {
	res, err := models.ByIDs[models.Resolution](ctx, s, ids)
	if err != nil {
		return nil, err
	}
	var orgIDs []int64
	for _, r := range res {
		if r.IssuerID != nil {
			orgIDs = append(orgIDs, *r.IssuerID)
		}
	}
	orgs, err := models.ByIDs[models.Organisation](ctx, s, orgIDs)
	if err != nil {
		return nil, err
	}
	docs := make([]search.Doc, 0, len(res))
	for _, id := range ids {
		r, ok := res[id]
		if !ok {
			continue
		}
		d := search.Doc{ID: models.Ref{Type: models.TypeResolution, ID: r.ID}.String(), Type: models.TypeResolution, Title: r.Title, Body: r.Summary}
		if r.Code != nil {
			d.Names = []string{*r.Code}
			if d.Title == "" {
				d.Title = *r.Code
			}
		}
		if r.IssuerID != nil && orgs[*r.IssuerID] != nil {
			d.Lead = orgs[*r.IssuerID].Name
		}
		if r.IssuedOn != nil {
			d.PublishedAt = *r.IssuedOn
		}
		docs = append(docs, d)
	}
	return docs, nil
}

func reportDocs(ctx context.Context, s *models.Store, ids []int64) ([]search.Doc, error) {
	reps, err := models.ByIDs[models.Report](ctx, s, ids)
	if err != nil {
		return nil, err
	}
	figs, err := s.FiguresOf(ctx, ids)
	if err != nil {
		return nil, err
	}
	var artIDs []int64
	for _, r := range reps {
		if r.ArticleID != nil {
			artIDs = append(artIDs, *r.ArticleID)
		}
	}
	arts, err := models.ByIDs[models.Article](ctx, s, artIDs)
	if err != nil {
		return nil, err
	}
	docs := make([]search.Doc, 0, len(reps))
	for _, id := range ids {
		r, ok := reps[id]
		if !ok {
			continue
		}
		d := search.Doc{ID: models.Ref{Type: models.TypeReport, ID: r.ID}.String(), Type: models.TypeReport, Title: r.Title}
		var lines []string
		for _, f := range figs[id] {
			lines = append(lines, f.Sentence)
		}
		d.Body = strings.Join(lines, "\n")
		if r.ArticleID != nil && arts[*r.ArticleID] != nil {
			a := arts[*r.ArticleID]
			d.Source = a.Source
			if a.PublishedAt != nil {
				d.PublishedAt = *a.PublishedAt
			}
		} else if r.PeriodEnd != nil {
			d.PublishedAt = *r.PeriodEnd
		}
		docs = append(docs, d)
	}
	return docs, nil
}
