package explore_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"tracuu/explore"
	"tracuu/explore/exploretest"
	"tracuu/models"
	"tracuu/models/modelstest"
	"tracuu/vntext"
)

func org(id int64) models.Ref    { return models.Ref{Type: models.TypeOrganisation, ID: id} }
func person(id int64) models.Ref { return models.Ref{Type: models.TypePerson, ID: id} }
func res(id int64) models.Ref    { return models.Ref{Type: models.TypeResolution, ID: id} }
func article(id int64) models.Ref {
	return models.Ref{Type: models.TypeArticle, ID: id}
}

func find(items []explore.Related, r models.Ref) *explore.Related {
	for i := range items {
		if items[i].Entity == r {
			return &items[i]
		}
	}
	return nil
}

func deref[T any](p *T) (v T) {
	if p != nil {
		v = *p
	}
	return v
}

func TestRelated(t *testing.T) {
	ctx := context.Background()
	modelstest.ForEach(t, func(t *testing.T, s *models.Store) {
		sd := exploretest.SeedGraph(t, s)
		e := explore.New(s)

		t.Run("PersonThroughPosition", func(t *testing.T) {
			p, err := e.Related(ctx, person(sd.TranNgocTam), explore.RelatedOptions{})
			if err != nil {
				t.Fatal(err)
			}
			it := find(p.Items, org(sd.TinhUy))
			if it == nil {
				t.Fatalf("Tỉnh ủy Bến Tre not related to Trần Ngọc Tam: %+v", p.Items)
			}
			if it.Label != "Tỉnh ủy Bến Tre" || it.Weight != 1 || !slices.Equal(it.ArticleIDs, []int64{sd.Article}) {
				t.Errorf("item %+v, want label Tỉnh ủy Bến Tre, weight 1, the seed article", it)
			}
			if !slices.Equal(it.Kinds, []string{explore.KindPosition, explore.KindMentionedTogether}) {
				t.Errorf("kinds %v, want position and mentioned_together", it.Kinds)
			}
			if len(it.Evidence) != 1 || deref(it.Evidence[0].PositionID) != sd.Position || deref(it.Evidence[0].ArticleID) != sd.Article ||
				!strings.Contains(it.Evidence[0].Sentence, "Phó bí thư Thường trực Tỉnh ủy Trần Ngọc Tam") {
				t.Errorf("position evidence %+v", it.Evidence)
			}
			if p.Items[0].Entity != org(sd.TinhUy) {
				t.Errorf("first item %v, want the organisation of his position (ties go to direct relations)", p.Items[0].Entity)
			}
		})

		t.Run("ResolutionToIssuerAndArticle", func(t *testing.T) {
			p, err := e.Related(ctx, res(sd.CT05), explore.RelatedOptions{})
			if err != nil {
				t.Fatal(err)
			}
			it := find(p.Items, org(sd.BoChinhTri))
			if it == nil || !slices.Contains(it.Kinds, explore.KindIssuedBy) || !slices.Contains(it.Kinds, explore.KindMentionedTogether) {
				t.Fatalf("Bộ Chính trị: %+v, want issued_by and mentioned_together", it)
			}
			if it.Weight != 1 || !slices.Equal(it.ArticleIDs, []int64{sd.Article}) {
				t.Errorf("Bộ Chính trị weight %d articles %v, want 1 [%d]", it.Weight, it.ArticleIDs, sd.Article)
			}
			if r := find(p.Items, models.Ref{Type: models.TypeReport, ID: sd.Report}); r == nil || !slices.Equal(r.Kinds, []string{explore.KindReportsOn}) {
				t.Errorf("report on 05-CT/TW: %+v", r)
			}
			arts, err := e.Related(ctx, res(sd.CT05), explore.RelatedOptions{Types: []string{models.TypeArticle}})
			if err != nil {
				t.Fatal(err)
			}
			if arts.Total != 1 || arts.Items[0].Entity != article(sd.Article) || arts.Items[0].Kinds[0] != explore.KindMentions ||
				!strings.HasPrefix(arts.Items[0].Label, "Chủ động tổ chức triển khai") {
				t.Errorf("articles related to 05-CT/TW: %+v", arts)
			}
		})

		t.Run("DateRange", func(t *testing.T) {
			from := time.Date(2020, 7, 1, 0, 0, 0, 0, vntext.Vietnam)
			p, err := e.Related(ctx, person(sd.TranNgocTam), explore.RelatedOptions{From: &from})
			if err != nil {
				t.Fatal(err)
			}
			if p.Total != 1 || p.Items[0].Entity != org(sd.TinhUy) || p.Items[0].Weight != 0 {
				t.Errorf("after July 2020 only the position remains, got %+v", p)
			}
		})

		t.Run("TypesAndPaging", func(t *testing.T) {
			all, err := e.Related(ctx, org(sd.TinhUy), explore.RelatedOptions{})
			if err != nil {
				t.Fatal(err)
			}
			// Co-mentioned: 5 organisations, 1 person, 3 resolutions; related: the report.
			if all.Total != 9 {
				t.Errorf("total %d, want 9: %+v", all.Total, all.Items)
			}
			people, err := e.Related(ctx, org(sd.TinhUy), explore.RelatedOptions{Types: []string{models.TypePerson}})
			if err != nil {
				t.Fatal(err)
			}
			if people.Total != 1 || people.Items[0].Entity != person(sd.TranNgocTam) {
				t.Errorf("people related to Tỉnh ủy: %+v", people)
			}
			reports, err := e.Related(ctx, models.Ref{Type: models.TypeReport, ID: sd.Report}, explore.RelatedOptions{Types: []string{models.TypeResolution}})
			if err != nil {
				t.Fatal(err)
			}
			if reports.Total != 2 {
				t.Errorf("resolutions of the report: %+v, want 05-CT/TW and 02-NQ/TU only (not its article)", reports)
			}
			second, err := e.Related(ctx, org(sd.TinhUy), explore.RelatedOptions{First: 2, Offset: 2})
			if err != nil {
				t.Fatal(err)
			}
			if len(second.Items) != 2 || second.Items[0].Entity != all.Items[2].Entity || second.Items[1].Entity != all.Items[3].Entity {
				t.Errorf("page 2 %+v, want items 3 and 4 of %+v", second.Items, all.Items)
			}
		})

		t.Run("Errors", func(t *testing.T) {
			if _, err := e.Related(ctx, person(999999), explore.RelatedOptions{}); models.ErrorCode(err) != models.ENOTFOUND {
				t.Errorf("unknown person: %v, want not found", err)
			}
			if _, err := e.Related(ctx, person(sd.TranNgocTam), explore.RelatedOptions{Types: []string{"Planet"}}); models.ErrorCode(err) != models.EINVALID {
				t.Errorf("unknown type: %v, want invalid", err)
			}
		})

		t.Run("SharedArticles", func(t *testing.T) {
			l, err := e.SharedArticles(ctx, person(sd.TranNgocTam), org(sd.TanThach), nil, nil, models.Page{})
			if err != nil {
				t.Fatal(err)
			}
			if l.Total != 1 || len(l.Items) != 1 || l.Items[0].ID != sd.Article || l.HasNext {
				t.Errorf("shared articles %+v", l)
			}
			to := time.Date(2020, 6, 28, 0, 0, 0, 0, vntext.Vietnam)
			l, err = e.SharedArticles(ctx, person(sd.TranNgocTam), org(sd.TanThach), nil, &to, models.Page{})
			if err != nil || l.Total != 0 {
				t.Errorf("shared articles before the publication: %+v, %v", l, err)
			}
		})
	})
}

