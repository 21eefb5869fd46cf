package models_test

import (
	"context"
	"testing"

	"gorm.io/gorm"

	"tracuu/models"
	"tracuu/models/modelstest"
)

// TestSQLiteReadersKeepStatementsPrepared: on SQLite a read's statement
// is prepared once and kept for the next reads, as the writer's are (the
// pure-Go driver's parser was 5% of the CPU of 16 mixed clients); before,
// the readers parsed every statement anew and kept none.
func TestSQLiteReadersKeepStatementsPrepared(t *testing.T) {
	s := modelstest.Open(t, "sqlite")
	ctx := context.Background()
	for range 2 {
		if _, err := s.Articles(ctx, models.ArticleFilter{}, models.ArticlesNewest, models.Page{First: 5}); err != nil {
			t.Fatal(err)
		}
	}
	p, ok := models.GormDB(s).ConnPool.(*gorm.PreparedStmtDB)
	if !ok {
		t.Fatalf("the readers' pool is %T: statements are not kept prepared", models.GormDB(s).ConnPool)
	}
	if len(p.Stmts.Keys()) == 0 {
		t.Fatal("no statement kept after two reads")
	}
}
