package explore

import (
	"cmp"
	"context"
	"slices"
	"sort"
	"strings"
	"time"

	"tracuu/models"
	"tracuu/vntext"
)

// Event kinds.
const (
	EventMentioned        = "mentioned"         // an article mentions the entity
	EventPositionStarted  = "position_started"  // a position of the person, or at the organisation, starts
	EventPositionEnded    = "position_ended"    // ... or ends
	EventResolutionIssued = "resolution_issued" // the resolution, or one the organisation issued, is issued
	EventReportPublished  = "report_published"  // a report on the entity is published
	EventAuthored         = "authored"          // the person wrote an article
	EventPublished        = "published"         // the article is published
)

// EventKinds lists every event kind, in the order events of the same
// instant are listed.
var EventKinds = []string{EventPublished, EventResolutionIssued, EventPositionStarted, EventPositionEnded, EventReportPublished, EventAuthored, EventMentioned}

// TimelineOptions filters and pages a timeline. Zero values select every
// kind, any date and the first 20 events.
type TimelineOptions struct {
	Kinds    []string
	From, To *time.Time
	First    int // at most models.MaxPage
	Offset   int
}

// Event is one dated event in the life of an entity. The ids say which
// records it comes from; Sentence is the sentence of the article that
// reports it, when there is one.
type Event struct {
	At         time.Time
	Kind       string
	Article    *int64
	Position   *int64
	Resolution *int64
	Report     *int64
	Sentence   string
}

// TimelinePage is one page of a timeline.
type TimelinePage struct {
	Events []Event
	Total  int
}

