package importer_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"tracuu/importer"
	"tracuu/ingest"
	"tracuu/models"
	"tracuu/models/modelstest"
)

func TestImport(t *testing.T) {
	ctx := context.Background()
	modelstest.ForEach(t, func(t *testing.T, s *models.Store) {
		stats, failures, err := importer.Import(ctx, s, []string{"testdata"}, importer.Options{Batch: 2})
		if err != nil {
			t.Fatal(err)
		}
		if stats != (importer.Stats{Inserted: 4, Failed: 2}) {
			t.Errorf("stats %+v, failures %v", stats, failures)
		}
		for _, f := range failures {
			if !strings.HasSuffix(f.File, "articles.jsonl") || (f.Line != 2 && f.Line != 3) || f.Reason == "" {
				t.Errorf("failure %+v", f)
			}
		}
		if len(failures) == 2 && !strings.Contains(failures[0].Reason, "title") {
			t.Errorf("line 2 failure should name the title: %q", failures[0].Reason)
		}
		arts, _ := s.Articles(ctx, models.ArticleFilter{}, models.ArticlesOldest, models.Page{})
		if arts.Total != 4 {
			t.Fatalf("stored %d articles", arts.Total)
		}
		// The seed article yields its documents, people and positions.
		res, err := s.ResolutionByCode(ctx, "05 CT/TW")
		if err != nil {
			t.Fatalf("05-CT/TW not linked: %v", err)
		}
		mentions, _ := s.MentionsOf(ctx, models.TypeResolution, res.ID, models.Page{})
		if mentions.Total < 3 {
			t.Errorf("05-CT/TW mentioned %d times across articles", mentions.Total)
		}
		if _, err := s.ResolutionByCode(ctx, "30/2020/NĐ-CP"); err != nil {
			t.Errorf("decree not linked: %v", err)
		}
		tam, _ := s.People(ctx, models.PersonFilter{Name: "tran ngoc tam"}, models.Page{})
		if tam.Total != 1 {
			t.Fatalf("Trần Ngọc Tam: %d people", tam.Total)
		}
		pos, _ := s.Positions(ctx, models.PositionFilter{PersonIDs: []int64{tam.Items[0].ID}}, models.Page{})
		if pos.Total < 1 {
			t.Errorf("no position for Trần Ngọc Tam")
		}
		thu, _ := s.People(ctx, models.PersonFilter{Name: "Hương Thu"}, models.Page{})
		if thu.Total != 1 {
			t.Errorf("author Hương Thu: %d people (one per real person)", thu.Total)
		}
		// Re-importing changes nothing.
		again, _, err := importer.Import(ctx, s, []string{"testdata"}, importer.Options{})
		if err != nil || again != (importer.Stats{Unchanged: 4, Failed: 2}) {
			t.Errorf("re-import: %+v %v", again, err)
		}
		orgs1, _ := s.Organisations(ctx, models.OrganisationFilter{}, models.Page{})
		people1, _ := s.People(ctx, models.PersonFilter{}, models.Page{})
		if orgs1.Total == 0 || people1.Total == 0 {
			t.Errorf("nothing extracted: %d organisations, %d people", orgs1.Total, people1.Total)
		}
	})
}

// importLines writes lines to a JSON Lines file and imports it in one batch.
func importLines(t *testing.T, s *models.Store, lines ...string) (importer.Stats, []importer.Failure) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "batch.jsonl")
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	stats, failures, err := importer.Import(context.Background(), s, []string{path}, importer.Options{Batch: 10})
	if err != nil {
		t.Fatal(err)
	}
	return stats, failures
}

// checkJobs fails unless there is one index job per entity and every
// upsert names an entity that exists.
func checkJobs(t *testing.T, s *models.Store) {
	t.Helper()
	ctx := context.Background()
	jobs, err := s.Changes(ctx, 0, 10000)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, j := range jobs {
		k := fmt.Sprintf("%s/%d", j.EntityType, j.EntityID)
		if seen[k] {
			t.Errorf("two index jobs for %s", k)
		}
		seen[k] = true
		if j.Op != models.OpUpsert {
			continue
		}
		ref := models.Ref{Type: j.EntityType, ID: j.EntityID}
		if labels, err := s.Labels(ctx, []models.Ref{ref}); err != nil || labels[ref] == "" {
			t.Errorf("index job for %s, which does not exist (%v)", k, err)
		}
	}
}

