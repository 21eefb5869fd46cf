package models

import (
	"context"
	"errors"
	"strings"
	"time"

	"gorm.io/gorm"
)

// Writing an import's batch in few statements.
//
// An import stores batches of hundreds of articles in one transaction.
// Written one row at a time through GORM, each article cost an INSERT of
// its own (on SQLite each statement's end also flushes the title's
// trigram index, a full-text index, to its tables), one for its authors
// and one for its mentions, with GORM's reflection for each. InsertArticles
// and Bulk write the same rows, in the same order (so with the same ids),
// in a few multi-row statements a batch.

// bulkRows bounds the rows of one multi-row INSERT (SQLite allows 32,766
// parameters a statement, PostgreSQL 65,535).
const bulkRows = 500

// InsertArticles inserts new articles (none stored with the same content
// key, no two with the same key) in the order given, in one statement per
// 500, and sets their ids and times as SaveArticleOver would. It neither
// records their changes nor sets their authors: ArticleInserted does, for
// each in turn. Inside a transaction only; invalid articles are refused
// before anything is written.
func (s *Store) InsertArticles(ctx context.Context, arts []*Article) error {
	for _, a := range arts {
		a.normalise()
		if err := a.Validate(); err != nil {
			return err
		}
	}
	const cols = 13
	for start := 0; start < len(arts); start += bulkRows {
		chunk := arts[start:min(start+bulkRows, len(arts))]
		var q strings.Builder
		q.WriteString("INSERT INTO articles (content_key, content_hash, url, title, lead, body, captions, source, source_code, section, published_at, created_at, updated_at) VALUES ")
		args := make([]any, 0, cols*len(chunk))
		byKey := make(map[string]*Article, len(chunk))
		for i, a := range chunk {
			if i > 0 {
				q.WriteByte(',')
			}
			q.WriteString("(?,?,?,?,?,?,?,?,?,?,?,?,?)")
			// As GORM's Create: the times from the store's clock, the
			// publication time in Vietnam's (BeforeSave).
			now := time.Now().UTC()
			a.CreatedAt, a.UpdatedAt = now, now
			a.PublishedAt = inVietnam(a.PublishedAt)
			captions, err := a.Captions.Value()
			if err != nil {
				return wrap("insert articles", err)
			}
			args = append(args, a.ContentKey, a.ContentHash, nullString(a.URL), a.Title, a.Lead, a.Body, captions,
				a.Source, a.SourceCode, a.Section, nullTime(a.PublishedAt), a.CreatedAt, a.UpdatedAt)
			byKey[a.ContentKey] = a
		}
		q.WriteString(" RETURNING id, content_key")
		if err := s.returning(ctx, q.String(), args, func(id int64, key string) {
			if a := byKey[key]; a != nil {
				a.ID = id
			}
		}); err != nil {
			return wrap("insert articles", err)
		}
		for _, a := range chunk {
			if a.ID == 0 {
				return Errorf(EINTERNAL, "insert articles: no id returned for %q", a.ContentKey)
			}
		}
	}
	return nil
}

// returning runs an INSERT … RETURNING of an id and a text key and passes
// each row to fn.
func (s *Store) returning(ctx context.Context, query string, args []any, fn func(id int64, key string)) error {
	rows, err := s.write(ctx).Raw(query, args...).Rows()
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var key string
		if err := rows.Scan(&id, &key); err != nil {
			return err
		}
		fn(id, key)
	}
	return rows.Err()
}

// ArticleInserted finishes what SaveArticleOver does for an article that
// InsertArticles inserted: its authors (through b, written later with
// the batch's other rows) and its change.
func (s *Store) ArticleInserted(ctx context.Context, a *Article, authorIDs []int64, b *Bulk) error {
	for i, id := range uniq(authorIDs) {
		b.authors = append(b.authors, ArticleAuthor{ArticleID: a.ID, PersonID: id, Ordinal: i})
	}
	return s.enqueue(ctx, TypeArticle, a.ID, OpUpsert)
}

// Bulk holds rows of a batch to write together (Write): the authors of
// the articles InsertArticles inserted and the mentions of the articles
// just inserted (AddMentions), in the order they are added.
type Bulk struct {
	authors  []ArticleAuthor
	mentions []Mention
}

// Empty reports whether b holds no row to write.
func (b *Bulk) Empty() bool { return len(b.authors) == 0 && len(b.mentions) == 0 }

// AddMentions adds the mentions of a, an article just inserted (it has
// none yet), as Store.AddMentions stores them.
func (b *Bulk) AddMentions(a *Article, ms []Mention) {
	published := inVietnam(a.PublishedAt)
	for _, m := range ms {
		m.ID = 0
		m.ArticleID = a.ID
		m.PublishedAt = published
		if m.Field == "" {
			m.Field = "body"
		}
		m.Sentence = strings.TrimSpace(m.Sentence)
		b.mentions = append(b.mentions, m)
	}
}

