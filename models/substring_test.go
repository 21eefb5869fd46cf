package models_test

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"
	"gorm.io/gorm"

	"tracuu/models"
	"tracuu/models/modelstest"
	"tracuu/vntext"
)

// like is the LIKE pattern of the strings that contain s, its wildcards
// escaped (ESCAPE '\').
func like(s string) string {
	return "%" + strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s) + "%"
}

// substringPatterns are the filters every substring test tries: NFC and
// NFD, both tone placements (hòa/hoà), upper case, LIKE's wildcards
// (literal), a double quote (FTS5's), and strings of one and two
// characters, which have no trigram.
var substringPatterns = []string{
	"tỉnh ủy", norm.NFD.String("tỉnh ủy"), "TỈNH ỦY", "Tỉnh Ủy Bến", "tinh uy", "ben tre",
	"hòa", "hoà", "HOÀ BÌNH", norm.NFD.String("Hòa bình"), "Hoa",
	"100%", "0%", "%", "_", "%%%", "a_b", "q_c", `"trích"`, `"`,
	"ủy", "ủ", "y", "Ư", "uy",
	"bí thư", "BÍ THƯ", "ỦY VIÊN", "thư", "thường trực",
	"05-ct", "ct/tw", "05-CT/TW", "nq/tu", "tăng cường", "TĂNG",
	"tâm", "Tâm", "TAM", "ngọc t", "nguyễn thị", "xyz không có",
}