const (
	lineA        = `{"url": "https://baodongkhoi.vn/a", "title": "Tỉnh ủy Bến Tre sơ kết", "body": "Phó Bí thư Thường trực Tỉnh ủy Trần Ngọc Tam chủ trì.", "authors": ["Hương Thu"]}`
	lineAChanged = `{"url": "https://baodongkhoi.vn/a", "title": "Tỉnh ủy Bến Tre sơ kết", "body": "Phó Bí thư Thường trực Tỉnh ủy Trần Ngọc Tam chủ trì hội nghị.", "authors": ["Hương Thu"]}`
	// lineBadURL passes the reader and fails in the store, after its author
	// is created.
	lineBadURL = `{"url": "ftp://baodongkhoi.vn/b", "title": "Địa chỉ hỏng", "body": "Bí thư Huyện ủy Châu Thành Nguyễn Văn Phúc phát biểu.", "authors": ["Lê Văn Mất"]}`
)

func countPeople(t *testing.T, s *models.Store, name string) int64 {
	t.Helper()
	l, err := s.People(context.Background(), models.PersonFilter{Name: name}, models.Page{})
	if err != nil {
		t.Fatal(err)
	}
	return l.Total
}

// TestImportBatchRetry: a batch with a record the store refuses is written
// again with a savepoint per record: the bad record leaves nothing behind
// (not even its author, whom a later record of the batch may name again),
// and the rest of the batch is stored as if the bad one were not there.
func TestImportBatchRetry(t *testing.T) {
	ctx := context.Background()
	modelstest.ForEach(t, func(t *testing.T, s *models.Store) {
		lineSameAuthor := `{"url": "https://baodongkhoi.vn/c", "title": "Huyện ủy Châu Thành họp", "body": "Hội nghị diễn ra sáng nay.", "authors": ["Lê Văn Mất"]}`
		stats, failures := importLines(t, s, lineA, lineBadURL, lineAChanged, lineAChanged, lineSameAuthor)
		if stats != (importer.Stats{Inserted: 2, Updated: 1, Unchanged: 1, Failed: 1}) || len(failures) != 1 ||
			failures[0].Line != 2 || !strings.Contains(failures[0].Reason, "url") {
			t.Fatalf("stats %+v, failures %v", stats, failures)
		}
		arts, _ := s.Articles(ctx, models.ArticleFilter{}, models.ArticlesOldest, models.Page{})
		if arts.Total != 2 {
			t.Fatalf("articles %+v", arts.Items)
		}
		for name, want := range map[string]int64{"Lê Văn Mất": 1, "Nguyễn Văn Phúc": 0, "Hương Thu": 1, "Trần Ngọc Tam": 1} {
			if got := countPeople(t, s, name); got != want {
				t.Errorf("%s: %d people, want %d", name, got, want)
			}
		}
		checkJobs(t, s)
	})
}

// TestImportBatchLinking: within one batch with no bad record, an article
// that repeats is an update and then no change, and two spellings of one
// name (same key: tone placement, composition, case) are one person.
func TestImportBatchLinking(t *testing.T) {
	ctx := context.Background()
	modelstest.ForEach(t, func(t *testing.T, s *models.Store) {
		lineLan := `{"url": "https://baodongkhoi.vn/d", "title": "Xã Tân Thạch ra quân", "body": "Hội nghị diễn ra sáng nay.", "authors": ["Mai Lan Hòa"]}`
		lineLân := `{"url": "https://baodongkhoi.vn/e", "title": "Xã Tân Thạch tổng kết", "body": "Hội nghị diễn ra chiều nay.", "authors": ["MAI LAN HOA\u0300"]}`
		stats, failures := importLines(t, s, lineA, lineAChanged, lineAChanged, lineLan, lineLân)
		if stats != (importer.Stats{Inserted: 3, Updated: 1, Unchanged: 1}) {
			t.Fatalf("stats %+v, failures %v", stats, failures)
		}
		arts, _ := s.Articles(ctx, models.ArticleFilter{}, models.ArticlesOldest, models.Page{})
		if arts.Total != 3 || !strings.Contains(arts.Items[0].Body, "hội nghị") {
			t.Fatalf("articles %+v", arts.Items)
		}
		if got := countPeople(t, s, "mai lan hoa"); got != 1 {
			t.Errorf("Mai Lan Hòa: %d people, want 1", got)
		}
		checkJobs(t, s)
	})
}

