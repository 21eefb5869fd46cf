package models

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"gorm.io/gorm"

	"tracuu/vntext"
)

// Article is one news article, the evidence for everything else.
type Article struct {
	ID          int64
	ContentKey  string // the url when there is one, else "sha256:" + ContentHash
	ContentHash string // hash of the normalised title and body
	URL         *string
	Title       string
	Lead        string
	Body        string
	Captions    StringList // photo captions, in order: a mention in caption i is in Captions[i]
	Source      string     // publication, e.g. Báo Đồng Khởi
	SourceCode  string     // its code, e.g. BDK
	Section     string
	PublishedAt *time.Time
	CreatedAt   time.Time
	UpdatedAt   time.Time

	normalised bool // Normalise ran and nothing changed the fields since
}

// Key implements Identified.
func (a *Article) Key() int64 { return a.ID }

// ContentHash is the identity of an article without a url: the SHA-256 of
// its title and body after normalisation, so the same text typed in NFD,
// with other spaces or tone placement, hashes the same.
func ContentHash(title, body string) string {
	if sum, ok := contentHashQuick(title, body); ok {
		return sum
	}
	return contentHashLong(title, body)
}

// contentHashQuick is ContentHash for text of runes vntext's quick table
// passes as clean (every article), which vntext.Clean returns as it is:
// the words of each field, tones placed, in one pass over it
// (vntext.AppendWords) into a buffer kept from the last article, hashed at
// once. ok is false for any other text.
func contentHashQuick(title, body string) (sum string, ok bool) {
	bp := hashBufs.Get().(*[]byte)
	buf, ok := vntext.AppendWords((*bp)[:0], title)
	if ok {
		buf = append(buf, '\n')
		buf, ok = vntext.AppendWords(buf, body)
	}
	var h [sha256.Size]byte
	if ok {
		h = sha256.Sum256(buf)
	}
	if cap(buf) <= 256<<10 {
		*bp = buf[:0]
		hashBufs.Put(bp)
	}
	if !ok {
		return "", false
	}
	return hex.EncodeToString(h[:]), true
}

// hashBufs holds ContentHash's buffers: fresh memory an article costs page
// faults.
var hashBufs = sync.Pool{New: func() any { return new([]byte) }}

// contentHashLong is ContentHash for any text: Clean, PlaceTones, the
// words by strings.Fields.
func contentHashLong(title, body string) string {
	h := sha256.New()
	buf := make([]byte, 0, min(32<<10, len(title)+len(body)+1))
	for i, s := range []string{title, body} {
		if i > 0 {
			buf = append(buf, '\n')
		}
		// The words of the text (strings.Fields), one space between them,
		// written through buf: no slice of every word, no copy of each.
		first := true
		for w := range strings.FieldsSeq(vntext.PlaceTones(vntext.Clean(s))) {
			if !first {
				buf = append(buf, ' ')
			}
			buf, first = append(buf, w...), false
			if len(buf) >= 32<<10 {
				h.Write(buf)
				buf = buf[:0]
			}
		}
	}
	h.Write(buf)
	return hex.EncodeToString(h.Sum(nil))
}

// Normalise tidies the fields of an article as they will be stored and
// computes its identity. SaveArticle does it too; an importer calls it
// ahead, on other cores, and must not change the fields afterwards.
func (a *Article) Normalise() {
	a.normalise()
	a.normalised = true
}

// NormaliseHashed is Normalise for an article whose content hash the
// caller worked out already, as contentHashQuick would (the hash of text
// its quick table takes: ingest.Extraction.ContentHash): the title and
// body are not read again for it. hash must be that hash; any other
// value is stored as the article's identity.
func (a *Article) NormaliseHashed(hash string) {
	if !a.normalised {
		a.normaliseWith(hash)
	}
	a.normalised = true
}

func (a *Article) normalise() {
	if a.normalised {
		return
	}
	a.normaliseWith("")
}