// seedSubstrings stores rows whose text the patterns above find and miss.
func seedSubstrings(t *testing.T, s *models.Store) {
	t.Helper()
	ctx := context.Background()
	titles := []string{
		"Tỉnh ủy Bến Tre họp phiên thường kỳ", norm.NFD.String("TỈNH ỦY BẾN TRE triển khai nghị quyết"),
		"Hòa bình và phát triển", "Giữ vững hoà bình", "Tăng 100% so với năm 2020", "Quy định a_b và qxc",
		`Lời "trích" dẫn`, "Ủy ban nhân dân tỉnh", "Bí thư Tỉnh ủy thăm hỏi", "Hoa nở",
	}
	for i, title := range titles {
		a := &models.Article{Title: title, Body: fmt.Sprintf("Nội dung %d.", i)}
		if _, err := s.SaveArticle(ctx, a, nil); err != nil {
			t.Fatal(err)
		}
	}
	orgs := []models.Organisation{
		{Name: "Tỉnh ủy Bến Tre", Aliases: models.StringList{"TU Bến Tre", "Tỉnh uỷ BT"}},
		{Name: "Ủy ban nhân dân tỉnh Bến Tre", Aliases: models.StringList{"UBND tỉnh"}},
		{Name: "Hội đồng nhân dân xã Hòa Bình"},
		{Name: "Quỹ 100% vốn"},
	}
	var orgIDs []int64
	for i := range orgs {
		if err := s.CreateOrganisation(ctx, &orgs[i]); err != nil {
			t.Fatal(err)
		}
		orgIDs = append(orgIDs, orgs[i].ID)
	}
	people := []models.Person{
		{Name: "Trần Ngọc Tâm"}, {Name: "Trần Ngọc Tam"}, {Name: "Nguyễn Thị Hoà", Aliases: models.StringList{"Hòa Nguyễn"}},
		{Name: norm.NFD.String("LÊ VĂN THƯỜNG")},
	}
	for i := range people {
		if err := s.CreatePerson(ctx, &people[i]); err != nil {
			t.Fatal(err)
		}
	}
	for i, title := range []string{"Phó Bí thư Thường trực", "Ủy viên Ban Thường vụ", "BÍ THƯ", "Chủ tịch"} {
		p := &models.Position{PersonID: people[i].ID, OrganisationID: orgIDs[i], Title: title}
		if err := s.CreatePosition(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	code1, code2 := "05-CT/TW", "02-NQ/TU"
	for _, r := range []models.Resolution{
		{Code: &code1, Title: "Về tăng cường học tập và làm theo tư tưởng Hồ Chí Minh"},
		{Code: &code2, Title: "Nghị quyết về Hòa Bình"},
		{Title: "Kế hoạch TĂNG CƯỜNG 100% kiểm tra"},
	} {
		if err := s.CreateResolution(ctx, &r); err != nil {
			t.Fatal(err)
		}
	}
}

// likeIDs runs a filter as a plain LIKE over the whole table (the SQL of
// the filters before the trigram indexes), on a connection of its own.
func likeIDs(t *testing.T, db *gorm.DB, dialect, query string, args ...any) []int64 {
	t.Helper()
	lower := "LOWER"
	if dialect == "sqlite" {
		lower = "tracuu_lower"
	}
	var ids []int64
	if err := db.Raw(strings.ReplaceAll(query, "LOWER", lower)+" ORDER BY id", args...).Scan(&ids).Error; err != nil {
		t.Fatal(err)
	}
	return ids
}

func listIDs[T any](t *testing.T, l models.List[T], err error, key func(*T) int64) []int64 {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
	ids := []int64{}
	for _, x := range l.Items {
		ids = append(ids, key(x))
	}
	slices.Sort(ids)
	if l.Total != int64(len(ids)) {
		t.Errorf("total %d, %d items", l.Total, len(ids))
	}
	return ids
}

// Every substring filter finds what a LIKE over the whole table finds, on
// both databases, whatever form the pattern is typed in.
func TestSubstringFiltersAgreeWithLike(t *testing.T) {
	ctx := context.Background()
	modelstest.ForEach(t, func(t *testing.T, s *models.Store) {
		seedSubstrings(t, s)
		db := modelstest.DB(t, s)
		d := s.Dialect()
		p := models.Page{First: 100}
		nonEmpty := map[string]int{}
		for _, q := range substringPatterns {
			key, nameKey := vntext.Key(q), models.MatchKey(models.TypePerson, q)
			check := func(what string, got, want []int64) {
				t.Helper()
				if want == nil {
					want = []int64{}
				}
				if !slices.Equal(got, want) {
					t.Errorf("%s %q: %v, want %v (LIKE)", what, q, got, want)
				}
				if len(want) > 0 {
					nonEmpty[what]++
				}
			}
			title := strings.ToLower(vntext.Clean(q))
			l, err := s.Articles(ctx, models.ArticleFilter{Title: q}, models.ArticlesNewest, p)
			check("articles", listIDs(t, l, err, func(a *models.Article) int64 { return a.ID }),
				likeIDs(t, db, d, `SELECT id FROM articles WHERE LOWER(title) LIKE ? ESCAPE '\'`, like(title)))

			orgLike, nameLike, keyLike := "", "", ""
			if key != "" {
				orgLike, nameLike = like(key), like(key)
			}
			if nameKey != "" {
				keyLike = like(nameKey)
			}
			lo, err := s.Organisations(ctx, models.OrganisationFilter{Name: q}, p)
			check("organisations", listIDs(t, lo, err, func(o *models.Organisation) int64 { return o.ID }),
				likeIDs(t, db, d, `SELECT id FROM organisations WHERE name_key LIKE ? ESCAPE '\' OR id IN (SELECT entity_id FROM entity_keys WHERE entity_type = 'Organisation' AND key LIKE ? ESCAPE '\')`, orgLike, orgLike))

			lp, err := s.People(ctx, models.PersonFilter{Name: q}, p)
			check("people", listIDs(t, lp, err, func(x *models.Person) int64 { return x.ID }),
				likeIDs(t, db, d, `SELECT id FROM people WHERE name_key LIKE ? ESCAPE '\' OR id IN (SELECT entity_id FROM entity_keys WHERE entity_type = 'Person' AND key LIKE ? ESCAPE '\')`, nameLike, keyLike))

			lpos, err := s.Positions(ctx, models.PositionFilter{Title: q}, p)
			check("positions", listIDs(t, lpos, err, func(x *models.Position) int64 { return x.ID }),
				likeIDs(t, db, d, `SELECT id FROM positions WHERE title_key LIKE ? ESCAPE '\'`, like(strings.ToLower(strings.Join(strings.Fields(vntext.Clean(q)), " ")))))

			lr, err := s.Resolutions(ctx, models.ResolutionFilter{Text: q}, "", p)
			check("resolutions", listIDs(t, lr, err, func(x *models.Resolution) int64 { return x.ID }),
				likeIDs(t, db, d, `SELECT id FROM resolutions WHERE code_key LIKE ? ESCAPE '\' OR LOWER(title) LIKE ? ESCAPE '\'`, orgLike, like(strings.ToLower(strings.Join(strings.Fields(vntext.Clean(q)), " ")))))
		}
		// The table of patterns means something: each filter finds rows
		// for several of them.
		for _, what := range []string{"articles", "organisations", "people", "positions", "resolutions"} {
			if nonEmpty[what] < 3 {
				t.Errorf("%s: only %d patterns find anything", what, nonEmpty[what])
			}
		}
	})
}

// A filter of punctuation alone ("%", "_") finds no one: the people filter
// compared every entity key with LIKE '%%' and listed everyone.
func TestPeopleFilterOfPunctuationFindsNoOne(t *testing.T) {
	ctx := context.Background()
	modelstest.ForEach(t, func(t *testing.T, s *models.Store) {
		if err := s.CreatePerson(ctx, &models.Person{Name: "Trần Ngọc Tâm"}); err != nil {
			t.Fatal(err)
		}
		for _, q := range []string{"%", "_", " - "} {
			l, err := s.People(ctx, models.PersonFilter{Name: q}, models.Page{})
			if err != nil {
				t.Fatal(err)
			}
			if l.Total != 0 || len(l.Items) != 0 {
				t.Errorf("people %q: %d found", q, l.Total)
			}
		}
	})
}

// titles lists the ids the articles filter finds.
func filterIDs(t *testing.T, s *models.Store, q string) []int64 {
	t.Helper()
	l, err := s.Articles(context.Background(), models.ArticleFilter{Title: q}, models.ArticlesNewest, models.Page{First: 100})
	return listIDs(t, l, err, func(a *models.Article) int64 { return a.ID })
}

func orgIDs(t *testing.T, s *models.Store, q string) []int64 {
	t.Helper()
	l, err := s.Organisations(context.Background(), models.OrganisationFilter{Name: q}, models.Page{First: 100})
	return listIDs(t, l, err, func(o *models.Organisation) int64 { return o.ID })
}

func peopleIDs(t *testing.T, s *models.Store, q string) []int64 {
	t.Helper()
	l, err := s.People(context.Background(), models.PersonFilter{Name: q}, models.Page{First: 100})
	return listIDs(t, l, err, func(p *models.Person) int64 { return p.ID })
}

// The trigram indexes follow every write: insert, update, delete, keys
// claimed by an update, keys moved by a merge.
func TestSubstringIndexFollowsWrites(t *testing.T) {
	ctx := context.Background()
	modelstest.ForEach(t, func(t *testing.T, s *models.Store) {
		want := func(what string, got []int64, ids ...int64) {
			t.Helper()
			if ids == nil {
				ids = []int64{}
			}
			if !slices.Equal(got, ids) {
				t.Errorf("%s: %v, want %v", what, got, ids)
			}
		}
		a := &models.Article{Title: "Hội nghị Ban Chấp hành", Body: "Nội dung."}
		if _, err := s.SaveArticle(ctx, a, nil); err != nil {
			t.Fatal(err)
		}
		want("inserted", filterIDs(t, s, "chấp hành"), a.ID)
		a.Title = "Đại hội Đảng bộ tỉnh"
		if err := s.UpdateArticle(ctx, a, nil); err != nil {
			t.Fatal(err)
		}
		want("old title after update", filterIDs(t, s, "chấp hành"))
		want("new title after update", filterIDs(t, s, "ĐẢNG BỘ"), a.ID)
		a.Body = "Nội dung khác."
		if err := s.UpdateArticle(ctx, a, nil); err != nil {
			t.Fatal(err)
		}
		want("after a save of the same title", filterIDs(t, s, "đảng bộ"), a.ID)
		if err := s.DeleteArticle(ctx, a.ID); err != nil {
			t.Fatal(err)
		}
		want("deleted", filterIDs(t, s, "đảng bộ"))

		keep := &models.Organisation{Name: "Tỉnh ủy Bến Tre"}
		drop := &models.Organisation{Name: "Thành ủy Mỹ Tho", Aliases: models.StringList{"TU Mỹ Tho"}}
		for _, o := range []*models.Organisation{keep, drop} {
			if err := s.CreateOrganisation(ctx, o); err != nil {
				t.Fatal(err)
			}
		}
		want("alias", orgIDs(t, s, "tu my tho"), drop.ID)
		keep.Aliases = models.StringList{"Tỉnh ủy Đồng Khởi"}
		if err := s.UpdateOrganisation(ctx, keep); err != nil {
			t.Fatal(err)
		}
		want("alias added by an update", orgIDs(t, s, "dong khoi"), keep.ID)
		if err := s.Merge(ctx, models.TypeOrganisation, keep.ID, drop.ID); err != nil {
			t.Fatal(err)
		}
		want("alias moved by a merge", orgIDs(t, s, "TU Mỹ Tho"), keep.ID)
		keep.Name = "Tỉnh ủy Bến Tre mới"
		if err := s.UpdateOrganisation(ctx, keep); err != nil {
			t.Fatal(err)
		}
		want("renamed", orgIDs(t, s, "tre moi"), keep.ID)
		if err := s.DeleteOrganisation(ctx, keep.ID); err != nil {
			t.Fatal(err)
		}
		want("deleted organisation", orgIDs(t, s, "my tho"))

		p := &models.Person{Name: "Nguyễn Thị Hoà", Aliases: models.StringList{"Bà Hòa Ba"}}
		if err := s.CreatePerson(ctx, p); err != nil {
			t.Fatal(err)
		}
		want("person alias", peopleIDs(t, s, "hoà ba"), p.ID)
		if err := s.DeletePerson(ctx, p.ID); err != nil {
			t.Fatal(err)
		}
		want("deleted person", peopleIDs(t, s, "hoà ba"))

		if s.Dialect() == "sqlite" {
			// Each FTS5 table passes its own check and holds one row per
			// row of its table.
			db := modelstest.DB(t, s)
			for _, table := range []string{"articles", "organisations", "people", "positions", "resolutions"} {
				if err := db.Exec(fmt.Sprintf("INSERT INTO %[1]s_trgm (%[1]s_trgm) VALUES ('integrity-check')", table)).Error; err != nil {
					t.Errorf("%s_trgm: %v", table, err)
				}
				var n, m int64
				db.Raw("SELECT count(*) FROM " + table).Scan(&n)
				db.Raw("SELECT count(*) FROM " + table + "_trgm").Scan(&m)
				if n != m {
					t.Errorf("%s: %d rows, %d in %s_trgm", table, n, m, table)
				}
			}
		}
	})
}

// An archive stored before migration 13 is indexed by it: its rows are
// found through the new indexes.
func TestMigrateIndexesExistingRows(t *testing.T) {
	ctx := context.Background()
	for _, d := range modelstest.Dialects {
		t.Run(d, func(t *testing.T) {
			s := modelstest.OpenEmpty(t, d)
			if _, err := s.MigrateTo(ctx, 12); err != nil {
				t.Fatal(err)
			}
			db := modelstest.DB(t, s)
			for _, stmt := range []string{
				"INSERT INTO articles (id, content_key, content_hash, title, body, created_at, updated_at) VALUES (7, 'k', 'h', 'Tỉnh ủy Bến Tre họp', 'b', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)",
				"INSERT INTO organisations (id, name, name_key, created_at, updated_at) VALUES (3, 'Tỉnh ủy Bến Tre', 'tinh uy ben tre', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)",
				"INSERT INTO entity_keys (entity_type, key, entity_id) VALUES ('Organisation', 'tu ben tre', 3)",
				"INSERT INTO people (id, name, name_key, created_at, updated_at) VALUES (5, 'Trần Ngọc Tâm', 'tran ngoc tam', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)",
				"INSERT INTO entity_keys (entity_type, key, entity_id) VALUES ('Person', 'trần ngọc tâm', 5)",
			} {
				if err := db.Exec(stmt).Error; err != nil {
					t.Fatal(err)
				}
			}
			if _, err := s.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			if got := filterIDs(t, s, "TỈNH ỦY"); !slices.Equal(got, []int64{7}) {
				t.Errorf("articles: %v", got)
			}
			if got := orgIDs(t, s, "tu ben"); !slices.Equal(got, []int64{3}) {
				t.Errorf("organisations: %v", got)
			}
			if got := peopleIDs(t, s, "ngọc tâm"); !slices.Equal(got, []int64{5}) {
				t.Errorf("people: %v", got)
			}
		})
	}
}

// The filters' statements read the trigram indexes: SQLite's FTS5 tables,
// PostgreSQL's pg_trgm indexes (the planner told to avoid scans, so that
// it takes the index on tables this small). Each statement is the one the
// store sends, caught as it is sent.
func TestSubstringFiltersReadTrigramIndexes(t *testing.T) {
	ctx := context.Background()
	modelstest.ForEach(t, func(t *testing.T, s *models.Store) {
		seedSubstrings(t, s)
		d := s.Dialect()
		var caught []string
		var vars [][]any
		gdb := models.GormDB(s)
		name := "test:catch-" + strings.ReplaceAll(t.Name(), "/", "-")
		if err := gdb.Callback().Query().After("gorm:query").Register(name, func(db *gorm.DB) {
			if db.DryRun {
				return
			}
			caught = append(caught, db.Statement.SQL.String())
			vars = append(vars, slices.Clone(db.Statement.Vars))
		}); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { gdb.Callback().Query().Remove(name) })
		sqlDB, err := gdb.DB()
		if err != nil {
			t.Fatal(err)
		}
		p := models.Page{First: 10}
		cases := []struct {
			what  string
			run   func() error
			index map[string]string // by dialect
		}{
			{"articles", func() error {
				_, err := s.Articles(ctx, models.ArticleFilter{Title: "tỉnh ủy"}, models.ArticlesNewest, p)
				return err
			}, map[string]string{"sqlite": "articles_trgm", "postgres": "articles_title_trgm"}},
			{"organisations", func() error {
				_, err := s.Organisations(ctx, models.OrganisationFilter{Name: "ben tre"}, p)
				return err
			}, map[string]string{"sqlite": "organisations_trgm", "postgres": "organisations_name_key_trgm"}},
			{"people", func() error {
				_, err := s.People(ctx, models.PersonFilter{Name: "ngọc tâm"}, p)
				return err
			}, map[string]string{"sqlite": "people_trgm", "postgres": "people_name_key_trgm"}},
			{"positions", func() error {
				_, err := s.Positions(ctx, models.PositionFilter{Title: "bí thư"}, p)
				return err
			}, map[string]string{"sqlite": "positions_trgm", "postgres": "positions_title_key_trgm"}},
			{"resolutions", func() error {
				_, err := s.Resolutions(ctx, models.ResolutionFilter{Text: "tăng cường"}, "", p)
				return err
			}, map[string]string{"sqlite": "resolutions_trgm", "postgres": "resolutions_title_trgm"}},
		}
		for _, c := range cases {
			caught, vars = nil, nil
			if err := c.run(); err != nil {
				t.Fatal(err)
			}
			if len(caught) == 0 {
				t.Fatalf("%s: no statement caught", c.what)
			}
			var plans []string
			for i, stmt := range caught {
				plans = append(plans, explain(t, ctx, sqlDB, d, stmt, vars[i]))
			}
			all := strings.Join(plans, "\n")
			want := c.index[d]
			if d == "sqlite" {
				want = "VIRTUAL TABLE INDEX"
			}
			if !strings.Contains(all, want) || !strings.Contains(all, c.index[d]) {
				t.Errorf("%s: no statement reads %s:\n%s", c.what, c.index[d], all)
			}
		}
	})
}

// explain returns the plan of stmt on one connection of db; on PostgreSQL
// with sequential scans off.
func explain(t *testing.T, ctx context.Context, db *sql.DB, dialect, stmt string, args []any) string {
	t.Helper()
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	prefix := "EXPLAIN QUERY PLAN "
	if dialect == "postgres" {
		prefix = "EXPLAIN "
		if _, err := conn.ExecContext(ctx, "SET enable_seqscan = off"); err != nil {
			t.Fatal(err)
		}
		defer conn.ExecContext(ctx, "RESET enable_seqscan")
	}
	rows, err := conn.QueryContext(ctx, prefix+stmt, args...)
	if err != nil {
		t.Fatalf("explain %s: %v", stmt, err)
	}
	defer rows.Close()
	out, err := lastColumn(rows)
	if err != nil {
		t.Fatalf("explain %s: %v", stmt, err)
	}
	return strings.Join(out, "\n")
}

// Without pg_trgm (not installed, or no right to create it) PostgreSQL
// migrates all the same and the filters answer as before, by scanning; the
// next migrate after pg_trgm is there makes the indexes.
func TestMigrateWithoutTrigramExtension(t *testing.T) {
	ctx := context.Background()
	s := modelstest.OpenEmpty(t, "postgres")
	old := models.SetTrigramExtension("pg_trgm_not_installed")
	defer models.SetTrigramExtension(old)
	if _, err := s.Migrate(ctx); err != nil {
		t.Fatalf("migrate without pg_trgm: %v", err)
	}
	db := modelstest.DB(t, s)
	count := func() int64 {
		var n int64
		if err := db.Raw("SELECT count(*) FROM pg_indexes WHERE indexname LIKE '%\\_trgm'").Scan(&n).Error; err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := count(); n != 0 {
		t.Fatalf("%d trigram indexes without pg_trgm", n)
	}
	a := &models.Article{Title: "Tỉnh ủy Bến Tre họp", Body: "Nội dung."}
	if _, err := s.SaveArticle(ctx, a, nil); err != nil {
		t.Fatal(err)
	}
	if got := filterIDs(t, s, "tỉnh ủy"); !slices.Equal(got, []int64{a.ID}) {
		t.Errorf("filter without pg_trgm: %v", got)
	}
	models.SetTrigramExtension(old)
	if _, err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if n := count(); n != 7 {
		t.Errorf("%d trigram indexes after pg_trgm came, want 7", n)
	}
}

// A title filter pages in the list's order, whether the index's matches
// are many (SQLite walks the order's index, looking each entry up among
// them) or few (read by id and sorted), with the total of the LIKE.
func TestArticlesTitleFilterPages(t *testing.T) {
	ctx := context.Background()
	modelstest.ForEach(t, func(t *testing.T, s *models.Store) {
		var want []int64 // newest first
		titles := map[int64]string{}
		for i := range 30 {
			at := time.Date(2020, 1, 1+i, 8, 0, 0, 0, vntext.Vietnam)
			title := fmt.Sprintf("Tin %02d về kinh tế", i)
			if i%3 != 0 {
				title = fmt.Sprintf("Tỉnh ủy họp lần %02d", i)
			}
			a := &models.Article{Title: title, Body: "Nội dung.", PublishedAt: &at}
			if _, err := s.SaveArticle(ctx, a, nil); err != nil {
				t.Fatal(err)
			}
			titles[a.ID] = a.Title
			want = append([]int64{a.ID}, want...)
		}
		// having keeps the ids of ids whose title contains q, in order.
		having := func(ids []int64, q string) []int64 {
			out := []int64{}
			for _, id := range ids {
				if strings.Contains(strings.ToLower(titles[id]), strings.ToLower(q)) {
					out = append(out, id)
				}
			}
			return out
		}
		oldest := slices.Clone(want)
		slices.Reverse(oldest)
		for _, c := range []struct {
			q     string
			order models.ArticleOrder
			want  []int64
		}{
			{"TỈNH ỦY", models.ArticlesNewest, having(want, "tỉnh ủy")},
			{"tỉnh ủy", models.ArticlesOldest, having(oldest, "tỉnh ủy")},
			{"tỉnh ủy", models.ArticlesTitle, having(oldest, "tỉnh ủy")}, // "lần 01" < "lần 02"...
			{"họp lần 07", models.ArticlesNewest, having(want, "họp lần 07")},
			{"lần 1", models.ArticlesNewest, having(want, "lần 1")},
		} {
			if len(c.want) == 0 {
				t.Fatalf("%q finds nothing", c.q)
			}
			for _, first := range []int{1, 2, 7, 100} {
				var got []int64
				for off, pages := 0, 0; pages < 40; pages++ {
					l, err := s.Articles(ctx, models.ArticleFilter{Title: c.q}, c.order, models.Page{First: first, Offset: off, NoTotal: pages%2 == 1})
					if err != nil {
						t.Fatal(err)
					}
					if pages%2 == 0 && l.Total != int64(len(c.want)) {
						t.Errorf("%q %s first %d: total %d, want %d", c.q, c.order, first, l.Total, len(c.want))
					}
					for _, a := range l.Items {
						got = append(got, a.ID)
					}
					off += len(l.Items)
					if !l.HasNext {
						break
					}
				}
				if !slices.Equal(got, c.want) {
					t.Errorf("%q %s first %d: %v, want %v", c.q, c.order, first, got, c.want)
				}
			}
		}
	})
}
