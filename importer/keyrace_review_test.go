package importer_test

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"tracuu/importer"
	"tracuu/ingest"
	"tracuu/models"
	"tracuu/models/modelstest"
)

// TestStoreArticleNameCleanedOntoKnownKey (both databases; review of
// branch race): no other writer at all. An ingestArticle names an author
// whose name holds a soft hyphen (U+00AD), as text copied from a web page
// does: the look-up's key of the name as given ("nguyễn văn a n", the
// hyphen a separator) is not that of the name stored (the hyphen dropped:
// "Nguyễn Văn An"), whose key a person already has. The create must not
// take that for a key another writer took meanwhile (ErrKeyTaken), run
// the transaction four times and fail the request with "created by
// another writer meanwhile": PostgreSQL must do what SQLite does (and
// what both did before the branch).
func TestStoreArticleNameCleanedOntoKnownKey(t *testing.T) {
	ctx := context.Background()
	people := map[string]int64{}
	modelstest.ForEach(t, func(t *testing.T, s *models.Store) {
		if _, _, err := importer.StoreArticle(ctx, s, ingest.Article{URL: "https://baodongkhoi.vn/a1", Title: "Hội nghị",
			Body: "Hội nghị sơ kết.", Authors: []string{"Nguyễn Văn An"}}); err != nil {
			t.Fatal(err)
		}
		res, _, err := importer.StoreArticle(ctx, s, ingest.Article{URL: "https://baodongkhoi.vn/a2", Title: "Hội nghị hai",
			Body: "Hội nghị sơ kết lần hai.", Authors: []string{"Nguyễn Văn A\u00adn"}})
		if err != nil || res != models.Inserted {
			t.Fatalf("StoreArticle: %s, %v", res, err)
		}
		var n int64
		if err := modelstest.DB(t, s).Raw("SELECT count(*) FROM people").Scan(&n).Error; err != nil {
			t.Fatal(err)
		}
		people[s.Dialect()] = n
	})
	if len(people) == 2 && people["sqlite"] != people["postgres"] {
		t.Errorf("people: %v, want as many on each database", people)
	}
}

// TestCreateForNameCleanedOntoKnownKey (both databases): the same for the
// store's find-or-creates themselves, with no other writer: an
// organisation and a person whose names as given have a zero-width space
// or a soft hyphen inside a word, and whose names tidied have the key of
// one created before. CreateOrganisationFor and CreatePersonFor create
// them, as CreateOrganisation and CreatePerson do (and as they do on
// SQLite), rather than fail with ErrKeyTaken.
func TestCreateForNameCleanedOntoKnownKey(t *testing.T) {
	ctx := context.Background()
	modelstest.ForEach(t, func(t *testing.T, s *models.Store) {
		if err := s.CreateOrganisation(ctx, &models.Organisation{Name: "Tỉnh ủy Bến Tre"}); err != nil {
			t.Fatal(err)
		}
		if err := s.CreatePerson(ctx, &models.Person{Name: "Lê Thị Hoa"}); err != nil {
			t.Fatal(err)
		}
		if err := s.CreateOrganisationFor(ctx, &models.Organisation{Name: "Tỉnh ủy Bến T\u200bre"}); err != nil {
			t.Errorf("CreateOrganisationFor: %v", err)
		}
		if err := s.CreatePersonFor(ctx, &models.Person{Name: "Lê Thị H\u00adoa"}); err != nil {
			t.Errorf("CreatePersonFor: %v", err)
		}
	})
}

// waitForHolder waits until a session waits for a lock that the session
// pid holds (another than the lock's holder: no stale wait of a lock
// since released can pass for it).
func waitForHolder(t *testing.T, db *sql.DB, pid int) {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); ; {
		var n int
		if err := db.QueryRow(`SELECT count(*) FROM pg_locks w JOIN pg_locks h ON h.locktype = w.locktype AND h.transactionid = w.transactionid AND h.granted
			WHERE w.locktype = 'transactionid' AND NOT w.granted AND h.pid = $1`, pid).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n > 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("no session waits for session %d", pid)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func backendPID(t *testing.T, tx *sql.Tx) int {
	t.Helper()
	var pid int
	if err := tx.QueryRow("SELECT pg_backend_pid()").Scan(&pid); err != nil {
		t.Fatal(err)
	}
	return pid
}

// TestImportOneByOneRaceThenArticleStored (PostgreSQL): a batch with a
// bad record goes one record at a time; its good record's new author's
// key waits for a writer A that creates the same person, and, run again
// once A commits (ErrKeyTaken), its article's INSERT waits for a writer B
// (an ingestArticle) that stores the same article. B commits: the INSERT
// fails on the unique content key. That is the race the one run more on
// ECONFLICT is for ("an article both store"): it must be had on the
// record's second run too, not only the first, and then find B's
// article (the same: unchanged). Not a failed record.
func TestImportOneByOneRaceThenArticleStored(t *testing.T) {
	const name, url = "Nguyễn Văn Đua", "https://baodongkhoi.vn/twice"
	good := `{"url": "` + url + `", "title": "Xã Tân Thạch ra quân", "body": "Hội nghị diễn ra sáng nay.", "authors": ["` + name + `"]}`
	s, db, _ := keyRace(t)
	a := otherTx(t, db)
	if _, err := otherPerson(a, name); err != nil {
		t.Fatal(err)
	}
	b := otherTx(t, db)
	art := importer.ToModel(ingest.Article{URL: url, Title: "Xã Tân Thạch ra quân", Body: "Hội nghị diễn ra sáng nay."})
	now := time.Now().UTC()
	if _, err := b.Exec(`INSERT INTO articles (content_key, content_hash, url, title, lead, body, captions, source, source_code, section, created_at, updated_at)
		VALUES ($1, $2, $3, $4, '', $5, '[]', '', '', '', $6, $6)`, art.ContentKey, art.ContentHash, url, art.Title, art.Body, now); err != nil {
		t.Fatal(err)
	}
	imported := startImport(t, s, lineBadURL, good)
	waitForHolder(t, db, backendPID(t, a)) // the person's key
	if err := a.Commit(); err != nil {
		t.Fatal(err)
	}
	waitForHolder(t, db, backendPID(t, b)) // the article's content key, in the record's second run
	if err := b.Commit(); err != nil {
		t.Fatal(err)
	}
	r := <-imported
	if r.err != nil || r.stats.Failed != 1 || r.stats.Inserted+r.stats.Updated+r.stats.Unchanged != 1 {
		t.Fatalf("stats %+v, failures %v, %v", r.stats, r.failures, r.err)
	}
	checkEntityKeys(t, db)
	var arts int
	if err := db.QueryRow("SELECT count(*) FROM articles").Scan(&arts); err != nil {
		t.Fatal(err)
	}
	if arts != 1 || r.stats.Retried < 2 {
		t.Errorf("%d articles, want 1; stats %+v, want the record run again twice", arts, r.stats)
	}
}
