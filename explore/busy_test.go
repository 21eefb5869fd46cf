package explore_test

import (
	"context"
	"testing"

	"tracuu/explore"
	"tracuu/models"
	"tracuu/models/modelstest"
)

// A writer that holds the change log (it has appended its changes and not
// committed yet, as an import batch does while it writes thousands) must
// not fail the explorer: the graph is loaded from what is committed and
// checked again later.
func TestExplorerLoadsWhileTheLogIsBusy(t *testing.T) {
	ctx := context.Background()
	s := modelstest.Open(t, "postgres")
	org := &models.Organisation{Name: "Tỉnh ủy Bến Tre", Kind: "party_committee", Level: "province"}
	if err := s.CreateOrganisation(ctx, org); err != nil {
		t.Fatal(err)
	}
	writer := modelstest.DB(t, s).Begin()
	t.Cleanup(func() { writer.Rollback() })
	if err := writer.Exec("SELECT pg_advisory_xact_lock_shared(?)", models.ChangeLogLock).Error; err != nil {
		t.Fatal(err)
	}
	e := explore.New(s)
	if err := e.Refresh(ctx); err != nil {
		t.Fatalf("first load while a writer holds the log: %v", err)
	}
	if err := e.Refresh(ctx); err != nil {
		t.Fatalf("refresh while a writer holds the log: %v", err)
	}
}
