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

// claimCreated claims the keys of an entity just created: a
// find-or-create's (find: claimNameKey, which the look-up's key looked)
// or claimKeys.
func (s *Store) claimCreated(ctx context.Context, typ string, id int64, name string, aliases []string, find bool, looked string) error {
	if find {
		return s.claimNameKey(ctx, typ, id, name, aliases, looked)
	}
	return s.claimKeys(ctx, typ, id, name, aliases)
}

// entityKeyInsert begins a multi-row INSERT of entity keys (insertRows).
const entityKeyInsert = "INSERT INTO entity_keys (entity_type, key, entity_id) VALUES "

// claimNameKey is claimKeys for a find-or-create: the caller looked up
// the key looked (MatchKey of the name as it gave it) in this transaction
// and no entity had it. On PostgreSQL another writer's transaction may
// have written it since and not
// committed (an import's batch, another ingestArticle): the INSERT waits
// for it, and once it commits leaves the key to it, so the entity just
// created would be a second one with no key. claimNameKey then returns an
// ECONFLICT beneath which is ErrKeyTaken; the caller's transaction, rolled
// back and run again, finds the other's entity. On SQLite, one writer at a
// time, no key appears between the look-up and the write: claimKeys.
//
// Only the key looked up counts: the name stored is tidied (cleanName
// drops a soft hyphen or a zero-width space, which the look-up's key took
// for a word break), and its key may then be one an entity had all along,
// which no run again would change: that is claimKeys's case, as on SQLite
// (the entity has no key).
func (s *Store) claimNameKey(ctx context.Context, typ string, id int64, name string, aliases []string, looked string) error {
	if s.dialect != "postgres" {
		return s.claimKeys(ctx, typ, id, name, aliases)
	}
	rows := entityKeys(nil, typ, id, name, aliases)
	if len(rows) == 0 {
		return nil
	}
	var got []string
	err := insertRows(len(rows), entityKeyInsert, 3, func(i int) []any {
		return []any{rows[i].EntityType, rows[i].Key, rows[i].EntityID}
	}, func(q string, args []any) error {
		var keys []string
		err := s.write(ctx).Raw(q+" ON CONFLICT DO NOTHING RETURNING key", args...).Scan(&keys).Error
		got = append(got, keys...)
		return err
	})
	if err != nil {
		return err
	}
	asked := slices.ContainsFunc(rows, func(r EntityKey) bool { return r.Key == looked })
	if looked != "" && asked && !slices.Contains(got, looked) {
		return &Error{Code: ECONFLICT, Message: "created by another writer meanwhile", cause: ErrKeyTaken}
	}
	return nil
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
