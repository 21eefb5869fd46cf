package models

import (
	"context"
	"time"

	"tracuu/vntext"
)

// Person is someone an article names or who wrote one.
type Person struct {
	ID        int64
	Name      string
	NameKey   string
	Aliases   StringList
	CreatedAt time.Time
	UpdatedAt time.Time
}

// TableName is "people".
func (*Person) TableName() string { return "people" }

// Key implements Identified.
func (p *Person) Key() int64 { return p.ID }

func (p *Person) normalise() {
	p.Name = cleanName(p.Name)
	p.NameKey = vntext.Key(p.Name)
	p.Aliases = cleanNames(p.Aliases)
}

func (p *Person) validate() error {
	var v ValidationErrors
	if p.NameKey == "" {
		v.Add("name", "name is required")
	}
	if len(p.Name) > 200 {
		v.Add("name", "name is longer than 200 bytes")
	}
	return v.Err()
}

// CreatePerson validates and inserts p. A key of p's another entity has
// stays with it: p may be a second person of one name (merged by hand if
// the same).
func (s *Store) CreatePerson(ctx context.Context, p *Person) error {
	return s.createPerson(ctx, p, false)
}

// CreatePersonFor is CreatePerson for a find-or-create that looked the
// name's key up in the same transaction and found none: when another
// writer has taken it since, it fails with ErrKeyTaken (claimNameKey).
// The key looked up is that of p.Name as given, before it is tidied.
func (s *Store) CreatePersonFor(ctx context.Context, p *Person) error {
	return s.createPerson(ctx, p, true)
}

func (s *Store) createPerson(ctx context.Context, p *Person, find bool) error {
	looked := MatchKey(TypePerson, p.Name)
	p.ID = 0
	p.normalise()
	if err := p.validate(); err != nil {
		return err
	}
	return wrap("create person", s.Tx(ctx, func(tx *Store) error {
		if err := tx.db.WithContext(ctx).Create(p).Error; err != nil {
			return err
		}
		if err := tx.claimCreated(ctx, TypePerson, p.ID, p.Name, p.Aliases, find, looked); err != nil {
			return err
		}
		return tx.enqueue(ctx, TypePerson, p.ID, OpUpsert)
	}))
}

// UpdatePerson writes p over the stored one. Returns ENOTFOUND if none.
func (s *Store) UpdatePerson(ctx context.Context, p *Person) error {
	p.normalise()
	if err := p.validate(); err != nil {
		return err
	}
	return wrap("update person", s.Tx(ctx, func(tx *Store) error {
		var err error
		if p.CreatedAt, err = tx.createdAt(ctx, &Person{}, TypePerson, p.ID); err != nil {
			return err
		}
		if err := tx.db.WithContext(ctx).Save(p).Error; err != nil {
			return err
		}
		if err := tx.claimKeys(ctx, TypePerson, p.ID, p.Name, p.Aliases); err != nil {
			return err
		}
		return tx.enqueue(ctx, TypePerson, p.ID, OpUpsert)
	}))
}

// DeletePerson deletes a person with their positions, authorships and
// mentions. Returns ENOTFOUND if none.
func (s *Store) DeletePerson(ctx context.Context, id int64) error {
	return wrap("delete person", s.Tx(ctx, func(tx *Store) error {
		if err := tx.db.WithContext(ctx).Where("person_id = ?", id).Delete(&ArticleAuthor{}).Error; err != nil {
			return err
		}
		return tx.deleteEntity(ctx, TypePerson, &Person{}, id)
	}))
}

// PersonFilter selects people.
type PersonFilter struct {
	Name           string // name contains this, accent-insensitive, or an alias contains it as written (tone placement aside)
	OrganisationID int64  // people with a position there
}

// People lists people ordered by name.
func (s *Store) People(ctx context.Context, f PersonFilter, p Page) (List[Person], error) {
	q := s.db.WithContext(ctx).Model(&Person{})
	if f.Name != "" {
		// name_key folds diacritics; a person's entity keys keep them
		// (MatchKey), so aliases match the query as written.
		q = s.nameFilter(q, "people", TypePerson, vntext.Key(f.Name), MatchKey(TypePerson, f.Name))
	}
	if f.OrganisationID != 0 {
		q = q.Where("id IN (?)", s.db.Model(&Position{}).Select("person_id").Where("organisation_id = ?", f.OrganisationID))
	}
	l, err := list[Person](q, "name_key ASC, id ASC", p)
	return l, wrap("list people", err)
}