func TestTimeline(t *testing.T) {
	ctx := context.Background()
	modelstest.ForEach(t, func(t *testing.T, s *models.Store) {
		sd := exploretest.SeedGraph(t, s)
		e := explore.New(s)

		t.Run("OrganisationListsSeedArticle", func(t *testing.T) {
			p, err := e.Timeline(ctx, org(sd.TinhUy), explore.TimelineOptions{})
			if err != nil {
				t.Fatal(err)
			}
			var kinds []string
			for _, ev := range p.Events {
				kinds = append(kinds, ev.Kind)
			}
			// The report is dated by its article; the position and 02-NQ/TU have no date.
			if p.Total != 2 || !slices.Equal(kinds, []string{explore.EventReportPublished, explore.EventMentioned}) {
				t.Fatalf("events %v (total %d), want report_published and mentioned", kinds, p.Total)
			}
			m := p.Events[1]
			if m.At.In(vntext.Vietnam).Format("02/01/2006 15:04") != "29/06/2020 06:52" || deref(m.Article) != sd.Article {
				t.Errorf("mentioned at %v in %v, want 29/06/2020 06:52 in the seed article", m.At, deref(m.Article))
			}
			if !strings.Contains(m.Sentence, "Tỉnh") {
				t.Errorf("sentence %q does not name the organisation", m.Sentence)
			}
			if r := p.Events[0]; deref(r.Report) != sd.Report || deref(r.Article) != sd.Article {
				t.Errorf("report event %+v", r)
			}
		})

		t.Run("DatedPositionAndResolution", func(t *testing.T) {
			start := time.Date(2015, 10, 20, 0, 0, 0, 0, time.UTC)
			issued := time.Date(2016, 5, 15, 0, 0, 0, 0, time.UTC)
			p := &models.Position{PersonID: sd.TranNgocTam, OrganisationID: sd.TinhUy, Title: "Phó Bí thư Thường trực", Term: "2015-2020", StartedOn: &start, ArticleID: &sd.Article}
			if err := s.UpdatePosition(ctx, func() *models.Position { p.ID = sd.Position; return p }()); err != nil {
				t.Fatal(err)
			}
			code := "05-CT/TW"
			r := &models.Resolution{ID: sd.CT05, Code: &code, IssuerID: &sd.BoChinhTri, IssuedOn: &issued}
			if err := s.UpdateResolution(ctx, r); err != nil {
				t.Fatal(err)
			}
			if err := e.Refresh(ctx); err != nil {
				t.Fatal(err)
			}
			tl, err := e.Timeline(ctx, person(sd.TranNgocTam), explore.TimelineOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if tl.Total != 2 || tl.Events[0].Kind != explore.EventPositionStarted || !tl.Events[0].At.Equal(start) ||
				deref(tl.Events[0].Position) != sd.Position || deref(tl.Events[0].Article) != sd.Article ||
				!strings.Contains(tl.Events[0].Sentence, "Trần Ngọc Tam") || tl.Events[1].Kind != explore.EventMentioned {
				t.Errorf("timeline of Trần Ngọc Tam: %+v", tl)
			}
			tl, err = e.Timeline(ctx, org(sd.BoChinhTri), explore.TimelineOptions{Kinds: []string{explore.EventResolutionIssued}})
			if err != nil {
				t.Fatal(err)
			}
			if tl.Total != 1 || deref(tl.Events[0].Resolution) != sd.CT05 || !tl.Events[0].At.Equal(issued) {
				t.Errorf("resolutions issued by Bộ Chính trị: %+v", tl)
			}
			from, to := time.Date(2016, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC)
			tl, err = e.Timeline(ctx, res(sd.CT05), explore.TimelineOptions{From: &from, To: &to})
			if err != nil || tl.Total != 1 || tl.Events[0].Kind != explore.EventResolutionIssued {
				t.Errorf("05-CT/TW in 2016-2018: %+v, %v", tl, err)
			}
			tl, err = e.Timeline(ctx, res(sd.CT05), explore.TimelineOptions{First: 1, Offset: 1})
			if err != nil || tl.Total != 3 || len(tl.Events) != 1 || tl.Events[0].Kind != explore.EventReportPublished {
				t.Errorf("05-CT/TW second event: %+v, %v", tl, err)
			}
		})

		t.Run("AuthorAndArticle", func(t *testing.T) {
			tl, err := e.Timeline(ctx, person(sd.HuongThu), explore.TimelineOptions{})
			if err != nil || tl.Total != 1 || tl.Events[0].Kind != explore.EventAuthored || deref(tl.Events[0].Article) != sd.Article {
				t.Errorf("timeline of the author: %+v, %v", tl, err)
			}
			tl, err = e.Timeline(ctx, article(sd.Article), explore.TimelineOptions{})
			if err != nil || tl.Total != 2 || tl.Events[0].Kind != explore.EventPublished || !tl.Events[0].At.Equal(sd.PublishedAt) ||
				tl.Events[1].Kind != explore.EventReportPublished || deref(tl.Events[1].Report) != sd.Report {
				t.Errorf("timeline of the article: %+v, %v", tl, err)
			}
		})

		t.Run("Errors", func(t *testing.T) {
			if _, err := e.Timeline(ctx, org(sd.TinhUy), explore.TimelineOptions{Kinds: []string{"born"}}); models.ErrorCode(err) != models.EINVALID {
				t.Errorf("unknown kind: %v", err)
			}
			if _, err := e.Timeline(ctx, org(424242), explore.TimelineOptions{}); models.ErrorCode(err) != models.ENOTFOUND {
				t.Errorf("unknown organisation: %v", err)
			}
		})
	})
}

func TestPath(t *testing.T) {
	ctx := context.Background()
	modelstest.ForEach(t, func(t *testing.T, s *models.Store) {
		sd := exploretest.SeedGraph(t, s)
		e := explore.New(s)

		t.Run("TamToTanThachThroughTheArticle", func(t *testing.T) {
			paths, err := e.Path(ctx, person(sd.TranNgocTam), org(sd.TanThach), 4, 1)
			if err != nil {
				t.Fatal(err)
			}
			if len(paths) != 1 || len(paths[0].Hops) != 1 {
				t.Fatalf("paths %+v, want one hop", paths)
			}
			h := paths[0].Hops[0]
			if h.From != person(sd.TranNgocTam) || h.To != org(sd.TanThach) || h.Kind != explore.KindMentionedTogether || deref(h.Evidence.ArticleID) != sd.Article {
				t.Errorf("hop %+v", h)
			}
			if !strings.Contains(h.Evidence.Sentence, "Trần Ngọc Tam") || !strings.Contains(h.Evidence.Sentence, "Đảng bộ xã Tân Thạch") {
				t.Errorf("evidence sentence %q should quote both names", h.Evidence.Sentence)
			}
		})

		t.Run("TamToTanThachThroughRecords", func(t *testing.T) {
			paths, err := e.PathWith(ctx, person(sd.TranNgocTam), org(sd.TanThach), explore.PathOptions{Kinds: []string{explore.KindPosition, explore.KindParent}})
			if err != nil {
				t.Fatal(err)
			}
			if len(paths) != 1 {
				t.Fatalf("paths %+v, want one", paths)
			}
			want := []explore.Hop{
				{From: person(sd.TranNgocTam), To: org(sd.TinhUy), Kind: explore.KindPosition},
				{From: org(sd.TinhUy), To: org(sd.ChauThanh), Kind: explore.KindParent},
				{From: org(sd.ChauThanh), To: org(sd.TanThach), Kind: explore.KindParent},
			}
			hops := paths[0].Hops
			if len(hops) != len(want) {
				t.Fatalf("hops %+v, want %+v", hops, want)
			}
			for i := range want {
				if hops[i].From != want[i].From || hops[i].To != want[i].To || hops[i].Kind != want[i].Kind {
					t.Errorf("hop %d: %+v, want %+v", i, hops[i], want[i])
				}
			}
			ev := hops[0].Evidence
			if deref(ev.PositionID) != sd.Position || deref(ev.ArticleID) != sd.Article || !strings.Contains(ev.Sentence, "Trần Ngọc Tam") {
				t.Errorf("position evidence %+v", ev)
			}
			if _, err := e.PathWith(ctx, person(sd.TranNgocTam), org(sd.TanThach), explore.PathOptions{MaxHops: 2, Kinds: []string{explore.KindPosition, explore.KindParent}}); err != nil {
				t.Fatal(err)
			}
			if p, _ := e.PathWith(ctx, person(sd.TranNgocTam), org(sd.TanThach), explore.PathOptions{MaxHops: 2, Kinds: []string{explore.KindPosition, explore.KindParent}}); len(p) != 0 {
				t.Errorf("no path of 2 hops exists, got %+v", p)
			}
		})

		t.Run("DateRangeLeavesRecords", func(t *testing.T) {
			to := time.Date(2020, 1, 1, 0, 0, 0, 0, vntext.Vietnam)
			paths, err := e.PathWith(ctx, person(sd.TranNgocTam), org(sd.TanThach), explore.PathOptions{To: &to, Alternatives: 5})
			if err != nil {
				t.Fatal(err)
			}
			if len(paths) != 1 || len(paths[0].Hops) != 3 || paths[0].Hops[0].Kind != explore.KindPosition {
				t.Errorf("before the article only the records link them: %+v", paths)
			}
		})

		t.Run("Alternatives", func(t *testing.T) {
			// Hương Thu wrote the article; 05-CT/TW is two hops away through
			// the article, and through the report's article.
			paths, err := e.Path(ctx, person(sd.HuongThu), res(sd.CT05), 4, 5)
			if err != nil {
				t.Fatal(err)
			}
			if len(paths) == 0 || len(paths[0].Hops) != 2 {
				t.Fatalf("paths %+v, want 2 hops", paths)
			}
			h := paths[0].Hops
			if h[0].Kind != explore.KindAuthored || h[0].To != article(sd.Article) || h[1].Kind != explore.KindMentions || h[1].To != res(sd.CT05) {
				t.Errorf("hops %+v, want authored then mentions", h)
			}
			if !strings.Contains(h[1].Evidence.Sentence, "05-CT/TW") {
				t.Errorf("mention evidence %+v", h[1].Evidence)
			}
		})

		t.Run("Errors", func(t *testing.T) {
			if _, err := e.Path(ctx, person(sd.TranNgocTam), org(sd.TanThach), 7, 1); models.ErrorCode(err) != models.EINVALID {
				t.Errorf("7 hops: %v", err)
			}
			if _, err := e.Path(ctx, person(sd.TranNgocTam), org(999), 3, 1); models.ErrorCode(err) != models.ENOTFOUND {
				t.Errorf("unknown target: %v", err)
			}
		})
	})
}

func TestNetwork(t *testing.T) {
	ctx := context.Background()
	modelstest.ForEach(t, func(t *testing.T, s *models.Store) {
		sd := exploretest.SeedGraph(t, s)
		e := explore.New(s)

		edgeOf := func(g *explore.Graph, from, to models.Ref, kind string) *explore.Edge {
			for i := range g.Edges {
				x := &g.Edges[i]
				if x.Kind == kind && ((x.From == from && x.To == to) || (kind == explore.KindMentionedTogether && x.From == to && x.To == from)) {
					return x
				}
			}
			return nil
		}

		t.Run("ResolutionIssuerAndArticle", func(t *testing.T) {
			g, err := e.Network(ctx, explore.NetworkOptions{IDs: []models.Ref{res(sd.CT05)}, Types: models.EntityTypes})
			if err != nil {
				t.Fatal(err)
			}
			if x := edgeOf(g, res(sd.CT05), org(sd.BoChinhTri), explore.KindIssuedBy); x == nil || x.Weight != 1 {
				t.Errorf("issued_by edge: %+v in %+v", x, g.Edges)
			}
			x := edgeOf(g, article(sd.Article), res(sd.CT05), explore.KindMentions)
			if x == nil || len(x.Evidence) != 1 || deref(x.Evidence[0].ArticleID) != sd.Article || !strings.Contains(x.Evidence[0].Sentence, "05-CT/TW") {
				t.Errorf("mentions edge: %+v", x)
			}
			if g.Nodes[0].Ref != res(sd.CT05) || g.Nodes[0].Label != "05-CT/TW" || g.Nodes[0].Degree != 3 {
				t.Errorf("seed node %+v, want 05-CT/TW with degree 3 (1 article, issuer, report)", g.Nodes[0])
			}
		})

		t.Run("DepthTwoWithEvidence", func(t *testing.T) {
			g, err := e.Network(ctx, explore.NetworkOptions{IDs: []models.Ref{person(sd.TranNgocTam)}, Depth: 2, Limit: 50})
			if err != nil {
				t.Fatal(err)
			}
			if x := edgeOf(g, person(sd.TranNgocTam), org(sd.TinhUy), explore.KindPosition); x == nil || deref(x.Evidence[0].PositionID) != sd.Position {
				t.Errorf("position edge: %+v", x)
			}
			if x := edgeOf(g, org(sd.TanThach), org(sd.ChauThanh), explore.KindParent); x == nil {
				t.Errorf("parent edge missing: %+v", g.Edges)
			}
			x := edgeOf(g, person(sd.TranNgocTam), org(sd.TanThach), explore.KindMentionedTogether)
			if x == nil || x.Weight != 1 || deref(x.Evidence[0].ArticleID) != sd.Article || !strings.Contains(x.Evidence[0].Sentence, "Tân Thạch") {
				t.Errorf("co-mention edge: %+v", x)
			}
			for _, n := range g.Nodes {
				if n.Type == models.TypeArticle {
					t.Errorf("article node %v without Article in types", n)
				}
			}
			// Every entity but the author, who is only linked through the
			// article: the report comes in at depth 2, through Tỉnh ủy.
			if len(g.Nodes) != 10 || g.Nodes[len(g.Nodes)-1].Ref != (models.Ref{Type: models.TypeReport, ID: sd.Report}) {
				t.Errorf("%d nodes, want 10 ending with the report: %+v", len(g.Nodes), g.Nodes)
			}
		})

		t.Run("RecordsOfOnePairMakeOneEdge", func(t *testing.T) {
			p := &models.Position{PersonID: sd.TranNgocTam, OrganisationID: sd.TinhUy, Title: "Ủy viên Ban Thường vụ"}
			if err := s.CreatePosition(ctx, p); err != nil {
				t.Fatal(err)
			}
			fresh := explore.New(s)
			g, err := fresh.Network(ctx, explore.NetworkOptions{IDs: []models.Ref{person(sd.TranNgocTam)}})
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for _, x := range g.Edges {
				if x.Kind == explore.KindPosition {
					n++
					if x.Weight != 2 || len(x.Evidence) != 2 || deref(x.Evidence[1].PositionID) != p.ID {
						t.Errorf("position edge %+v, want weight 2 with both positions", x)
					}
				}
			}
			if n != 1 {
				t.Errorf("%d position edges, want one for both positions", n)
			}
			if err := s.DeletePosition(ctx, p.ID); err != nil {
				t.Fatal(err)
			}
		})

		t.Run("MaxEdges", func(t *testing.T) {
			g, err := e.Network(ctx, explore.NetworkOptions{IDs: []models.Ref{person(sd.TranNgocTam)}, MaxEdges: 3})
			if err != nil {
				t.Fatal(err)
			}
			co, other := 0, 0
			for _, x := range g.Edges {
				if x.Kind == explore.KindMentionedTogether {
					co++
				} else {
					other++
				}
			}
			if co != 3 || other == 0 {
				t.Errorf("%d co-mention edges and %d others, want 3 and the structural ones", co, other)
			}
		})

		t.Run("LimitKeepsHeaviest", func(t *testing.T) {
			g, err := e.Network(ctx, explore.NetworkOptions{IDs: []models.Ref{person(sd.TranNgocTam)}, Limit: 2})
			if err != nil {
				t.Fatal(err)
			}
			if len(g.Nodes) != 2 || g.Nodes[1].Ref != org(sd.TinhUy) {
				t.Errorf("nodes %+v, want Tam and Tỉnh ủy Bến Tre (position + article)", g.Nodes)
			}
		})

		t.Run("Errors", func(t *testing.T) {
			for _, opt := range []explore.NetworkOptions{
				{},
				{IDs: []models.Ref{org(sd.TinhUy)}, Depth: 4},
				{IDs: []models.Ref{org(sd.TinhUy)}, Limit: 501},
				{IDs: []models.Ref{org(sd.TinhUy)}, MaxEdges: -1},
				{IDs: []models.Ref{org(sd.TinhUy)}, Types: []string{"Planet"}},
			} {
				if _, err := e.Network(ctx, opt); models.ErrorCode(err) != models.EINVALID {
					t.Errorf("%+v: %v, want invalid", opt, err)
				}
			}
			if _, err := e.Network(ctx, explore.NetworkOptions{IDs: []models.Ref{org(31337)}}); models.ErrorCode(err) != models.ENOTFOUND {
				t.Error("unknown seed should be not found")
			}
		})
	})
}

func TestRefresh(t *testing.T) {
	ctx := context.Background()
	modelstest.ForEach(t, func(t *testing.T, s *models.Store) {
		sd := exploretest.SeedGraph(t, s)
		e := explore.New(s)
		if _, err := e.Related(ctx, person(sd.TranNgocTam), explore.RelatedOptions{}); err != nil {
			t.Fatal(err)
		}
		p := &models.Person{Name: "Nguyễn Văn A"}
		if err := s.CreatePerson(ctx, p); err != nil {
			t.Fatal(err)
		}
		if err := s.ReplaceMentions(ctx, sd.Article, append(slices.Clone(sd.Mentions), models.Mention{EntityType: models.TypePerson, EntityID: p.ID, Sentence: "Nguyễn Văn A"})); err != nil {
			t.Fatal(err)
		}
		if err := e.Refresh(ctx); err != nil {
			t.Fatal(err)
		}
		r, err := e.Related(ctx, person(p.ID), explore.RelatedOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if find(r.Items, person(sd.TranNgocTam)) == nil {
			t.Errorf("the new person is not related after Refresh: %+v", r)
		}
	})
}
