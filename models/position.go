package models

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
)

// Position is a title a person holds at an organisation, as an article
// reports it.
type Position struct {
	ID             int64
	PersonID       int64
	OrganisationID int64
	Title          string // e.g. Phó Bí thư Thường trực
	TitleKey       string // the title in lower case, folded in Go
	Qualifier      string // QualifierFormer ("nguyên Bộ trưởng"), QualifierActing ("quyền Giám đốc"), or "" for a current holding
	Term           string // e.g. 2020-2025
	StartedOn      *time.Time
	EndedOn        *time.Time
	ArticleID      *int64 // the article that reports it
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

// Position qualifiers: a former holding (the article says "nguyên", "cựu")
// and an acting one ("quyền").
const (
	QualifierFormer = "former"
	QualifierActing = "acting"
)

// Key implements Identified.
func (p *Position) Key() int64 { return p.ID }

// Former reports whether the article names the position as one held
// before.
func (p *Position) Former() bool { return p.Qualifier == QualifierFormer }

// normalise tidies p's title and term and returns what is wrong with p
// itself (the rows it refers to are not looked up).
func (p *Position) normalise() ValidationErrors {
	p.Title = cleanName(p.Title)
	p.TitleKey = titleKey(p.Title)
	p.Term = strings.ReplaceAll(cleanName(p.Term), " - ", "-")
	var v ValidationErrors
	if p.Title == "" {
		v.Add("title", "title is required")
	}
	if p.Qualifier != "" && p.Qualifier != QualifierFormer && p.Qualifier != QualifierActing {
		v.Add("qualifier", "qualifier %q is not %s or %s", p.Qualifier, QualifierFormer, QualifierActing)
	}
	if p.StartedOn != nil && p.EndedOn != nil && p.EndedOn.Before(*p.StartedOn) {
		v.Add("endedOn", "endedOn %s is before startedOn %s", p.EndedOn.Format(time.DateOnly), p.StartedOn.Format(time.DateOnly))
	}
	return v
}

func (s *Store) validatePosition(ctx context.Context, p *Position) error {
	v := p.normalise()
	db := s.db.WithContext(ctx)
	if err := db.Select("id").Take(&Person{}, p.PersonID).Error; err != nil {
		v.Add("person", "person %d does not exist", p.PersonID)
	}
	if err := db.Select("id").Take(&Organisation{}, p.OrganisationID).Error; err != nil {
		v.Add("organisation", "organisation %d does not exist", p.OrganisationID)
	}
	if p.ArticleID != nil {
		if err := db.Select("id").Take(&Article{}, *p.ArticleID).Error; err != nil {
			v.Add("article", "article %d does not exist", *p.ArticleID)
		}
	}
	return v.Err()
}

// CreatePosition validates and inserts p.
func (s *Store) CreatePosition(ctx context.Context, p *Position) error {
	p.ID = 0
	if err := s.validatePosition(ctx, p); err != nil {
		return err
	}
	return wrap("create position", s.Tx(ctx, func(tx *Store) error {
		if err := tx.db.WithContext(ctx).Create(p).Error; err != nil {
			return err
		}
		return tx.enqueue(ctx, TypePerson, p.PersonID, OpUpsert)
	}))
}

// UpdatePosition writes p over the stored one. Returns ENOTFOUND if none.
func (s *Store) UpdatePosition(ctx context.Context, p *Position) error {
	if err := s.validatePosition(ctx, p); err != nil {
		return err
	}
	return wrap("update position", s.Tx(ctx, func(tx *Store) error {
		var err error
		if p.CreatedAt, err = tx.createdAt(ctx, &Position{}, TypePosition, p.ID); err != nil {
			return err
		}
		var old Position
		if err := tx.db.WithContext(ctx).Select("person_id").Take(&old, p.ID).Error; err != nil {
			return err
		}
		if err := tx.db.WithContext(ctx).Save(p).Error; err != nil {
			return err
		}
		// The people's documents carry their titles: both holders change.
		return tx.Enqueue(ctx, TypePerson, OpUpsert, old.PersonID, p.PersonID)
	}))
}

// DeletePosition deletes a position. Returns ENOTFOUND if none.
func (s *Store) DeletePosition(ctx context.Context, id int64) error {
	return wrap("delete position", s.Tx(ctx, func(tx *Store) error {
		var old Position
		err := tx.db.WithContext(ctx).Select("person_id").Take(&old, id).Error
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return NotFound(TypePosition, id)
		}
		if err != nil {
			return err
		}
		if err := tx.db.WithContext(ctx).Delete(&Position{}, id).Error; err != nil {
			return err
		}
		return tx.enqueue(ctx, TypePerson, old.PersonID, OpUpsert)
	}))
}