// TestNamesDifferingInDiacritics: names that differ only in their
// diacritics are different people ("Trần Ngọc Tam" is not "Trần Ngọc Tâm"),
// in one batch and across imports, and each links back to its own articles.
func TestNamesDifferingInDiacritics(t *testing.T) {
	ctx := context.Background()
	modelstest.ForEach(t, func(t *testing.T, s *models.Store) {
		lineTâm := `{"url": "https://baodongkhoi.vn/tam", "title": "Huyện ủy họp", "body": "Bí thư Huyện ủy Châu Thành Trần Ngọc Tâm chủ trì.", "authors": ["Mai Lân"]}`
		lineTam2 := `{"url": "https://baodongkhoi.vn/a2", "title": "Tỉnh ủy họp", "body": "Phó Bí thư Thường trực Tỉnh ủy Trần Ngọc Tam phát biểu.", "authors": ["Mai Lan"]}`
		if stats, failures := importLines(t, s, lineA, lineTâm); stats.Inserted != 2 {
			t.Fatalf("stats %+v, failures %v", stats, failures)
		}
		if stats, failures := importLines(t, s, lineTam2); stats.Inserted != 1 {
			t.Fatalf("stats %+v, failures %v", stats, failures)
		}
		ids := map[string]int64{}
		for _, name := range []string{"Trần Ngọc Tam", "Trần Ngọc Tâm", "Mai Lan", "Mai Lân"} {
			id, err := s.LookupKey(ctx, models.TypePerson, name)
			if err != nil || id == 0 {
				t.Fatalf("%s: no person (%v)", name, err)
			}
			ids[name] = id
		}
		if ids["Trần Ngọc Tam"] == ids["Trần Ngọc Tâm"] || ids["Mai Lan"] == ids["Mai Lân"] {
			t.Errorf("names differing in diacritics linked to one person: %v", ids)
		}
		if got := countPeople(t, s, "tran ngoc tam"); got != 2 {
			t.Errorf("accent-insensitive search for tran ngoc tam: %d people, want 2", got)
		}
		for name, want := range map[string]int64{"Trần Ngọc Tam": 2, "Trần Ngọc Tâm": 1} {
			m, err := s.MentionsOf(ctx, models.TypePerson, ids[name], models.Page{})
			if err != nil || m.Total != want {
				t.Errorf("%s: %d mentions, want %d (%v)", name, m.Total, want, err)
			}
		}
	})
}

// TestImportFormerPositions: a former holding ("nguyên Bộ trưởng") is a
// position of its own, marked former; it is never merged with the current
// one, and a current holding read twice is stored once.
func TestImportFormerPositions(t *testing.T) {
	ctx := context.Background()
	modelstest.ForEach(t, func(t *testing.T, s *models.Store) {
		stats, failures := importLines(t, s,
			`{"url": "https://example.vn/1", "title": "Bàn giao", "body": "Bộ trưởng Bộ Giáo dục và Đào tạo Phùng Xuân Nhạ phát biểu.", "publishedAt": "2020-06-01"}`,
			`{"url": "https://example.vn/2", "title": "Bàn giao", "body": "Ông Phùng Xuân Nhạ, nguyên Bộ trưởng Bộ Giáo dục và Đào tạo, dự lễ. Quyền Bộ trưởng Bộ Giáo dục và Đào tạo Nguyễn Văn Phúc chủ trì.", "publishedAt": "2021-04-12"}`,
			`{"url": "https://example.vn/3", "title": "Họp", "body": "Bộ trưởng Bộ Giáo dục và Đào tạo Phùng Xuân Nhạ chủ trì.", "publishedAt": "2020-07-01"}`)
		if stats.Inserted != 3 {
			t.Fatalf("stats %+v, failures %v", stats, failures)
		}
		nha, _ := s.People(ctx, models.PersonFilter{Name: "phung xuan nha"}, models.Page{})
		if nha.Total != 1 {
			t.Fatalf("Phùng Xuân Nhạ: %d people", nha.Total)
		}
		pos, _ := s.Positions(ctx, models.PositionFilter{PersonIDs: []int64{nha.Items[0].ID}}, models.Page{})
		var got []string
		for _, p := range pos.Items {
			got = append(got, p.Title+"/"+p.Qualifier)
		}
		if len(got) != 2 || !slices.Contains(got, "Bộ trưởng/") || !slices.Contains(got, "Bộ trưởng/former") || pos.Items[0].OrganisationID != pos.Items[1].OrganisationID {
			t.Errorf("positions %q, want one current and one former at one ministry", got)
		}
		current, _ := s.Positions(ctx, models.PositionFilter{PersonIDs: []int64{nha.Items[0].ID}, Current: true}, models.Page{})
		if current.Total != 1 || current.Items[0].Former() {
			t.Errorf("current positions: %+v", current.Items)
		}
		phuc, _ := s.People(ctx, models.PersonFilter{Name: "nguyen van phuc"}, models.Page{})
		if phuc.Total != 1 {
			t.Fatalf("Nguyễn Văn Phúc: %d people", phuc.Total)
		}
		acting, _ := s.Positions(ctx, models.PositionFilter{PersonIDs: []int64{phuc.Items[0].ID}}, models.Page{})
		if acting.Total != 1 || acting.Items[0].Qualifier != models.QualifierActing {
			t.Errorf("acting position: %+v", acting.Items)
		}
	})
}

