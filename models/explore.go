package models

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// This file holds what the explorer (package explore) reads: the whole
// topology of the archive, streamed row by row into its in-memory graph,
// and the labels, sentences and records of the few nodes and edges an
// answer returns.

// tables names the table of each entity type.
var tables = map[string]string{
	TypeArticle:      "articles",
	TypeOrganisation: "organisations",
	TypePerson:       "people",
	TypeResolution:   "resolutions",
	TypeReport:       "reports",
}

// LinkKind is the kind of a structural link between two entities.
type LinkKind uint8

// Link kinds.
const (
	LinkPosition  LinkKind = iota // Person → Organisation; Record is the position
	LinkParent                    // Organisation → its parent; Record is the child
	LinkIssuedBy                  // Resolution → Organisation; Record is the resolution
	LinkReportsOn                 // Report → Organisation, Article or Resolution; Record is the report
	LinkAuthored                  // Article → Person; Record is the article
)

// Link is one structural relation between two entities, asserted by a
// record (as opposed to a mention in an article).
type Link struct {
	Kind     LinkKind
	From, To Ref
	Record   int64
}

// GraphVersion changes whenever a table the explorer's graph is built from
// changes. Every write to those tables appends the entities it touched to
// the change log in the same transaction (Enqueue), so the log's settled
// head (SettledHead: no change can still appear below it) is the version,
// read through the primary key at any size of the archive. (It was the
// tables' COUNT(*), MAX(id) and MAX(updated_at): 1.7-5.3 s on SQLite among
// 1,000,000 articles, paid by every check.) While writers hold the log for
// longer than SettledHead waits (a tenth of a second) it returns
// ErrLogBusy at once rather than try again: each try makes the writers
// queue behind it, and the explorer loads from what is committed then,
// with a version that the next check finds changed.
func (s *Store) GraphVersion(ctx context.Context) (string, error) {
	head, err := s.SettledHead(ctx)
	if err != nil {
		return "", err
	}
	return strconv.FormatInt(head, 10), nil
}

// GraphUnchanged reports, without waiting for writers, whether nothing the
// graph is built from has changed since version (a GraphVersion). The
// version is a settled head: every transaction that took a change id up to
// it had finished, so one still running took a larger id, and one that
// committed since raised the log's largest id. If that id is still the
// version, nothing committed since. GraphVersion settles the log by taking
// its lock exclusively, which makes new writers queue behind it on
// PostgreSQL; this check does not, and the explorer makes it first.
func (s *Store) GraphUnchanged(ctx context.Context, version string) (bool, error) {
	head, err := logHead(s.db.WithContext(ctx))
	if err != nil {
		return false, wrap("read the change log", err)
	}
	return strconv.FormatInt(head, 10) == version, nil
}

// EachArticleDate calls fn for every article with its publication time,
// zero when it has none, in no particular order.
func (s *Store) EachArticleDate(ctx context.Context, fn func(id int64, published time.Time) error) error {
	return s.scan(ctx, "SELECT id, published_at FROM articles", nil, func(r *sql.Rows) error {
		var id int64
		var t sql.NullTime
		if err := r.Scan(&id, &t); err != nil {
			return err
		}
		return fn(id, t.Time)
	})
}

// EachEntityID calls fn for the id of every entity of type typ, ascending.
func (s *Store) EachEntityID(ctx context.Context, typ string, fn func(id int64) error) error {
	table, ok := tables[typ]
	if !ok {
		return Errorf(EINVALID, "%s is not an entity type", typ)
	}
	return s.scan(ctx, "SELECT id FROM "+table+" ORDER BY id", nil, func(r *sql.Rows) error {
		var id int64
		if err := r.Scan(&id); err != nil {
			return err
		}
		return fn(id)
	})
}

// EachMention calls fn for every mention of an entity in an article, in no
// particular order; an article mentioning an entity several times is
// called several times.
func (s *Store) EachMention(ctx context.Context, fn func(articleID int64, entity Ref) error) error {
	// Entity types come back as their index in EntityTypes, to spare
	// reading a string per row.
	var cases strings.Builder
	for i, t := range EntityTypes {
		fmt.Fprintf(&cases, " WHEN '%s' THEN %d", t, i)
	}
	return s.scan(ctx, "SELECT article_id, CASE entity_type"+cases.String()+" ELSE -1 END, entity_id FROM mentions", nil, func(r *sql.Rows) error {
		var article, id int64
		var t int
		if err := r.Scan(&article, &t, &id); err != nil {
			return err
		}
		if t < 0 || t >= len(EntityTypes) {
			return nil
		}
		return fn(article, Ref{Type: EntityTypes[t], ID: id})
	})
}