// PositionsInArticle returns the positions read from an article, by id.
func (s *Store) PositionsInArticle(ctx context.Context, articleID int64) ([]*Position, error) {
	var out []*Position
	err := s.db.WithContext(ctx).Where("article_id = ?", articleID).Order("id").Find(&out).Error
	return out, wrap("read positions", err)
}

// HasPosition reports whether a person holds a position of this title
// (whatever its case) and qualifier at an organisation: a former holding
// and a current one of the same title are two positions.
func (s *Store) HasPosition(ctx context.Context, personID, orgID int64, title, qualifier string) (bool, error) {
	var n int64
	err := s.db.WithContext(ctx).Model(&Position{}).Where("person_id = ? AND organisation_id = ? AND title_key = ? AND qualifier = ?",
		personID, orgID, titleKey(cleanName(title)), qualifier).Count(&n).Error
	return n > 0, wrap("look up position", err)
}

// PositionsOfPeople returns every position of the given people, by person,
// latest start first: unpaged, for building search documents of a batch.
func (s *Store) PositionsOfPeople(ctx context.Context, personIDs []int64) (map[int64][]*Position, error) {
	out := map[int64][]*Position{}
	if len(personIDs) == 0 {
		return out, nil
	}
	var all []*Position
	err := s.db.WithContext(ctx).Where("person_id IN ?", personIDs).Order("started_on DESC, id DESC").Find(&all).Error
	for _, p := range all {
		out[p.PersonID] = append(out[p.PersonID], p)
	}
	return out, wrap("read positions", err)
}

// PositionFilter selects positions.
type PositionFilter struct {
	PersonIDs       []int64
	OrganisationIDs []int64
	Title           string // title contains this, accent-insensitive
	Current         bool   // only positions held now: no end date, not former
}

// Positions lists positions, latest start first.
func (s *Store) Positions(ctx context.Context, f PositionFilter, p Page) (List[Position], error) {
	q := s.db.WithContext(ctx).Model(&Position{})
	if len(f.PersonIDs) > 0 {
		q = q.Where("person_id IN ?", f.PersonIDs)
	}
	if len(f.OrganisationIDs) > 0 {
		q = q.Where("organisation_id IN ?", f.OrganisationIDs)
	}
	if f.Title != "" {
		needle := titleKey(cleanName(f.Title))
		q, _ = s.narrow(q, "positions", needle)
		q = q.Where("title_key LIKE ? ESCAPE '\\'", contains(needle))
	}
	if f.Current {
		q = q.Where("ended_on IS NULL AND qualifier <> ?", QualifierFormer)
	}
	l, err := list[Position](q, "started_on DESC, id DESC", p)
	return l, wrap("list positions", err)
}

// titleKey folds a title's case in Go, alike on both databases: SQLite's
// LOWER folds ASCII only ("Ủy viên" stays "Ủy viên").
func titleKey(title string) string { return strings.ToLower(title) }

// fillPositionTitleKeys sets the title key of the positions stored before
// migration 7, a thousand at a time.
func fillPositionTitleKeys(ctx context.Context, tx *gorm.DB) error {
	var after int64
	for {
		var rows []struct {
			ID    int64
			Title string
		}
		if err := tx.WithContext(ctx).Table("positions").Select("id, title").Where("id > ?", after).Order("id").Limit(1000).Find(&rows).Error; err != nil {
			return fmt.Errorf("fill position title keys: %w", err)
		}
		if len(rows) == 0 {
			return nil
		}
		for _, r := range rows {
			if err := tx.WithContext(ctx).Table("positions").Where("id = ?", r.ID).Update("title_key", titleKey(r.Title)).Error; err != nil {
				return fmt.Errorf("fill position title keys: %w", err)
			}
		}
		after = rows[len(rows)-1].ID
	}
}
