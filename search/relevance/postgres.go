package relevance

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"strings"

	_ "github.com/jackc/pgx/v5/stdlib"
)

// Postgres is the reference the corpus README compares with: PostgreSQL
// full-text search with unaccent and the 'simple' configuration, in a
// scratch database of its own.
type Postgres struct {
	DB      *sql.DB
	cleanup func()
}

// OpenPostgres creates (or recreates) the scratch database name on the
// server at pgURL, with the unaccent extension and an empty articles table.
func OpenPostgres(ctx context.Context, pgURL, name string) (*Postgres, error) {
	db, cleanup, err := scratchDB(ctx, pgURL, name)
	if err != nil {
		return nil, err
	}
	return &Postgres{DB: db, cleanup: cleanup}, nil
}

// Close drops the scratch database.
func (p *Postgres) Close() { p.cleanup() }

// scratchDB creates (or recreates) database name on the server at pgURL
// with the unaccent extension, and returns it with a function that drops it.
func scratchDB(ctx context.Context, pgURL, name string) (*sql.DB, func(), error) {
	admin, err := sql.Open("pgx", pgURL)
	if err != nil {
		return nil, nil, err
	}
	if _, err := admin.ExecContext(ctx, "DROP DATABASE IF EXISTS "+name); err != nil {
		admin.Close()
		return nil, nil, err
	}
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		admin.Close()
		return nil, nil, err
	}
	u, err := url.Parse(pgURL)
	if err != nil {
		admin.Close()
		return nil, nil, err
	}
	u.Path = "/" + name
	db, err := sql.Open("pgx", u.String())
	if err != nil {
		admin.Close()
		return nil, nil, err
	}
	cleanup := func() {
		db.Close()
		admin.ExecContext(context.Background(), "DROP DATABASE IF EXISTS "+name)
		admin.Close()
	}
	stmts := []string{
		"CREATE EXTENSION IF NOT EXISTS unaccent",
		// unaccent() is only STABLE; an index needs an IMMUTABLE wrapper.
		`CREATE FUNCTION f_unaccent(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
		 AS $$ SELECT public.unaccent('public.unaccent', $1) $$`,
		`CREATE TABLE articles (id int PRIMARY KEY, title text NOT NULL, lead text NOT NULL, body text NOT NULL,
		 tsv tsvector GENERATED ALWAYS AS (` + tsvector + `) STORED)`,
	}
	for _, s := range stmts {
		if _, err := db.ExecContext(ctx, s); err != nil {
			cleanup()
			return nil, nil, fmt.Errorf("%s: %w", strings.Fields(s)[0], err)
		}
	}
	return db, cleanup, nil
}

// tsvector is the indexed document: title weighted A, lead B, body D. It
// is stored in a generated column so that ranking does not parse the text
// of every match again.
const tsvector = `setweight(to_tsvector('simple', f_unaccent(title)), 'A') ||
	setweight(to_tsvector('simple', f_unaccent(lead)), 'B') ||
	to_tsvector('simple', f_unaccent(body))`

// Load inserts the articles (ids are their indexes in arts, plus first) and
// builds the GIN index.
func (p *Postgres) Load(ctx context.Context, arts []Article, first int) error {
	if err := p.Insert(ctx, arts, first); err != nil {
		return err
	}
	return p.Index(ctx)
}

// Insert inserts the articles, ids from first on.
func (p *Postgres) Insert(ctx context.Context, arts []Article, first int) error {
	const batch = 200
	for i := 0; i < len(arts); i += batch {
		var sb strings.Builder
		sb.WriteString("INSERT INTO articles (id, title, lead, body) VALUES ")
		var args []any
		for j := i; j < len(arts) && j < i+batch; j++ {
			if j > i {
				sb.WriteString(",")
			}
			n := len(args)
			fmt.Fprintf(&sb, "($%d,$%d,$%d,$%d)", n+1, n+2, n+3, n+4)
			args = append(args, first+j, arts[j].Title, arts[j].Lead, arts[j].Body)
		}
		if _, err := p.DB.ExecContext(ctx, sb.String(), args...); err != nil {
			return err
		}
	}
	return nil
}

// Index builds the GIN index and the planner statistics.
func (p *Postgres) Index(ctx context.Context) error {
	for _, s := range []string{
		"CREATE INDEX articles_fts ON articles USING gin (tsv)",
		"ANALYZE articles",
	} {
		if _, err := p.DB.ExecContext(ctx, s); err != nil {
			return err
		}
	}
	return nil
}

// Search returns the ids of the best n articles for q, with every word
// required (plainto_tsquery), ranked by ts_rank_cd, which rewards words
// close together.
func (p *Postgres) Search(ctx context.Context, q string, n int) ([]int, error) {
	rows, err := p.DB.QueryContext(ctx, `
		SELECT id FROM articles, plainto_tsquery('simple', f_unaccent($1)) q
		WHERE tsv @@ q
		ORDER BY ts_rank_cd(tsv, q) DESC, id
		LIMIT $2`, q, n)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int
	for rows.Next() {
		var id int
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}