// normaliseWith is normalise with the content hash given ("": work it out).
func (a *Article) normaliseWith(given string) {
	a.Title = cleanName(a.Title)
	a.Lead = strings.TrimSpace(vntext.Clean(a.Lead))
	// A body contentHashQuick takes is one vntext.Clean returns as it is
	// (the quick table's clean runes), and its words are those of the body
	// trimmed: hashed here, it is not scanned again by Clean.
	hash, quick := given, given != ""
	if !quick {
		hash, quick = contentHashQuick(a.Title, a.Body)
	}
	if quick {
		a.Body = strings.TrimSpace(a.Body)
	} else {
		a.Body = strings.TrimSpace(vntext.Clean(a.Body))
	}
	for i, c := range a.Captions {
		a.Captions[i] = strings.TrimSpace(vntext.Clean(c))
	}
	a.Source = cleanName(a.Source)
	a.SourceCode = strings.ToUpper(strings.TrimSpace(a.SourceCode))
	a.Section = cleanName(a.Section)
	if a.URL != nil {
		u := strings.TrimSpace(*a.URL)
		if u == "" {
			a.URL = nil
		} else {
			a.URL = &u
		}
	}
	if !quick {
		hash = ContentHash(a.Title, a.Body)
	}
	a.ContentHash = hash
	if a.URL != nil {
		a.ContentKey = *a.URL
	} else {
		a.ContentKey = "sha256:" + a.ContentHash
	}
}

// Validate reports every invalid field of a.
func (a *Article) Validate() error {
	var v ValidationErrors
	if strings.TrimSpace(a.Title) == "" {
		v.Add("title", "title is required")
	}
	if strings.TrimSpace(a.Body) == "" {
		v.Add("body", "body is required")
	}
	if len(a.Title) > 4000 {
		v.Add("title", "title is longer than 4000 bytes")
	}
	if a.URL != nil && *a.URL != "" {
		u, err := url.Parse(*a.URL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			v.Add("url", "url %q is not an http(s) URL", *a.URL)
		}
	}
	return v.Err()
}

// SaveResult says what SaveArticle did.
type SaveResult string

// What saving an article did.
const (
	Inserted  SaveResult = "inserted"
	Updated   SaveResult = "updated"
	Unchanged SaveResult = "unchanged"
)

// SaveArticle inserts a, or updates the stored article with the same
// identity (url, else content hash). It sets a.ID and returns what it did.
// The authors replace the stored ones when the article changed.
func (s *Store) SaveArticle(ctx context.Context, a *Article, authorIDs []int64) (SaveResult, error) {
	a.normalise()
	var res SaveResult
	err := s.Tx(ctx, func(tx *Store) error {
		stored, err := tx.StoredArticles(ctx, []string{a.ContentKey})
		if err != nil {
			return err
		}
		res, err = tx.SaveArticleOver(ctx, a, authorIDs, stored[a.ContentKey])
		return err
	})
	return res, err
}

// StoredArticles returns the stored articles that have these content keys
// (see Article.ContentKey), by key, in one query per 500 keys.
func (s *Store) StoredArticles(ctx context.Context, keys []string) (map[string]*Article, error) {
	out := make(map[string]*Article, len(keys))
	for chunk := range slices.Chunk(keys, 500) {
		var rows []*Article
		cond, arg := s.inList("content_key", chunk)
		if err := s.db.WithContext(ctx).Where(cond, arg).Find(&rows).Error; err != nil {
			return nil, wrap("find stored articles", err)
		}
		for _, r := range rows {
			out[r.ContentKey] = r
		}
	}
	return out, nil
}

// SaveArticleOver is SaveArticle for a caller that has looked up the
// stored article with a's content key: old, or nil when there is none.
// An import looks up a whole batch at once with StoredArticles.
func (s *Store) SaveArticleOver(ctx context.Context, a *Article, authorIDs []int64, old *Article) (SaveResult, error) {
	a.normalise()
	if err := a.Validate(); err != nil {
		return "", err
	}
	var res SaveResult
	err := s.Tx(ctx, func(tx *Store) error {
		db := tx.db.WithContext(ctx)
		if old == nil {
			res = Inserted
			if err := db.Create(a).Error; err != nil {
				return err
			}
		} else {
			a.ID, a.CreatedAt = old.ID, old.CreatedAt
			if sameArticle(old, a) {
				res = Unchanged
				*a = *old
				return nil
			}
			res = Updated
			if err := db.Save(a).Error; err != nil {
				return err
			}
			if err := tx.datedMentions(ctx, a); err != nil {
				return err
			}
		}
		if err := tx.setAuthors(ctx, a.ID, authorIDs, res == Inserted); err != nil {
			return err
		}
		return tx.enqueue(ctx, TypeArticle, a.ID, OpUpsert)
	})
	return res, wrap("save article", err)
}

