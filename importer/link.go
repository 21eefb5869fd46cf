package importer

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"tracuu/ingest"
	"tracuu/models"
)

// linker stores one article and links its extraction to known entities,
// inside the import's transaction.
type linker struct {
	tx *models.Store
	*cache
	last *models.Article
	// inserted holds the articles of the batch that insertArticles
	// inserted ahead, by content key, until store takes each; bulk, the
	// rows of their authors and mentions, written by writeBulk.
	inserted map[string]*models.Article
	bulk     models.Bulk
	// pend, in a batch whose articles insertArticles inserted, holds the
	// entities created and not yet written (models.Pending): they are
	// written with the authors and mentions (writeBulk), or before a
	// statement that refers to them. resKeys and held are the batch's
	// look-ups of resolutions (by code key) and of the positions of the
	// people it names (heldPeople).
	pend       *models.Pending
	resKeys    map[string]int64
	held       map[models.PositionKey]bool
	heldPeople map[int64]bool
	// keepFresh: keep, in fresh, the articles insertArticles inserted as
	// they are written, with their authors and mentions (Committed), for
	// Options.Committed; an article a later record of the batch writes
	// again is dropped from it (spoil).
	keepFresh bool
	fresh     map[int64]*Committed
}

// cache remembers the entities an import has linked, by key, so that each
// is looked up once. It is reset when a transaction or a record is rolled
// back, since what it remembers may then be gone.
type cache struct {
	orgs      map[string]int64
	people    map[string]int64
	res       map[string]int64
	positions map[positionKey]bool
	// keys holds the entity keys prefetched for the current batch, by
	// entity type and match key; 0 means no entity has the key.
	keys map[string]map[string]int64
	// articles holds the stored articles of the current batch by content
	// key, prefetched and then kept up to date as the batch saves them.
	articles map[string]*models.Article
}

func newCache() *cache {
	c := &cache{}
	c.reset()
	return c
}

func (c *cache) reset() {
	c.orgs, c.people, c.res, c.positions = map[string]int64{}, map[string]int64{}, map[string]int64{}, map[positionKey]bool{}
	c.keys, c.articles = nil, nil
}

// prefetch looks up, in one query per entity type, every name the batch
// may link, so that linking a new name costs no query.
func (l *linker) prefetch(ctx context.Context, recs []*prepared) error {
	var people, orgs, contentKeys []string
	for _, r := range recs {
		contentKeys = append(contentKeys, r.model.ContentKey)
		people = append(people, r.Article.Authors...)
		for _, p := range r.extraction.People {
			people = append(people, p.Name)
		}
		for _, o := range r.extraction.Organisations {
			if !o.Generic {
				orgs = append(orgs, o.Name, o.Parent)
			}
		}
		for _, res := range r.extraction.Resolutions {
			orgs = append(orgs, res.Issuer)
		}
	}
	l.keys = map[string]map[string]int64{}
	for typ, names := range map[string][]string{models.TypePerson: people, models.TypeOrganisation: orgs} {
		found, err := l.tx.LookupKeys(ctx, typ, names)
		if err != nil {
			return err
		}
		l.keys[typ] = found
	}
	var err error
	l.articles, err = l.tx.StoredArticles(ctx, contentKeys)
	return err
}

// positionKey is what the import remembers of a position it linked.
type positionKey struct {
	person, org      int64
	title, qualifier string
}

// prefetchLinks looks up, in one query each, the resolutions the batch
// names and the positions held by the people it names, and starts
// deferring the entities it creates (pend).
func (l *linker) prefetchLinks(ctx context.Context, recs []*prepared) error {
	var keys []string
	seen := map[string]bool{}
	for _, r := range recs {
		for _, res := range r.extraction.Resolutions {
			if k := resolutionModel(res).CodeKey; !seen[k] {
				seen[k] = true
				keys = append(keys, k)
			}
		}
	}
	var err error
	if l.resKeys, err = l.tx.ResolutionsByKeys(ctx, keys); err != nil {
		return err
	}
	l.heldPeople = map[int64]bool{}
	var people []int64
	for _, id := range l.keys[models.TypePerson] {
		if id != 0 && !l.heldPeople[id] {
			l.heldPeople[id] = true
			people = append(people, id)
		}
	}
	slices.Sort(people)
	if l.held, err = l.tx.HeldPositions(ctx, people); err != nil {
		return err
	}
	l.pend = &models.Pending{}
	return nil
}

