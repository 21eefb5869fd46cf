package models

import (
	"context"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
)

// A migration is one versioned schema change, written once for both
// dialects: {{id}}, {{time}}, {{date}} and {{float}} stand for the column
// types that differ. Migrations are never edited after release; a change is a
// new migration appended to the list.
type migration struct {
	version int
	name    string
	sql     string
}

var migrations = []migration{
	{1, "core entities", `
CREATE TABLE articles (
	id {{id}},
	content_key TEXT NOT NULL UNIQUE,
	content_hash TEXT NOT NULL,
	url TEXT UNIQUE,
	title TEXT NOT NULL,
	lead TEXT NOT NULL DEFAULT '',
	body TEXT NOT NULL,
	source TEXT NOT NULL DEFAULT '',
	source_code TEXT NOT NULL DEFAULT '',
	section TEXT NOT NULL DEFAULT '',
	published_at {{time}},
	created_at {{time}} NOT NULL,
	updated_at {{time}} NOT NULL
);
CREATE INDEX articles_published_at ON articles (published_at, id);
CREATE INDEX articles_source ON articles (source);
CREATE TABLE organisations (
	id {{id}},
	name TEXT NOT NULL,
	name_key TEXT NOT NULL,
	aliases TEXT NOT NULL DEFAULT '[]',
	kind TEXT NOT NULL DEFAULT 'other',
	level TEXT NOT NULL DEFAULT 'other',
	parent_id BIGINT REFERENCES organisations (id) ON DELETE SET NULL,
	created_at {{time}} NOT NULL,
	updated_at {{time}} NOT NULL
);
CREATE INDEX organisations_name_key ON organisations (name_key);
CREATE INDEX organisations_parent ON organisations (parent_id);
CREATE TABLE people (
	id {{id}},
	name TEXT NOT NULL,
	name_key TEXT NOT NULL,
	aliases TEXT NOT NULL DEFAULT '[]',
	created_at {{time}} NOT NULL,
	updated_at {{time}} NOT NULL
);
CREATE INDEX people_name_key ON people (name_key);
CREATE TABLE article_authors (
	article_id BIGINT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
	person_id BIGINT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
	ordinal INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (article_id, person_id)
);
CREATE INDEX article_authors_person ON article_authors (person_id);
CREATE TABLE positions (
	id {{id}},
	person_id BIGINT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
	organisation_id BIGINT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
	title TEXT NOT NULL,
	term TEXT NOT NULL DEFAULT '',
	started_on {{date}},
	ended_on {{date}},
	article_id BIGINT REFERENCES articles (id) ON DELETE SET NULL,
	created_at {{time}} NOT NULL,
	updated_at {{time}} NOT NULL
);
CREATE INDEX positions_person ON positions (person_id);
CREATE INDEX positions_organisation ON positions (organisation_id);
CREATE TABLE resolutions (
	id {{id}},
	code TEXT,
	code_key TEXT NOT NULL UNIQUE,
	kind TEXT NOT NULL DEFAULT 'other',
	number TEXT NOT NULL DEFAULT '',
	issuer_id BIGINT REFERENCES organisations (id) ON DELETE SET NULL,
	issued_on {{date}},
	title TEXT NOT NULL DEFAULT '',
	summary TEXT NOT NULL DEFAULT '',
	created_at {{time}} NOT NULL,
	updated_at {{time}} NOT NULL
);
CREATE INDEX resolutions_issuer ON resolutions (issuer_id);
CREATE TABLE resolution_links (
	id {{id}},
	from_id BIGINT NOT NULL REFERENCES resolutions (id) ON DELETE CASCADE,
	to_id BIGINT NOT NULL REFERENCES resolutions (id) ON DELETE CASCADE,
	relation TEXT NOT NULL,
	UNIQUE (from_id, to_id, relation)
);
CREATE TABLE reports (
	id {{id}},
	title TEXT NOT NULL,
	period_start {{date}},
	period_end {{date}},
	organisation_id BIGINT REFERENCES organisations (id) ON DELETE SET NULL,
	article_id BIGINT REFERENCES articles (id) ON DELETE CASCADE,
	created_at {{time}} NOT NULL,
	updated_at {{time}} NOT NULL
);
CREATE INDEX reports_article ON reports (article_id);
CREATE INDEX reports_organisation ON reports (organisation_id);
CREATE TABLE report_resolutions (
	report_id BIGINT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
	resolution_id BIGINT NOT NULL REFERENCES resolutions (id) ON DELETE CASCADE,
	PRIMARY KEY (report_id, resolution_id)
);
CREATE INDEX report_resolutions_resolution ON report_resolutions (resolution_id);
CREATE TABLE figures (
	id {{id}},
	report_id BIGINT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
	ordinal INTEGER NOT NULL DEFAULT 0,
	label TEXT NOT NULL,
	value {{float}} NOT NULL,
	unit TEXT NOT NULL DEFAULT '',
	total {{float}},
	percent {{float}},
	sentence TEXT NOT NULL DEFAULT ''
);
CREATE INDEX figures_report ON figures (report_id);
CREATE TABLE mentions (
	id {{id}},
	article_id BIGINT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
	entity_type TEXT NOT NULL,
	entity_id BIGINT NOT NULL,
	sentence TEXT NOT NULL DEFAULT '',
	start_offset INTEGER NOT NULL DEFAULT 0,
	end_offset INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX mentions_entity ON mentions (entity_type, entity_id, article_id);
CREATE INDEX mentions_article ON mentions (article_id);
`},
	{2, "index jobs, entity keys and mention fields", `
CREATE TABLE index_jobs (
	id {{id}},
	entity_type TEXT NOT NULL,
	entity_id BIGINT NOT NULL,
	op TEXT NOT NULL,
	created_at {{time}} NOT NULL
);
CREATE TABLE entity_keys (
	entity_type TEXT NOT NULL,
	key TEXT NOT NULL,
	entity_id BIGINT NOT NULL,
	PRIMARY KEY (entity_type, key)
);
CREATE INDEX entity_keys_entity ON entity_keys (entity_type, entity_id);
ALTER TABLE mentions ADD COLUMN field TEXT NOT NULL DEFAULT 'body';
INSERT INTO entity_keys (entity_type, key, entity_id) SELECT 'Organisation', name_key, MIN(id) FROM organisations GROUP BY name_key;
INSERT INTO entity_keys (entity_type, key, entity_id) SELECT 'Person', name_key, MIN(id) FROM people GROUP BY name_key;
INSERT INTO index_jobs (entity_type, entity_id, op, created_at) SELECT 'Article', id, 'upsert', CURRENT_TIMESTAMP FROM articles;
`},
	{3, "change log followed by every server", `
ALTER TABLE index_jobs RENAME TO changes;
CREATE TABLE change_log_state (
	id INTEGER PRIMARY KEY,
	pruned_through BIGINT NOT NULL DEFAULT 0,
	reindex_request BIGINT NOT NULL DEFAULT 0,
	reindex_requested_at {{time}}
);
INSERT INTO change_log_state (id) VALUES (1);
CREATE TABLE index_servers (
	id TEXT PRIMARY KEY,
	instance TEXT NOT NULL,
	home TEXT NOT NULL DEFAULT '',
	addr TEXT NOT NULL DEFAULT '',
	position BIGINT NOT NULL DEFAULT 0,
	state TEXT NOT NULL,
	detail TEXT NOT NULL DEFAULT '',
	built BIGINT NOT NULL DEFAULT 0,
	total BIGINT NOT NULL DEFAULT 0,
	reindex_done BIGINT NOT NULL DEFAULT 0,
	started_at {{time}} NOT NULL,
	seen_at {{time}} NOT NULL
);
`},
}