// datedMentions gives the mentions of a the publication time it has now
// (the copy that orders an entity's mentions).
func (s *Store) datedMentions(ctx context.Context, a *Article) error {
	return s.write(ctx).Model(&Mention{}).Where("article_id = ?", a.ID).Update("published_at", inVietnam(a.PublishedAt)).Error
}

// inVietnam returns t in Vietnam's time (nil stays nil). Publication times
// are stored so: SQLite keeps a time as text with the offset it was given,
// and orders and compares that text, so times given as +07:00 by one source
// and as Z by another (a browser's toISOString) would list by their local
// times. One offset for all makes the text's order the instants' order.
func inVietnam(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	v := t.In(vntext.Vietnam)
	return &v
}

// BeforeSave stores the publication time in Vietnam's time (inVietnam).
func (a *Article) BeforeSave(*gorm.DB) error {
	a.PublishedAt = inVietnam(a.PublishedAt)
	return nil
}

func sameArticle(a, b *Article) bool {
	samePtr := func(x, y *string) bool { return (x == nil && y == nil) || (x != nil && y != nil && *x == *y) }
	sameTime := func(x, y *time.Time) bool { return (x == nil && y == nil) || (x != nil && y != nil && x.Equal(*y)) }
	return a.ContentHash == b.ContentHash && a.Lead == b.Lead && slices.Equal(a.Captions, b.Captions) && a.Source == b.Source &&
		a.SourceCode == b.SourceCode && a.Section == b.Section && samePtr(a.URL, b.URL) && sameTime(a.PublishedAt, b.PublishedAt)
}

// UpdateArticle writes the changed fields of an existing article.
// Returns ENOTFOUND if there is none with a.ID.
func (s *Store) UpdateArticle(ctx context.Context, a *Article, authorIDs []int64) error {
	a.normalised = false
	a.normalise()
	if err := a.Validate(); err != nil {
		return err
	}
	return wrap("update article", s.Tx(ctx, func(tx *Store) error {
		var err error
		if a.CreatedAt, err = tx.createdAt(ctx, &Article{}, TypeArticle, a.ID); err != nil {
			return err
		}
		if err := tx.db.WithContext(ctx).Save(a).Error; err != nil {
			return err
		}
		if err := tx.datedMentions(ctx, a); err != nil {
			return err
		}
		if authorIDs != nil {
			if err := tx.setAuthors(ctx, a.ID, authorIDs, false); err != nil {
				return err
			}
		}
		return tx.enqueue(ctx, TypeArticle, a.ID, OpUpsert)
	}))
}

// setAuthors replaces the authors of an article; fresh says it has none
// yet. An author that does not exist breaks the foreign key: EINVALID.
func (s *Store) setAuthors(ctx context.Context, articleID int64, personIDs []int64, fresh bool) error {
	db := s.db.WithContext(ctx)
	if !fresh {
		if err := db.Where("article_id = ?", articleID).Delete(&ArticleAuthor{}).Error; err != nil {
			return err
		}
	}
	ids := uniq(personIDs)
	if len(ids) == 0 {
		return nil
	}
	rows := make([]ArticleAuthor, len(ids))
	for i, id := range ids {
		rows[i] = ArticleAuthor{ArticleID: articleID, PersonID: id, Ordinal: i}
	}
	if err := db.Create(&rows).Error; errors.Is(err, gorm.ErrForeignKeyViolated) {
		return Invalid("authors", "an author does not exist")
	} else if err != nil {
		return err
	}
	return nil
}

