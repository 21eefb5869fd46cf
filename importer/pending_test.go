package importer_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"tracuu/importer"
	"tracuu/ingest"
	"tracuu/models"
	"tracuu/models/modelstest"
)

// entityLines are articles that create people, organisations with
// parents, positions (a former one among them), resolutions with their
// issuers and a report, and name some of them again.
func entityLines(t *testing.T) []string {
	t.Helper()
	var lines []string
	f, err := os.Open("testdata/articles.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		if l := sc.Text(); strings.HasPrefix(l, "{") && !strings.Contains(l, `"title": ""`) {
			lines = append(lines, l)
		}
	}
	lines = append(lines,
		lineA,
		`{"url": "https://baodongkhoi.vn/p1", "title": "Huyện ủy Châu Thành họp", "body": "Phó Bí thư Huyện ủy Châu Thành Nguyễn Văn Phúc chủ trì. Nguyên Bí thư Huyện ủy Châu Thành Lê Văn Bình dự. Thực hiện Nghị quyết 12-NQ/TU của Tỉnh ủy Bến Tre.", "authors": ["Mai Lan"]}`,
		lineAChanged,
		`{"url": "https://baodongkhoi.vn/p2", "title": "Thực hiện Chỉ thị 05-CT/TW", "body": "Ban Thường vụ Tỉnh ủy sơ kết Chỉ thị 05-CT/TW và Nghị quyết 12-NQ/TU. Phó Bí thư Huyện ủy Châu Thành Nguyễn Văn Phúc phát biểu. Bí thư Tỉnh ủy Lê Đức Thọ kết luận.", "authors": ["Hương Thu", "Mai Lan"]}`,
	)
	return lines
}

// storedEntities reads back every entity, key and change, without times.
func storedEntities(t *testing.T, s *models.Store) string {
	t.Helper()
	ctx := context.Background()
	all := models.Page{First: models.MaxPage}
	var b strings.Builder
	people, err := s.People(ctx, models.PersonFilter{}, all)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range people.Items {
		ids, err := s.LookupKeys(ctx, models.TypePerson, []string{p.Name})
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "person %d %q %q %v keys %v\n", p.ID, p.Name, p.NameKey, p.Aliases, ids)
	}
	orgs, err := s.Organisations(ctx, models.OrganisationFilter{}, all)
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range orgs.Items {
		ids, err := s.LookupKeys(ctx, models.TypeOrganisation, append([]string{o.Name}, o.Aliases...))
		if err != nil {
			t.Fatal(err)
		}
		parent := int64(0)
		if o.ParentID != nil {
			parent = *o.ParentID
		}
		fmt.Fprintf(&b, "organisation %d %q %q %v %s %s parent %d keys %v\n", o.ID, o.Name, o.NameKey, o.Aliases, o.Kind, o.Level, parent, ids)
	}
	pos, err := s.Positions(ctx, models.PositionFilter{}, all)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pos.Items {
		p.CreatedAt, p.UpdatedAt = time.Time{}, time.Time{}
		fmt.Fprintf(&b, "position %d %d %d %q %q %q %q %v\n", p.ID, p.PersonID, p.OrganisationID, p.Title, p.TitleKey, p.Qualifier, p.Term, *p.ArticleID)
	}
	res, err := s.Resolutions(ctx, models.ResolutionFilter{}, models.ResolutionsOldest, all)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res.Items {
		code, issuer := "", int64(0)
		if r.Code != nil {
			code = *r.Code
		}
		if r.IssuerID != nil {
			issuer = *r.IssuerID
		}
		fmt.Fprintf(&b, "resolution %d %q %q %s %q issuer %d %q\n", r.ID, code, r.CodeKey, r.Kind, r.Number, issuer, r.Title)
	}
	reps, err := s.Reports(ctx, models.ReportFilter{}, all)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range reps.Items {
		org := int64(0)
		if r.OrganisationID != nil {
			org = *r.OrganisationID
		}
		fmt.Fprintf(&b, "report %d %q %d org %d\n", r.ID, r.Title, *r.ArticleID, org)
	}
	changes, err := s.Changes(ctx, 0, 100000)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range changes {
		fmt.Fprintf(&b, "change %s %d %s\n", c.EntityType, c.EntityID, c.Op)
	}
	return b.String()
}

