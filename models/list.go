package models

import (
	"context"
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"strings"

	"gorm.io/gorm"

	"tracuu/vntext"
)

// MaxPage is the largest page a list returns.
const MaxPage = 100

// Page selects a slice of a list: First items after Offset.
type Page struct {
	First  int
	Offset int
	// NoTotal says the caller does not need List.Total (left 0): the
	// list is not counted, and one row more tells whether there is a next
	// page.
	NoTotal bool
}

func (p Page) limit() int {
	switch {
	case p.First <= 0:
		return 20
	case p.First > MaxPage:
		return MaxPage
	}
	return p.First
}

// List is one page of a longer list.
type List[T any] struct {
	Items   []*T
	Total   int64
	HasNext bool
}

// list counts the rows q selects and fetches one page of them in order.
func list[T any](q *gorm.DB, order string, p Page) (List[T], error) {
	return fetchPage(q, p, func(p Page, items *[]*T) error {
		return q.Order(order).Limit(fetchLimit(p)).Offset(p.Offset).Find(items).Error
	})
}

// fetchLimit is how many rows to read for page p: one more than the page
// when there is no count to tell whether another page follows.
func fetchLimit(p Page) int {
	if p.NoTotal {
		return p.limit() + 1
	}
	return p.limit()
}

// hasNext sets HasNext from the count, or from the extra row read in its
// place (and drops that row).
func (l *List[T]) hasNext(p Page) {
	if p.NoTotal {
		l.HasNext = len(l.Items) > p.limit()
		if l.HasNext {
			l.Items = l.Items[:p.limit()]
		}
		return
	}
	l.HasNext = int64(p.Offset+len(l.Items)) < l.Total
}

// listByID is list for a table whose rows are wide (articles carry their
// body): the page is chosen among ids alone, which an index in list order
// answers without reading a row, and only the rows of that page are read.
// Paging late in a long list then costs index entries, not rows.
func listByID[T any](q *gorm.DB, order string, p Page) (List[T], error) {
	return fetchPage(q, p, func(p Page, items *[]*T) error {
		ids := q.Session(&gorm.Session{}).Select("id").Order(order).Limit(fetchLimit(p)).Offset(p.Offset)
		return q.Session(&gorm.Session{NewDB: true}).Model(new(T)).Where("id IN (?)", ids).Order(order).Find(items).Error
	})
}

// fetchPage counts the rows q selects (unless p.NoTotal) and reads page p
// of them with fetch.
func fetchPage[T any](q *gorm.DB, p Page, fetch func(p Page, items *[]*T) error) (List[T], error) {
	var out List[T]
	if !p.NoTotal {
		if err := q.Session(&gorm.Session{}).Count(&out.Total).Error; err != nil {
			return out, err
		}
	}
	p.Offset = max(p.Offset, 0)
	if err := fetch(p, &out.Items); err != nil {
		return out, err
	}
	out.hasNext(p)
	return out, nil
}

// Identified is implemented by every entity: its table id.
type Identified interface{ Key() int64 }

// ByIDs fetches entities of one type by id, for batch loading. Missing ids
// are absent from the map.
func ByIDs[T any, PT interface {
	*T
	Identified
}](ctx context.Context, s *Store, ids []int64) (map[int64]*T, error) {
	out := make(map[int64]*T, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	var rows []*T
	if err := s.db.WithContext(ctx).Where("id IN ?", uniq(ids)).Find(&rows).Error; err != nil {
		return nil, wrap("load by ids", err)
	}
	for _, r := range rows {
		out[PT(r).Key()] = r
	}
	return out, nil
}

func uniq(ids []int64) []int64 {
	seen := make(map[int64]bool, len(ids))
	out := ids[:0:0]
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

// StringList is a list of strings stored as a JSON array in one column.
type StringList []string

// Value implements driver.Valuer.
func (l StringList) Value() (driver.Value, error) {
	if l == nil {
		return "[]", nil
	}
	b, err := json.Marshal([]string(l))
	return string(b), err
}

// Scan implements sql.Scanner.
func (l *StringList) Scan(v any) error {
	var b []byte
	switch x := v.(type) {
	case nil:
		*l = nil
		return nil
	case string:
		b = []byte(x)
	case []byte:
		b = x
	default:
		return fmt.Errorf("StringList: cannot scan %T", v)
	}
	return json.Unmarshal(b, (*[]string)(l))
}

// cleanName tidies a name as stored: NFC, modern tone placement, single spaces.
func cleanName(s string) string {
	s = vntext.Clean(s)
	if vntext.SpacedOnce(s) {
		return s // most names: no slice of words, no copy
	}
	return strings.Join(strings.Fields(s), " ")
}

// cleanNames tidies a list of names and drops empty ones and repeats (by key).
func cleanNames(names []string) StringList {
	out := StringList{}
	seen := map[string]bool{}
	for _, n := range names {
		n = cleanName(n)
		k := vntext.Key(n)
		if k == "" || seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, n)
	}
	return out
}

// likeKey returns a LIKE pattern matching names whose key contains q's key.
// A query with no key (only punctuation, such as "%") matches no name
// rather than every one.
func likeKey(q string) string {
	k := vntext.Key(q)
	if k == "" {
		return ""
	}
	return contains(k)
}

// contains is the LIKE pattern of the strings that contain s, its own
// wildcards escaped: the condition must say ESCAPE '\' (PostgreSQL's
// default, SQLite has none).
func contains(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(s) + "%"
}

// nameFilter keeps the organisations or people (table, of type typ) whose
// name key contains nameKey or one of whose entity keys contains key. An
// empty key matches nothing: a query of punctuation alone, such as "%",
// matches no one rather than everyone.
func (s *Store) nameFilter(q *gorm.DB, table, typ, nameKey, key string) *gorm.DB {
	nameLike, keyLike := "", ""
	if nameKey != "" {
		nameLike = contains(nameKey)
	}
	if key != "" {
		keyLike = contains(key)
	}
	q, narrowed := s.narrow(q, table, nameKey, key)
	if narrowed {
		// The trigram index chose a few rows: each looks up its own keys
		// (entity_keys_entity) instead of every key being scanned.
		return q.Where(table+".name_key LIKE ? ESCAPE '\\' OR EXISTS (SELECT 1 FROM entity_keys k WHERE k.entity_type = ? AND k.entity_id = "+table+".id AND k.key LIKE ? ESCAPE '\\')",
			nameLike, typ, keyLike)
	}
	// One set of ids from both conditions: PostgreSQL reads each through
	// its trigram index (name_key LIKE ... OR id IN (...) scanned the
	// table, testing each row against the keys' hashed list).
	return q.Where("id IN (SELECT id FROM "+table+" WHERE name_key LIKE ? ESCAPE '\\' UNION SELECT entity_id FROM entity_keys WHERE entity_type = ? AND key LIKE ? ESCAPE '\\')",
		nameLike, typ, keyLike)
}
