package models_test

import (
	"database/sql"
	"strings"
	"testing"

	"gorm.io/gorm"

	"tracuu/models"
	"tracuu/models/modelstest"
)

// The lists users page through among a million articles read an index in
// list order: a page costs the entries before it, never a scan of the
// table nor a sort of every row the filter selects (issues 11 and 13).
// Each query is the one the store sends; the planner is told to avoid
// scans and sorts, so that it takes the index when there is one even on
// tables this small, and the test fails when there is none.
func TestListsReadAnIndexInOrder(t *testing.T) {
	queries := []struct {
		name, sql string
		args      []any
	}{
		{"articles of a section, newest first",
			"SELECT id FROM articles WHERE section IN (?) ORDER BY published_at DESC, id DESC LIMIT 20 OFFSET 40", []any{"education"}},
		{"articles of a source, newest first",
			"SELECT id FROM articles WHERE source IN (?) ORDER BY published_at DESC, id DESC LIMIT 20", []any{"Báo Đồng Khởi"}},
		{"articles of a source code, newest first",
			"SELECT id FROM articles WHERE source_code IN (?) ORDER BY published_at DESC, id DESC LIMIT 20", []any{"BDK"}},
		{"articles, oldest first",
			"SELECT id FROM articles ORDER BY published_at ASC, id ASC LIMIT 20 OFFSET 100", nil},
		{"articles by title",
			"SELECT id FROM articles ORDER BY substr(title, 1, 200) ASC, id ASC LIMIT 20 OFFSET 100", nil},
		{"an entity's mentions, newest first",
			"SELECT id FROM mentions WHERE entity_type = ? AND entity_id = ? ORDER BY published_at DESC, article_id DESC, id LIMIT 10 OFFSET 10", []any{models.TypeOrganisation, 47}},
	}
	for _, d := range modelstest.Dialects {
		t.Run(d, func(t *testing.T) {
			s := modelstest.Open(t, d)
			db := modelstest.DB(t, s)
			for _, q := range queries {
				sql := q.sql
				if d == "postgres" {
					sql = strings.Replace(sql, "published_at DESC, article_id", "published_at DESC NULLS LAST, article_id", 1)
				}
				var plan []string
				err := db.Transaction(func(tx *gorm.DB) error {
					explain := "EXPLAIN QUERY PLAN "
					if d == "postgres" {
						explain = "EXPLAIN "
						if err := tx.Exec("SET LOCAL enable_seqscan = off").Error; err != nil {
							return err
						}
						if err := tx.Exec("SET LOCAL enable_sort = off").Error; err != nil {
							return err
						}
					}
					rows, err := tx.Raw(explain+sql, q.args...).Rows()
					if err != nil {
						return err
					}
					defer rows.Close()
					plan, err = lastColumn(rows)
					return err
				})
				if err != nil {
					t.Fatalf("%s: %v", q.name, err)
				}
				all := strings.Join(plan, "\n")
				// A filtered list searches its index (SQLite's SEARCH,
				// PostgreSQL's Index Cond), never walks another one
				// filtering as it goes (SQLite's SCAN ... USING INDEX,
				// PostgreSQL's Filter); the whole list walks its order.
				bad := []string{"TEMP B-TREE", "Seq Scan", "Sort", "Filter:", "SCAN mentions"}
				if q.args != nil {
					bad = append(bad, "SCAN articles")
				}
				for _, b := range bad {
					if strings.Contains(all, b) {
						t.Errorf("%s: the plan has %q:\n%s", q.name, strings.TrimSpace(b), all)
						break
					}
				}
			}
			if d == "sqlite" {
				// The whole archive is counted through its smallest
				// index, not through the titles.
				var plan []struct{ Detail string }
				if err := db.Raw("EXPLAIN QUERY PLAN SELECT count(*) FROM articles").Scan(&plan).Error; err != nil {
					t.Fatal(err)
				}
				if len(plan) != 1 || plan[0].Detail != "SCAN articles USING COVERING INDEX articles_published_at" {
					t.Errorf("count of the archive: plan %+v, want it through articles_published_at", plan)
				}
			}
		})
	}
}

// lastColumn reads the last column of every row (a plan's detail).
func lastColumn(rows *sql.Rows) ([]string, error) {
	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	var out []string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		out = append(out, toString(vals[len(vals)-1]))
	}
	return out, rows.Err()
}

func toString(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case []byte:
		return string(x)
	}
	return ""
}