// Timeline returns the dated events of an entity, oldest first: the
// articles that mention it, the positions it holds or that are held in it
// starting and ending, the resolutions it issues, the reports on it, the
// articles a person wrote. A report is dated by its article, else by the end
// of its period; events without a date are left out. Returns ENOTFOUND if
// of does not exist, EINVALID for bad options.
func (e *Explorer) Timeline(ctx context.Context, of models.Ref, opt TimelineOptions) (TimelinePage, error) {
	kinds := map[string]bool{}
	for _, k := range opt.Kinds {
		if !slices.Contains(EventKinds, k) {
			return TimelinePage{}, models.Invalid("kinds", "kind %q is not one of %s", k, strings.Join(EventKinds, ", "))
		}
		kinds[k] = true
	}
	want := func(k string) bool { return len(kinds) == 0 || kinds[k] }
	if err := checkRange(opt.From, opt.To); err != nil {
		return TimelinePage{}, err
	}
	g, err := e.graph(ctx)
	if err != nil {
		return TimelinePage{}, err
	}
	n, ok := g.node(of)
	if !ok {
		return TimelinePage{}, notFound(of)
	}
	inRange := func(t *time.Time) bool {
		return t != nil && (opt.From == nil || !t.Before(*opt.From)) && (opt.To == nil || !t.After(*opt.To))
	}
	articleTime := func(a int32) *time.Time {
		if g.at[a] == undated {
			return nil
		}
		t := time.Unix(g.at[a], 0).In(vntext.Vietnam)
		return &t
	}
	var events []Event
	push := func(t *time.Time, kind string, fill func(*Event)) {
		if !want(kind) || !inRange(t) {
			return
		}
		x := Event{At: *t, Kind: kind}
		fill(&x)
		events = append(events, x)
	}

	// Records: positions, resolutions, reports.
	positions, err := e.store.PositionsOf(ctx, of)
	if err != nil {
		return TimelinePage{}, err
	}
	positionByID := map[int64]*models.Position{}
	for i := range positions {
		p := &positions[i]
		positionByID[p.ID] = p
		push(p.StartedOn, EventPositionStarted, func(e *Event) { e.Position = ptr(p.ID) })
		push(p.EndedOn, EventPositionEnded, func(e *Event) { e.Position = ptr(p.ID) })
	}
	resolutions, err := e.store.DatedResolutions(ctx, of)
	if err != nil {
		return TimelinePage{}, err
	}
	for _, r := range resolutions {
		push(r.IssuedOn, EventResolutionIssued, func(e *Event) { e.Resolution = ptr(r.ID) })
	}
	var reportIDs []int64
	if of.Type == models.TypeReport {
		reportIDs = []int64{of.ID}
	}
	for _, h := range g.edges(n) {
		if h.kind == kReportsOn && !h.out {
			reportIDs = append(reportIDs, h.rec)
		}
	}
	if len(reportIDs) > 0 {
		reportIDs = uniq(reportIDs)
		slices.Sort(reportIDs)
		reports, err := models.ByIDs[models.Report](ctx, e.store, reportIDs)
		if err != nil {
			return TimelinePage{}, err
		}
		for _, id := range reportIDs {
			r := reports[id]
			if r == nil {
				continue
			}
			at := r.PeriodEnd
			if r.ArticleID != nil {
				if a, ok := g.nodes[tArticle][*r.ArticleID]; ok && g.at[a] != undated {
					at = articleTime(a)
				}
			}
			push(at, EventReportPublished, func(e *Event) { e.Report, e.Article = ptr(r.ID), r.ArticleID })
		}
	}
	// Authorship and publication come from the graph.
	for _, h := range g.edges(n) {
		if h.kind == kAuthored && !h.out {
			a := h.to
			push(articleTime(a), EventAuthored, func(e *Event) { e.Article = ptr(g.id[a]) })
		}
	}
	if n < g.nArt {
		push(articleTime(n), EventPublished, func(e *Event) { e.Article = ptr(g.id[n]) })
	}
	rank := func(k string) int { return slices.Index(EventKinds, k) }
	slices.SortStableFunc(events, func(a, b Event) int {
		return cmp.Or(a.At.Compare(b.At), cmp.Compare(rank(a.Kind), rank(b.Kind)))
	})

	// Mentions: the entity's articles in the range, already in time order.
	var mentioned []int32
	if n >= g.nArt && want(EventMentioned) {
		w := g.window(opt.From, opt.To)
		if opt.From == nil && opt.To == nil {
			w.lo = int32(sort.Search(int(g.nArt), func(i int) bool { return g.at[i] != undated }))
		}
		mentioned = g.articles(n, w)
	}

	// Merge the two sorted lists, one page of them.
	page := pageOf(opt.First, opt.Offset)
	out := TimelinePage{Total: len(events) + len(mentioned)}
	var pageArticles []int64
	i, j := 0, 0
	for k := 0; k < page.Offset+page.First && (i < len(events) || j < len(mentioned)); k++ {
		takeMention := j < len(mentioned) && (i >= len(events) || g.at[mentioned[j]] < events[i].At.Unix())
		if k < page.Offset {
			if takeMention {
				j++
			} else {
				i++
			}
			continue
		}
		if takeMention {
			a := mentioned[j]
			out.Events = append(out.Events, Event{At: *articleTime(a), Kind: EventMentioned, Article: ptr(g.id[a])})
			pageArticles = append(pageArticles, g.id[a])
			j++
		} else {
			out.Events = append(out.Events, events[i])
			i++
		}
	}
	// The article and sentence reporting each position on the page.
	var ev evidence
	found := make([]Evidence, len(out.Events))
	for k, x := range out.Events {
		if x.Position != nil {
			p := positionByID[*x.Position]
			ev.add(kPosition, p.ID, 0, models.Ref{Type: models.TypePerson, ID: p.PersonID}, models.Ref{Type: models.TypeOrganisation, ID: p.OrganisationID}, &found[k])
		}
	}
	if err := ev.fill(ctx, e.store); err != nil {
		return TimelinePage{}, err
	}
	for k := range out.Events {
		if x := &out.Events[k]; x.Position != nil {
			x.Article, x.Sentence = found[k].ArticleID, found[k].Sentence
		}
	}
	if len(pageArticles) > 0 {
		keys := make([]models.MentionKey, len(pageArticles))
		for i, a := range pageArticles {
			keys[i] = models.MentionKey{Entity: of, ArticleID: a}
		}
		sentences, err := e.store.MentionSentences(ctx, keys)
		if err != nil {
			return TimelinePage{}, err
		}
		for k := range out.Events {
			if x := &out.Events[k]; x.Kind == EventMentioned {
				if l := sentences[models.MentionKey{Entity: of, ArticleID: *x.Article}]; len(l) > 0 {
					x.Sentence = l[0]
				}
			}
		}
	}
	return out, nil
}