// writePending writes the entities created so far and puts their ids in
// place of the placeholders the import's cache holds.
func (l *linker) writePending(ctx context.Context) error {
	if l.pend.Empty() {
		return nil
	}
	if err := l.tx.WritePending(ctx, l.pend, &l.bulk); err != nil {
		return err
	}
	for _, m := range []map[string]int64{l.orgs, l.people, l.res, l.keys[models.TypePerson], l.keys[models.TypeOrganisation]} {
		for k, id := range m {
			if models.Placeholder(id) {
				m[k] = l.pend.Resolve(id)
			}
		}
	}
	for k := range l.positions {
		if models.Placeholder(k.person) || models.Placeholder(k.org) {
			delete(l.positions, k)
			k.person, k.org = l.pend.Resolve(k.person), l.pend.Resolve(k.org)
			l.positions[k] = true
		}
	}
	return nil
}

// insertArticles inserts, in one statement, the articles of recs that are
// new (no article stored with their content key, the first of the batch
// with it), in the order of recs: the ids they get one by one.
func (l *linker) insertArticles(ctx context.Context, recs []*prepared) error {
	l.inserted = map[string]*models.Article{}
	var arts []*models.Article
	for _, r := range recs {
		k := r.model.ContentKey
		if l.articles[k] != nil || l.inserted[k] != nil {
			continue
		}
		a := *r.model
		l.inserted[k] = &a
		arts = append(arts, &a)
	}
	return l.tx.InsertArticles(ctx, arts)
}

// writeBulk writes the entities, authors and mentions collected so far.
func (l *linker) writeBulk(ctx context.Context) error {
	if err := l.writePending(ctx); err != nil {
		return err
	}
	if l.bulk.Empty() {
		return nil
	}
	if l.keepFresh {
		authors, mentions := l.bulk.Rows()
		for _, r := range authors {
			if a := l.fresh[r.ArticleID]; a != nil {
				a.Authors = append(a.Authors, r.PersonID)
			}
		}
		for _, m := range mentions {
			if a := l.fresh[m.ArticleID]; a != nil {
				a.Mentions = append(a.Mentions, models.Ref{Type: m.EntityType, ID: m.EntityID})
			}
		}
	}
	return l.tx.WriteBulk(ctx, &l.bulk)
}

// keep notes art, just inserted by insertArticles, in l.fresh; spoil
// drops the article id from it, written again by the batch (an id is
// inserted once, so kept at most once).
func (l *linker) keep(art *models.Article) {
	if !l.keepFresh {
		return
	}
	if l.fresh == nil {
		l.fresh = map[int64]*Committed{}
	}
	a := *art
	l.fresh[art.ID] = &Committed{Article: &a}
}

func (l *linker) spoil(id int64) { delete(l.fresh, id) }

// lookup returns the id of the entity of type typ that has the key of name,
// or 0, from the prefetched keys when it can.
func (l *linker) lookup(ctx context.Context, typ, name string) (int64, error) {
	if id, ok := l.keys[typ][models.MatchKey(typ, name)]; ok {
		return id, nil
	}
	return l.tx.LookupKey(ctx, typ, name)
}

// claimed notes the keys an entity just created claimed (those no other
// entity had), as the store does.
func (l *linker) claimed(typ string, id int64, names ...string) {
	m := l.keys[typ]
	if m == nil {
		return
	}
	for _, n := range names {
		if k := models.MatchKey(typ, n); k != "" && m[k] == 0 {
			m[k] = id
		}
	}
}

