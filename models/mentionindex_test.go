package models_test

import (
	"slices"
	"strings"
	"testing"

	"gorm.io/gorm"

	"tracuu/models"
	"tracuu/models/modelstest"
)

// The mentions keep two indexes (migration 16): mentions_entity
// (entity_type, entity_id, article_id), whose entries an import inserted
// at random places, went; every look-up of mentions still searches an
// index, by the entity through mentions_entity_published and by the
// article, alone or with the entity, through mentions_article_entity.
func TestMentionIndexes(t *testing.T) {
	queries := []struct {
		name, sql string
		args      []any
		want      string // SQLite: the plan searches this index
	}{
		{"the sentences of an entity in an article (MentionSentences)",
			"SELECT m.article_id, m.entity_type, m.entity_id, m.sentence FROM (VALUES (CAST(? AS TEXT), CAST(? AS BIGINT), CAST(? AS BIGINT)), (?, ?, ?)) AS v CROSS JOIN mentions m WHERE m.entity_type = v.column1 AND m.entity_id = v.column2 AND m.article_id = v.column3 ORDER BY m.id",
			[]any{models.TypePerson, 3, 7, models.TypeOrganisation, 4, 8}, "mentions_article_entity (article_id=? AND entity_type=? AND entity_id=?)"},
		{"the mentions of articles (MentionsInArticles)",
			"SELECT * FROM mentions WHERE article_id IN (?, ?) ORDER BY article_id, field, start_offset, id", []any{7, 8}, "mentions_article_entity (article_id=?)"},
		{"the entities articles mention (MentionedIn)",
			"SELECT DISTINCT article_id, entity_type, entity_id FROM mentions WHERE article_id IN (?, ?) ORDER BY article_id, entity_type, entity_id", []any{7, 8}, "mentions_article_entity (article_id=?)"},
		{"an article's mentions (its publication time changed)",
			"UPDATE mentions SET published_at = NULL WHERE article_id = ?", []any{7}, "mentions_article_entity (article_id=?)"},
		{"the articles mentioning an entity (merge, delete)",
			"SELECT DISTINCT article_id FROM mentions WHERE entity_type = ? AND entity_id = ?", []any{models.TypePerson, 3}, "mentions_entity_published (entity_type=? AND entity_id=?)"},
		{"an entity's mentions moved to another (merge)",
			"UPDATE mentions SET entity_id = 5 WHERE entity_type = ? AND entity_id = ?", []any{models.TypePerson, 3}, "mentions_entity_published (entity_type=? AND entity_id=?)"},
		// rev7: the deletes, which mentions_entity and mentions_article served before
		{"an article's mentions replaced or deleted (ReplaceMentions, DeleteArticle)",
			"DELETE FROM mentions WHERE article_id = ?", []any{7}, "mentions_article_entity (article_id=?)"},
		{"an entity's mentions deleted (an entity deleted)",
			"DELETE FROM mentions WHERE entity_type = ? AND entity_id = ?", []any{models.TypePerson, 3}, "mentions_entity_published (entity_type=? AND entity_id=?)"},
		{"an entity's mentions counted (MentionsOf's total)",
			"SELECT count(*) FROM mentions WHERE entity_type = ? AND entity_id = ?", []any{models.TypePerson, 3}, "mentions_entity_published (entity_type=? AND entity_id=?)"},
	}
	for _, d := range modelstest.Dialects {
		t.Run(d, func(t *testing.T) {
			s := modelstest.Open(t, d)
			db := modelstest.DB(t, s)
			var indexes []string
			q := "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'mentions' ORDER BY name"
			if d == "postgres" {
				q = "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'mentions' AND indexname <> 'mentions_pkey' ORDER BY indexname"
			}
			if err := db.Raw(q).Scan(&indexes).Error; err != nil {
				t.Fatal(err)
			}
			if want := []string{"mentions_article_entity", "mentions_entity_published"}; !slices.Equal(indexes, want) {
				t.Errorf("the mentions' indexes: %v, want %v", indexes, want)
			}
			for _, q := range queries {
				var plan []string
				err := db.Transaction(func(tx *gorm.DB) error {
					explain := "EXPLAIN QUERY PLAN "
					if d == "postgres" {
						explain = "EXPLAIN "
						if err := tx.Exec("SET LOCAL enable_seqscan = off").Error; err != nil {
							return err
						}
					}
					rows, err := tx.Raw(explain+q.sql, q.args...).Rows()
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
				if d == "postgres" {
					if strings.Contains(all, "Seq Scan on mentions") || !strings.Contains(all, "Index Cond") {
						t.Errorf("%s: the plan does not search an index of mentions:\n%s", q.name, all)
					}
					continue
				}
				if !strings.Contains(all, "INDEX "+q.want) || strings.Contains(all, "SCAN m") {
					t.Errorf("%s: the plan does not search %s:\n%s", q.name, q.want, all)
				}
			}
		})
	}
}