// TestImportInTwoPartsUnicodeTitle imports two articles that report the
// same position, whose title starts with a capital outside ASCII ("Ủy
// viên"), in two runs: the second finds the position the first stored
// (SQLite's LOWER folds ASCII only, so a lookup in SQL did not).
func TestImportInTwoPartsUnicodeTitle(t *testing.T) {
	ctx := context.Background()
	modelstest.ForEach(t, func(t *testing.T, s *models.Store) {
		importLines(t, s, `{"url": "https://example.vn/a", "title": "Hội nghị", "body": "Ủy viên Ban Thường vụ Tỉnh ủy Bến Tre Nguyễn Văn Phúc phát biểu.", "publishedAt": "2020-06-01"}`)
		importLines(t, s, `{"url": "https://example.vn/b", "title": "Tiếp xúc cử tri", "body": "Ủy viên Ban Thường vụ Tỉnh ủy Bến Tre Nguyễn Văn Phúc tiếp xúc cử tri.", "publishedAt": "2020-07-01"}`)
		phuc, _ := s.People(ctx, models.PersonFilter{Name: "nguyen van phuc"}, models.Page{})
		if phuc.Total != 1 {
			t.Fatalf("Nguyễn Văn Phúc: %d people", phuc.Total)
		}
		pos, _ := s.Positions(ctx, models.PositionFilter{PersonIDs: []int64{phuc.Items[0].ID}}, models.Page{})
		var got []string
		for _, p := range pos.Items {
			got = append(got, p.Title)
		}
		if len(got) != 1 || !strings.HasPrefix(got[0], "Ủy viên") {
			t.Errorf("positions %q, want one Ủy viên", got)
		}
	})
}

// TestImportInvalidUTF8: a record with bytes that are not UTF-8 fails,
// named by its line and field, instead of losing them silently.
func TestImportInvalidUTF8(t *testing.T) {
	ctx := context.Background()
	s := modelstest.Open(t, "sqlite")
	dir := t.TempDir()
	jsonl := `{"url": "https://example.vn/ok", "title": "Họp", "body": "Tỉnh ủy họp."}` + "\n" +
		`{"url": "https://example.vn/bad", "title": "Họp", "body": "Tỉnh ủy ` + "\xff" + ` họp."}` + "\n"
	if err := os.WriteFile(filepath.Join(dir, "a.jsonl"), []byte(jsonl), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "b.txt"), []byte("Họp\n\nTỉnh ủy \xe1\x80 họp.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	stats, failures, err := importer.Import(ctx, s, []string{dir}, importer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if stats.Inserted != 1 || stats.Failed != 2 || len(failures) != 2 {
		t.Fatalf("stats %+v, failures %v", stats, failures)
	}
	for _, f := range failures {
		if !strings.Contains(f.Reason, "UTF-8") || (strings.HasSuffix(f.File, ".jsonl") && (f.Line != 2 || !strings.Contains(f.Reason, "body"))) {
			t.Errorf("failure %s", f)
		}
	}
}

// TestImportArticleTooLong: a record whose body passes the documented
// limit fails, named by its line and field; the others are imported.
func TestImportArticleTooLong(t *testing.T) {
	s := modelstest.Open(t, "sqlite")
	long := strings.Repeat("Tỉnh ủy họp. ", ingest.MaxTextBytes/len("Tỉnh ủy họp. ")+1)
	stats, failures := importLines(t, s,
		`{"url": "https://example.vn/ok", "title": "Họp", "body": "Tỉnh ủy họp."}`,
		`{"url": "https://example.vn/long", "title": "Họp", "body": "`+long+`"}`)
	if stats.Inserted != 1 || len(failures) != 1 || failures[0].Line != 2 || !strings.Contains(failures[0].Reason, "body") || !strings.Contains(failures[0].Reason, "limit") {
		t.Errorf("stats %+v, failures %v", stats, failures)
	}
}