// StoreArticle stores one article with everything extracted from it and
// returns what it did with the article. Nothing is written when it fails.
// A transaction that lost a race with a concurrent writer (the same
// article, or a new entity both name, stored meanwhile: a unique key, or
// the entity's key taken, models.ErrKeyTaken; or a deadlock) runs again,
// and then finds what the other stored. The extraction is done before the
// transaction: on SQLite a transaction holds the one write connection, and
// every other writer waits for it.
func StoreArticle(ctx context.Context, s *models.Store, a ingest.Article) (res models.SaveResult, art *models.Article, err error) {
	x := ingest.Extract(a)
	if err := ctx.Err(); err != nil {
		return "", nil, err
	}
	for try := 1; ; try++ {
		// BatchTx: its look-ups of keys are an import batch's, planned
		// the same way (no bitmap scans on PostgreSQL, so no trigram
		// index for an exact key).
		err = s.BatchTx(ctx, func(tx *models.Store) error {
			l := &linker{tx: tx, cache: newCache()}
			res, err = l.store(ctx, a, &x, nil)
			art = l.last
			return err
		})
		if try == storeTries || !models.Retryable(err) || ctx.Err() != nil {
			return res, art, err
		}
		if models.Raced(err) {
			if backoff(ctx, try) != nil {
				return res, art, err
			}
		}
	}
}

// storeTries bounds the runs of one StoreArticle.
const storeTries = 4

// store saves the article and, when it is new or changed, links x (the
// extraction of a, made before the transaction). art, when not nil, is a already
// converted and normalised.
func (l *linker) store(ctx context.Context, a ingest.Article, x *ingest.Extraction, art *models.Article) (models.SaveResult, error) {
	var authorIDs []int64
	for _, name := range a.Authors {
		id, err := l.person(ctx, name)
		if err != nil {
			return "", err
		}
		authorIDs = append(authorIDs, id)
	}
	if art == nil {
		art = ToModel(a)
	}
	var res models.SaveResult
	var err error
	if pre := l.inserted[art.ContentKey]; pre != nil {
		delete(l.inserted, art.ContentKey)
		*art = *pre
		res = models.Inserted
		if err = l.tx.ArticleInserted(ctx, art, authorIDs, &l.bulk); err == nil {
			stored := *art
			l.articles[art.ContentKey] = &stored
			l.keep(art)
		}
	} else if l.articles != nil {
		if stored := l.articles[art.ContentKey]; stored != nil {
			l.spoil(stored.ID)
		}
		// What follows reads or replaces what the batch wrote: the rows
		// collected must be in first.
		if err := l.writeBulk(ctx); err != nil {
			return "", err
		}
		for i, id := range authorIDs {
			authorIDs[i] = l.pend.Resolve(id)
		}
		res, err = l.tx.SaveArticleOver(ctx, art, authorIDs, l.articles[art.ContentKey])
		if err == nil {
			stored := *art
			l.articles[art.ContentKey] = &stored
		}
	} else {
		res, err = l.tx.SaveArticle(ctx, art, authorIDs)
	}
	l.last = art
	if err != nil || res == models.Unchanged {
		return res, err
	}
	return res, l.link(ctx, art, x, res == models.Inserted)
}

// ToModel converts a read article into the stored form, normalised, as
// the import hands it to the database (cmd/extractdump shows it too).
func ToModel(a ingest.Article) *models.Article {
	art := model(a)
	art.Normalise()
	return art
}

// ToModelExtracted is ToModel for an article Extract has read as x: the
// content hash is x's (Extraction.ContentHash, the same as Normalise's)
// when it has one, so that the title and body are not read again for it.
func ToModelExtracted(a ingest.Article, x *ingest.Extraction) *models.Article {
	art := model(a)
	if hash, ok := x.ContentHash(); ok {
		art.NormaliseHashed(hash)
	} else {
		art.Normalise()
	}
	return art
}

// model is a as a models.Article, not normalised yet.
func model(a ingest.Article) *models.Article {
	art := &models.Article{Title: a.Title, Lead: a.Lead, Body: a.Body, Captions: append(models.StringList(nil), a.Captions...),
		Source: a.Source, SourceCode: a.SourceCode, Section: a.Section}
	if a.URL != "" {
		u := a.URL
		art.URL = &u
	}
	if !a.PublishedAt.IsZero() {
		t := a.PublishedAt
		art.PublishedAt = &t
	}
	return art
}

