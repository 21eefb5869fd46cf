package models_test

import (
	"context"
	"slices"
	"testing"

	"tracuu/models"
	"tracuu/models/modelstest"
)

// The explorer's graph is reloaded when GraphVersion changes: every write
// to the tables it is built from must change it, and nothing else.
func TestGraphVersionFollowsWrites(t *testing.T) {
	ctx := context.Background()
	modelstest.ForEach(t, func(t *testing.T, s *models.Store) {
		last, err := s.GraphVersion(ctx)
		if err != nil {
			t.Fatal(err)
		}
		step := func(what string, err error) {
			t.Helper()
			if err != nil {
				t.Fatalf("%s: %v", what, err)
			}
			v, err := s.GraphVersion(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if v == last {
				t.Errorf("%s: the graph version stayed %q", what, v)
			}
			again, err := s.GraphVersion(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if again != v {
				t.Errorf("%s: the graph version moved from %q to %q without a write", what, v, again)
			}
			last = v
		}
		org := &models.Organisation{Name: "Tỉnh ủy Bến Tre", Kind: "party_committee", Level: "province"}
		step("create organisation", s.CreateOrganisation(ctx, org))
		org2 := &models.Organisation{Name: "Đảng ủy xã Tân Thạch", Kind: "party_committee", Level: "commune"}
		step("create organisation", s.CreateOrganisation(ctx, org2))
		p := &models.Person{Name: "Trần Ngọc Tam"}
		step("create person", s.CreatePerson(ctx, p))
		q := &models.Person{Name: "Nguyễn Văn A"}
		step("create person", s.CreatePerson(ctx, q))
		a := &models.Article{Title: "Tỉnh ủy Bến Tre sơ kết Nghị quyết 02-NQ/TU", Body: "Đồng chí Trần Ngọc Tam phát biểu."}
		_, err = s.SaveArticle(ctx, a, []int64{p.ID})
		step("save article", err)
		step("replace mentions", s.ReplaceMentions(ctx, a.ID, []models.Mention{{EntityType: models.TypePerson, EntityID: p.ID, Sentence: "Đồng chí Trần Ngọc Tam phát biểu."}}))
		pos := &models.Position{PersonID: p.ID, OrganisationID: org.ID, Title: "Phó Bí thư Thường trực"}
		step("create position", s.CreatePosition(ctx, pos))
		pos.Title = "Bí thư"
		step("update position", s.UpdatePosition(ctx, pos))
		step("delete position", s.DeletePosition(ctx, pos.ID))
		r := &models.Resolution{Title: "Nghị quyết về chuyển đổi số"}
		step("create resolution", s.CreateResolution(ctx, r))
		step("delete person", s.DeletePerson(ctx, q.ID))
		step("merge organisations", s.Merge(ctx, models.TypeOrganisation, org.ID, org2.ID))
		step("delete article", s.DeleteArticle(ctx, a.ID))
	})
}

// Updating or deleting a position changes its holder's search document
// (it carries the titles): the change log must name the person, the old
// holder as well when the position moves to someone else.
func TestPositionWritesQueueTheirHolders(t *testing.T) {
	ctx := context.Background()
	modelstest.ForEach(t, func(t *testing.T, s *models.Store) {
		org := &models.Organisation{Name: "Tỉnh ủy Bến Tre", Kind: "party_committee", Level: "province"}
		p := &models.Person{Name: "Trần Ngọc Tam"}
		q := &models.Person{Name: "Lê Đức Thọ"}
		for _, err := range []error{s.CreateOrganisation(ctx, org), s.CreatePerson(ctx, p), s.CreatePerson(ctx, q)} {
			if err != nil {
				t.Fatal(err)
			}
		}
		pos := &models.Position{PersonID: p.ID, OrganisationID: org.ID, Title: "Phó Bí thư Thường trực"}
		if err := s.CreatePosition(ctx, pos); err != nil {
			t.Fatal(err)
		}
		var cursor int64
		follow(t, s, &cursor)
		people := func(what string, want ...int64) {
			t.Helper()
			var got []int64
			for _, c := range follow(t, s, &cursor) {
				if c.EntityType == models.TypePerson {
					got = append(got, c.EntityID)
				}
			}
			slices.Sort(got)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("%s: people queued %v, want %v", what, got, want)
			}
		}
		pos.Title = "Bí thư"
		if err := s.UpdatePosition(ctx, pos); err != nil {
			t.Fatal(err)
		}
		people("update", p.ID)
		pos.PersonID = q.ID
		if err := s.UpdatePosition(ctx, pos); err != nil {
			t.Fatal(err)
		}
		people("move to another person", p.ID, q.ID)
		if err := s.DeletePosition(ctx, pos.ID); err != nil {
			t.Fatal(err)
		}
		people("delete", q.ID)
		if err := s.DeletePosition(ctx, pos.ID); models.ErrorCode(err) != models.ENOTFOUND {
			t.Errorf("deleting it again: %v, want not found", err)
		}
	})
}

// GraphUnchanged answers at once while a writer holds the change log, and
// sees a change once it commits.
func TestGraphUnchangedDoesNotWait(t *testing.T) {
	ctx := context.Background()
	modelstest.ForEach(t, func(t *testing.T, s *models.Store) {
		v, err := s.GraphVersion(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if same, err := s.GraphUnchanged(ctx, v); err != nil || !same {
			t.Fatalf("right after GraphVersion: %v, %v; want unchanged", same, err)
		}
		if s.Dialect() == "postgres" {
			writer := modelstest.DB(t, s).Begin()
			if err := writer.Exec("SELECT pg_advisory_xact_lock_shared(?)", models.ChangeLogLock).Error; err != nil {
				t.Fatal(err)
			}
			if err := writer.Exec("INSERT INTO changes (entity_type, entity_id, op, created_at) VALUES ('Person', 1, 'upsert', now())").Error; err != nil {
				t.Fatal(err)
			}
			// The writer has not committed: nothing changed yet, and the
			// check does not wait for it (GraphVersion would, then fail).
			if same, err := s.GraphUnchanged(ctx, v); err != nil || !same {
				t.Errorf("a writer running: %v, %v; want unchanged", same, err)
			}
			if err := writer.Commit().Error; err != nil {
				t.Fatal(err)
			}
			if same, err := s.GraphUnchanged(ctx, v); err != nil || same {
				t.Errorf("after its commit: %v, %v; want changed", same, err)
			}
			if v, err = s.GraphVersion(ctx); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.CreatePerson(ctx, &models.Person{Name: "Trần Ngọc Tam"}); err != nil {
			t.Fatal(err)
		}
		if same, err := s.GraphUnchanged(ctx, v); err != nil || same {
			t.Errorf("after a write: %v, %v; want changed", same, err)
		}
	})
}
