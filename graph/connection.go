package graph

import (
	"context"
	"encoding/base64"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/99designs/gqlgen/graphql"

	"tracuu/graph/model"
	"tracuu/models"
)

// page reads Relay arguments. Cursors are opaque offsets; first is capped
// at 100. A connection whose totalCount is not asked for is not counted:
// counting costs every row the filter selects (a million for the whole
// archive), the page only the rows before it.
func page(ctx context.Context, first *int, after *string) (models.Page, error) {
	p, err := readPage(first, after)
	p.NoTotal = !asksFor(ctx, "totalCount")
	return p, err
}

// readPage reads Relay arguments alone.
func readPage(first *int, after *string) (models.Page, error) {
	p := models.Page{First: 20}
	if first != nil {
		if *first < 0 {
			return p, models.Invalid("first", "first must not be negative")
		}
		if *first > models.MaxPage {
			return p, models.Invalid("first", "first must be at most %d", models.MaxPage)
		}
		p.First = *first
	}
	if after != nil && *after != "" {
		raw, err := base64.StdEncoding.DecodeString(*after)
		n, perr := strconv.Atoi(strings.TrimPrefix(string(raw), "offset:"))
		if err != nil || perr != nil || !strings.HasPrefix(string(raw), "offset:") || n < 0 {
			return p, models.Invalid("after", "%q is not a cursor from this list", *after)
		}
		p.Offset = n
	}
	return p, nil
}

// asksFor tells whether the selection of the field being resolved names
// field, in any fragment.
func asksFor(ctx context.Context, field string) bool {
	if graphql.GetFieldContext(ctx) == nil {
		return true
	}
	return slices.Contains(graphql.CollectAllFields(ctx), field)
}

func cursor(offset int) string {
	return base64.StdEncoding.EncodeToString([]byte("offset:" + strconv.Itoa(offset)))
}

func pageInfo(p models.Page, n int, hasNext bool) *model.PageInfo {
	pi := &model.PageInfo{HasNextPage: hasNext, HasPreviousPage: p.Offset > 0}
	if n > 0 {
		s, e := cursor(p.Offset+1), cursor(p.Offset+n)
		pi.StartCursor, pi.EndCursor = &s, &e
	}
	return pi
}

// edges builds the edges of one page; the cursor of an item is the offset
// just past it.
func edges[T, E any](items []*T, p models.Page, mk func(cursor string, node *T) E) []E {
	out := make([]E, len(items))
	for i, it := range items {
		out[i] = mk(cursor(p.Offset+i+1), it)
	}
	return out
}

func articleConn(l models.List[models.Article], p models.Page) *model.ArticleConnection {
	return &model.ArticleConnection{Nodes: l.Items, TotalCount: int(l.Total), PageInfo: pageInfo(p, len(l.Items), l.HasNext),
		Edges: edges(l.Items, p, func(c string, n *models.Article) *model.ArticleEdge { return &model.ArticleEdge{Cursor: c, Node: n} })}
}

func organisationConn(l models.List[models.Organisation], p models.Page) *model.OrganisationConnection {
	return &model.OrganisationConnection{Nodes: l.Items, TotalCount: int(l.Total), PageInfo: pageInfo(p, len(l.Items), l.HasNext),
		Edges: edges(l.Items, p, func(c string, n *models.Organisation) *model.OrganisationEdge {
			return &model.OrganisationEdge{Cursor: c, Node: n}
		})}
}

func personConn(l models.List[models.Person], p models.Page) *model.PersonConnection {
	return &model.PersonConnection{Nodes: l.Items, TotalCount: int(l.Total), PageInfo: pageInfo(p, len(l.Items), l.HasNext),
		Edges: edges(l.Items, p, func(c string, n *models.Person) *model.PersonEdge { return &model.PersonEdge{Cursor: c, Node: n} })}
}

func positionConn(l models.List[models.Position], p models.Page) *model.PositionConnection {
	return &model.PositionConnection{Nodes: l.Items, TotalCount: int(l.Total), PageInfo: pageInfo(p, len(l.Items), l.HasNext),
		Edges: edges(l.Items, p, func(c string, n *models.Position) *model.PositionEdge { return &model.PositionEdge{Cursor: c, Node: n} })}
}

func resolutionConn(l models.List[models.Resolution], p models.Page) *model.ResolutionConnection {
	return &model.ResolutionConnection{Nodes: l.Items, TotalCount: int(l.Total), PageInfo: pageInfo(p, len(l.Items), l.HasNext),
		Edges: edges(l.Items, p, func(c string, n *models.Resolution) *model.ResolutionEdge {
			return &model.ResolutionEdge{Cursor: c, Node: n}
		})}
}

func reportConn(l models.List[models.Report], p models.Page) *model.ReportConnection {
	return &model.ReportConnection{Nodes: l.Items, TotalCount: int(l.Total), PageInfo: pageInfo(p, len(l.Items), l.HasNext),
		Edges: edges(l.Items, p, func(c string, n *models.Report) *model.ReportEdge { return &model.ReportEdge{Cursor: c, Node: n} })}
}

func mentionConn(l models.List[models.Mention], p models.Page) *model.MentionConnection {
	return &model.MentionConnection{Nodes: l.Items, TotalCount: int(l.Total), PageInfo: pageInfo(p, len(l.Items), l.HasNext),
		Edges: edges(l.Items, p, func(c string, n *models.Mention) *model.MentionEdge { return &model.MentionEdge{Cursor: c, Node: n} })}
}

// slicePage pages a list already in memory (the mentions of an article,
// loaded in one batch for a whole page of articles).
func slicePage[T any](all []*T, p models.Page) models.List[T] {
	l := models.List[T]{Total: int64(len(all))}
	if p.Offset < len(all) {
		end := min(p.Offset+p.First, len(all))
		l.Items = all[p.Offset:end]
		l.HasNext = end < len(all)
	}
	return l
}

func dateTime(t time.Time) *model.DateTime {
	d := model.DateTime(t)
	return &d
}

func optDateTime(t *time.Time) *model.DateTime {
	if t == nil || t.IsZero() {
		return nil
	}
	return dateTime(*t)
}

func optDate(t *time.Time) *model.Date {
	if t == nil || t.IsZero() {
		return nil
	}
	d := model.Date(*t)
	return &d
}

// fromDateTime and fromDate turn optional scalar inputs into times.
func fromDateTime(d *model.DateTime) *time.Time {
	if d == nil {
		return nil
	}
	t := time.Time(*d)
	return &t
}

func fromDate(d *model.Date) *time.Time {
	if d == nil {
		return nil
	}
	t := time.Time(*d)
	return &t
}
