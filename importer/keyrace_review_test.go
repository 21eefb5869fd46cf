package importer_test

import (
	"context"
	"testing"

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
