package models

import "gorm.io/gorm"

// GormDB is the store's own connection, for tests that watch the
// statements it sends.
func GormDB(s *Store) *gorm.DB { return s.db }

// SetTrigramExtension names the PostgreSQL extension migration 13 creates,
// for a test of a server without pg_trgm; it returns the previous name.
func SetTrigramExtension(name string) string {
	old := trigramExtension
	trigramExtension = name
	return old
}

// WriterDB is the store's writer connection: on SQLite the connection whose
// writes a first load's build made.
func WriterDB(s *Store) *gorm.DB { return s.w }

// SetTrigramFillHashSize sets the FTS5 hash size of a first load's fill of
// the titles' trigram index; it returns the previous one.
func SetTrigramFillHashSize(n int) int {
	old := trgmFillHashSize
	trgmFillHashSize = n
	return old
}
