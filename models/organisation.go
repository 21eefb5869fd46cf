package models

import (
	"context"
	"slices"
	"time"

	"tracuu/vntext"
)

// Organisation kinds.
var OrganisationKinds = []string{
	"party_committee", "standing_committee", "party_organisation", "government",
	"peoples_council", "front", "mass_organisation", "press", "other",
}

// Organisation levels.
var OrganisationLevels = []string{"central", "province", "district", "commune", "other"}

// Organisation is a public body: a Party committee, a government body, a
// front or mass organisation, a newspaper.
type Organisation struct {
	ID        int64
	Name      string
	NameKey   string
	Aliases   StringList
	Kind      string
	Level     string
	ParentID  *int64
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Key implements Identified.
func (o *Organisation) Key() int64 { return o.ID }

func (o *Organisation) normalise() {
	o.Name = cleanName(o.Name)
	o.NameKey = vntext.Key(o.Name)
	o.Aliases = cleanNames(o.Aliases)
	if o.Kind == "" {
		o.Kind = "other"
	}
	if o.Level == "" {
		o.Level = "other"
	}
}

func (s *Store) validateOrganisation(ctx context.Context, o *Organisation) error {
	var v ValidationErrors
	if o.NameKey == "" {
		v.Add("name", "name is required")
	}
	if !slices.Contains(OrganisationKinds, o.Kind) {
		v.Add("kind", "kind %q is not one of %v", o.Kind, OrganisationKinds)
	}
	if !slices.Contains(OrganisationLevels, o.Level) {
		v.Add("level", "level %q is not one of %v", o.Level, OrganisationLevels)
	}
	if o.ParentID != nil {
		if *o.ParentID == o.ID && o.ID != 0 {
			v.Add("parent", "an organisation cannot be its own parent")
		} else if err := s.checkParent(ctx, o.ID, *o.ParentID); err != nil {
			v = append(v, err)
		}
	}
	return v.Err()
}

// checkParent reports a parent that does not exist or that would make a cycle.
func (s *Store) checkParent(ctx context.Context, id, parentID int64) *Error {
	db := s.db.WithContext(ctx)
	for hops, cur := 0, parentID; hops < 64; hops++ {
		var p Organisation
		if err := db.Select("id", "parent_id").Take(&p, cur).Error; err != nil {
			if hops == 0 {
				return Invalid("parent", "parent organisation %d does not exist", parentID)
			}
			return nil
		}
		if id != 0 && p.ID == id {
			return Invalid("parent", "organisation %d cannot be placed under its own descendant", id)
		}
		if p.ParentID == nil {
			return nil
		}
		cur = *p.ParentID
	}
	return Invalid("parent", "the parent chain is too deep")
}

// CreateOrganisation validates and inserts o. Nothing is written when the
// input is invalid. A key of o's another entity has stays with it.
func (s *Store) CreateOrganisation(ctx context.Context, o *Organisation) error {
	return s.createOrganisation(ctx, o, false)
}

// CreateOrganisationFor is CreateOrganisation for a find-or-create that
// looked the name's key up in the same transaction and found none: when
// another writer has taken it since, it fails with ErrKeyTaken
// (claimNameKey). The key looked up is that of o.Name as given, before
// it is tidied.
func (s *Store) CreateOrganisationFor(ctx context.Context, o *Organisation) error {
	return s.createOrganisation(ctx, o, true)
}

func (s *Store) createOrganisation(ctx context.Context, o *Organisation, find bool) error {
	looked := MatchKey(TypeOrganisation, o.Name)
	o.ID = 0
	o.normalise()
	if err := s.validateOrganisation(ctx, o); err != nil {
		return err
	}
	return wrap("create organisation", s.Tx(ctx, func(tx *Store) error {
		if err := tx.db.WithContext(ctx).Create(o).Error; err != nil {
			return err
		}
		if err := tx.claimCreated(ctx, TypeOrganisation, o.ID, o.Name, o.Aliases, find, looked); err != nil {
			return err
		}
		return tx.enqueue(ctx, TypeOrganisation, o.ID, OpUpsert)
	}))
}

// UpdateOrganisation writes o over the stored one. Returns ENOTFOUND if
// there is none with o.ID.
func (s *Store) UpdateOrganisation(ctx context.Context, o *Organisation) error {
	o.normalise()
	if err := s.validateOrganisation(ctx, o); err != nil {
		return err
	}
	return wrap("update organisation", s.Tx(ctx, func(tx *Store) error {
		var err error
		if o.CreatedAt, err = tx.createdAt(ctx, &Organisation{}, TypeOrganisation, o.ID); err != nil {
			return err
		}
		if err := tx.db.WithContext(ctx).Save(o).Error; err != nil {
			return err
		}
		if err := tx.claimKeys(ctx, TypeOrganisation, o.ID, o.Name, o.Aliases); err != nil {
			return err
		}
		return tx.enqueue(ctx, TypeOrganisation, o.ID, OpUpsert)
	}))
}

// DeleteOrganisation deletes an organisation; its children lose their
// parent, its positions and mentions go with it. Returns ENOTFOUND if none.
func (s *Store) DeleteOrganisation(ctx context.Context, id int64) error {
	return wrap("delete organisation", s.Tx(ctx, func(tx *Store) error {
		return tx.deleteEntity(ctx, TypeOrganisation, &Organisation{}, id)
	}))
}

// deleteEntity deletes one organisation, person or resolution with its
// mentions and keys, and queues the index updates.
func (s *Store) deleteEntity(ctx context.Context, typ string, model any, id int64) error {
	db := s.db.WithContext(ctx)
	var articleIDs []int64
	if err := db.Model(&Mention{}).Distinct("article_id").Where("entity_type = ? AND entity_id = ?", typ, id).Pluck("article_id", &articleIDs).Error; err != nil {
		return err
	}
	if err := db.Where("entity_type = ? AND entity_id = ?", typ, id).Delete(&Mention{}).Error; err != nil {
		return err
	}
	if err := db.Where("entity_type = ? AND entity_id = ?", typ, id).Delete(&EntityKey{}).Error; err != nil {
		return err
	}
	r := db.Delete(model, id)
	if r.Error != nil {
		return r.Error
	}
	if r.RowsAffected == 0 {
		return NotFound(typ, id)
	}
	if err := s.enqueue(ctx, typ, id, OpDelete); err != nil {
		return err
	}
	return s.Enqueue(ctx, TypeArticle, OpUpsert, articleIDs...)
}

// OrganisationFilter selects organisations.
type OrganisationFilter struct {
	Name     string // name or alias contains this, accent-insensitive
	Kinds    []string
	Levels   []string
	ParentID *int64 // children of this organisation; 0 for roots
}

// Organisations lists organisations ordered by name.
func (s *Store) Organisations(ctx context.Context, f OrganisationFilter, p Page) (List[Organisation], error) {
	q := s.db.WithContext(ctx).Model(&Organisation{})
	if f.Name != "" {
		key := vntext.Key(f.Name)
		q = s.nameFilter(q, "organisations", TypeOrganisation, key, key)
	}
	if len(f.Kinds) > 0 {
		q = q.Where("kind IN ?", f.Kinds)
	}
	if len(f.Levels) > 0 {
		q = q.Where("level IN ?", f.Levels)
	}
	if f.ParentID != nil {
		if *f.ParentID == 0 {
			q = q.Where("parent_id IS NULL")
		} else {
			q = q.Where("parent_id = ?", *f.ParentID)
		}
	}
	l, err := list[Organisation](q, "name_key ASC, id ASC", p)
	return l, wrap("list organisations", err)
}
