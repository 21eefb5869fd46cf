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
