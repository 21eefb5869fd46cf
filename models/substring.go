package models

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"unicode/utf8"

	"gorm.io/gorm"
)

// The list filters that select rows whose text contains a string (a
// title, a name, a key or a code: LIKE '%...%') read an index of the
// text's trigrams, so that their cost follows the rows they find instead
// of the size of the table (issues 11 and 13).
//
// SQLite: migration 13 makes an FTS5 table per listed table (TABLE_trgm,
// tokenizer trigram, case kept), whose rowid is the row's id and whose one
// column holds the text the filter folds (the key columns as stored, the
// titles through tracuu_lower, the keys of an organisation or person joined
// with its name key); triggers keep it. narrow adds the condition that the
// row is among those whose indexed text holds every trigram of the
// string in order, and the filter's own LIKE condition stays beside it:
// the results are those of the LIKE alone. A string of fewer than three
// characters has no trigram and scans as before.
//
// PostgreSQL: pg_trgm's GIN indexes on the very expressions the filters
// compare (LOWER(title), name_key, key, title_key, code_key) answer the
// same LIKE conditions; the SQL does not change.

// trigramExtension is the PostgreSQL extension that indexes trigrams (a
// variable so that a test can make it missing).
var trigramExtension = "pg_trgm"

// trigramIndexStatements are PostgreSQL's trigram indexes.
var trigramIndexStatements = []string{
	"CREATE INDEX IF NOT EXISTS articles_title_trgm ON articles USING gin (LOWER(title) gin_trgm_ops)",
	"CREATE INDEX IF NOT EXISTS resolutions_code_key_trgm ON resolutions USING gin (code_key gin_trgm_ops)",
	"CREATE INDEX IF NOT EXISTS resolutions_title_trgm ON resolutions USING gin (LOWER(title) gin_trgm_ops)",
	"CREATE INDEX IF NOT EXISTS organisations_name_key_trgm ON organisations USING gin (name_key gin_trgm_ops)",
	"CREATE INDEX IF NOT EXISTS people_name_key_trgm ON people USING gin (name_key gin_trgm_ops)",
	"CREATE INDEX IF NOT EXISTS entity_keys_key_trgm ON entity_keys USING gin (key gin_trgm_ops)",
	"CREATE INDEX IF NOT EXISTS positions_title_key_trgm ON positions USING gin (title_key gin_trgm_ops)",
}

// trigramIndexes is migration 13's Go step: on PostgreSQL, pg_trgm and its
// indexes. A server where pg_trgm cannot be created (the contrib package
// missing, or no right to create it) migrates all the same, with a
// warning, and its filters scan as before; each later migrate (every start)
// tries again.
func trigramIndexes(ctx context.Context, tx *gorm.DB) error {
	if tx.Dialector.Name() != "postgres" {
		return nil
	}
	const sp = "trigram_indexes"
	if err := tx.SavePoint(sp).Error; err != nil {
		return err
	}
	err := func() error {
		if err := tx.WithContext(ctx).Exec("CREATE EXTENSION IF NOT EXISTS " + trigramExtension).Error; err != nil {
			return err
		}
		for _, stmt := range trigramIndexStatements {
			if err := tx.WithContext(ctx).Exec(stmt).Error; err != nil {
				return fmt.Errorf("%w in %q", err, stmt)
			}
		}
		return nil
	}()
	if err != nil {
		if rb := tx.RollbackTo(sp).Error; rb != nil {
			return rb
		}
		slog.Warn("store: no trigram indexes: the list filters by title and name scan their tables; install PostgreSQL's contrib package (pg_trgm) and run `tracuu migrate`",
			"extension", trigramExtension, "err", err)
	}
	return nil
}

// ensureTrigramIndexes makes PostgreSQL's trigram indexes when migration 13
// is applied and they are missing (pg_trgm was missing then).
func ensureTrigramIndexes(ctx context.Context, conn *gorm.DB, dialect string) error {
	if dialect != "postgres" {
		return nil
	}
	var applied, present int64
	db := conn.WithContext(ctx)
	if err := db.Raw("SELECT count(*) FROM schema_migrations WHERE version = 13").Scan(&applied).Error; err != nil {
		return err
	}
	if applied == 0 {
		return nil
	}
	if err := db.Raw("SELECT count(*) FROM pg_indexes WHERE schemaname = current_schema() AND indexname LIKE '%\\_trgm'").Scan(&present).Error; err != nil {
		return err
	}
	if present >= int64(len(trigramIndexStatements)) {
		return nil
	}
	// A first load dropped the titles' index: it builds it at its end (or
	// the next start does, RepairDeferred), from its record.
	var loading bool
	if err := db.Raw("SELECT to_regclass('deferred_indexes') IS NOT NULL").Scan(&loading).Error; err != nil || loading {
		return err
	}
	return db.Transaction(func(tx *gorm.DB) error { return trigramIndexes(ctx, tx) })
}

// narrow keeps, on SQLite, the rows of table (organisations, people,
// articles, resolutions, positions) whose indexed text (TABLE_trgm)
// contains one of the needles: those the filter's LIKE conditions may
// select, which q keeps as well. It reports false, and leaves q, on
// PostgreSQL and when a needle is shorter than three characters.
func (s *Store) narrow(q *gorm.DB, table string, needles ...string) (*gorm.DB, bool) {
	if len(needles) == 0 {
		return q, false
	}
	var terms []string
	for _, n := range needles {
		t, ok := s.trigramMatch(n)
		if !ok {
			return q, false
		}
		if len(terms) == 0 || terms[len(terms)-1] != t {
			terms = append(terms, t)
		}
	}
	fts := table + "_trgm"
	return q.Where(table+".id IN (SELECT rowid FROM "+fts+" WHERE "+fts+" MATCH ?)", strings.Join(terms, " OR ")), true
}

// trigramMatch is the FTS5 query of the rows whose indexed text contains
// needle: a phrase, its double quotes doubled. ok is false on PostgreSQL
// and for a needle of fewer than three characters, which has no trigram.
func (s *Store) trigramMatch(needle string) (match string, ok bool) {
	if s.dialect != "sqlite" || utf8.RuneCountInString(needle) < 3 {
		return "", false
	}
	return `"` + strings.ReplaceAll(needle, `"`, `""`) + `"`, true
}