// link stores what x found in art; fresh says art was just inserted, so it
// has no reports or mentions to replace.
func (l *linker) link(ctx context.Context, art *models.Article, x *ingest.Extraction, fresh bool) error {
	ids := map[string]int64{} // kind + "\x00" + key -> entity id
	for _, o := range x.Organisations {
		if o.Generic {
			continue
		}
		id, err := l.organisation(ctx, o)
		if err != nil {
			return err
		}
		ids[ingest.MentionOrganisation+"\x00"+o.Key] = id
	}
	for _, p := range x.People {
		id, err := l.person(ctx, p.Name)
		if err != nil {
			return err
		}
		ids[ingest.MentionPerson+"\x00"+p.Key] = id
	}
	for _, r := range x.Resolutions {
		id, err := l.resolution(ctx, r)
		if err != nil {
			return err
		}
		ids[ingest.MentionResolution+"\x00"+r.Key] = id
	}
	for _, p := range x.Positions {
		if p.OrganisationKey == "" {
			continue
		}
		personID, orgID := ids[ingest.MentionPerson+"\x00"+p.PersonKey], ids[ingest.MentionOrganisation+"\x00"+p.OrganisationKey]
		if personID == 0 || orgID == 0 {
			continue
		}
		if err := l.position(ctx, personID, orgID, p, art.ID); err != nil {
			return err
		}
	}
	if err := l.reports(ctx, art, x, ids, fresh); err != nil {
		return err
	}
	var ms []models.Mention
	for _, m := range x.Mentions {
		typ := map[string]string{ingest.MentionOrganisation: models.TypeOrganisation, ingest.MentionPerson: models.TypePerson,
			ingest.MentionResolution: models.TypeResolution}[m.Kind]
		id := ids[m.Kind+"\x00"+m.Key]
		if typ == "" || id == 0 {
			continue
		}
		mention := models.Mention{EntityType: typ, EntityID: id, Field: m.Field, Sentence: m.Sentence, StartOffset: m.Start, EndOffset: m.End}
		if m.Field == ingest.FieldCaption {
			mention.Caption = &m.Index
		}
		ms = append(ms, mention)
	}
	if fresh && l.inserted != nil {
		l.bulk.AddMentions(art, ms)
		return nil
	}
	if err := l.writePending(ctx); err != nil {
		return err
	}
	for i := range ms {
		ms[i].EntityID = l.pend.Resolve(ms[i].EntityID)
	}
	if fresh {
		return l.tx.AddMentions(ctx, art.ID, ms)
	}
	return l.tx.ReplaceMentions(ctx, art.ID, ms)
}

// organisation returns the id of the organisation, creating it (and its
// parent, by name) when no entity has its key.
func (l *linker) organisation(ctx context.Context, o ingest.Organisation) (int64, error) {
	if id, ok := l.orgs[o.Key]; ok {
		return id, nil
	}
	id, err := l.lookup(ctx, models.TypeOrganisation, o.Name)
	if err != nil || id != 0 {
		l.orgs[o.Key] = id
		return id, err
	}
	m := &models.Organisation{Name: o.Name, Kind: o.Kind, Level: o.Level, Aliases: o.Aliases}
	if !slices.Contains(models.OrganisationKinds, m.Kind) {
		m.Kind = "other"
	}
	if !slices.Contains(models.OrganisationLevels, m.Level) {
		m.Level = "other"
	}
	if o.Parent != "" {
		pid, err := l.organisation(ctx, ingest.Organisation{Key: strings.ToLower(o.Parent), Name: o.Parent, Kind: parentKind(o.Parent), Level: parentLevel(o.Parent)})
		if err != nil {
			return 0, err
		}
		if pid != 0 {
			m.ParentID = &pid
		}
	}
	create := l.tx.CreateOrganisationFor
	if l.pend != nil {
		create = func(ctx context.Context, m *models.Organisation) error { return l.tx.DeferOrganisation(ctx, l.pend, m) }
	}
	if err := create(ctx, m); err != nil {
		return 0, fmt.Errorf("organisation %q: %w", o.Name, err)
	}
	l.claimed(models.TypeOrganisation, m.ID, append([]string{m.Name}, m.Aliases...)...)
	l.orgs[o.Key] = m.ID
	return m.ID, nil
}

