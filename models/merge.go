package models

import (
	"context"

	"gorm.io/gorm"
)

// Merge folds entity dropID into keepID, both of type typ (Organisation,
// Person or Resolution): positions, children, authorships, reports,
// mentions and matching keys move to keepID, the dropped name becomes an
// alias, and dropID is deleted. Because the keys move, a later import that
// names the dropped entity links to the kept one: the merge survives
// re-import. Returns ENOTFOUND if either does not exist, EINVALID if they
// are the same or the type cannot be merged.
func (s *Store) Merge(ctx context.Context, typ string, keepID, dropID int64) error {
	if keepID == dropID {
		return Invalid("drop", "cannot merge an entity into itself")
	}
	return wrap("merge", s.Tx(ctx, func(tx *Store) error {
		db := tx.db.WithContext(ctx)
		var articleIDs []int64
		if err := db.Model(&Mention{}).Distinct("article_id").Where("entity_type = ? AND entity_id = ?", typ, dropID).Pluck("article_id", &articleIDs).Error; err != nil {
			return err
		}
		var err error
		switch typ {
		case TypeOrganisation:
			err = tx.mergeOrganisations(ctx, keepID, dropID)
		case TypePerson:
			err = tx.mergePeople(ctx, keepID, dropID)
		case TypeResolution:
			err = tx.mergeResolutions(ctx, keepID, dropID)
		default:
			return Invalid("type", "%s entities cannot be merged", typ)
		}
		if err != nil {
			return err
		}
		if err := db.Model(&Mention{}).Where("entity_type = ? AND entity_id = ?", typ, dropID).Update("entity_id", keepID).Error; err != nil {
			return err
		}
		// Keys of the dropped entity now mean the kept one.
		if err := db.Model(&EntityKey{}).Where("entity_type = ? AND entity_id = ?", typ, dropID).Update("entity_id", keepID).Error; err != nil {
			return err
		}
		if err := tx.enqueue(ctx, typ, dropID, OpDelete); err != nil {
			return err
		}
		if err := tx.enqueue(ctx, typ, keepID, OpUpsert); err != nil {
			return err
		}
		return tx.Enqueue(ctx, TypeArticle, OpUpsert, articleIDs...)
	}))
}

// takeBoth loads the kept and the dropped entity, or returns ENOTFOUND.
func takeBoth[T any](db *gorm.DB, typ string, keepID, dropID int64) (*T, *T, error) {
	var keep, drop T
	if err := db.Take(&keep, keepID).Error; err != nil {
		return nil, nil, NotFound(typ, keepID)
	}
	if err := db.Take(&drop, dropID).Error; err != nil {
		return nil, nil, NotFound(typ, dropID)
	}
	return &keep, &drop, nil
}

func (s *Store) mergeOrganisations(ctx context.Context, keepID, dropID int64) error {
	db := s.db.WithContext(ctx)
	keep, drop, err := takeBoth[Organisation](db, TypeOrganisation, keepID, dropID)
	if err != nil {
		return err
	}
	if keep.ParentID != nil && *keep.ParentID == dropID {
		keep.ParentID = drop.ParentID
	}
	if keep.ParentID == nil {
		keep.ParentID = drop.ParentID
	}
	keep.Aliases = cleanNames(append(append([]string{}, keep.Aliases...), append([]string{drop.Name}, drop.Aliases...)...))
	for _, u := range []struct {
		model any
		col   string
	}{{&Position{}, "organisation_id"}, {&Organisation{}, "parent_id"}, {&Resolution{}, "issuer_id"}, {&Report{}, "organisation_id"}} {
		if err := db.Model(u.model).Where(u.col+" = ?", dropID).Update(u.col, keepID).Error; err != nil {
			return err
		}
	}
	if err := db.Delete(&Organisation{}, dropID).Error; err != nil {
		return err
	}
	if keep.ParentID != nil && *keep.ParentID == keepID {
		keep.ParentID = nil
	}
	return db.Save(keep).Error
}

func (s *Store) mergePeople(ctx context.Context, keepID, dropID int64) error {
	db := s.db.WithContext(ctx)
	keep, drop, err := takeBoth[Person](db, TypePerson, keepID, dropID)
	if err != nil {
		return err
	}
	keep.Aliases = cleanNames(append(append([]string{}, keep.Aliases...), append([]string{drop.Name}, drop.Aliases...)...))
	if err := db.Model(&Position{}).Where("person_id = ?", dropID).Update("person_id", keepID).Error; err != nil {
		return err
	}
	// Authorships: where both wrote the same article keep one row.
	if err := db.Where("person_id = ? AND article_id IN (?)", dropID, db.Model(&ArticleAuthor{}).Select("article_id").Where("person_id = ?", keepID)).Delete(&ArticleAuthor{}).Error; err != nil {
		return err
	}
	if err := db.Model(&ArticleAuthor{}).Where("person_id = ?", dropID).Update("person_id", keepID).Error; err != nil {
		return err
	}
	if err := db.Delete(&Person{}, dropID).Error; err != nil {
		return err
	}
	return db.Save(keep).Error
}

func (s *Store) mergeResolutions(ctx context.Context, keepID, dropID int64) error {
	db := s.db.WithContext(ctx)
	_, drop, err := takeBoth[Resolution](db, TypeResolution, keepID, dropID)
	if err != nil {
		return err
	}
	if err := db.Where("resolution_id = ? AND report_id IN (?)", dropID, db.Model(&ReportResolution{}).Select("report_id").Where("resolution_id = ?", keepID)).Delete(&ReportResolution{}).Error; err != nil {
		return err
	}
	if err := db.Model(&ReportResolution{}).Where("resolution_id = ?", dropID).Update("resolution_id", keepID).Error; err != nil {
		return err
	}
	if err := db.Where("(from_id = ? AND to_id = ?) OR (from_id = ? AND to_id = ?)", dropID, keepID, keepID, dropID).Delete(&ResolutionLink{}).Error; err != nil {
		return err
	}
	for _, col := range []string{"from_id", "to_id"} {
		if err := db.Model(&ResolutionLink{}).Where(col+" = ?", dropID).Update(col, keepID).Error; err != nil {
			return err
		}
	}
	if err := db.Delete(&Resolution{}, dropID).Error; err != nil {
		return err
	}
	// The dropped code keeps meaning this document.
	return db.Create(&EntityKey{EntityType: TypeResolution, Key: drop.CodeKey, EntityID: keepID}).Error
}

// ResolutionByKey returns the id of the resolution whose code key is key,
// directly or through a merge, or 0.
func (s *Store) ResolutionByKey(ctx context.Context, key string) (int64, error) {
	db := s.db.WithContext(ctx)
	var r Resolution
	if err := db.Select("id").Where("code_key = ?", key).Limit(1).Find(&r).Error; err != nil || r.ID != 0 {
		return r.ID, wrap("find resolution", err)
	}
	var k EntityKey
	if err := db.Where("entity_type = ? AND key = ?", TypeResolution, key).Limit(1).Find(&k).Error; err != nil {
		return 0, wrap("find resolution", err)
	}
	return k.EntityID, nil
}