// WriteBulk writes the rows of b and empties it. An author that does not
// exist is EINVALID, as in SaveArticle.
//
// On PostgreSQL the rows go in multi-row statements (one round trip a few
// hundred rows). On SQLite, where a statement costs no round trip, each
// row is one run of a prepared statement, without GORM: a statement that
// writes many rows into tables with foreign keys keeps a journal of every
// page it changes, to undo itself should a later row fail, and the
// mentions' indexes spread a batch's rows over thousands of pages; a
// statement of one row needs no such journal.
func (s *Store) WriteBulk(ctx context.Context, b *Bulk) error {
	if s.dialect == "sqlite" {
		return s.writeBulkRows(ctx, b)
	}
	db := s.write(ctx)
	for start := 0; start < len(b.authors); start += bulkRows {
		chunk := b.authors[start:min(start+bulkRows, len(b.authors))]
		var q strings.Builder
		q.WriteString("INSERT INTO article_authors (article_id, person_id, ordinal) VALUES ")
		args := make([]any, 0, 3*len(chunk))
		for i, r := range chunk {
			if i > 0 {
				q.WriteByte(',')
			}
			q.WriteString("(?,?,?)")
			args = append(args, r.ArticleID, r.PersonID, r.Ordinal)
		}
		if err := db.Exec(q.String(), args...).Error; errors.Is(err, gorm.ErrForeignKeyViolated) {
			return Invalid("authors", "an author does not exist")
		} else if err != nil {
			return wrap("save article", err)
		}
	}
	for start := 0; start < len(b.mentions); start += bulkRows {
		chunk := b.mentions[start:min(start+bulkRows, len(b.mentions))]
		var q strings.Builder
		q.WriteString("INSERT INTO mentions (article_id, entity_type, entity_id, field, sentence, start_offset, end_offset, caption, published_at) VALUES ")
		args := make([]any, 0, 9*len(chunk))
		for i, m := range chunk {
			if i > 0 {
				q.WriteByte(',')
			}
			q.WriteString("(?,?,?,?,?,?,?,?,?)")
			var caption any
			if m.Caption != nil {
				caption = int64(*m.Caption)
			}
			args = append(args, m.ArticleID, m.EntityType, m.EntityID, m.Field, m.Sentence, m.StartOffset, m.EndOffset, caption, nullTime(m.PublishedAt))
		}
		if err := db.Exec(q.String(), args...).Error; err != nil {
			return wrap("add mentions", err)
		}
	}
	b.authors, b.mentions = b.authors[:0], b.mentions[:0]
	return nil
}

func nullString(p *string) any {
	if p == nil {
		return nil
	}
	return *p
}

func nullTime(p *time.Time) any {
	if p == nil {
		return nil
	}
	return *p
}

// writeBulkRows is WriteBulk on SQLite: a run of a prepared statement a row.
func (s *Store) writeBulkRows(ctx context.Context, b *Bulk) error {
	pool := s.write(ctx).Statement.ConnPool
	const author = "INSERT INTO article_authors (article_id, person_id, ordinal) VALUES (?,?,?)"
	for _, r := range b.authors {
		s.statements.Add(1)
		if _, err := pool.ExecContext(ctx, author, r.ArticleID, r.PersonID, r.Ordinal); err != nil {
			if errors.Is(s.translate(err), gorm.ErrForeignKeyViolated) {
				return Invalid("authors", "an author does not exist")
			}
			return wrap("save article", err)
		}
	}
	const mention = "INSERT INTO mentions (article_id, entity_type, entity_id, field, sentence, start_offset, end_offset, caption, published_at) VALUES (?,?,?,?,?,?,?,?,?)"
	for _, m := range b.mentions {
		var caption any
		if m.Caption != nil {
			caption = int64(*m.Caption)
		}
		s.statements.Add(1)
		if _, err := pool.ExecContext(ctx, mention, m.ArticleID, m.EntityType, m.EntityID, m.Field, m.Sentence, m.StartOffset, m.EndOffset, caption, nullTime(m.PublishedAt)); err != nil {
			return wrap("add mentions", s.translate(err))
		}
	}
	b.authors, b.mentions = b.authors[:0], b.mentions[:0]
	return nil
}

// translate turns a driver's error into GORM's (a unique or foreign key
// violation), as GORM does for the statements it runs.
func (s *Store) translate(err error) error {
	if t, ok := s.db.Dialector.(gorm.ErrorTranslator); ok {
		return t.Translate(err)
	}
	return err
}