// linkQueries reads the structural links: each selects the record, the id
// of the From entity and that of the To entity, from a table whose rows
// name the From entity in fromCol and the To entity in toCol.
var linkQueries = []struct {
	kind           LinkKind
	from, to       string
	sql            string // SELECT … FROM table WHERE …
	fromCol, toCol string
}{
	{LinkPosition, TypePerson, TypeOrganisation, "SELECT id, person_id, organisation_id FROM positions WHERE TRUE", "person_id", "organisation_id"},
	{LinkParent, TypeOrganisation, TypeOrganisation, "SELECT id, id, parent_id FROM organisations WHERE parent_id IS NOT NULL", "id", "parent_id"},
	{LinkIssuedBy, TypeResolution, TypeOrganisation, "SELECT id, id, issuer_id FROM resolutions WHERE issuer_id IS NOT NULL", "id", "issuer_id"},
	{LinkReportsOn, TypeReport, TypeOrganisation, "SELECT id, id, organisation_id FROM reports WHERE organisation_id IS NOT NULL", "id", "organisation_id"},
	{LinkReportsOn, TypeReport, TypeArticle, "SELECT id, id, article_id FROM reports WHERE article_id IS NOT NULL", "id", "article_id"},
	{LinkReportsOn, TypeReport, TypeResolution, "SELECT report_id, report_id, resolution_id FROM report_resolutions WHERE TRUE", "report_id", "resolution_id"},
	{LinkAuthored, TypeArticle, TypePerson, "SELECT article_id, article_id, person_id FROM article_authors WHERE TRUE", "article_id", "person_id"},
}