// parentKind and parentLevel guess what a parent named only by the text is.
func parentKind(name string) string {
	n := strings.ToLower(name)
	switch {
	case strings.Contains(n, "ủy") || strings.Contains(n, "uỷ") || strings.Contains(n, "ban chấp hành"):
		return "party_committee"
	case strings.HasPrefix(n, "đảng bộ"):
		return "party_organisation"
	}
	return "other"
}

func parentLevel(name string) string {
	n := strings.ToLower(name)
	switch {
	case strings.Contains(n, "tỉnh") || strings.Contains(n, "thành phố"):
		return "province"
	case strings.Contains(n, "huyện") || strings.Contains(n, "quận") || strings.Contains(n, "thị xã"):
		return "district"
	case strings.Contains(n, "xã") || strings.Contains(n, "phường") || strings.Contains(n, "thị trấn"):
		return "commune"
	case strings.Contains(n, "trung ương"):
		return "central"
	}
	return "other"
}

func (l *linker) person(ctx context.Context, name string) (int64, error) {
	k := models.MatchKey(models.TypePerson, name)
	if id, ok := l.people[k]; ok {
		return id, nil
	}
	id, err := l.lookup(ctx, models.TypePerson, name)
	if err != nil {
		return 0, err
	}
	if id == 0 {
		p := &models.Person{Name: name}
		create := l.tx.CreatePersonFor
		if l.pend != nil {
			create = func(ctx context.Context, p *models.Person) error { return l.tx.DeferPerson(ctx, l.pend, p) }
		}
		if err := create(ctx, p); err != nil {
			return 0, fmt.Errorf("person %q: %w", name, err)
		}
		id = p.ID
		l.claimed(models.TypePerson, id, p.Name)
	}
	l.people[k] = id
	return id, nil
}

// resolution finds a document by its code (or, for unnumbered ones, by
// the extraction's key) and creates it when new.
func (l *linker) resolution(ctx context.Context, r ingest.Resolution) (int64, error) {
	if id, ok := l.res[r.Key]; ok {
		return id, nil
	}
	m := resolutionModel(r)
	var existing int64
	var err error
	known, ok := l.resKeys[m.CodeKey] // the batch's look-up, when in one
	if ok {
		existing = known
	} else {
		existing, err = l.tx.ResolutionByKey(ctx, m.CodeKey)
	}
	if err == nil && existing == 0 && l.pend != nil {
		existing = l.pend.PendingResolution(m.CodeKey)
	}
	if err != nil {
		return 0, err
	}
	if existing != 0 {
		l.res[r.Key] = existing
		return existing, nil
	}
	if r.Issuer != "" {
		id, err := l.organisation(ctx, ingest.Organisation{Key: strings.ToLower(r.Issuer), Name: r.Issuer, Kind: parentKind(r.Issuer), Level: r.Level})
		if err != nil {
			return 0, err
		}
		if id != 0 {
			m.IssuerID = &id
		}
	}
	if l.pend != nil {
		err = l.tx.DeferResolution(ctx, l.pend, m)
	} else {
		err = l.tx.CreateResolution(ctx, m)
	}
	if err != nil {
		return 0, fmt.Errorf("resolution %q: %w", r.Key, err)
	}
	l.res[r.Key] = m.ID
	return m.ID, nil
}

// resolutionModel is the resolution r names, as the import creates it,
// with the code key it is looked up by.
func resolutionModel(r ingest.Resolution) *models.Resolution {
	m := &models.Resolution{Kind: r.Kind, Number: r.Number, Title: r.Title}
	if !slices.Contains(models.ResolutionKinds, m.Kind) {
		m.Kind = "other"
	}
	if _, ok := models.ParseCode(r.Code); ok {
		code := r.Code
		m.Code = &code
		m.CodeKey = models.CodeKey(code)
	} else {
		// No code, or one the store does not know the shape of: the
		// document is identified by the extraction's key.
		if m.Title == "" {
			m.Title = r.Code
		}
		m.CodeKey = "key:" + strings.ToLower(r.Key)
		if m.Title == "" {
			m.Title = resolutionTitle(r)
		}
	}
	return m
}

