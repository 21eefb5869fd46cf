package models

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"
)

// A migration is one versioned schema change: a file in migrations/ named
// NNNN_name.sql whose first line is "-- " and its name, written once for
// both dialects: {{id}}, {{time}}, {{date}} and {{float}} stand for the
// column types that differ, {{nullslast}} for what puts NULL last in a
// descending index column (SQLite does so already and has no word for it),
// {{sqlite}} before a statement for SQLite only (a comment on PostgreSQL). Migrations are never edited after release; a
// change is a new file with a number of its own, higher than the released
// ones (numbers are reserved ahead, so there may be gaps).
type migration struct {
	version int
	name    string
	sql     string
}

//go:embed migrations/*.sql
var migrationFiles embed.FS

var migrations = mustReadMigrations(migrationFiles)

// mustReadMigrations reads the migrations in version order; a file that
// breaks the rules above is a bug of the build, so it panics.
func mustReadMigrations(fsys fs.FS) []migration {
	names, err := fs.Glob(fsys, "migrations/*.sql")
	if err != nil {
		panic(err)
	}
	slices.Sort(names)
	var out []migration
	for _, n := range names {
		base := path.Base(n)
		num, _, _ := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if err != nil || len(num) != 4 || v <= 0 || (len(out) > 0 && v == out[len(out)-1].version) {
			panic(fmt.Sprintf("models: migration %s: want a number of 4 digits of its own", n))
		}
		b, err := fs.ReadFile(fsys, n)
		if err != nil {
			panic(err)
		}
		first, sql, _ := strings.Cut(string(b), "\n")
		name, ok := strings.CutPrefix(first, "-- ")
		if !ok || strings.TrimSpace(name) == "" {
			panic(fmt.Sprintf("models: migration %s: the first line must be \"-- \" and its name", n))
		}
		out = append(out, migration{version: v, name: strings.TrimSpace(name), sql: sql})
	}
	if len(out) == 0 {
		panic("models: no migrations")
	}
	return out
}

// goSteps are the parts of migrations written in Go, run by version in
// the migration's transaction after its SQL: what SQL does not do alike on
// both databases, such as folding case beyond ASCII or recomputing keys
// with vntext. Like the SQL, a step is never edited after release.
var goSteps = map[int]func(ctx context.Context, tx *gorm.DB) error{
	6:  recomputePersonKeys,
	7:  fillPositionTitleKeys,
	13: trigramIndexes,
	14: articleTextLZ4,
}

// Versions are the versions of this build's migrations, in order.
func Versions() []int {
	out := make([]int, len(migrations))
	for i, m := range migrations {
		out[i] = m.version
	}
	return out
}

// LatestVersion is the schema version this build expects.
func LatestVersion() int { return migrations[len(migrations)-1].version }

func (s *Store) ddl(sql string) string {
	types := map[string]string{
		"postgres": "{{id}}=BIGSERIAL PRIMARY KEY;{{time}}=TIMESTAMPTZ;{{date}}=DATE;{{float}}=DOUBLE PRECISION;{{nullslast}}= NULLS LAST;{{sqlite}}=-- ",
		"sqlite":   "{{id}}=INTEGER PRIMARY KEY AUTOINCREMENT;{{time}}=DATETIME;{{date}}=DATE;{{float}}=REAL;{{nullslast}}=;{{sqlite}}=",
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
func (s *Store) MigrateTo(ctx context.Context, target int) (applied []int, err error) {
	// One connection throughout: PostgreSQL's advisory lock belongs to the
	// session that took it, and a pool would unlock on another one.
	err = s.write(ctx).Connection(func(conn *gorm.DB) error {
		if s.dialect == "postgres" {
			// Two servers starting together must not both migrate (nor
			// race to create schema_migrations).
			if err := conn.Exec("SELECT pg_advisory_lock(?)", migrationLock).Error; err != nil {
				return fmt.Errorf("store: unable to lock for migration: %w", err)
			}
			defer conn.Exec("SELECT pg_advisory_unlock(?)", migrationLock)
		}
		if err := conn.Exec(`CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMP NOT NULL)`).Error; err != nil {
			return fmt.Errorf("store: unable to create schema_migrations: %w", err)
		}
		applied, err = (&Store{db: conn, w: conn, dialect: s.dialect}).migrate(ctx, target)
		if err != nil || slices.Contains(applied, 13) {
			return err
		}
		return ensureTrigramIndexes(ctx, conn, s.dialect)
	})
	if err != nil {
		return applied, err
	}
	// What a first load killed before its end left to build.
	return applied, s.RepairDeferred(ctx, nil)
}

// migrationLock is the key of PostgreSQL's advisory lock held while
// migrating.
const migrationLock = 7261001

// migrate applies the migrations after the database's version up to
// target, each in its own transaction.
func (s *Store) migrate(ctx context.Context, target int) ([]int, error) {
	db := s.db.WithContext(ctx)
	current, err := s.SchemaVersion(ctx)
	if err != nil {
		return nil, err
	}
	if current > LatestVersion() {
		return nil, fmt.Errorf("store: database schema version %d is newer than this build (%d): upgrade tracuu", current, LatestVersion())
	}
	// Numbers are reserved ahead by parallel branches, so a database may
	// have a later one and miss an earlier one merged since: apply every
	// migration not recorded, in order.
	var done []int
	if err := db.Raw("SELECT version FROM schema_migrations").Scan(&done).Error; err != nil {
		return nil, fmt.Errorf("store: unable to read applied migrations: %w", err)
	}
	var applied []int
	for _, m := range migrations {
		if slices.Contains(done, m.version) || m.version > target {
			continue
		}
		err := db.Transaction(func(tx *gorm.DB) error {
			for _, stmt := range splitSQL(s.ddl(m.sql)) {
				if err := tx.Exec(stmt).Error; err != nil {
					return fmt.Errorf("%w in %q", err, firstLine(stmt))
				}
			}
			if step := goSteps[m.version]; step != nil {
				if err := step(ctx, tx); err != nil {
					return err
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

// recomputePersonKeys gives every person the keys MatchKey gives people
// now, which keep diacritics: 0006's SQL dropped the old, folded ones,
// which linked "Trần Ngọc Tam" to "Trần Ngọc Tâm". The
// earliest person keeps a key that two claim, as when they were created.
func recomputePersonKeys(ctx context.Context, tx *gorm.DB) error {
	var people []Person
	if err := tx.WithContext(ctx).Select("id", "name", "aliases").Order("id").Find(&people).Error; err != nil {
		return err
	}
	seen := map[string]bool{}
	var rows []EntityKey
	for _, p := range people {
		for _, n := range append([]string{p.Name}, p.Aliases...) {
			if k := MatchKey(TypePerson, n); k != "" && !seen[k] {
				seen[k] = true
				rows = append(rows, EntityKey{EntityType: TypePerson, Key: k, EntityID: p.ID})
			}
		}
	}
	if len(rows) == 0 {
		return nil
	}
	return tx.WithContext(ctx).CreateInBatches(rows, 500).Error
}

func splitSQL(sql string) []string {
	var out []string
	for _, stmt := range strings.Split(sql, ";\n") {
		if stmt = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(stmt), ";")); stmt != "" && !onlyComments(stmt) {
			out = append(out, stmt)
		}
	}
	return out
}

// onlyComments reports whether every line of stmt is a comment: a
// statement of the other dialect ({{sqlite}}).
func onlyComments(stmt string) bool {
	for _, line := range strings.Split(stmt, "\n") {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "--") {
			return false
		}
	}
	return true
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}