// EachLink calls fn for every structural link: positions, parents,
// issuers, reports and authorships.
func (s *Store) EachLink(ctx context.Context, fn func(Link) error) error {
	for _, q := range linkQueries {
		err := s.scan(ctx, q.sql, nil, func(r *sql.Rows) error {
			l := Link{Kind: q.kind, From: Ref{Type: q.from}, To: Ref{Type: q.to}}
			if err := r.Scan(&l.Record, &l.From.ID, &l.To.ID); err != nil {
				return err
			}
			return fn(l)
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// MentionPair is one entity mentioned in one article.
type MentionPair struct {
	ArticleID int64
	Entity    Ref
}

// GraphDelta is the present state, in the tables the explorer's graph is
// built from, of a set of entities (those the change log names after a
// graph's version): which of them exist, the mentions in those that are
// articles, and every structural link that has one of them at either end.
// A graph that drops whatever touched these entities and adds this back
// is the graph loaded afresh, provided every write that changes a link
// logs one of its two ends, and every write that changes a mention logs
// its article (Enqueue: ReplaceMentions, DeleteArticle, Merge and the
// deletion of an entity log the articles whose mentions they change), so
// that a changed entity's mentions need not be read back: editing or
// merging an entity mentioned in 100,000 articles reads none of them.
type GraphDelta struct {
	Articles map[int64]time.Time // the articles that exist, with their publication time (zero for none)
	Entities map[Ref]bool        // the other entities that exist
	Mentions []MentionPair       // in the articles among them, each once per mention row
	Links    []Link              // each once
}

// ReadGraphDelta reads the GraphDelta of refs (entities of EntityTypes;
// other types are ignored).
func (s *Store) ReadGraphDelta(ctx context.Context, refs []Ref) (*GraphDelta, error) {
	d := &GraphDelta{Articles: map[int64]time.Time{}, Entities: map[Ref]bool{}}
	byType := map[string][]int64{}
	for _, r := range refs {
		if _, ok := tables[r.Type]; ok {
			byType[r.Type] = append(byType[r.Type], r.ID)
		}
	}
	var cases strings.Builder
	for i, t := range EntityTypes {
		fmt.Fprintf(&cases, " WHEN '%s' THEN %d", t, i)
	}
	mentionSQL := "SELECT article_id, CASE entity_type" + cases.String() + " ELSE -1 END, entity_id FROM mentions WHERE "
	readMentions := func(where string, args []any) error {
		return s.scan(ctx, mentionSQL+where, args, func(r *sql.Rows) error {
			var m MentionPair
			var t int
			if err := r.Scan(&m.ArticleID, &t, &m.Entity.ID); err != nil {
				return err
			}
			if t < 0 || t >= len(EntityTypes) {
				return nil
			}
			m.Entity.Type = EntityTypes[t]
			d.Mentions = append(d.Mentions, m)
			return nil
		})
	}
	touched := map[Ref]bool{}
	for _, r := range refs {
		touched[r] = true
	}
	for _, t := range EntityTypes {
		ids := uniq(byType[t])
		for len(ids) > 0 {
			chunk := ids[:min(len(ids), 500)]
			ids = ids[len(chunk):]
			var err error
			if t == TypeArticle {
				err = s.scan(ctx, "SELECT id, published_at FROM articles WHERE id IN ?", []any{chunk}, func(r *sql.Rows) error {
					var id int64
					var at sql.NullTime
					if err := r.Scan(&id, &at); err != nil {
						return err
					}
					d.Articles[id] = at.Time
					return nil
				})
				if err == nil {
					err = readMentions("article_id IN ?", []any{chunk})
				}
			} else {
				err = s.scan(ctx, "SELECT id FROM "+tables[t]+" WHERE id IN ?", []any{chunk}, func(r *sql.Rows) error {
					var id int64
					if err := r.Scan(&id); err != nil {
						return err
					}
					d.Entities[Ref{t, id}] = true
					return nil
				})
			}
			if err != nil {
				return nil, err
			}
			for _, q := range linkQueries {
				for _, side := range []struct {
					typ, col string
				}{{q.from, q.fromCol}, {q.to, q.toCol}} {
					if side.typ != t {
						continue
					}
					err := s.scan(ctx, q.sql+" AND "+side.col+" IN ?", []any{chunk}, func(r *sql.Rows) error {
						l := Link{Kind: q.kind, From: Ref{Type: q.from}, To: Ref{Type: q.to}}
						if err := r.Scan(&l.Record, &l.From.ID, &l.To.ID); err != nil {
							return err
						}
						// A link between two touched entities is read from
						// both ends: keep it from its From end.
						if side.col == q.toCol && touched[l.From] {
							return nil
						}
						d.Links = append(d.Links, l)
						return nil
					})
					if err != nil {
						return nil, err
					}
				}
			}
		}
	}
	return d, nil
}

// Labels reads the display name of each entity: the name of an
// organisation or person, the code (else title) of a resolution, the title
// of an article or report. Entities that do not exist are absent.
func (s *Store) Labels(ctx context.Context, refs []Ref) (map[Ref]string, error) {
	columns := map[string]string{
		TypeArticle:      "title",
		TypeOrganisation: "name",
		TypePerson:       "name",
		TypeResolution:   "COALESCE(code, title)",
		TypeReport:       "title",
	}
	byType := map[string][]int64{}
	for _, r := range refs {
		byType[r.Type] = append(byType[r.Type], r.ID)
	}
	out := make(map[Ref]string, len(refs))
	for _, t := range EntityTypes {
		ids := uniq(byType[t])
		for len(ids) > 0 {
			chunk := ids[:min(len(ids), 1000)]
			ids = ids[len(chunk):]
			err := s.scan(ctx, "SELECT id, "+columns[t]+" FROM "+tables[t]+" WHERE id IN ?", []any{chunk}, func(r *sql.Rows) error {
				var id int64
				var label string
				if err := r.Scan(&id, &label); err != nil {
					return err
				}
				out[Ref{t, id}] = label
				return nil
			})
			if err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

// SourceArticles returns the article each of the given positions (typ
// TypePosition) or reports (TypeReport) was read from, by record id;
// records without one are absent.
func (s *Store) SourceArticles(ctx context.Context, typ string, ids []int64) (map[int64]int64, error) {
	table := map[string]string{TypePosition: "positions", TypeReport: "reports"}[typ]
	if table == "" {
		return nil, Errorf(EINVALID, "%s records have no source article", typ)
	}
	out := make(map[int64]int64, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	err := s.scan(ctx, "SELECT id, article_id FROM "+table+" WHERE id IN ? AND article_id IS NOT NULL", []any{uniq(ids)}, func(r *sql.Rows) error {
		var id, article int64
		if err := r.Scan(&id, &article); err != nil {
			return err
		}
		out[id] = article
		return nil
	})
	return out, err
}

// MentionKey names the mentions of one entity in one article.
type MentionKey struct {
	Entity    Ref
	ArticleID int64
}

// MentionSentences returns, for each key, the distinct non-empty sentences
// that mention the entity in the article, in the order they were stored.
func (s *Store) MentionSentences(ctx context.Context, keys []MentionKey) (map[MentionKey][]string, error) {
	chunk := 3000
	if s.dialect == "sqlite" {
		chunk = 300 // the SQLite driver binds long parameter lists slowly
	}
	out := map[MentionKey][]string{}
	for len(keys) > 0 {
		part := keys[:min(len(keys), chunk)]
		keys = keys[len(part):]
		// Index probes on mentions_article_entity: a join with a VALUES list. CROSS
		// JOIN makes SQLite loop over the list and probe the index;
		// PostgreSQL plans it as any inner join.
		var q strings.Builder
		args := make([]any, 0, 3*len(part))
		q.WriteString("SELECT m.article_id, m.entity_type, m.entity_id, m.sentence FROM (VALUES ")
		for i, k := range part {
			if i == 0 {
				q.WriteString("(CAST(? AS TEXT), CAST(? AS BIGINT), CAST(? AS BIGINT))")
			} else {
				q.WriteString(", (?, ?, ?)")
			}
			args = append(args, k.Entity.Type, k.Entity.ID, k.ArticleID)
		}
		q.WriteString(") AS v CROSS JOIN mentions m WHERE m.entity_type = v.column1 AND m.entity_id = v.column2 AND m.article_id = v.column3 ORDER BY m.id")
		err := s.scan(ctx, q.String(), args, func(r *sql.Rows) error {
			var k MentionKey
			var sentence string
			if err := r.Scan(&k.ArticleID, &k.Entity.Type, &k.Entity.ID, &sentence); err != nil {
				return err
			}
			if sentence != "" && !slices.Contains(out[k], sentence) {
				out[k] = append(out[k], sentence)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// PositionsOf returns every position a person holds, or every position
// held in an organisation, by id.
func (s *Store) PositionsOf(ctx context.Context, of Ref) ([]Position, error) {
	return rowsOf[Position](ctx, s, "read positions", of, map[string]string{TypePerson: "person_id = ?", TypeOrganisation: "organisation_id = ?"})
}

// DatedResolutions returns the resolutions with an issue date that of
// issued (an organisation) or is (a resolution), by id.
func (s *Store) DatedResolutions(ctx context.Context, of Ref) ([]Resolution, error) {
	return rowsOf[Resolution](ctx, s, "read resolutions", of, map[string]string{
		TypeOrganisation: "issuer_id = ? AND issued_on IS NOT NULL",
		TypeResolution:   "id = ? AND issued_on IS NOT NULL",
	})
}

// rowsOf reads, by id, the rows of T that the condition for of's type
// selects with of.ID; none when there is no condition for that type.
func rowsOf[T any](ctx context.Context, s *Store, op string, of Ref, where map[string]string) ([]T, error) {
	cond, ok := where[of.Type]
	if !ok {
		return nil, nil
	}
	var out []T
	err := s.db.WithContext(ctx).Where(cond, of.ID).Order("id").Find(&out).Error
	return out, wrap(op, err)
}

// scan runs query and calls fn for each row. It reads rows directly:
// GORM's Scan formats the SQL with its arguments for the logger even when
// logging is off, which costs more than the query for long IN lists.
func (s *Store) scan(ctx context.Context, query string, args []any, fn func(*sql.Rows) error) error {
	rows, err := s.db.WithContext(ctx).Raw(query, args...).Rows()
	if err != nil {
		return fmt.Errorf("store: unable to read (%s): %w", firstWords(query), err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return fmt.Errorf("store: unable to read (%s): %w", firstWords(query), err)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: unable to read (%s): %w", firstWords(query), err)
	}
	return nil
}

// firstWords names the table a query reads, for error messages.
func firstWords(q string) string {
	if i := strings.Index(q, " FROM "); i >= 0 {
		rest := strings.Fields(q[i+6:])
		if len(rest) > 0 {
			return "from " + rest[0]
		}
	}
	return q
}
