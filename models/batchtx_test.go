package models_test

import (
	"context"
	"testing"

	"tracuu/models"
	"tracuu/models/modelstest"
)

// TestBatchTxWithoutBitmapScans: an import's batch (BatchTx) on
// PostgreSQL plans without bitmap scans, through which PostgreSQL reached
// the trigram GIN index of entity_keys for the batch's key look-ups; the
// API's transactions (Tx) and the statements after the batch keep the
// server's setting.
func TestBatchTxWithoutBitmapScans(t *testing.T) {
	ctx := context.Background()
	s := modelstest.Open(t, "postgres")
	setting := func(tx *models.Store) string {
		t.Helper()
		var v string
		if err := models.GormDB(tx).WithContext(ctx).Raw("SELECT current_setting('enable_bitmapscan')").Scan(&v).Error; err != nil {
			t.Fatal(err)
		}
		return v
	}
	var inBatch, inTx, nested string
	if err := s.BatchTx(ctx, func(tx *models.Store) error {
		inBatch = setting(tx)
		return tx.Tx(ctx, func(tx *models.Store) error { nested = setting(tx); return nil })
	}); err != nil {
		t.Fatal(err)
	}
	if err := s.Tx(ctx, func(tx *models.Store) error { inTx = setting(tx); return nil }); err != nil {
		t.Fatal(err)
	}
	if inBatch != "off" || nested != "off" {
		t.Errorf("enable_bitmapscan in an import's batch: %q, in a Tx inside it: %q, want off", inBatch, nested)
	}
	if inTx != "on" || setting(s) != "on" {
		t.Errorf("enable_bitmapscan in the API's transaction: %q, after the batch: %q, want on", inTx, setting(s))
	}
	// The batch's look-ups find what they look for.
	if err := s.BatchTx(ctx, func(tx *models.Store) error {
		ids, err := tx.LookupKeys(ctx, models.TypePerson, []string{"Nguyễn Văn A", "Trần Thị B"})
		if err != nil || len(ids) != 2 {
			t.Errorf("look-up in a batch: %v, %v", ids, err)
		}
		arts, err := tx.StoredArticles(ctx, []string{"x", "y"})
		if err != nil || len(arts) != 0 {
			t.Errorf("stored articles in a batch: %v, %v", arts, err)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
}