// DeleteArticle deletes an article with its mentions, reports and figures.
// Returns ENOTFOUND if there is none.
func (s *Store) DeleteArticle(ctx context.Context, id int64) error {
	return wrap("delete article", s.Tx(ctx, func(tx *Store) error {
		db := tx.db.WithContext(ctx)
		var reportIDs []int64
		if err := db.Model(&Report{}).Where("article_id = ?", id).Pluck("id", &reportIDs).Error; err != nil {
			return err
		}
		for _, t := range []any{&Mention{}, &ArticleAuthor{}} {
			if err := db.Where("article_id = ?", id).Delete(t).Error; err != nil {
				return err
			}
		}
		if len(reportIDs) > 0 {
			if err := tx.deleteReports(ctx, reportIDs); err != nil {
				return err
			}
		}
		r := db.Delete(&Article{}, id)
		if r.Error != nil {
			return r.Error
		}
		if r.RowsAffected == 0 {
			return NotFound(TypeArticle, id)
		}
		return tx.enqueue(ctx, TypeArticle, id, OpDelete)
	}))
}

// ArticleAuthor links an article to a person who wrote it.
type ArticleAuthor struct {
	ArticleID int64 `gorm:"primaryKey"`
	PersonID  int64 `gorm:"primaryKey"`
	Ordinal   int
}

// ArticleFilter selects articles. Zero values select everything.
type ArticleFilter struct {
	Sources  []string
	Sections []string
	From, To *time.Time
	AuthorID int64
	Title    string // articles whose title contains this, accent-insensitive
}

// ArticleOrder orders articles.
type ArticleOrder string

// Article orders.
const (
	ArticlesNewest ArticleOrder = "NEWEST"
	ArticlesOldest ArticleOrder = "OLDEST"
	ArticlesTitle  ArticleOrder = "TITLE"
)

// Articles lists articles.
func (s *Store) Articles(ctx context.Context, f ArticleFilter, order ArticleOrder, p Page) (List[Article], error) {
	q := s.db.WithContext(ctx).Model(&Article{})
	if len(f.Sources) > 0 {
		q = q.Where("source IN ? OR source_code IN ?", f.Sources, f.Sources)
	}
	if len(f.Sections) > 0 {
		q = q.Where("section IN ?", f.Sections)
	}
	if f.From != nil {
		q = s.publishedBound(q, *f.From, true)
	}
	if f.To != nil {
		q = s.publishedBound(q, *f.To, false)
	}
	if f.AuthorID != 0 {
		q = q.Where("id IN (?)", s.db.Model(&ArticleAuthor{}).Select("article_id").Where("person_id = ?", f.AuthorID))
	}
	ord := "published_at DESC, id DESC"
	switch order {
	case ArticlesOldest:
		ord = "published_at ASC, id ASC"
	case ArticlesTitle:
		// The expression of the index articles_title_order: titles
		// alike in their first 200 characters follow their id.
		ord = "substr(title, 1, 200) ASC, id ASC"
	}
	if f.Title != "" {
		needle := strings.ToLower(vntext.Clean(f.Title))
		if match, ok := s.trigramMatch(needle); ok {
			// articles_trgm holds tracuu_lower(title) whole, its case
			// kept, and a phrase of trigrams matches where the string
			// does: the index's answer is the LIKE's, with no row read
			// to check it.
			only := len(f.Sources) == 0 && len(f.Sections) == 0 && f.From == nil && f.To == nil && f.AuthorID == 0
			if only {
				l, err := s.articlesByTitle(ctx, q, match, ord, p)
				return l, wrap("list articles", err)
			}
			q = q.Where("articles.id IN (SELECT rowid FROM articles_trgm WHERE articles_trgm MATCH ?)", match)
		} else {
			q = q.Where(s.lower("title")+" LIKE ? ESCAPE '\\'", contains(needle))
		}
	}
	l, err := listByID[Article](q, ord, p)
	return l, wrap("list articles", err)
}

