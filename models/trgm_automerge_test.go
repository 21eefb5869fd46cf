package models_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"tracuu/models/modelstest"
)

// TestTitleTrigramAutomerge: the titles' FTS5 index merges its segments 8
// at a time (migration 15), in a new database and in one made before the
// migration, whose articles the title filter still finds, each inserted
// in a transaction of its own (a segment each, as an import's batches).
func TestTitleTrigramAutomerge(t *testing.T) {
	ctx := context.Background()
	s := modelstest.OpenEmpty(t, "sqlite")
	if _, err := s.MigrateTo(ctx, 14); err != nil {
		t.Fatal(err)
	}
	db := modelstest.DB(t, s)
	var want []int64
	for i := int64(1); i <= 20; i++ {
		if err := db.Exec(fmt.Sprintf("INSERT INTO articles (id, content_key, content_hash, title, body, created_at, updated_at) VALUES (%d, 'k%d', 'h', 'Tỉnh ủy Bến Tre họp lần %d', 'b', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)", i, i, i)).Error; err != nil {
			t.Fatal(err)
		}
		want = append(want, i)
	}
	automerge := func() string {
		t.Helper()
		var v []string
		if err := db.Raw("SELECT v FROM articles_trgm_config WHERE k = 'automerge'").Scan(&v).Error; err != nil {
			t.Fatal(err)
		}
		return fmt.Sprint(v)
	}
	if got := automerge(); got != "[]" {
		t.Fatalf("before migration 15: automerge %s, want FTS5's default (no row)", got)
	}
	if _, err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if got := automerge(); got != "[8]" {
		t.Errorf("after migration 15: automerge %s, want [8]", got)
	}
	if got := filterIDs(t, s, "TỈNH ỦY bến tre"); !slices.Equal(got, want) {
		t.Errorf("title filter: %v, want %v", got, want)
	}

	fresh := modelstest.Open(t, "sqlite")
	db = modelstest.DB(t, fresh)
	if got := automerge(); got != "[8]" {
		t.Errorf("new database: automerge %s, want [8]", got)
	}
}