func resolutionTitle(r ingest.Resolution) string {
	kind := map[string]string{"nghi_quyet": "Nghị quyết", "chi_thi": "Chỉ thị", "ket_luan": "Kết luận"}[r.Kind]
	if kind == "" {
		kind = "Văn bản"
	}
	parts := []string{kind}
	if r.Plenum > 0 {
		parts = append(parts, fmt.Sprintf("Trung ương %d", r.Plenum))
	}
	if r.Term != "" {
		parts = append(parts, "khóa "+r.Term)
	}
	if r.Issuer != "" && r.Plenum == 0 {
		parts = append(parts, r.Issuer)
	}
	if r.Year > 0 {
		parts = append(parts, fmt.Sprintf("năm %d", r.Year))
	}
	return strings.Join(parts, " ")
}

// position stores that a person holds a title at an organisation, once
// per title and qualifier: a former holding ("nguyên Bộ trưởng") and a
// current one are two positions, never merged into one.
func (l *linker) position(ctx context.Context, personID, orgID int64, p ingest.Position, articleID int64) error {
	k := positionKey{personID, orgID, strings.ToLower(p.Title), p.Qualifier}
	if l.positions[k] {
		return nil
	}
	l.positions[k] = true
	pos := &models.Position{PersonID: personID, OrganisationID: orgID, Title: p.Title, Qualifier: p.Qualifier, ArticleID: &articleID}
	if l.pend == nil {
		if held, err := l.tx.HasPosition(ctx, personID, orgID, p.Title, p.Qualifier); err != nil || held {
			return err
		}
		return l.tx.CreatePosition(ctx, pos)
	}
	// A new person or organisation holds nothing stored yet; for the
	// people the batch looked up, its look-up answers; else the store does.
	pk := models.KeyOf(personID, orgID, p.Title, p.Qualifier)
	held := l.pend.PendingPosition(pk)
	switch {
	case held, models.Placeholder(personID), models.Placeholder(orgID):
	case l.heldPeople[personID]:
		held = l.held[pk]
	default:
		var err error
		if held, err = l.tx.HasPosition(ctx, personID, orgID, p.Title, p.Qualifier); err != nil {
			return err
		}
	}
	if held {
		return nil
	}
	return l.tx.DeferPosition(ctx, l.pend, pos)
}

// reports replaces the reports of the article with the extracted ones.
func (l *linker) reports(ctx context.Context, art *models.Article, x *ingest.Extraction, ids map[string]int64, fresh bool) error {
	if !fresh {
		old, err := l.tx.Reports(ctx, models.ReportFilter{ArticleIDs: []int64{art.ID}}, models.Page{First: models.MaxPage})
		if err != nil {
			return err
		}
		for _, r := range old.Items {
			if err := l.tx.DeleteReport(ctx, r.ID); err != nil {
				return err
			}
		}
	}
	if len(x.Reports) > 0 {
		// The reports refer to entities by id: the pending ones first.
		if err := l.writePending(ctx); err != nil {
			return err
		}
		for k, id := range ids {
			ids[k] = l.pend.Resolve(id)
		}
	}
	for _, r := range x.Reports {
		rep := &models.Report{Title: r.Title, ArticleID: &art.ID}
		if !r.PeriodStart.IsZero() {
			s, e := r.PeriodStart, r.PeriodEnd
			rep.PeriodStart, rep.PeriodEnd = &s, &e
		}
		if id := ids[ingest.MentionOrganisation+"\x00"+r.OrganisationKey]; id != 0 {
			rep.OrganisationID = &id
		}
		var resIDs []int64
		for _, k := range r.Resolutions {
			if id := ids[ingest.MentionResolution+"\x00"+k]; id != 0 {
				resIDs = append(resIDs, id)
			}
		}
		var figs []models.Figure
		for _, i := range r.Figures {
			if i < 0 || i >= len(x.Figures) {
				continue
			}
			f := x.Figures[i]
			figs = append(figs, models.Figure{Label: f.Label, Value: f.Value, Unit: f.Unit, Total: f.Total, Percent: f.Percent, Sentence: f.Mention.Sentence})
		}
		if err := l.tx.SaveReport(ctx, rep, resIDs, figs); err != nil {
			return err
		}
	}
	return nil
}
