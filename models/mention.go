package models

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"gorm.io/gorm"
)

// Mention is one place where an article names an entity: the sentence and
// the character (rune) offsets of the name in the article's field.
type Mention struct {
	ID          int64
	ArticleID   int64
	EntityType  string
	EntityID    int64
	Field       string // title, lead, body or caption (offsets within that caption)
	Sentence    string
	StartOffset int
	EndOffset   int
	// Caption is which of the article's captions (0-based) holds a
	// caption mention; nil for the other fields.
	Caption *int
	// PublishedAt is the article's publication time, copied here (and
	// kept in step by every write of the article) so that an entity's
	// mentions are listed newest first from an index.
	PublishedAt *time.Time
}

// Key implements Identified.
func (m *Mention) Key() int64 { return m.ID }

// ReplaceMentions replaces every mention of an article in one go.
func (s *Store) ReplaceMentions(ctx context.Context, articleID int64, ms []Mention) error {
	return wrap("replace mentions", s.Tx(ctx, func(tx *Store) error {
		if err := tx.db.WithContext(ctx).Where("article_id = ?", articleID).Delete(&Mention{}).Error; err != nil {
			return err
		}
		if err := tx.AddMentions(ctx, articleID, ms); err != nil {
			return err
		}
		return tx.enqueue(ctx, TypeArticle, articleID, OpUpsert)
	}))
}

// AddMentions stores the mentions of an article that has none yet, such as
// one just inserted (whose index job is already written).
func (s *Store) AddMentions(ctx context.Context, articleID int64, ms []Mention) error {
	if len(ms) == 0 {
		return nil
	}
	var published []sql.NullTime
	if err := s.write(ctx).Model(&Article{}).Where("id = ?", articleID).Pluck("published_at", &published).Error; err != nil {
		return wrap("add mentions", err)
	}
	for i := range ms {
		ms[i].PublishedAt = nil
		if len(published) == 1 && published[0].Valid {
			t := published[0].Time
			ms[i].PublishedAt = &t
		}
		ms[i].ID = 0
		ms[i].ArticleID = articleID
		if ms[i].Field == "" {
			ms[i].Field = "body"
		}
		ms[i].Sentence = strings.TrimSpace(ms[i].Sentence)
	}
	return wrap("add mentions", s.write(ctx).CreateInBatches(ms, 500).Error)
}

// MentionsOf lists the mentions of one entity, the most recently
// published article first (undated articles last), in text order within
// an article.
func (s *Store) MentionsOf(ctx context.Context, typ string, id int64, p Page) (List[Mention], error) {
	// The order of the index mentions_entity_published: a page costs the
	// entries before it, not the entity's every mention.
	order := "published_at DESC, article_id DESC, id"
	if s.dialect == "postgres" {
		order = "published_at DESC NULLS LAST, article_id DESC, id"
	}
	q := s.db.WithContext(ctx).Model(&Mention{}).Where("entity_type = ? AND entity_id = ?", typ, id)
	l, err := listByID[Mention](q, order, p)
	return l, wrap("list mentions", err)
}

// MentionsInArticles returns every mention in each article, in text order.
func (s *Store) MentionsInArticles(ctx context.Context, articleIDs []int64) (map[int64][]*Mention, error) {
	var rows []*Mention
	err := s.db.WithContext(ctx).Where("article_id IN ?", uniq(articleIDs)).
		Order("article_id, field, start_offset, id").Find(&rows).Error
	if err != nil {
		return nil, wrap("load mentions", err)
	}
	out := make(map[int64][]*Mention, len(articleIDs))
	for _, m := range rows {
		out[m.ArticleID] = append(out[m.ArticleID], m)
	}
	return out, nil
}

// MentionedIn returns the ids of the entities each article mentions, by
// type, for indexing and facets.
func (s *Store) MentionedIn(ctx context.Context, articleIDs []int64) (map[int64]map[string][]int64, error) {
	var rows []struct {
		ArticleID  int64
		EntityType string
		EntityID   int64
	}
	err := s.db.WithContext(ctx).Model(&Mention{}).Distinct("article_id", "entity_type", "entity_id").
		Where("article_id IN ?", uniq(articleIDs)).Order("article_id, entity_type, entity_id").Scan(&rows).Error
	if err != nil {
		return nil, wrap("load mentioned entities", err)
	}
	out := make(map[int64]map[string][]int64, len(articleIDs))
	for _, r := range rows {
		if out[r.ArticleID] == nil {
			out[r.ArticleID] = map[string][]int64{}
		}
		out[r.ArticleID][r.EntityType] = append(out[r.ArticleID][r.EntityType], r.EntityID)
	}
	return out, nil
}

// BeforeSave stores the copy of the publication time in Vietnam's time, as
// the article's (inVietnam).
func (m *Mention) BeforeSave(*gorm.DB) error {
	m.PublishedAt = inVietnam(m.PublishedAt)
	return nil
}