// LatestVersion is the schema version this build expects.
func LatestVersion() int { return migrations[len(migrations)-1].version }

func (s *Store) ddl(sql string) string {
	types := map[string]string{
		"postgres": "{{id}}=BIGSERIAL PRIMARY KEY;{{time}}=TIMESTAMPTZ;{{date}}=DATE;{{float}}=DOUBLE PRECISION",
		"sqlite":   "{{id}}=INTEGER PRIMARY KEY AUTOINCREMENT;{{time}}=DATETIME;{{date}}=DATE;{{float}}=REAL",
	}[s.dialect]
	for _, kv := range strings.Split(types, ";") {
		k, v, _ := strings.Cut(kv, "=")
		sql = strings.ReplaceAll(sql, k, v)
	}
	return sql
}

// SchemaVersion returns the highest migration applied, 0 for an empty database.
func (s *Store) SchemaVersion(ctx context.Context) (int, error) {
	db := s.db.WithContext(ctx)
	if !db.Migrator().HasTable("schema_migrations") {
		return 0, nil
	}
	var v int
	if err := db.Raw("SELECT COALESCE(MAX(version), 0) FROM schema_migrations").Scan(&v).Error; err != nil {
		return 0, fmt.Errorf("store: unable to read schema version: %w", err)
	}
	return v, nil
}

// Migrate applies every migration newer than the database, each in its own
// transaction, and returns the versions it applied. A database newer than
// this build is an error, so an old binary never writes to a schema it does
// not know.
func (s *Store) Migrate(ctx context.Context) ([]int, error) {
	return s.MigrateTo(ctx, LatestVersion())
}

// MigrateTo applies migrations up to and including version target.
func (s *Store) MigrateTo(ctx context.Context, target int) ([]int, error) {
	db := s.db.WithContext(ctx)
	if err := db.Exec(`CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMP NOT NULL)`).Error; err != nil {
		return nil, fmt.Errorf("store: unable to create schema_migrations: %w", err)
	}
	if s.dialect == "postgres" {
		// Two servers starting together must not both migrate.
		if err := db.Exec("SELECT pg_advisory_lock(7261001)").Error; err != nil {
			return nil, fmt.Errorf("store: unable to lock for migration: %w", err)
		}
		defer db.Exec("SELECT pg_advisory_unlock(7261001)")
	}
	current, err := s.SchemaVersion(ctx)
	if err != nil {
		return nil, err
	}
	if current > LatestVersion() {
		return nil, fmt.Errorf("store: database schema version %d is newer than this build (%d): upgrade tracuu", current, LatestVersion())
	}
	var applied []int
	for _, m := range migrations {
		if m.version <= current || m.version > target {
			continue
		}
		err := db.Transaction(func(tx *gorm.DB) error {
			for _, stmt := range splitSQL(s.ddl(m.sql)) {
				if err := tx.Exec(stmt).Error; err != nil {
					return fmt.Errorf("%w in %q", err, firstLine(stmt))
				}
			}
			return tx.Exec("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)", m.version, m.name, time.Now().UTC()).Error
		})
		if err != nil {
			return applied, fmt.Errorf("store: migration %d (%s) failed: %w", m.version, m.name, err)
		}
		applied = append(applied, m.version)
	}
	return applied, nil
}

func splitSQL(sql string) []string {
	var out []string
	for _, stmt := range strings.Split(sql, ";\n") {
		if stmt = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(stmt), ";")); stmt != "" {
			out = append(out, stmt)
		}
	}
	return out
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}