// TestImportBatchedAsOneByOne: an import's batch, written in few
// statements (the new articles in one, their authors and mentions at the
// end), stores the same rows with the same ids as StoreArticle one record
// at a time: articles, authors and mentions, with a repeat and an update
// inside the batch.
func TestImportBatchedAsOneByOne(t *testing.T) {
	ctx := context.Background()
	lines := []string{
		lineA,
		`{"title": "Bến Tre tổng kết năm", "lead": "BDK - Sáng 5-1, Tỉnh ủy Bến Tre tổng kết.", "body": "Bí thư Tỉnh ủy Lê Đức Thọ và Chủ tịch UBND tỉnh Trần Ngọc Tam dự.\nPhó Bí thư Huyện ủy Châu Thành Nguyễn Văn Phúc phát biểu.", "publishedAt": "2021-01-05T08:30:00+07:00", "authors": ["Hương Thu", "Mai Lan"]}`,
		lineAChanged,
		`{"url": "https://baodongkhoi.vn/f", "title": "Huyện ủy Châu Thành họp", "body": "Nguyễn Văn Phúc chủ trì. Tỉnh ủy Bến Tre chỉ đạo.", "publishedAt": "2021-02-01T10:00:00Z", "authors": ["Mai Lan"]}`,
		lineAChanged,
		`{"url": "https://baodongkhoi.vn/g", "title": "Thực hiện Chỉ thị 05-CT/TW", "body": "Ban Thường vụ Tỉnh ủy sơ kết Chỉ thị 05-CT/TW. Đồng chí Trần Ngọc Tam phát biểu.", "authors": ["Hương Thu"]}`,
	}
	type stored struct {
		arts     []models.Article
		authors  map[int64][]int64
		mentions map[int64][]models.Mention
	}
	read := func(t *testing.T, s *models.Store) stored {
		l, err := s.Articles(ctx, models.ArticleFilter{}, models.ArticlesOldest, models.Page{First: models.MaxPage})
		if err != nil {
			t.Fatal(err)
		}
		var out stored
		var ids []int64
		for _, a := range l.Items {
			a.CreatedAt, a.UpdatedAt = time.Time{}, time.Time{}
			if a.PublishedAt != nil {
				u := a.PublishedAt.UTC()
				a.PublishedAt = &u
			}
			out.arts = append(out.arts, *a)
			ids = append(ids, a.ID)
		}
		slices.SortFunc(out.arts, func(a, b models.Article) int { return int(a.ID - b.ID) })
		authors, err := s.AuthorsOf(ctx, ids)
		if err != nil {
			t.Fatal(err)
		}
		out.authors = map[int64][]int64{}
		for id, ps := range authors {
			for _, p := range ps {
				out.authors[id] = append(out.authors[id], p.ID)
			}
		}
		ms, err := s.MentionsInArticles(ctx, ids)
		if err != nil {
			t.Fatal(err)
		}
		out.mentions = map[int64][]models.Mention{}
		for id, list := range ms {
			for _, m := range list {
				if m.PublishedAt != nil {
					u := m.PublishedAt.UTC()
					m.PublishedAt = &u
				}
				out.mentions[id] = append(out.mentions[id], *m)
			}
		}
		return out
	}
	for _, dialect := range modelstest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			batched, one := modelstest.Open(t, dialect), modelstest.Open(t, dialect)
			stats, failures := importLines(t, batched, lines...)
			if stats != (importer.Stats{Inserted: 4, Updated: 1, Unchanged: 1}) {
				t.Fatalf("stats %+v, failures %v", stats, failures)
			}
			r := ingest.NewJSONLReader(strings.NewReader(strings.Join(lines, "\n")))
			for {
				a, _, err := r.Next()
				if err != nil {
					break
				}
				if _, _, err := importer.StoreArticle(ctx, one, a); err != nil {
					t.Fatal(err)
				}
			}
			got, want := read(t, batched), read(t, one)
			if len(got.arts) != 4 || len(got.mentions) == 0 || len(got.authors) != 4 {
				t.Fatalf("stored %d articles, mentions in %d, authors of %d", len(got.arts), len(got.mentions), len(got.authors))
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("batched import stored\n%+v\none by one\n%+v", got, want)
			}
		})
	}
}
