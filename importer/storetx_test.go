package importer_test

import (
	"context"
	"strings"
	"sync"
	"testing"

	"tracuu/importer"
	"tracuu/ingest"
	"tracuu/models"
	"tracuu/models/modelstest"
)

// TestStoreArticleLooksUpAsABatch: ingestArticle's transaction
// (StoreArticle) looks keys up as an import's batch does (BatchTx): on
// PostgreSQL without bitmap scans, through which PostgreSQL chose the
// trigram index of entity_keys for exact keys (docs/scaling.md, "The
// PostgreSQL import's writer"), and its lists as col = ANY(array).
func TestStoreArticleLooksUpAsABatch(t *testing.T) {
	ctx := context.Background()
	s := modelstest.Open(t, "postgres")
	var mu sync.Mutex
	var stmts []string
	wctx := models.WatchStatements(ctx, func(sql string) {
		mu.Lock()
		stmts = append(stmts, sql)
		mu.Unlock()
	})
	res, art, err := importer.StoreArticle(wctx, s, ingest.Article{URL: "https://baodongkhoi.vn/batch", Title: "Tỉnh ủy Bến Tre triển khai Nghị quyết số 02-NQ/TU",
		Body: "Đồng chí Trần Ngọc Tam, Phó Bí thư Thường trực Tỉnh ủy, chủ trì hội nghị. Ban Thường vụ Tỉnh ủy Bến Tre quán triệt Nghị quyết số 02-NQ/TU.", Authors: []string{"Nguyễn Văn An"}})
	if err != nil || art == nil || res != models.Inserted {
		t.Fatalf("StoreArticle: %v, %v, %v", res, art, err)
	}
	var off, anyList bool
	for _, q := range stmts {
		off = off || strings.Contains(q, "set_config('enable_bitmapscan', 'off', true)")
		anyList = anyList || strings.Contains(q, "= ANY(")
	}
	if !off || !anyList {
		t.Errorf("StoreArticle's statements: bitmap scans off %v, a list as ANY(array) %v; want both:\n%s", off, anyList, strings.Join(stmts, "\n"))
	}
}
