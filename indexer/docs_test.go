package indexer_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"tracuu/indexer"
	"tracuu/models"
	"tracuu/models/modelstest"
)

// TestPersonDocsManyPositions: the search documents of a batch of people
// hold every title of every person, also when the batch holds more
// positions than one page of a list (models.MaxPage).
func TestPersonDocsManyPositions(t *testing.T) {
	ctx := context.Background()
	modelstest.ForEach(t, func(t *testing.T, s *models.Store) {
		org := &models.Organisation{Name: "Ủy ban nhân dân tỉnh Bến Tre", Kind: "government", Level: "province"}
		if err := s.CreateOrganisation(ctx, org); err != nil {
			t.Fatal(err)
		}
		const people, perPerson = 3, 45 // 135 positions > MaxPage
		var ids []int64
		for i := range people {
			p := &models.Person{Name: fmt.Sprintf("Nguyễn Văn %c", 'A'+i)}
			if err := s.CreatePerson(ctx, p); err != nil {
				t.Fatal(err)
			}
			ids = append(ids, p.ID)
			for j := range perPerson {
				pos := &models.Position{PersonID: p.ID, OrganisationID: org.ID, Title: fmt.Sprintf("Chức vụ %d", j)}
				if err := s.CreatePosition(ctx, pos); err != nil {
					t.Fatal(err)
				}
			}
		}
		docs, err := indexer.Docs(ctx, s, models.TypePerson, ids)
		if err != nil {
			t.Fatal(err)
		}
		if len(docs) != people {
			t.Fatalf("%d documents", len(docs))
		}
		for _, d := range docs {
			if n := strings.Count(d.Lead, "Chức vụ "); n != perPerson {
				t.Errorf("%s: %d titles in its document, want %d", d.Title, n, perPerson)
			}
		}
	})
}
