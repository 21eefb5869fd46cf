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
	t := &timeline{g: g, n: n, of: of, opt: opt, kinds: kinds}
	if err := t.records(ctx, e.store); err != nil {
		return TimelinePage{}, err
	}
	t.fromGraph()
	rank := func(k string) int { return slices.Index(EventKinds, k) }
	slices.SortStableFunc(t.events, func(a, b Event) int {
		return cmp.Or(a.At.Compare(b.At), cmp.Compare(rank(a.Kind), rank(b.Kind)))
	})
	out := t.page(t.mentioned())
	if err := t.sentences(ctx, e.store, out.Events); err != nil {
		return TimelinePage{}, err
	}
	return out, nil
}

// timeline is one Timeline call under way: the events of records and of
// the graph, sorted, are merged with the articles mentioning the entity
// (already in time order) one page at a time.
type timeline struct {
	g         *graph
	n         int32
	of        models.Ref
	opt       TimelineOptions
	kinds     map[string]bool // empty: every kind
	events    []Event
	positions map[int64]*models.Position
}

func (t *timeline) want(kind string) bool { return len(t.kinds) == 0 || t.kinds[kind] }

// push adds an event of kind at time at, when the options let it through.
func (t *timeline) push(at *time.Time, kind string, fill func(*Event)) {
	if !t.want(kind) || at == nil || (t.opt.From != nil && at.Before(*t.opt.From)) || (t.opt.To != nil && at.After(*t.opt.To)) {
		return
	}
	x := Event{At: *at, Kind: kind}
	fill(&x)
	t.events = append(t.events, x)
}

// articleTime is the publication time of article node a, nil when undated.
func (t *timeline) articleTime(a int32) *time.Time {
	if t.g.at[a] == undated {
		return nil
	}
	at := time.Unix(t.g.at[a], 0).In(vntext.Vietnam)
	return &at
}

// records adds the events of the positions, resolutions and reports of
// the entity.
func (t *timeline) records(ctx context.Context, s *models.Store) error {
	g := t.g
	positions, err := s.PositionsOf(ctx, t.of)
	if err != nil {
		return err
	}
	t.positions = map[int64]*models.Position{}
	for i := range positions {
		p := &positions[i]
		t.positions[p.ID] = p
		t.push(p.StartedOn, EventPositionStarted, func(e *Event) { e.Position = ptr(p.ID) })
		t.push(p.EndedOn, EventPositionEnded, func(e *Event) { e.Position = ptr(p.ID) })
	}
	resolutions, err := s.DatedResolutions(ctx, t.of)
	if err != nil {
		return err
	}
	for _, r := range resolutions {
		t.push(r.IssuedOn, EventResolutionIssued, func(e *Event) { e.Resolution = ptr(r.ID) })
	}
	var reportIDs []int64
	if t.of.Type == models.TypeReport {
		reportIDs = []int64{t.of.ID}
	}
	for _, h := range g.edges(t.n) {
		if h.kind == kReportsOn && !h.out {
			reportIDs = append(reportIDs, h.rec)
		}
	}
	if len(reportIDs) == 0 {
		return nil
	}
	reportIDs = uniq(reportIDs)
	slices.Sort(reportIDs)
	reports, err := models.ByIDs[models.Report](ctx, s, reportIDs)
	if err != nil {
		return err
	}
	for _, id := range reportIDs {
		r := reports[id]
		if r == nil {
			continue
		}
		at := r.PeriodEnd
		if r.ArticleID != nil {
			if a, ok := g.artNode[*r.ArticleID]; ok && g.at[a] != undated {
				at = t.articleTime(a)
			}
		}
		t.push(at, EventReportPublished, func(e *Event) { e.Report, e.Article = ptr(r.ID), r.ArticleID })
	}
	return nil
}

// fromGraph adds authorship and publication, which the graph holds.
func (t *timeline) fromGraph() {
	g, n := t.g, t.n
	for _, h := range g.edges(n) {
		if h.kind == kAuthored && !h.out {
			a := h.to
			t.push(t.articleTime(a), EventAuthored, func(e *Event) { e.Article = ptr(g.id[a]) })
		}
	}
	if n < g.nArt {
		t.push(t.articleTime(n), EventPublished, func(e *Event) { e.Article = ptr(g.id[n]) })
	}
}

// mentioned returns the dated articles mentioning the entity in the
// range, in time order.
func (t *timeline) mentioned() []int32 {
	g := t.g
	if t.n < g.nArt || !t.want(EventMentioned) {
		return nil
	}
	w := g.window(t.opt.From, t.opt.To)
	if t.opt.From == nil && t.opt.To == nil {
		w.lo = int32(sort.Search(int(g.nArt), func(i int) bool { return g.at[i] != undated }))
	}
	return g.articles(t.n, w)
}

// page merges the sorted events and mentions, one page of them.
func (t *timeline) page(mentioned []int32) TimelinePage {
	g, events := t.g, t.events
	page := pageOf(t.opt.First, t.opt.Offset)
	out := TimelinePage{Total: len(events) + len(mentioned)}
	i, j := 0, 0
	for k := 0; k < page.Offset+page.First && (i < len(events) || j < len(mentioned)); k++ {
		takeMention := j < len(mentioned) && (i >= len(events) || g.at[mentioned[j]] < events[i].At.Unix())
		switch {
		case k < page.Offset && takeMention:
			j++
		case k < page.Offset:
			i++
		case takeMention:
			a := mentioned[j]
			out.Events = append(out.Events, Event{At: *t.articleTime(a), Kind: EventMentioned, Article: ptr(g.id[a])})
			j++
		default:
			out.Events = append(out.Events, events[i])
			i++
		}
	}
	return out
}

// sentences fills in the article and sentence reporting each position on
// the page, and the sentence of each mention.
func (t *timeline) sentences(ctx context.Context, s *models.Store, events []Event) error {
	var ev evidence
	found := make([]Evidence, len(events))
	var keys []models.MentionKey
	for k, x := range events {
		switch {
		case x.Position != nil:
			p := t.positions[*x.Position]
			ev.add(kPosition, p.ID, 0, models.Ref{Type: models.TypePerson, ID: p.PersonID}, models.Ref{Type: models.TypeOrganisation, ID: p.OrganisationID}, &found[k])
		case x.Kind == EventMentioned:
			keys = append(keys, models.MentionKey{Entity: t.of, ArticleID: *x.Article})
		}
	}
	if err := ev.fill(ctx, s); err != nil {
		return err
	}
	var sentences map[models.MentionKey][]string
	if len(keys) > 0 {
		var err error
		if sentences, err = s.MentionSentences(ctx, keys); err != nil {
			return err
		}
	}
	for k := range events {
		x := &events[k]
		switch {
		case x.Position != nil:
			x.Article, x.Sentence = found[k].ArticleID, found[k].Sentence
		case x.Kind == EventMentioned:
			if l := sentences[models.MentionKey{Entity: t.of, ArticleID: *x.Article}]; len(l) > 0 {
				x.Sentence = l[0]
			}
		}
	}
	return nil
}