// TestImportBatchedEntitiesAsOneByOne: a batch writes the entities it
// creates together at its end (models.Pending), and stores what
// StoreArticle stores one article at a time: the same entities with the
// same ids, keys, parents, issuers, positions, reports and changes.
func TestImportBatchedEntitiesAsOneByOne(t *testing.T) {
	ctx := context.Background()
	lines := entityLines(t)
	for _, dialect := range modelstest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			batched, one := modelstest.Open(t, dialect), modelstest.Open(t, dialect)
			// The seed article (a report with its figures) among the lines.
			dir := t.TempDir()
			seed, err := os.ReadFile("../ingest/testdata/seed_bdk.txt")
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(dir+"/a.jsonl", []byte(strings.Join(lines[:3], "\n")), 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(dir+"/b_seed.txt", seed, 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(dir+"/c.jsonl", []byte(strings.Join(lines[3:], "\n")), 0o644); err != nil {
				t.Fatal(err)
			}
			stats, failures, err := importer.Import(ctx, batched, []string{dir}, importer.Options{Batch: 100})
			if err != nil || stats.Failed != 0 || stats.Inserted < 6 {
				t.Fatalf("stats %+v, failures %v, %v", stats, failures, err)
			}
			err = ingest.Walk([]string{dir}, func(r ingest.Record) error {
				if r.Err != nil {
					return r.Err
				}
				_, _, err := importer.StoreArticle(ctx, one, r.Article)
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			// The changes differ in number and order: StoreArticle's
			// transactions each write one per entity they touched, the
			// batch one per entity, at its last.
			got, want := storedEntities(t, batched), storedEntities(t, one)
			got, want = withoutChanges(got), withoutChanges(want)
			for _, kind := range []string{"person", "organisation", "position", "resolution", "report", "parent", "issuer", "former"} {
				if !strings.Contains(want, kind+" ") && kind != "parent" && kind != "issuer" && kind != "former" {
					t.Errorf("the articles made no %s:\n%s", kind, want)
				}
			}
			if !strings.Contains(want, `"former"`) || !strings.Contains(want, "issuer ") || strings.Count(want, "parent 0") == strings.Count(want, "organisation ") {
				t.Errorf("the articles made no former position, issuer or parent:\n%s", want)
			}
			if got != want {
				t.Errorf("batched import stored\n%s\none by one\n%s", got, want)
			}
			checkJobs(t, batched)
		})
	}
}

// TestImportBatchStatements: the entities a batch creates cost no
// statement each: 60 articles that each name a new person with a
// position at a new organisation take a few statements a batch, where
// each new person, organisation and position took several.
func TestImportBatchStatements(t *testing.T) {
	var lines []string
	for i := range 60 {
		lines = append(lines, fmt.Sprintf(`{"url": "https://baodongkhoi.vn/s%d", "title": "Hội nghị số %d", "body": "Phó Bí thư Huyện ủy %s Nguyễn Văn %s chủ trì hội nghị.", "authors": ["Tác Giả %s"]}`,
			i, i, name(i), name(i+100), name(i+200)))
	}
	modelstest.ForEach(t, func(t *testing.T, s *models.Store) {
		before := s.Statements()
		path := t.TempDir() + "/s.jsonl"
		if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")), 0o644); err != nil {
			t.Fatal(err)
		}
		stats, _, err := importer.Import(context.Background(), s, []string{path}, importer.Options{Batch: 100})
		if err != nil || stats.Inserted != 60 {
			t.Fatalf("stats %+v, %v", stats, err)
		}
		n := s.Statements() - before
		pos, err := s.Positions(context.Background(), models.PositionFilter{}, models.Page{})
		if err != nil || pos.Total < 50 {
			t.Fatalf("%d positions, %v", pos.Total, err)
		}
		// SQLite runs a statement a row (no round trip): count PostgreSQL's.
		if s.Dialect() == "postgres" && n > 30 {
			t.Errorf("%d statements for one batch of 60 articles creating 180 entities", n)
		}
		t.Logf("%s: %d statements", s.Dialect(), n)
	})
}

// withoutChanges leaves the changes as a set: which entities changed.
func withoutChanges(s string) string {
	var out, changes []string
	seen := map[string]bool{}
	for _, l := range strings.Split(s, "\n") {
		if !strings.HasPrefix(l, "change ") {
			out = append(out, l)
		} else if !seen[l] {
			seen[l] = true
			changes = append(changes, l)
		}
	}
	slices.Sort(changes)
	return strings.Join(append(out, changes...), "\n")
}

// name is the i-th of distinct Vietnamese-looking given names.
func name(i int) string {
	syll := []string{"An", "Bình", "Cường", "Dũng", "Giang", "Hải", "Khánh", "Lâm", "Minh", "Nam", "Phong", "Quang", "Sơn", "Thành", "Vinh"}
	return syll[i%len(syll)] + " " + syll[(i/len(syll))%len(syll)]
}
