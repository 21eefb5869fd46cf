package models

import (
	"context"
	"database/sql"
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
	// As GORM's Create: the times from the store's clock, the publication
	// time in Vietnam's (BeforeSave).
	now := time.Now().UTC()
	rows := make([][]any, len(arts))
	byKey := make(map[string]*Article, len(arts))
	for i, a := range arts {
		a.CreatedAt, a.UpdatedAt = now, now
		a.PublishedAt = inVietnam(a.PublishedAt)
		captions, err := a.Captions.Value()
		if err != nil {
			return wrap("insert articles", err)
		}
		rows[i] = []any{a.ContentKey, a.ContentHash, nullString(a.URL), a.Title, a.Lead, a.Body, captions,
			a.Source, a.SourceCode, a.Section, nullTime(a.PublishedAt), a.CreatedAt, a.UpdatedAt}
		byKey[a.ContentKey] = a
	}
	if s.conn != nil {
		// PostgreSQL: the ids first, in the order the multi-row INSERT
		// below would take them, then the rows by COPY.
		ids, err := s.takeIDs(ctx, "articles", len(arts))
		if err != nil {
			return wrap("insert articles", err)
		}
		for i, a := range arts {
			a.ID = ids[i]
			rows[i] = append([]any{a.ID}, rows[i]...)
		}
		return wrap("insert articles", s.copyRows(ctx, "articles", articleColumns, rows))
	}
	const insert = "INSERT INTO articles (content_key, content_hash, url, title, lead, body, captions, source, source_code, section, published_at, created_at, updated_at) VALUES "
	err := insertRows(len(arts), insert, 13, func(i int) []any { return rows[i] }, func(q string, args []any) error {
		return s.returning(ctx, q+" RETURNING id, content_key", args, func(id int64, key string) {
			if a := byKey[key]; a != nil {
				a.ID = id
			}
		})
	})
	if err != nil {
		return wrap("insert articles", err)
	}
	for _, a := range arts {
		if a.ID == 0 {
			return Errorf(EINTERNAL, "insert articles: no id returned for %q", a.ContentKey)
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

// Rows returns the authors and mentions b holds and has not written yet,
// ids in place of the placeholders once WritePending has written them:
// the slices are b's, which WriteBulk reuses.
func (b *Bulk) Rows() ([]ArticleAuthor, []Mention) { return b.authors, b.mentions }

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
	if s.conn != nil {
		return s.copyBulk(ctx, b)
	}
	db := s.write(ctx)
	err := insertRows(len(b.authors), authorInsert, 3, func(i int) []any { return authorArgs(b.authors[i]) },
		func(q string, args []any) error { return db.Exec(q, args...).Error })
	if errors.Is(err, gorm.ErrForeignKeyViolated) {
		return Invalid("authors", "an author does not exist")
	} else if err != nil {
		return wrap("save article", err)
	}
	err = insertRows(len(b.mentions), mentionInsert, 9, func(i int) []any { return mentionArgs(b.mentions[i]) },
		func(q string, args []any) error { return db.Exec(q, args...).Error })
	if err != nil {
		return wrap("add mentions", err)
	}
	b.authors, b.mentions = b.authors[:0], b.mentions[:0]
	return nil
}

// copyBulk is WriteBulk on PostgreSQL: each table's rows in one COPY.
func (s *Store) copyBulk(ctx context.Context, b *Bulk) error {
	rows := make([][]any, len(b.authors))
	for i, r := range b.authors {
		rows[i] = authorArgs(r)
	}
	err := s.copyRows(ctx, "article_authors", authorColumns, rows)
	if errors.Is(err, gorm.ErrForeignKeyViolated) {
		return Invalid("authors", "an author does not exist")
	} else if err != nil {
		return wrap("save article", err)
	}
	rows = make([][]any, len(b.mentions))
	for i, m := range b.mentions {
		rows[i] = mentionArgs(m)
	}
	if err := s.copyRows(ctx, "mentions", mentionColumns, rows); err != nil {
		return wrap("add mentions", err)
	}
	b.authors, b.mentions = b.authors[:0], b.mentions[:0]
	return nil
}

// The columns of the rows written by COPY, in the order of their values.
var (
	articleColumns = []string{"id", "content_key", "content_hash", "url", "title", "lead", "body", "captions", "source", "source_code", "section", "published_at", "created_at", "updated_at"}
	authorColumns  = []string{"article_id", "person_id", "ordinal"}
	mentionColumns = []string{"article_id", "entity_type", "entity_id", "field", "sentence", "start_offset", "end_offset", "caption", "published_at"}
)

// loadMentionRows is how many mentions a statement writes during a first
// load (writeBulkRows): 9 values a row, 900 a statement.
const loadMentionRows = 100

// The INSERTs of Bulk's rows, without their VALUES' tuples.
const (
	authorInsert  = "INSERT INTO article_authors (article_id, person_id, ordinal) VALUES "
	mentionInsert = "INSERT INTO mentions (article_id, entity_type, entity_id, field, sentence, start_offset, end_offset, caption, published_at) VALUES "
)

func authorArgs(r ArticleAuthor) []any { return []any{r.ArticleID, r.PersonID, r.Ordinal} }

func mentionArgs(m Mention) []any {
	var caption any
	if m.Caption != nil {
		caption = int64(*m.Caption)
	}
	return []any{m.ArticleID, m.EntityType, m.EntityID, m.Field, m.Sentence, m.StartOffset, m.EndOffset, caption, nullTime(m.PublishedAt)}
}

// tuple is the VALUES tuple of a row of width columns: "(?,?,?)".
func tuple(width int) string { return "(" + strings.TrimSuffix(strings.Repeat("?,", width), ",") + ")" }

// insertRows runs insert, the INSERT … VALUES head, on n rows of width
// columns (args gives row i's), bulkRows rows a statement, through exec.
func insertRows(n int, insert string, width int, args func(i int) []any, exec func(q string, args []any) error) error {
	t := tuple(width)
	for start := 0; start < n; start += bulkRows {
		end := min(start+bulkRows, n)
		var q strings.Builder
		q.WriteString(insert)
		all := make([]any, 0, width*(end-start))
		for i := start; i < end; i++ {
			if i > start {
				q.WriteByte(',')
			}
			q.WriteString(t)
			all = append(all, args(i)...)
		}
		if err := exec(q.String(), all); err != nil {
			return err
		}
	}
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

// writeBulkRows is WriteBulk on SQLite: a run of a prepared statement a
// row; during a first load (BeginBulkLoad) the mentions go in statements
// of loadMentionRows rows, the rest one a row.
//
// A statement of many rows keeps a journal of the pages it changes
// (WriteBulk); during a first load the mentions' only index is by
// article, which grows at its end like the table, so such a statement
// changes the few last pages and its journal is small, while each
// statement of one row costs its own run of the engine (the table's
// AUTOINCREMENT read from sqlite_sequence and written back, the
// statement begun and reset): about a fifth of writing the mentions
// (docs/scaling.md, "The SQLite side of a first load").
func (s *Store) writeBulkRows(ctx context.Context, b *Bulk) error {
	author, mention := authorInsert+tuple(3), mentionInsert+tuple(9)
	mentions := mentionInsert + strings.TrimSuffix(strings.Repeat(tuple(9)+",", loadMentionRows), ",")
	exec, done, err := s.rowWriter(ctx, author, mention, mentions)
	if err != nil {
		return wrap("save article", err)
	}
	defer done()
	for _, r := range b.authors {
		s.statements.Add(1)
		if _, err := exec(ctx, author, authorArgs(r)...); err != nil {
			if errors.Is(s.translate(err), gorm.ErrForeignKeyViolated) {
				return Invalid("authors", "an author does not exist")
			}
			return wrap("save article", err)
		}
	}
	rest := b.mentions
	if s.firstLoading() {
		args := make([]any, 0, 9*loadMentionRows)
		for ; len(rest) >= loadMentionRows; rest = rest[loadMentionRows:] {
			args = args[:0]
			for _, m := range rest[:loadMentionRows] {
				args = append(args, mentionArgs(m)...)
			}
			s.statements.Add(1)
			if _, err := exec(ctx, mentions, args...); err != nil {
				return wrap("add mentions", s.translate(err))
			}
		}
	}
	for _, m := range rest {
		s.statements.Add(1)
		if _, err := exec(ctx, mention, mentionArgs(m)...); err != nil {
			return wrap("add mentions", s.translate(err))
		}
	}
	b.authors, b.mentions = b.authors[:0], b.mentions[:0]
	return nil
}

// rowWriter returns how to run each of queries, many times: inside a
// transaction through a statement of the transaction prepared once here
// (done closes them), else through the writer's pool. Through GORM's
// pool each run in a transaction took a statement of its own from the
// sql package (Tx.Stmt of its cached one), made and closed a row.
func (s *Store) rowWriter(ctx context.Context, queries ...string) (exec func(ctx context.Context, query string, args ...any) (sql.Result, error), done func(), err error) {
	pool := s.write(ctx).Statement.ConnPool
	p, ok := pool.(*gorm.PreparedStmtTX)
	var tx *sql.Tx
	if ok {
		tx, ok = p.Tx.(*sql.Tx)
	}
	if !ok {
		return pool.ExecContext, func() {}, nil
	}
	stmts := make(map[string]*sql.Stmt, len(queries))
	done = func() {
		for _, st := range stmts {
			st.Close()
		}
	}
	for _, q := range queries {
		st, err := tx.PrepareContext(ctx, q)
		if err != nil {
			done()
			return nil, nil, err
		}
		stmts[q] = st
	}
	return func(ctx context.Context, query string, args ...any) (sql.Result, error) {
		if st := stmts[query]; st != nil {
			return st.ExecContext(ctx, args...)
		}
		return pool.ExecContext(ctx, query, args...)
	}, done, nil
}

// translate turns a driver's error into GORM's (a unique or foreign key
// violation), as GORM does for the statements it runs.
func (s *Store) translate(err error) error {
	if t, ok := s.db.Dialector.(gorm.ErrorTranslator); ok {
		return t.Translate(err)
	}
	return err
}
