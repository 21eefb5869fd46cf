package importer_test

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"

	"tracuu/importer"
	"tracuu/ingest"
	"tracuu/models"
	"tracuu/models/modelstest"
	"tracuu/vntext"
)

// Writers racing on entity keys (docs/reliability.md, "Writers racing on
// entity keys"): PostgreSQL only, each a fresh database; the other writer is
// a transaction the test holds open and drives statement by statement.

// keyRace is a fresh PostgreSQL store with a plain connection pool beside
// it, for the other writer's transaction and for the checks.
func keyRace(t *testing.T) (*models.Store, *sql.DB, string) {
	t.Helper()
	ctx := context.Background()
	url := modelstest.FreshPostgres(t)
	s, err := models.Open(ctx, url, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if _, err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("pgx", url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return s, db, url
}

// otherTx begins the other writer's transaction. Its own deadlock check is
// put off (where the role may), so that of a deadlock with the import the
// import's side is the one PostgreSQL breaks: the import waits first.
func otherTx(t *testing.T, db *sql.DB) *sql.Tx {
	t.Helper()
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { tx.Rollback() })
	if _, err := tx.Exec("SAVEPOINT dl"); err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec("SET LOCAL deadlock_timeout = '60s'"); err != nil {
		if _, err := tx.Exec("ROLLBACK TO SAVEPOINT dl"); err != nil {
			t.Fatal(err)
		}
	}
	return tx
}

// otherPerson creates a person with their name's key in tx, as
// CreatePerson does (the row, then the key); it waits as long as another
// transaction holds the key uncommitted.
func otherPerson(tx *sql.Tx, name string) (int64, error) {
	var id int64
	now := time.Now().UTC()
	if err := tx.QueryRow("INSERT INTO people (name, name_key, aliases, created_at, updated_at) VALUES ($1, $2, '[]', $3, $3) RETURNING id",
		name, vntext.Key(name), now).Scan(&id); err != nil {
		return 0, err
	}
	_, err := tx.Exec("INSERT INTO entity_keys (entity_type, key, entity_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
		models.TypePerson, models.MatchKey(models.TypePerson, name), id)
	return id, err
}

// waitForLocks waits until n sessions of the database wait for a lock.
func waitForLocks(t *testing.T, db *sql.DB, n int) {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); ; {
		var got int
		if err := db.QueryRow("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'").Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got >= n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d sessions wait for a lock, want %d", got, n)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// startImport imports lines in the background (a batch of 10).
func startImport(t *testing.T, s *models.Store, lines ...string) <-chan raceResult {
	t.Helper()
	path := filepath.Join(t.TempDir(), "a.jsonl")
	var text string
	for _, l := range lines {
		text += l + "\n"
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	out := make(chan raceResult, 1)
	go func() {
		st, f, err := importer.Import(context.Background(), s, []string{path}, importer.Options{Batch: 10})
		out <- raceResult{st, f, err}
	}()
	return out
}

// checkEntityKeys checks what every writer must leave: each person and
// organisation with a key, and no two whose names have one key.
func checkEntityKeys(t *testing.T, db *sql.DB) {
	t.Helper()
	for _, c := range []struct{ table, typ string }{{"people", models.TypePerson}, {"organisations", models.TypeOrganisation}} {
		rows, err := db.Query("SELECT id, name FROM "+c.table+" e WHERE NOT EXISTS (SELECT 1 FROM entity_keys k WHERE k.entity_type = $1 AND k.entity_id = e.id)", c.typ)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var id int64
			var name string
			if err := rows.Scan(&id, &name); err != nil {
				t.Fatal(err)
			}
			t.Errorf("%s %d %q has no key", c.typ, id, name)
		}
		rows.Close()
		rows, err = db.Query("SELECT id, name FROM " + c.table)
		if err != nil {
			t.Fatal(err)
		}
		byKey := map[string]int64{}
		for rows.Next() {
			var id int64
			var name string
			if err := rows.Scan(&id, &name); err != nil {
				t.Fatal(err)
			}
			k := models.MatchKey(c.typ, name)
			if other, ok := byKey[k]; ok {
				t.Errorf("%s %d %q and %d: one name's key", c.typ, id, name, other)
			}
			byKey[k] = id
		}
		rows.Close()
	}
}

// personNamed returns the one person named name, failing unless exactly one.
func personNamed(t *testing.T, db *sql.DB, name string) int64 {
	t.Helper()
	var ids []int64
	rows, err := db.Query("SELECT id FROM people WHERE name = $1", name)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		rows.Scan(&id)
		ids = append(ids, id)
	}
	if len(ids) != 1 {
		t.Fatalf("%q: people %v, want one", name, ids)
	}
	return ids[0]
}

// TestStoreArticleRacesImport (PostgreSQL), the other way round of
// TestImportRacesAnotherWriter: an import's batch has written the key of a
// person (and organisation) it creates and not committed (here it waits
// for a third transaction holding the code of a resolution it creates
// too); an ingestArticle (StoreArticle) naming the same person and
// organisation creates them, and its INSERT of the person's key waits for
// the import's. The import commits: the API's person must not stay a
// second one with no key. It links the import's person instead, its
// authorship and mentions on it.
func TestStoreArticleRacesImport(t *testing.T) {
	ctx := context.Background()
	s, db, url := keyRace(t)
	api, err := models.Open(ctx, url, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer api.Close()
	const name, org = "Nguyễn Văn Đua", "Huyện ủy Châu Thành"
	body := "Bí thư " + org + " " + name + " phát biểu. Ban Thường vụ Tỉnh ủy sơ kết Nghị quyết 12-NQ/TU."

	// The third transaction holds the resolution's code until the end.
	holder := otherTx(t, db)
	if _, err := holder.Exec("INSERT INTO resolutions (code, code_key, kind, number, title, summary, created_at, updated_at) VALUES ('12-NQ/TU', $1, 'nghi_quyet', '', 'Nghị quyết 12', '', now(), now())",
		models.CodeKey("12-NQ/TU")); err != nil {
		t.Fatal(err)
	}
	imported := startImport(t, s, `{"url": "https://baodongkhoi.vn/import", "title": "Xã Tân Thạch ra quân", "body": "`+body+`", "authors": ["`+name+`"]}`)
	waitForLocks(t, db, 1) // the import, its keys written, at the resolution's COPY

	type stored struct {
		res models.SaveResult
		art *models.Article
		err error
	}
	apiDone := make(chan stored, 1)
	go func() {
		res, art, err := importer.StoreArticle(ctx, api, ingest.Article{URL: "https://baodongkhoi.vn/api", Title: "Huyện ủy Châu Thành họp", Body: body, Authors: []string{name}})
		apiDone <- stored{res, art, err}
	}()
	waitForLocks(t, db, 2) // the API, at the person's key
	if err := holder.Rollback(); err != nil {
		t.Fatal(err)
	}
	r := <-imported
	if r.err != nil || r.stats.Inserted != 1 || r.stats.Failed != 0 {
		t.Fatalf("import: stats %+v, failures %v, %v", r.stats, r.failures, r.err)
	}
	a := <-apiDone
	if a.err != nil || a.res != models.Inserted {
		t.Fatalf("StoreArticle: %s, %v", a.res, a.err)
	}
	checkEntityKeys(t, db)
	// The API's first run created a person (the sequence's 2nd id) and was
	// rolled back: the race took place.
	var last int64
	if err := db.QueryRow("SELECT last_value FROM people_id_seq").Scan(&last); err != nil {
		t.Fatal(err)
	}
	if last < 2 {
		t.Errorf("people's ids taken: %d; the API never created its own (no race?)", last)
	}
	theirs := personNamed(t, db, name)
	var authors, mentions, positions int
	if err := db.QueryRow("SELECT count(*) FROM article_authors WHERE article_id = $1 AND person_id = $2", a.art.ID, theirs).Scan(&authors); err != nil {
		t.Fatal(err)
	}
	if err := db.QueryRow("SELECT count(*) FROM mentions WHERE article_id = $1 AND entity_type = 'Person' AND entity_id = $2", a.art.ID, theirs).Scan(&mentions); err != nil {
		t.Fatal(err)
	}
	if err := db.QueryRow("SELECT count(*) FROM positions WHERE person_id = $1", theirs).Scan(&positions); err != nil {
		t.Fatal(err)
	}
	if authors != 1 || mentions == 0 || positions != 1 {
		t.Errorf("the API's article on the import's person %d: %d authorships, %d mentions; %d positions, want 1", theirs, authors, mentions, positions)
	}
}

// importDeadlock runs an import of one article whose authors are first
// and second (created in that order), while the other writer's
// transaction creates held before the import starts, and then, once the
// import waits for it, takes: the other writer takes its two keys in the
// order held, taken. It returns the import's result, the error of the
// other's second person, and the two people.
func importDeadlock(t *testing.T, first, second, held, taken string) (raceResult, error, *sql.DB) {
	t.Helper()
	s, db, _ := keyRace(t)
	other := otherTx(t, db)
	if _, err := otherPerson(other, held); err != nil {
		t.Fatal(err)
	}
	imported := startImport(t, s, `{"url": "https://baodongkhoi.vn/dl", "title": "Hội nghị", "body": "Hội nghị sơ kết.", "authors": ["`+first+`", "`+second+`"]}`)
	waitForLocks(t, db, 1) // the import, at the key held
	_, otherErr := otherPerson(other, taken)
	if otherErr == nil {
		otherErr = other.Commit()
	}
	r := <-imported
	return r, otherErr, db
}

// TestImportKeysInOrder (PostgreSQL): two writers that insert entity keys
// in the same (sorted) order cannot deadlock on them. Another import's
// batch has inserted the key of Lê Văn An and not committed; this import's
// batch creates Trần Văn Bình and then Lê Văn An. Written in the order
// created, the import held Bình's key while it waited for An's, and the
// other batch, going on to Bình's, deadlocked with it: the whole import
// failed. In the keys' order the import waits at An's holding nothing.
func TestImportKeysInOrder(t *testing.T) {
	const an, binh = "Lê Văn An", "Trần Văn Bình"
	if models.MatchKey(models.TypePerson, an) >= models.MatchKey(models.TypePerson, binh) {
		t.Fatal("the test wants An's key before Bình's")
	}
	r, otherErr, db := importDeadlock(t, binh, an, an, binh)
	if otherErr != nil {
		t.Errorf("the other writer: %v", otherErr)
	}
	if r.err != nil || r.stats.Inserted != 1 || r.stats.Failed != 0 || r.stats.Retried != 0 {
		t.Fatalf("import: stats %+v, failures %v, %v", r.stats, r.failures, r.err)
	}
	checkEntityKeys(t, db)
	oneAuthorshipEach(t, db, an, binh)
}

// TestImportRetriesDeadlock (PostgreSQL): a writer that takes keys in
// another order (an ingestArticle creates its entities one at a time, in
// the article's order) can still deadlock with a batch: the other holds
// Trần Văn Bình's key, the batch takes Lê Văn An's and waits at Bình's,
// the other goes on to An's. PostgreSQL breaks the deadlock by failing the
// batch's transaction (40P01), which failed the whole import. The batch
// now runs again (after the other's commit here) and links the other's
// two people: nothing lost, nothing twice.
func TestImportRetriesDeadlock(t *testing.T) {
	const an, binh = "Lê Văn An", "Trần Văn Bình"
	r, otherErr, db := importDeadlock(t, an, binh, binh, an)
	if otherErr != nil {
		t.Fatalf("the other writer: %v", otherErr)
	}
	if r.err != nil || r.stats.Inserted != 1 || r.stats.Failed != 0 {
		var pg interface{ SQLState() string }
		if errors.As(r.err, &pg) {
			t.Logf("SQLSTATE %s", pg.SQLState())
		}
		t.Fatalf("import: stats %+v, failures %v, %v", r.stats, r.failures, r.err)
	}
	if r.stats.Retried == 0 {
		t.Errorf("stats %+v: the batch was not run again (no deadlock?)", r.stats)
	}
	checkEntityKeys(t, db)
	oneAuthorshipEach(t, db, an, binh)
	var arts int
	if err := db.QueryRow("SELECT count(*) FROM articles").Scan(&arts); err != nil {
		t.Fatal(err)
	}
	if arts != 1 {
		t.Errorf("%d articles, want 1", arts)
	}
}

// TestImportOneByOneRacesAnotherWriter (PostgreSQL): a batch with a bad
// record goes one record at a time, each entity it creates written at once
// (CreatePersonFor), so the INSERT of a new person's key can wait for
// another writer's, as an ingestArticle's does (TestStoreArticleRacesImport).
// Once the other commits, the record is rolled back to its savepoint and
// run again, which links the other's person: not a second one with no key,
// and not a failed record.
func TestImportOneByOneRacesAnotherWriter(t *testing.T) {
	const name = "Nguyễn Văn Đua"
	var theirs int64
	good := `{"url": "https://baodongkhoi.vn/race3", "title": "Xã Tân Thạch ra quân", "body": "Hội nghị diễn ra sáng nay.", "authors": ["` + name + `"]}`
	_, db, r := importRacing(t, func(ctx context.Context, tx *models.Store) error {
		p := &models.Person{Name: name}
		err := tx.CreatePerson(ctx, p)
		theirs = p.ID
		return err
	}, lineBadURL+"\n"+good)
	if r.err != nil || r.stats.Inserted != 1 || r.stats.Failed != 1 || r.stats.Retried == 0 {
		t.Fatalf("stats %+v, failures %v, %v", r.stats, r.failures, r.err)
	}
	checkEntityKeys(t, db)
	if id := personNamed(t, db, name); id != theirs {
		t.Errorf("%s: person %d, want the other's %d", name, id, theirs)
	}
	var authors int
	if err := db.QueryRow("SELECT count(*) FROM article_authors WHERE person_id = $1", theirs).Scan(&authors); err != nil {
		t.Fatal(err)
	}
	if authors != 1 {
		t.Errorf("%d authorships of the other's person, want 1", authors)
	}
}

// oneAuthorshipEach checks that each of the people named wrote one article.
func oneAuthorshipEach(t *testing.T, db *sql.DB, names ...string) {
	t.Helper()
	for _, n := range names {
		id := personNamed(t, db, n)
		var authors int
		if err := db.QueryRow("SELECT count(*) FROM article_authors WHERE person_id = $1", id).Scan(&authors); err != nil {
			t.Fatal(err)
		}
		if authors != 1 {
			t.Errorf("%s: %d authorships, want 1", n, authors)
		}
	}
}