// articlesByTitle lists the articles whose title holds the FTS5 phrase
// match and nothing else (SQLite). The index counts them without reading
// a row. Few, they are read by id and sorted; many, the list's order index
// is walked until the page is full, each entry looked up among them: the
// walk costs about (offset + page) × archive / matches entries, the reads
// one lookup in the wide table per match, which costs as much as tens of
// entries of the narrow index (among 1,000,000 articles, 1,340 matches
// read by id took 0.8-1.4 s).
func (s *Store) articlesByTitle(ctx context.Context, q *gorm.DB, match, ord string, p Page) (List[Article], error) {
	var n, top int64
	db := s.db.WithContext(ctx)
	if err := db.Raw("SELECT count(*) FROM articles_trgm WHERE articles_trgm MATCH ?", match).Scan(&n).Error; err != nil {
		return List[Article]{}, err
	}
	if err := db.Raw("SELECT coalesce(max(id), 0) FROM articles").Scan(&top).Error; err != nil {
		return List[Article]{}, err
	}
	in := "articles.id IN (SELECT rowid FROM articles_trgm WHERE articles_trgm MATCH ?)"
	const lookupPerEntry = 32
	if n*n*lookupPerEntry > top*int64(max(p.Offset, 0)+fetchLimit(p)) {
		// The unary + keeps SQLite from looking the ids up: it walks
		// the order's index instead, and stops with the page.
		in = "+" + in
	}
	l, err := listByID[Article](q.Where(in, match), ord, Page{First: p.First, Offset: p.Offset, NoTotal: true})
	if err == nil && !p.NoTotal {
		l.Total = n
		l.HasNext = int64(max(p.Offset, 0)+len(l.Items)) < n
	}
	return l, err
}

// publishedBound keeps the articles of q published at or after t (from),
// or at or before it. PostgreSQL compares instants. SQLite keeps a time as
// the text it was written with, offset included (+07:00 from most sources,
// +00:00 from others), and compares text: "2021-04-24 20:00:00+07:00"
// (13:00 UTC) is not before "2021-04-24 17:00:00+00:00" as text, so a
// range of instants is a range of text only among times of one offset.
// On SQLite the text range is widened by the largest offsets (-12 h, +14 h),
// which the index answers, and julianday compares the instants among what
// it keeps.
func (s *Store) publishedBound(q *gorm.DB, t time.Time, from bool) *gorm.DB {
	t = t.UTC()
	if s.dialect != "sqlite" {
		if from {
			return q.Where("published_at >= ?", t)
		}
		return q.Where("published_at <= ?", t)
	}
	const text = "2006-01-02 15:04:05"
	instant := t.Format("2006-01-02 15:04:05.000") + "+00:00"
	if from {
		return q.Where("published_at >= ? AND julianday(published_at) >= julianday(?)", t.Add(-12*time.Hour).Format(text), instant)
	}
	return q.Where("published_at <= ? AND julianday(published_at) <= julianday(?)", t.Add(14*time.Hour+time.Second).Format(text), instant)
}

// ArticleByURL returns the article with that url. Returns ENOTFOUND if none.
func (s *Store) ArticleByURL(ctx context.Context, u string) (*Article, error) {
	var a Article
	err := s.db.WithContext(ctx).Where("url = ?", strings.TrimSpace(u)).Take(&a).Error
	return &a, wrap("find article by url", err)
}

// AuthorsOf returns the authors of each article, in byline order.
func (s *Store) AuthorsOf(ctx context.Context, articleIDs []int64) (map[int64][]*Person, error) {
	var rows []struct {
		ArticleID int64
		Person
	}
	err := s.db.WithContext(ctx).Table("article_authors").
		Select("article_authors.article_id, people.*").
		Joins("JOIN people ON people.id = article_authors.person_id").
		Where("article_authors.article_id IN ?", uniq(articleIDs)).
		Order("article_authors.ordinal").Scan(&rows).Error
	if err != nil {
		return nil, wrap("load authors", err)
	}
	out := make(map[int64][]*Person, len(articleIDs))
	for i := range rows {
		p := rows[i].Person
		out[rows[i].ArticleID] = append(out[rows[i].ArticleID], &p)
	}
	return out, nil
}
