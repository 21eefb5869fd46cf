package importer_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"

	"tracuu/importer"
	"tracuu/models"
)

type raceResult struct {
	stats    importer.Stats
	failures []importer.Failure
	err      error
}

// importRacing imports line on a fresh PostgreSQL store while another
// writer's transaction, which has run create and not committed, holds
// what the batch writes: it commits once the import waits for it.
func importRacing(t *testing.T, create func(ctx context.Context, tx *models.Store) error, line string) (*models.Store, *sql.DB, raceResult) {
	t.Helper()
	ctx := context.Background()
	s, db, url := keyRace(t)
	other, err := models.Open(ctx, url, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()

	holding, release, done := make(chan error, 1), make(chan struct{}), make(chan error, 1)
	go func() {
		done <- other.Tx(ctx, func(tx *models.Store) error {
			err := create(ctx, tx)
			holding <- err
			if err != nil {
				return err
			}
			<-release
			return nil
		})
	}()
	if err := <-holding; err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "a.jsonl")
	if err := os.WriteFile(path, []byte(line+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	imported := make(chan raceResult, 1)
	go func() {
		st, f, err := importer.Import(ctx, s, []string{path}, importer.Options{Batch: 10})
		imported <- raceResult{st, f, err}
	}()
	for deadline := time.Now().Add(20 * time.Second); ; {
		var n int
		if err := db.QueryRowContext(ctx, "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'").Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n > 0 {
			break
		}
		if time.Now().After(deadline) {
			close(release)
			t.Fatal("the import never waited for the other writer")
		}
		time.Sleep(20 * time.Millisecond)
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	return s, db, <-imported
}

// TestImportRacesAnotherWriter (PostgreSQL): another writer (a serve's
// ingestArticle) creates a person the import's batch names, after the
// batch looked the name up and before it wrote what it created. The
// import waits for the other transaction at its key, which the other
// then holds: the batch's placeholder must become the other's person
// (and organisation), not a second one with no key, and the position the
// other stored is not stored twice.
func TestImportRacesAnotherWriter(t *testing.T) {
	ctx := context.Background()
	const name, org = "Nguyễn Văn Đua", "Huyện ủy Châu Thành"
	var theirs, theirOrg int64
	line := `{"url": "https://baodongkhoi.vn/race", "title": "Xã Tân Thạch ra quân", "body": "Bí thư Huyện ủy Châu Thành ` + name + ` phát biểu.", "authors": ["` + name + `"]}`
	s, db, r := importRacing(t, func(ctx context.Context, tx *models.Store) error {
		p := &models.Person{Name: name}
		if err := tx.CreatePerson(ctx, p); err != nil {
			return err
		}
		theirs = p.ID
		o := &models.Organisation{Name: org, Kind: "party_committee", Level: "district"}
		if err := tx.CreateOrganisation(ctx, o); err != nil {
			return err
		}
		theirOrg = o.ID
		return tx.CreatePosition(ctx, &models.Position{PersonID: p.ID, OrganisationID: o.ID, Title: "Bí thư"})
	}, line)
	if r.err != nil || r.stats.Inserted != 1 || r.stats.Failed != 0 {
		t.Fatalf("stats %+v, failures %v, %v", r.stats, r.failures, r.err)
	}
	if got := countPeople(t, s, name); got != 1 {
		t.Errorf("%s: %d people, want 1 (the other writer's)", name, got)
	}
	var orgs, positions int
	if err := db.QueryRowContext(ctx, "SELECT count(*) FROM organisations WHERE name = $1", org).Scan(&orgs); err != nil {
		t.Fatal(err)
	}
	if err := db.QueryRowContext(ctx, "SELECT count(*) FROM positions WHERE person_id = $1 AND organisation_id = $2", theirs, theirOrg).Scan(&positions); err != nil {
		t.Fatal(err)
	}
	if orgs != 1 || positions != 1 {
		t.Errorf("%s: %d organisations, want 1; %d positions of the other's person at the other's organisation, want 1", org, orgs, positions)
	}
	var authors, mentions, keyless int
	q := func(query string, dst *int) {
		t.Helper()
		if err := db.QueryRowContext(ctx, query, theirs).Scan(dst); err != nil {
			t.Fatal(err)
		}
	}
	q("SELECT count(*) FROM article_authors WHERE person_id = $1", &authors)
	q("SELECT count(*) FROM mentions WHERE entity_type = 'Person' AND entity_id = $1", &mentions)
	q("SELECT count(*) FROM people p WHERE p.id <> $1 AND NOT EXISTS (SELECT 1 FROM entity_keys k WHERE k.entity_type = 'Person' AND k.entity_id = p.id)", &keyless)
	if authors != 1 || mentions == 0 || keyless != 0 {
		t.Errorf("the other's person %d: %d authors, %d mentions; %d people with no key", theirs, authors, mentions, keyless)
	}
	// Two transactions touched the other's person: two changes, each
	// naming an entity that exists (no placeholder, no entity not written).
	changes, err := s.Changes(ctx, 0, 10000)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range changes {
		ref := models.Ref{Type: c.EntityType, ID: c.EntityID}
		if labels, err := s.Labels(ctx, []models.Ref{ref}); err != nil || labels[ref] == "" {
			t.Errorf("change of %s %d, which does not exist (%v)", c.EntityType, c.EntityID, err)
		}
	}
}

// TestImportRacesAnotherWriterResolution (PostgreSQL): the same with a
// resolution, whose code is unique: the batch fails at its write, and is
// written again one record at a time, which finds the other's.
func TestImportRacesAnotherWriterResolution(t *testing.T) {
	ctx := context.Background()
	var theirs int64
	line := `{"url": "https://baodongkhoi.vn/race2", "title": "Thực hiện Nghị quyết 12-NQ/TU", "body": "Ban Thường vụ Tỉnh ủy sơ kết Nghị quyết 12-NQ/TU.", "authors": ["Mai Lan"]}`
	_, db, r := importRacing(t, func(ctx context.Context, tx *models.Store) error {
		code := "12-NQ/TU"
		res := &models.Resolution{Code: &code, Kind: "nghi_quyet", Title: "Nghị quyết 12"}
		if err := tx.CreateResolution(ctx, res); err != nil {
			return err
		}
		theirs = res.ID
		return nil
	}, line)
	if r.err != nil || r.stats.Inserted != 1 || r.stats.Failed != 0 {
		t.Fatalf("stats %+v, failures %v, %v", r.stats, r.failures, r.err)
	}
	var n, mentions int
	if err := db.QueryRowContext(ctx, "SELECT count(*) FROM resolutions").Scan(&n); err != nil {
		t.Fatal(err)
	}
	if err := db.QueryRowContext(ctx, "SELECT count(*) FROM mentions WHERE entity_type = 'Resolution' AND entity_id = $1", theirs).Scan(&mentions); err != nil {
		t.Fatal(err)
	}
	if n != 1 || mentions == 0 {
		t.Errorf("%d resolutions, want 1; %d mentions of the other's", n, mentions)
	}
}
