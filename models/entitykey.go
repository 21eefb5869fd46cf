package models

import (
	"context"
	"slices"

	"gorm.io/gorm/clause"

	"tracuu/vntext"
)

// EntityKey maps a matching key (MatchKey of a name, an alias or an
// abbreviation) to the one entity it stands for. Extraction links names
// through these keys, and a merge moves them, so that re-importing an
// article links to the merged entity.
type EntityKey struct {
	EntityType string `gorm:"primaryKey"`
	Key        string `gorm:"primaryKey"`
	EntityID   int64
}

// MatchKey is the key under which an entity of type typ answers to name.
// A person's keeps diacritics (vntext.NameKey): "Trần Ngọc Tam" and "Trần
// Ngọc Tâm" are two people, while "Hòa" and "Hoà" are one spelling. Other
// entities fold diacritics (vntext.Key), since their names are written with
// and without them ("UBND tinh", "Tỉnh ủy").
func MatchKey(typ, name string) string {
	if typ == TypePerson {
		return vntext.NameKey(name)
	}
	return vntext.Key(name)
}

// claimKeys records the keys of a name and its aliases for an entity;
// keys that already belong to another entity stay with it.
func (s *Store) claimKeys(ctx context.Context, typ string, id int64, name string, aliases []string) error {
	rows := entityKeys(nil, typ, id, name, aliases)
	if len(rows) == 0 {
		return nil
	}
	return s.write(ctx).Clauses(clause.OnConflict{DoNothing: true}).Create(&rows).Error
}

// entityKeys appends to rows the keys of a name and its aliases for an
// entity, each once.
func entityKeys(rows []EntityKey, typ string, id int64, name string, aliases []string) []EntityKey {
	seen := map[string]bool{}
	for _, n := range append([]string{name}, aliases...) {
		k := MatchKey(typ, n)
		if k == "" || seen[k] {
			continue
		}
		seen[k] = true
		rows = append(rows, EntityKey{EntityType: typ, Key: k, EntityID: id})
	}
	return rows
}

// LookupKey returns the id of the entity of type typ whose key is the
// match key of name, or 0 when there is none.
func (s *Store) LookupKey(ctx context.Context, typ, name string) (int64, error) {
	ids, err := s.LookupKeys(ctx, typ, []string{name})
	return ids[MatchKey(typ, name)], err
}

// LookupKeys returns the match key of each name with the id of the entity
// of type typ that has it, or 0 when none has, in one query per 500 keys.
func (s *Store) LookupKeys(ctx context.Context, typ string, names []string) (map[string]int64, error) {
	var keys []string
	out := make(map[string]int64, len(names))
	for _, n := range names {
		if k := MatchKey(typ, n); k != "" {
			if _, seen := out[k]; !seen {
				out[k] = 0
				keys = append(keys, k)
			}
		}
	}
	for chunk := range slices.Chunk(keys, 500) {
		var rows []EntityKey
		cond, arg := s.inList("key", chunk)
		if err := s.db.WithContext(ctx).Where("entity_type = ? AND "+cond, typ, arg).Find(&rows).Error; err != nil {
			return nil, wrap("look up keys", err)
		}
		for _, r := range rows {
			out[r.Key] = r.EntityID
		}
	}
	return out, nil
}
