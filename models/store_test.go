package models_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"tracuu/models"
	"tracuu/models/modelstest"
	"tracuu/vntext"
)

func ptr[T any](v T) *T { return &v }

func TestMigrate(t *testing.T) {
	ctx := context.Background()
	for _, d := range modelstest.Dialects {
		t.Run(d+"/UpgradeKeepsData", func(t *testing.T) {
			s := modelstest.OpenEmpty(t, d)
			if _, err := s.MigrateTo(ctx, 1); err != nil {
				t.Fatal(err)
			}
			now := time.Now().UTC()
			db := modelstest.DB(t, s)
			if err := db.Exec(`INSERT INTO articles (content_key, content_hash, title, body, created_at, updated_at) VALUES ('sha256:x', 'x', 'Tiêu đề', 'Nội dung', ?, ?)`, now, now).Error; err != nil {
				t.Fatal(err)
			}
			if err := db.Exec(`INSERT INTO organisations (name, name_key, created_at, updated_at) VALUES ('Tỉnh ủy Bến Tre', 'tinh uy ben tre', ?, ?)`, now, now).Error; err != nil {
				t.Fatal(err)
			}
			applied, err := s.Migrate(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(applied, models.Versions()[1:]) {
				t.Errorf("applied %v, want every version after 1", applied)
			}
			l, err := s.Articles(ctx, models.ArticleFilter{}, "", models.Page{})
			if err != nil || l.Total != 1 || l.Items[0].Title != "Tiêu đề" {
				t.Fatalf("article after upgrade: %+v, %v", l, err)
			}
			id, err := s.LookupKey(ctx, models.TypeOrganisation, "TỈNH UỶ BẾN TRE")
			if err != nil || id == 0 {
				t.Errorf("organisation key not backfilled: %d, %v", id, err)
			}
			cs, err := s.Changes(ctx, 0, 10)
			if err != nil || len(cs) != 1 || cs[0].EntityType != models.TypeArticle {
				t.Errorf("upgrade should log the old article for indexing: %+v, %v", cs, err)
			}
			if again, err := s.Migrate(ctx); err != nil || len(again) != 0 {
				t.Errorf("second migrate applied %v, %v", again, err)
			}
			v, err := s.SchemaVersion(ctx)
			if err != nil || v != models.LatestVersion() {
				t.Errorf("version %d, %v", v, err)
			}
		})
	}
}

// TestMigratePersonKeys: 0006 gives people keys that keep diacritics, so
// two people whose names differ only in them, who shared one folded key
// before, each answer to their own name, aliases included.
func TestMigratePersonKeys(t *testing.T) {
	ctx := context.Background()
	for _, d := range modelstest.Dialects {
		t.Run(d, func(t *testing.T) {
			s := modelstest.OpenEmpty(t, d)
			if _, err := s.MigrateTo(ctx, 5); err != nil {
				t.Fatal(err)
			}
			now := time.Now().UTC()
			db := modelstest.DB(t, s)
			for _, stmt := range []string{
				`INSERT INTO people (id, name, name_key, aliases, created_at, updated_at) VALUES (1, 'Trần Ngọc Tam', 'tran ngoc tam', '["Ba Tam"]', ?, ?)`,
				`INSERT INTO people (id, name, name_key, aliases, created_at, updated_at) VALUES (2, 'Trần Ngọc Tâm', 'tran ngoc tam', '[]', ?, ?)`,
			} {
				if err := db.Exec(stmt, now, now).Error; err != nil {
					t.Fatal(err)
				}
			}
			if err := db.Exec(`INSERT INTO entity_keys (entity_type, key, entity_id) VALUES ('Person', 'tran ngoc tam', 1), ('Person', 'ba tam', 1)`).Error; err != nil {
				t.Fatal(err)
			}
			if _, err := s.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			for name, want := range map[string]int64{"Trần Ngọc Tam": 1, "TRẦN NGỌC TÂM": 2, "Ba Tam": 1, "tran ngoc tam": 0} {
				if id, err := s.LookupKey(ctx, models.TypePerson, name); err != nil || id != want {
					t.Errorf("LookupKey(%q) = %d, %v; want %d", name, id, err, want)
				}
			}
		})
	}
}

// TestMigrateConcurrently: servers starting together on one PostgreSQL
// database migrate it once, and the migration lock is released on the
// session that took it.
func TestMigrateConcurrently(t *testing.T) {
	ctx := context.Background()
	first := modelstest.OpenEmpty(t, "postgres")
	stores := []*models.Store{first, first, first, modelstest.Reopen(t, first), modelstest.Reopen(t, first)}
	applied := make([][]int, len(stores))
	errs := make([]error, len(stores))
	var wg sync.WaitGroup
	for i, s := range stores {
		wg.Go(func() { applied[i], errs[i] = s.Migrate(ctx) })
	}
	wg.Wait()
	total := 0
	for i := range stores {
		if errs[i] != nil {
			t.Errorf("migrate %d: %v", i, errs[i])
		}
		total += len(applied[i])
	}
	if total != len(models.Versions()) {
		t.Errorf("applied %v, want each version once", applied)
	}
	var held int64
	if err := modelstest.DB(t, first).Raw("SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND objid = 7261001 AND database = (SELECT oid FROM pg_database WHERE datname = current_database())").Scan(&held).Error; err != nil {
		t.Fatal(err)
	}
	if held != 0 {
		t.Errorf("the migration lock is still held by %d sessions", held)
	}
}

func TestOrganisation(t *testing.T) {
	ctx := context.Background()
	modelstest.ForEach(t, func(t *testing.T, s *models.Store) {
		t.Run("ErrEmptyName", func(t *testing.T) {
			err := s.CreateOrganisation(ctx, &models.Organisation{Name: "  \u00A0 "})
			if models.ErrorCode(err) != models.EINVALID || models.UserErrors(err)[0].Field != "name" {
				t.Fatalf("got %v", err)
			}
		})
		t.Run("ErrMissingParent", func(t *testing.T) {
			err := s.CreateOrganisation(ctx, &models.Organisation{Name: "Ban Thường vụ Tỉnh ủy", ParentID: ptr(int64(999))})
			if ue := models.UserErrors(err); len(ue) != 1 || ue[0].Field != "parent" {
				t.Fatalf("got %v", err)
			}
			l, _ := s.Organisations(ctx, models.OrganisationFilter{}, models.Page{})
			if l.Total != 0 {
				t.Fatalf("invalid input wrote %d organisations", l.Total)
			}
			if cs, _ := s.Changes(ctx, 0, 10); len(cs) != 0 {
				t.Fatalf("invalid input logged %d changes", len(cs))
			}
		})
		t.Run("HierarchyAndKeys", func(t *testing.T) {
			parent := &models.Organisation{Name: "Ti\u0309nh u\u0309y Bê\u0301n Tre", Kind: "party_committee", Level: "province", Aliases: []string{"TU Bến Tre"}}
			if err := s.CreateOrganisation(ctx, parent); err != nil {
				t.Fatal(err)
			}
			if parent.Name != "Tỉnh ủy Bến Tre" || parent.NameKey != "tinh uy ben tre" {
				t.Errorf("stored name %q key %q", parent.Name, parent.NameKey)
			}
			child := &models.Organisation{Name: "Ban Thường vụ Tỉnh ủy", Kind: "standing_committee", Level: "province", ParentID: &parent.ID}
			if err := s.CreateOrganisation(ctx, child); err != nil {
				t.Fatal(err)
			}
			parent.ParentID = &child.ID
			if err := s.UpdateOrganisation(ctx, parent); models.ErrorCode(err) != models.EINVALID {
				t.Errorf("cycle accepted: %v", err)
			}
			kids, err := s.Organisations(ctx, models.OrganisationFilter{ParentID: &parent.ID}, models.Page{})
			if err != nil || kids.Total != 1 || kids.Items[0].ID != child.ID {
				t.Errorf("children: %+v %v", kids, err)
			}
			byAlias, _ := s.Organisations(ctx, models.OrganisationFilter{Name: "tu ben tre"}, models.Page{})
			if byAlias.Total != 1 {
				t.Errorf("alias search found %d", byAlias.Total)
			}
			if id, _ := s.LookupKey(ctx, models.TypeOrganisation, "tỉnh ủy bến tre"); id != parent.ID {
				t.Errorf("lookup by old tone placement = %d", id)
			}
			if err := s.DeleteOrganisation(ctx, 424242); models.ErrorCode(err) != models.ENOTFOUND {
				t.Errorf("delete missing: %v", err)
			}
		})
	})
}

func TestSaveArticle(t *testing.T) {
	ctx := context.Background()
	modelstest.ForEach(t, func(t *testing.T, s *models.Store) {
		pub := time.Date(2020, 6, 29, 6, 52, 0, 0, vntext.Vietnam)
		a := &models.Article{Title: "Chủ động tổ chức triển khai thực hiện Nghị quyết Tỉnh ủy năm 2020", Body: "Nội dung\r\nbài viết", Source: "Báo Đồng Khởi", SourceCode: "bdk", PublishedAt: &pub}
		res, err := s.SaveArticle(ctx, a, nil)
		if err != nil || res != models.Inserted {
			t.Fatalf("first save: %v %v", res, err)
		}
		// The same text in NFD with other spaces is the same article.
		again := &models.Article{Title: "Chu\u0309 đô\u0323ng tổ chức  triển khai thực hiện Nghị quyết Tỉnh ủy năm 2020", Body: "Nội dung\nbài viết", Source: "Báo Đồng Khởi", SourceCode: "BDK", PublishedAt: &pub}
		res, err = s.SaveArticle(ctx, again, nil)
		if err != nil || res != models.Unchanged || again.ID != a.ID {
			t.Fatalf("second save: %v %v id %d/%d", res, err, again.ID, a.ID)
		}
		got, err := models.ByIDs[models.Article](ctx, s, []int64{a.ID})
		if err != nil {
			t.Fatal(err)
		}
		if p := got[a.ID].PublishedAt; p == nil || !p.Equal(pub) {
			t.Errorf("published at %v, want %v", p, pub)
		}
		if _, err := s.SaveArticle(ctx, &models.Article{Title: "x"}, nil); models.UserErrors(err)[0].Field != "body" {
			t.Errorf("missing body: %v", err)
		}
		if _, err := s.SaveArticle(ctx, &models.Article{Title: "x", Body: "y", URL: ptr("javascript:alert(1)")}, nil); models.ErrorCode(err) != models.EINVALID {
			t.Errorf("bad url: %v", err)
		}
		if err := s.DeleteArticle(ctx, a.ID); err != nil {
			t.Fatal(err)
		}
		changes, _ := s.Changes(ctx, 0, 10)
		if len(changes) != 2 || changes[1].Op != models.OpDelete {
			t.Errorf("changes %+v", changes)
		}
	})
}

func TestResolutionByCode(t *testing.T) {
	ctx := context.Background()
	modelstest.ForEach(t, func(t *testing.T, s *models.Store) {
		r := &models.Resolution{Code: ptr("05-ct/tw"), Title: "Chỉ thị về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh"}
		if err := s.CreateResolution(ctx, r); err != nil {
			t.Fatal(err)
		}
		if *r.Code != "05-CT/TW" || r.Kind != "chi_thi" || r.Number != "05" {
			t.Errorf("parsed %q %q %q", *r.Code, r.Kind, r.Number)
		}
		for _, spelling := range []string{"05-CT/TW", "05 CT/TW", "Chỉ thị số 05-CT/TW", "chi thi so 05-ct/tw", "05 - CT / TW"} {
			got, err := s.ResolutionByCode(ctx, spelling)
			if err != nil || got.ID != r.ID {
				t.Errorf("%q: %v %v", spelling, got, err)
			}
		}
		if _, err := s.ResolutionByCode(ctx, "06-CT/TW"); models.ErrorCode(err) != models.ENOTFOUND {
			t.Errorf("missing code: %v", err)
		}
		if _, err := s.ResolutionByCode(ctx, "hello"); models.ErrorCode(err) != models.EINVALID {
			t.Errorf("not a code: %v", err)
		}
		dup := &models.Resolution{Code: ptr("05 CT/TW")}
		if err := s.CreateResolution(ctx, dup); models.ErrorCode(err) != models.ECONFLICT {
			t.Errorf("duplicate code: %v", err)
		}
	})
}

func TestParseCode(t *testing.T) {
	tests := []struct{ in, code, kind string }{
		{"Chỉ thị số 05-CT/TW", "05-CT/TW", "chi_thi"},
		{"Nghị quyết số 02-NQ/TU", "02-NQ/TU", "nghi_quyet"},
		{"Nghị định 30/2020/NĐ-CP", "30/2020/NĐ-CP", "nghi_dinh"},
		{"Quyết định số 123/QĐ-TTg", "123/QĐ-TTg", "quyet_dinh"},
		{"Kết luận 01-KL/TW", "01-KL/TW", "ket_luan"},
		{"Quy định 08-QĐi/TW", "08-QĐi/TW", "quy_dinh"},
		{"Hướng dẫn 10-HD/BTCTW", "10-HD/BTCTW", "huong_dan"},
		{"Luật số 34/2018/QH14", "34/2018/QH14", "luat"},
		{"Công văn 4159/BVHTTDL-TCDL", "4159/BVHTTDL-TCDL", "other"},
	}
	for _, tt := range tests {
		pc, ok := models.ParseCode(tt.in)
		if !ok || pc.Code != tt.code || pc.Kind != tt.kind {
			t.Errorf("ParseCode(%q) = %+v, %v; want %s %s", tt.in, pc, ok, tt.code, tt.kind)
		}
	}
}

func TestArticleAuthors(t *testing.T) {
	ctx := context.Background()
	modelstest.ForEach(t, func(t *testing.T, s *models.Store) {
		p := &models.Person{Name: "Hương Thu"}
		if err := s.CreatePerson(ctx, p); err != nil {
			t.Fatal(err)
		}
		a := &models.Article{Title: "Tin", Body: "Nội dung"}
		if _, err := s.SaveArticle(ctx, a, []int64{p.ID, 4242}); models.UserErrors(err) == nil || models.UserErrors(err)[0].Field != "authors" {
			t.Fatalf("missing author: %v", err)
		}
		if l, _ := s.Articles(ctx, models.ArticleFilter{}, "", models.Page{}); l.Total != 0 {
			t.Fatalf("the article was written without its authors")
		}
		if _, err := s.SaveArticle(ctx, a, []int64{p.ID}); err != nil {
			t.Fatal(err)
		}
		got, _ := s.AuthorsOf(ctx, []int64{a.ID})
		if len(got[a.ID]) != 1 || got[a.ID][0].Name != "Hương Thu" {
			t.Errorf("authors %v", got)
		}
	})
}

func TestPositionQualifier(t *testing.T) {
	ctx := context.Background()
	modelstest.ForEach(t, func(t *testing.T, s *models.Store) {
		p := &models.Person{Name: "Phùng Xuân Nhạ"}
		o := &models.Organisation{Name: "Bộ Giáo dục và Đào tạo", Kind: "government", Level: "central"}
		if err := s.CreatePerson(ctx, p); err != nil {
			t.Fatal(err)
		}
		if err := s.CreateOrganisation(ctx, o); err != nil {
			t.Fatal(err)
		}
		cur := &models.Position{PersonID: p.ID, OrganisationID: o.ID, Title: "Bộ trưởng"}
		old := &models.Position{PersonID: p.ID, OrganisationID: o.ID, Title: "Bộ trưởng", Qualifier: models.QualifierFormer}
		for _, x := range []*models.Position{cur, old} {
			if err := s.CreatePosition(ctx, x); err != nil {
				t.Fatal(err)
			}
		}
		bad := &models.Position{PersonID: p.ID, OrganisationID: o.ID, Title: "Bộ trưởng", Qualifier: "ex"}
		if err := s.CreatePosition(ctx, bad); models.ErrorCode(err) != models.EINVALID || !strings.Contains(err.Error(), `"ex"`) {
			t.Errorf("qualifier ex: %v", err)
		}
		for _, q := range []string{"", models.QualifierFormer} {
			if held, err := s.HasPosition(ctx, p.ID, o.ID, "bộ trưởng", q); err != nil || !held {
				t.Errorf("HasPosition(%q) = %v, %v", q, held, err)
			}
		}
		if held, _ := s.HasPosition(ctx, p.ID, o.ID, "Bộ trưởng", models.QualifierActing); held {
			t.Error("acting position found, none stored")
		}
		all, _ := s.Positions(ctx, models.PositionFilter{PersonIDs: []int64{p.ID}}, models.Page{})
		current, _ := s.Positions(ctx, models.PositionFilter{PersonIDs: []int64{p.ID}, Current: true}, models.Page{})
		if all.Total != 2 || current.Total != 1 || current.Items[0].ID != cur.ID {
			t.Errorf("all %d, current %+v", all.Total, current.Items)
		}
	})
}

// TestMigratePositionTitleKeys: migration 7 folds the titles of the
// positions stored before it in Go, so that a lookup in lower case finds
// a title that starts with a capital outside ASCII, on SQLite too.
func TestMigratePositionTitleKeys(t *testing.T) {
	ctx := context.Background()
	for _, d := range modelstest.Dialects {
		t.Run(d, func(t *testing.T) {
			s := modelstest.OpenEmpty(t, d)
			if _, err := s.MigrateTo(ctx, 6); err != nil {
				t.Fatal(err)
			}
			now := time.Now().UTC()
			db := modelstest.DB(t, s)
			for _, q := range []string{
				`INSERT INTO people (id, name, name_key, created_at, updated_at) VALUES (1, 'Nguyễn Văn Phúc', 'nguyen van phuc', ?, ?)`,
				`INSERT INTO organisations (id, name, name_key, created_at, updated_at) VALUES (1, 'Tỉnh ủy Bến Tre', 'tinh uy ben tre', ?, ?)`,
				`INSERT INTO positions (person_id, organisation_id, title, created_at, updated_at) VALUES (1, 1, 'Ủy viên Ban Thường vụ', ?, ?)`,
			} {
				if err := db.Exec(q, now, now).Error; err != nil {
					t.Fatal(err)
				}
			}
			if _, err := s.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			if held, err := s.HasPosition(ctx, 1, 1, "ủy viên ban thường vụ", ""); err != nil || !held {
				t.Errorf("HasPosition after migration = %v, %v", held, err)
			}
			l, err := s.Positions(ctx, models.PositionFilter{Title: "ủy viên"}, models.Page{})
			if err != nil || l.Total != 1 {
				t.Errorf("positions titled ủy viên: %d, %v", l.Total, err)
			}
		})
	}
}

// TestSQLiteFilesPrivate: the embedded database and its -wal and -shm
// files are readable by their owner only, as the API token beside them.
func TestSQLiteFilesPrivate(t *testing.T) {
	dir := t.TempDir()
	s, err := models.Open(context.Background(), "", dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"tracuu.db", "tracuu.db-wal", "tracuu.db-shm"} {
		fi, err := os.Stat(filepath.Join(dir, name))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if perm := fi.Mode().Perm(); perm&0o077 != 0 {
			t.Errorf("%s has mode %v, want no access for group and others", name, perm)
		}
	}
}

// TestCountStatements: the statements run under a context of
// CountStatements, reads and writes, are counted there as well as in the
// store's total; those of another context are not.
func TestCountStatements(t *testing.T) {
	modelstest.ForEach(t, func(t *testing.T, s *models.Store) {
		var n atomic.Int64
		ctx := models.CountStatements(context.Background(), &n)
		total := s.Statements()
		if err := s.CreatePerson(ctx, &models.Person{Name: "Nguyễn Văn An"}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.People(ctx, models.PersonFilter{}, models.Page{First: 10}); err != nil {
			t.Fatal(err)
		}
		counted := n.Load()
		if counted < 2 || counted != s.Statements()-total {
			t.Errorf("counted %d statements under the context, the store ran %d", counted, s.Statements()-total)
		}
		if _, err := s.People(context.Background(), models.PersonFilter{}, models.Page{First: 10}); err != nil {
			t.Fatal(err)
		}
		if n.Load() != counted {
			t.Errorf("a read of another context counted: %d, want %d", n.Load(), counted)
		}
	})
}
